#!/bin/sh
# unbzip2_test.sh UNBZIP2 TMPDIR: checks build/unbzip2 as a user meets it (host): files packed by
# the bzip2 tool at -1 and -9 decode like bzip2 -dc, concatenated streams join, bad files exit 1
# with exactly one stderr line naming the reason and nothing on stdout.
# Prints 'unbzip2: N passed, N failed'.
u=${1:?usage: unbzip2_test.sh UNBZIP2 TMPDIR}
t=${2:?usage: unbzip2_test.sh UNBZIP2 TMPDIR}
mkdir -p "$t"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL unbzip2: $*"; }

good() { # name file: output equals bzip2 -dc, exit 0, no stderr
	"$u" "$2" > "$t/out" 2> "$t/err"; rc=$?
	bzip2 -dc < "$2" > "$t/want" 2>/dev/null
	if [ $rc -eq 0 ] && [ ! -s "$t/err" ] && cmp -s "$t/out" "$t/want"; then ok; else bad "$1: rc $rc $(cat "$t/err")"; fi
}
reject() { # name file reason: exit 1, one line 'unbzip2: reason', empty stdout
	"$u" "$2" > "$t/out" 2> "$t/err"; rc=$?
	lines=$(wc -l < "$t/err")
	if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [ "$(cat "$t/err")" = "unbzip2: $3" ] && [ ! -s "$t/out" ]; then ok
	else bad "$1: rc $rc, $lines lines: $(cat "$t/err")"; fi
}

cat /usr/include/*.h 2>/dev/null | head -c 1500000 > "$t/plain"
head -c 300000 /dev/urandom > "$t/random"
: > "$t/empty"
for f in plain random empty; do
	for l in 1 9; do
		bzip2 -$l -c "$t/$f" > "$t/$f.$l.bz2"
		good "$f -$l" "$t/$f.$l.bz2"
	done
done
cat "$t/plain.1.bz2" "$t/empty.9.bz2" "$t/random.9.bz2" > "$t/cat.bz2"
good "concatenated" "$t/cat.bz2"
printf 'BZh9' > "$t/short.bz2"
reject "header only" "$t/short.bz2" "unexpected end of input"
head -c 1000 "$t/plain.9.bz2" > "$t/cut.bz2"
reject "cut" "$t/cut.bz2" "unexpected end of input"
printf 'hello' > "$t/notbz"
reject "not bzip2" "$t/notbz" "not a bzip2 stream (no BZh magic)"
printf 'BZh0' > "$t/level0"
reject "level 0" "$t/level0" "invalid block size level (not 1-9)"
{ cat "$t/plain.1.bz2"; printf 'junk'; } > "$t/junk.bz2"
reject "trailing junk" "$t/junk.bz2" "trailing garbage after stream"
# The block CRC is bytes 10..13 (after "BZh9" and the 48-bit block magic).
cp "$t/plain.9.bz2" "$t/crc.bz2"
printf '\001' | dd of="$t/crc.bz2" bs=1 seek=13 conv=notrunc 2>/dev/null
reject "block crc" "$t/crc.bz2" "block crc mismatch"
"$u" > "$t/out" 2> "$t/err"; [ $? -eq 1 ] && [ "$(cat "$t/err")" = "unbzip2: usage: unbzip2 FILE" ] && ok || bad "usage"
"$u" "$t/missing" > "$t/out" 2> "$t/err"; [ $? -eq 1 ] && [ "$(wc -l < "$t/err")" -eq 1 ] && ok || bad "missing file"
echo "unbzip2: $pass passed, $fail failed"
[ $fail -eq 0 ]
