#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-xz suite (host): the C tests under ASan + UBSan, build/unxz
# as a user meets it, and a bounded libFuzzer run against liblzma; sums the parts into
# 'xz: N passed, N failed' (last line) and exits non-zero when anything failed.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-20}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "xz: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
"$b/tests/xz/test_xz_san" > "$b/tests/xz/san.log" 2>&1
rc=$?
grep -v '^ok ' "$b/tests/xz/san.log"
add "$b/tests/xz/san.log"
[ $rc -eq 0 ] || { [ "$f" -gt 0 ] || { fail=$((fail + 1)); echo "xz: sanitized tests exited $rc"; }; }
sh tests/xz/unxz_test.sh "$b/unxz" "$b/tests/xz/unxz" > "$b/tests/xz/unxz.log" 2>&1
cat "$b/tests/xz/unxz.log"
add "$b/tests/xz/unxz.log"
# Fuzz: the corpus kept from earlier runs (the target builds valid streams from any bytes).
corpus="$b/fuzz-xz/corpus"
mkdir -p "$corpus"
"$b/tests/xz/fuzz_xz" -max_total_time="$secs" -seed=1 -max_len=16384 -timeout=30 -rss_limit_mb=1024 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-xz/" "$corpus" > "$b/tests/xz/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/xz/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "xz: fuzz ${secs}s: ${runs:-?} executions agree with liblzma, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/xz/fuzz.log"
	echo "xz: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-xz)"
fi
echo "xz: $pass passed, $fail failed"
[ $fail -eq 0 ]
