#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-lz4 suite (host): the C tests under ASan + UBSan, build/unlz4
# against lz4 -d, and a bounded libFuzzer run against liblz4; sums the parts into
# 'lz4: N passed, N failed' (last line) and exits non-zero when anything failed.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-20}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "lz4: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
"$b/tests/lz4/test_lz4_san" > "$b/tests/lz4/san.log" 2>&1
rc=$?
grep -v '^ok ' "$b/tests/lz4/san.log"
grep '^ok ' "$b/tests/lz4/san.log"
add "$b/tests/lz4/san.log"
[ $rc -eq 0 ] || { [ "$f" -gt 0 ] || { fail=$((fail + 1)); echo "lz4: sanitized tests exited $rc"; }; }
sh tests/lz4/unlz4_test.sh "$b/unlz4" "$b/tests/lz4/unlz4" > "$b/tests/lz4/unlz4.log" 2>&1
cat "$b/tests/lz4/unlz4.log"
add "$b/tests/lz4/unlz4.log"
# Fuzz: seeds + the corpus kept from earlier runs, bounded in time.
corpus="$b/fuzz-lz4/corpus"
mkdir -p "$corpus"
sh tests/lz4/make_seeds.sh "$b/fuzz-lz4/seeds"
"$b/tests/lz4/fuzz_lz4" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=60 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-lz4/" "$corpus" "$b/fuzz-lz4/seeds" > "$b/tests/lz4/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/lz4/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "lz4: fuzz ${secs}s: ${runs:-?} executions agree with liblz4, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/lz4/fuzz.log"
	echo "lz4: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-lz4)"
fi
echo "lz4: $pass passed, $fail failed"
[ $fail -eq 0 ]
