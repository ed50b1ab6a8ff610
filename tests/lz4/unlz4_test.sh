#!/bin/sh
# unlz4_test.sh UNLZ4 TMPDIR: build/unlz4 as a user meets it: files made by the lz4 tool in every
# framing decode to the original (compared with lz4 -d too); bad input exits 1 with one line on
# stderr and nothing on stdout. Prints 'unlz4: N passed, N failed'.
u=${1:?usage: unlz4_test.sh UNLZ4 TMPDIR}
t=${2:?usage: unlz4_test.sh UNLZ4 TMPDIR}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL unlz4: $*"; }
rm -rf "$t" && mkdir -p "$t"
cat /usr/share/common-licenses/* > "$t/text" 2>/dev/null
head -c 3000000 "$(command -v lz4)" > "$t/bin"
cat "$t/bin" "$t/bin" > "$t/bin2"
head -c 2000000 /dev/zero > "$t/zeros"
: > "$t/empty"
for f in text bin bin2 zeros empty; do
	for opt in -1 -9 -12 "-l -1" "-l -12" "-BD -9" "-B4 -BX --content-size" "--no-frame-crc -3"; do
		# shellcheck disable=SC2086
		lz4 -q -c $opt "$t/$f" > "$t/z" || { bad "lz4 $opt $f"; continue; }
		if "$u" "$t/z" > "$t/out" && cmp -s "$t/out" "$t/$f" && lz4 -q -d -c "$t/z" | cmp -s - "$t/$f"; then
			ok
		else
			bad "$f compressed with lz4 $opt"
		fi
	done
done
# two frames back to back (lz4 -d reads both)
{ lz4 -q -c -9 "$t/text"; lz4 -q -c -l "$t/bin"; } > "$t/z"
cat "$t/text" "$t/bin" > "$t/want"
"$u" "$t/z" | cmp -s - "$t/want" && ok || bad "two frames back to back"
# bad input: exit 1, one line on stderr naming the reason, nothing on stdout
lz4 -q -c -9 "$t/text" > "$t/z"
n=$(stat -c %s "$t/z")
head -c $((n - 7)) "$t/z" > "$t/cut"
printf 'not lz4 at all' > "$t/junk"
cp "$t/z" "$t/flip" && printf '\377' | dd of="$t/flip" bs=1 seek=$((n - 2)) conv=notrunc 2>/dev/null
for c in "cut:unexpected end of input" "junk:not lz4 data" "flip:content checksum mismatch" \
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
echo "unlz4: $pass passed, $fail failed"
[ $fail -eq 0 ]
