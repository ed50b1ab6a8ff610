#!/bin/sh
# unxz_test.sh UNXZ TMPDIR: build/unxz as a user meets it: files packed by xz(1) and lzma(1)
# (-0, -6, -9e, --x86, every --check, lzma -9, two streams) decode to the original bytes; bad
# input exits 1 with one line on stderr. Prints 'unxz: N passed, N failed'.
unxz=${1:?usage: unxz_test.sh UNXZ TMPDIR}
t=${2:?usage: unxz_test.sh UNXZ TMPDIR}
pass=0 fail=0
mkdir -p "$t"
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL unxz: $*"; }
cat xz/*.c xz/*.h > "$t/src"
head -c 1000000 /usr/bin/xz /usr/lib/x86_64-linux-gnu/liblzma.so.5 /bin/sh 2>/dev/null > "$t/bin"
for f in src bin; do
	for o in "-0" "-6" "-9e" "-6 --check=crc32" "-6 --check=sha256" "-6 --check=none" \
		 "--x86 --lzma2=preset=6" "--check=crc32 --x86 --lzma2=preset=6,dict=32MiB"; do
		xz $o -c "$t/$f" > "$t/$f.xz"
		if "$unxz" "$t/$f.xz" | cmp -s - "$t/$f"; then ok; else bad "xz $o $f"; fi
	done
	lzma -9 -c "$t/$f" > "$t/$f.lzma"
	if "$unxz" "$t/$f.lzma" | cmp -s - "$t/$f"; then ok; else bad "lzma -9 $f"; fi
done
cat "$t/src.xz" "$t/bin.xz" > "$t/two.xz"
if "$unxz" "$t/two.xz" | cmp -s - "$(cat "$t/src" "$t/bin" > "$t/two"; echo "$t/two")"; then ok; else bad "two streams"; fi
# bad input: exit 1, exactly one line on stderr, nothing on stdout
expect_fail() { # file, words the line must contain
	"$unxz" "$1" > "$t/out" 2> "$t/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l < "$t/err")" -eq 1 ] && grep -q "$2" "$t/err" && [ ! -s "$t/out" ]; then
		ok
	else
		bad "$1: rc $rc, stderr: $(cat "$t/err")"
	fi
}
head -c 100 "$t/src.xz" > "$t/trunc.xz"; expect_fail "$t/trunc.xz" "unexpected end of input"
cp "$t/src.xz" "$t/garbage.xz"; printf 'junk' >> "$t/garbage.xz"; expect_fail "$t/garbage.xz" "trailing garbage"
cp "$t/src.lzma" "$t/garbage.lzma"; printf 'junk' >> "$t/garbage.lzma"; expect_fail "$t/garbage.lzma" "trailing garbage"
expect_fail "$t/missing" "No such file"
printf '\375\067\172\130\132\000\000\000\000\022\331\101' > "$t/badcrc.xz"; expect_fail "$t/badcrc.xz" "header crc32"
"$unxz" > /dev/null 2> "$t/err"; [ $? -eq 1 ] && grep -q usage "$t/err" && ok || bad "no argument"
echo "unxz: $pass passed, $fail failed"
[ $fail -eq 0 ]
