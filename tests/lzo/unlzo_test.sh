#!/bin/sh
# unlzo_test.sh UNLZO TMPDIR: build/unlzo as a user meets it: files made by lzop at every level and
# checksum choice (and from stdin, without a name) decode to the original; bad input exits 1 with
# one line on stderr and nothing on stdout. Prints 'unlzo: N passed, N failed'.
u=${1:?usage: unlzo_test.sh UNLZO TMPDIR}
t=${2:?usage: unlzo_test.sh UNLZO TMPDIR}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL unlzo: $*"; }
rm -rf "$t" && mkdir -p "$t"
cat /usr/share/common-licenses/* > "$t/text" 2>/dev/null
head -c 3000000 "$(command -v lzop)" > "$t/bin"
cat /usr/lib/x86_64-linux-gnu/liblzo2.so.2 "$t/bin" > "$t/bin2" 2>/dev/null || cp "$t/bin" "$t/bin2"
head -c 2000000 /dev/zero > "$t/zeros"
head -c 300000 /dev/urandom > "$t/random"
: > "$t/empty"
for f in text bin bin2 zeros random empty; do
	for opt in -1 -3 -7 -9 "--crc32 -1" "--crc32 -9" "--no-checksum -3"; do
		# shellcheck disable=SC2086
		lzop -q -c $opt "$t/$f" > "$t/z" 2>/dev/null || { bad "lzop $opt $f"; continue; }
		if "$u" "$t/z" > "$t/out" && cmp -s "$t/out" "$t/$f"; then ok; else bad "$f compressed with lzop $opt"; fi
	done
done
lzop -q -c -9 < "$t/text" > "$t/z" && "$u" "$t/z" | cmp -s - "$t/text" && ok || bad "lzop from stdin"
lzop -q -c -9 "$t/text" > "$t/z"
n=$(stat -c %s "$t/z")
head -c $((n - 7)) "$t/z" > "$t/cut"
printf 'not lzop at all' > "$t/junk"
cp "$t/z" "$t/flip" && printf '\377' | dd of="$t/flip" bs=1 seek=41 conv=notrunc 2>/dev/null
for c in "cut:unexpected end of input" "junk:not an lzop file" "flip:header checksum mismatch" \
	 "empty:unexpected end of input" "missing:No such file"; do
	f=${c%%:*} want=${c#*:}
	"$u" "$t/$f" > "$t/out" 2> "$t/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l < "$t/err")" -eq 1 ] && grep -q "$want" "$t/err" && [ ! -s "$t/out" ]; then
		ok
	else
		bad "$f: exit $rc, stderr '$(cat "$t/err")'"
	fi
done
echo "unlzo: $pass passed, $fail failed"
[ $fail -eq 0 ]
