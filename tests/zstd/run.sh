#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-zstd suite (host): the C tests under ASan + UBSan,
# build/unzstd against the zstd command-line tool, and a bounded libFuzzer run against
# libzstd; sums the parts into 'zstd: N passed, N failed' (last line), non-zero on failure.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-20}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "zstd: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
# a small quarantine: freed buffers are reused instead of faulting in fresh pages
ASAN_OPTIONS=quarantine_size_mb=16 "$b/tests/zstd/test_zstd_san" > "$b/tests/zstd/san.log" 2>&1
rc=$?
grep -v '^ok ' "$b/tests/zstd/san.log"
add "$b/tests/zstd/san.log"
[ $rc -eq 0 ] || { [ "${f:-0}" -gt 0 ] || { fail=$((fail + 1)); echo "zstd: sanitized tests exited $rc"; }; }
sh tests/zstd/unzstd_test.sh "$b/unzstd" "$b/tests/zstd/cli" > "$b/tests/zstd/cli.log" 2>&1
cat "$b/tests/zstd/cli.log"
add "$b/tests/zstd/cli.log"
corpus="$b/fuzz-zstd/corpus"
mkdir -p "$corpus"
"$b/tests/zstd/fuzz_zstd" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=60 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-zstd/" "$corpus" > "$b/tests/zstd/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/zstd/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "zstd: fuzz ${secs}s: ${runs:-?} executions agree with libzstd, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/zstd/fuzz.log"
	echo "zstd: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-zstd)"
fi
echo "zstd: $pass passed, $fail failed"
[ $fail -eq 0 ]
