#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-lzo suite (host): the C tests under ASan + UBSan, build/unlzo
# against lzop -d, and a bounded libFuzzer run against liblzo2; sums the parts into
# 'lzo: N passed, N failed' (last line) and exits non-zero when anything failed.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-20}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "lzo: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
"$b/tests/lzo/test_lzo_san" > "$b/tests/lzo/san.log" 2>&1
rc=$?
grep -v '^ok ' "$b/tests/lzo/san.log"
grep '^ok ' "$b/tests/lzo/san.log"
add "$b/tests/lzo/san.log"
[ $rc -eq 0 ] || { [ "$f" -gt 0 ] || { fail=$((fail + 1)); echo "lzo: sanitized tests exited $rc"; }; }
sh tests/lzo/unlzo_test.sh "$b/unlzo" "$b/tests/lzo/unlzo" > "$b/tests/lzo/unlzo.log" 2>&1
cat "$b/tests/lzo/unlzo.log"
add "$b/tests/lzo/unlzo.log"
# Fuzz: seeds + the corpus kept from earlier runs, bounded in time.
corpus="$b/fuzz-lzo/corpus"
mkdir -p "$corpus"
sh tests/lzo/make_seeds.sh "$b/fuzz-lzo/seeds"
"$b/tests/lzo/fuzz_lzo" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=60 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-lzo/" "$corpus" "$b/fuzz-lzo/seeds" > "$b/tests/lzo/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/lzo/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "lzo: fuzz ${secs}s: ${runs:-?} executions agree with liblzo2, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/lzo/fuzz.log"
	echo "lzo: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-lzo)"
fi
echo "lzo: $pass passed, $fail failed"
[ $fail -eq 0 ]
