#!/bin/sh
# run.sh BUILD FUZZ_SECONDS: the test-bzip2 suite (host): the C tests under ASan + UBSan,
# build/unbzip2 as a user meets it, and a bounded libFuzzer run against libbz2; sums the parts
# into 'bzip2: N passed, N failed' (last line) and exits non-zero when anything failed.
b=${1:?usage: run.sh BUILD FUZZ_SECONDS}
secs=${2:-20}
pass=0 fail=0
add() { # log: take the 'N passed, N failed' line of a part
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -n 1)
	if [ -z "$p" ]; then fail=$((fail + 1)); echo "bzip2: $1 printed no summary"; return; fi
	pass=$((pass + p)); fail=$((fail + f))
}
"$b/tests/bzip2/test_bzip2_san" > "$b/tests/bzip2/san.log" 2>&1
rc=$?
cat "$b/tests/bzip2/san.log"
add "$b/tests/bzip2/san.log"
[ $rc -eq 0 ] || { [ "${f:-0}" -gt 0 ] || { fail=$((fail + 1)); echo "bzip2: sanitized tests exited $rc"; }; }
sh tests/bzip2/unbzip2_test.sh "$b/unbzip2" "$b/tests/bzip2/unbzip2" > "$b/tests/bzip2/unbzip2.log" 2>&1
cat "$b/tests/bzip2/unbzip2.log"
add "$b/tests/bzip2/unbzip2.log"
# Fuzz: seeds (mode byte 0x1c: raw bytes, the largest output; then a stream of the bzip2
# command) + the corpus kept from earlier runs, bounded in time.
corpus="$b/fuzz-bzip2/corpus" seeds="$b/fuzz-bzip2/seeds"
mkdir -p "$corpus" "$seeds"
i=0
for text in 'hello hello hello' 'aaaaaaaaaaaaaaaaaaaaaaaab' "$(head -c 3000 tests/bzip2/tbz_enc.c)"; do
	for l in 1 9; do
		i=$((i + 1))
		{ printf '\034'; printf '%s' "$text" | bzip2 -$l; } > "$seeds/stream$i"
	done
done
"$b/tests/bzip2/fuzz_bzip2" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=60 \
	-print_final_stats=1 -artifact_prefix="$b/fuzz-bzip2/" "$corpus" "$seeds" > "$b/tests/bzip2/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/tests/bzip2/fuzz.log")
if [ $rc -eq 0 ]; then
	pass=$((pass + 1))
	echo "bzip2: fuzz ${secs}s: ${runs:-?} executions agree with libbz2, no crash"
else
	fail=$((fail + 1))
	tail -n 30 "$b/tests/bzip2/fuzz.log"
	echo "bzip2: fuzz failed after ${runs:-?} executions (crash input in $b/fuzz-bzip2)"
fi
echo "bzip2: $pass passed, $fail failed"
[ $fail -eq 0 ]
