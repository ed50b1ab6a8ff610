#!/bin/sh
# zcat_test.sh ZCAT TMPDIR: checks build/zcat as a user meets it (host): good files decode like
# gzip -dc, concatenated members join, bad files exit 1 with exactly one stderr line naming the
# reason and nothing on stdout. Prints 'zcat: N passed, N failed'.
zcat=${1:?usage: zcat_test.sh ZCAT TMPDIR}
t=${2:?usage: zcat_test.sh ZCAT TMPDIR}
mkdir -p "$t"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL zcat: $*"; }

good() { # name file: output equals gzip -dc, exit 0, no stderr
	"$zcat" "$2" > "$t/out" 2> "$t/err"; rc=$?
	gzip -dc < "$2" > "$t/want" 2>/dev/null
	if [ $rc -eq 0 ] && [ ! -s "$t/err" ] && cmp -s "$t/out" "$t/want"; then ok; else bad "$1: rc $rc $(cat "$t/err")"; fi
}
reject() { # name file reason: exit 1, one line 'zcat: reason', empty stdout
	"$zcat" "$2" > "$t/out" 2> "$t/err"; rc=$?
	lines=$(wc -l < "$t/err")
	if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [ "$(cat "$t/err")" = "zcat: $3" ] && [ ! -s "$t/out" ]; then ok
	else bad "$1: rc $rc, $lines lines: $(cat "$t/err")"; fi
}

head -c 200000 /usr/include/zlib.h > "$t/plain"
gzip -9 -n -c "$t/plain" > "$t/a.gz"
printf 'second member\n' | gzip -1 -c > "$t/b.gz"
: > "$t/empty"
gzip -c "$t/empty" > "$t/empty.gz"
cat "$t/a.gz" "$t/b.gz" > "$t/ab.gz"
good "text" "$t/a.gz"
good "empty member" "$t/empty.gz"
good "two members" "$t/ab.gz"
reject "empty file" "$t/empty" "unexpected end of input"
head -c 100 "$t/a.gz" > "$t/cut.gz"
reject "truncated" "$t/cut.gz" "unexpected end of input"
reject "not gzip" "$t/plain" "incorrect header check: not gzip"
{ cat "$t/a.gz"; printf 'junk'; } > "$t/junk.gz"
reject "trailing garbage" "$t/junk.gz" "trailing garbage after gzip member"
size=$(stat -c %s "$t/a.gz")
{ head -c $((size - 8)) "$t/a.gz"; printf '\0\0\0\0'; tail -c 4 "$t/a.gz"; } > "$t/crc.gz"
reject "bad crc" "$t/crc.gz" "incorrect data check"
printf '\037\213\010\000\000\000\000\000\000\003\007\000\000\000\000\000\000\000\000\000' > "$t/bt3.gz"
reject "block type 3" "$t/bt3.gz" "invalid block type"
reject "missing file" "$t/nonexistent" "$t/nonexistent: No such file or directory"
"$zcat" > "$t/out" 2> "$t/err"; rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$t/err")" = "zcat: usage: zcat FILE" ]; then ok; else bad "no argument: rc $rc"; fi
# ISIZE claims 4 GiB: the buffer grows from the guess, the CRC still catches the lie.
{ head -c $((size - 4)) "$t/a.gz"; printf '\377\377\377\377'; } > "$t/isize.gz"
reject "lying ISIZE" "$t/isize.gz" "incorrect length check"
reject "a directory" "$t" "$t: Is a directory"
"$zcat" "$t/a.gz" > /dev/full 2> "$t/err"; rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$t/err")" = "zcat: stdout: No space left on device" ]; then ok; else bad "/dev/full: rc $rc $(cat "$t/err")"; fi
# The last member's ISIZE understates the total: the output buffer must grow.
head -c 3000000 /dev/zero | gzip -9 -c > "$t/zeros.gz"
cat "$t/zeros.gz" "$t/b.gz" > "$t/grow.gz"
good "output larger than the guess" "$t/grow.gz"
echo "zcat: $pass passed, $fail failed"
[ $fail -eq 0 ]
