#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-inflate suite (host): the C tests under ASan + UBSan,
# build/zcat as a user meets it, and a bounded libFuzzer run against zlib; sums the parts into
# 'inflate: N passed, N failed' (last line) and exits non-zero when anything failed.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-40}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "inflate: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
"$b/tests/inflate/test_inflate_san" > "$b/tests/inflate/san.log" 2>&1
rc=$?
grep -v '^ok ' "$b/tests/inflate/san.log"
add "$b/tests/inflate/san.log"
[ $rc -eq 0 ] || { [ "$f" -gt 0 ] || { fail=$((fail + 1)); echo "inflate: sanitized tests exited $rc"; }; }
sh tests/inflate/zcat_test.sh "$b/zcat" "$b/tests/inflate/zcat" > "$b/tests/inflate/zcat.log" 2>&1
cat "$b/tests/inflate/zcat.log"
add "$b/tests/inflate/zcat.log"
# Fuzz: seeds + the corpus kept from earlier runs, bounded in time.
corpus="$b/fuzz-inflate/corpus"
mkdir -p "$corpus"
python3 tests/inflate/make_seeds.py "$b/fuzz-inflate/seeds"
"$b/tests/inflate/fuzz_inflate" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=60 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-inflate/" "$corpus" "$b/fuzz-inflate/seeds" > "$b/tests/inflate/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/inflate/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "inflate: fuzz ${secs}s: ${runs:-?} executions agree with zlib, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/inflate/fuzz.log"
	echo "inflate: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-inflate)"
fi
echo "inflate: $pass passed, $fail failed"
[ $fail -eq 0 ]
