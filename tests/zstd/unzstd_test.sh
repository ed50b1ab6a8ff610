#!/bin/sh
# unzstd_test.sh UNZSTD TMPDIR: build/unzstd as a user meets it: files compressed by the zstd
# tool at -1, -3, -19, --ultra -22 and --long=27 decode byte for byte; concatenated files; a
# corrupt, a truncated and a dictionary file each exit 1 with one line on stderr.
u=${1:?usage: unzstd_test.sh UNZSTD TMPDIR}
t=${2:?}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL unzstd: $*"; }
rm -rf "$t" && mkdir -p "$t"
cat /usr/include/*.h 2>/dev/null | head -c 600000 > "$t/text"
head -c 100000 /dev/urandom > "$t/random"
{ cat "$t/random"; cat "$t/text"; cat "$t/random"; } > "$t/mixed"
for f in text random mixed; do
	for lv in -1 -3 -19 "--ultra -22" "--long=27 -3"; do
		# shellcheck disable=SC2086
		zstd -q -f $lv "$t/$f" -o "$t/$f.zst" || { bad "zstd $lv $f"; continue; }
		if "$u" "$t/$f.zst" > "$t/out" 2> "$t/err" && cmp -s "$t/out" "$t/$f"; then ok; else bad "$f at $lv: $(cat "$t/err")"; fi
	done
done
cat "$t/text.zst" "$t/random.zst" > "$t/cat.zst"
cat "$t/text" "$t/random" > "$t/cat"
if "$u" "$t/cat.zst" | cmp -s - "$t/cat"; then ok; else bad "concatenated frames"; fi
zstd -q -f --no-check -c "$t/text" | head -c 5000 > "$t/trunc.zst"
head -c 100 "$t/random" > "$t/notzstd"
zstd -q -f -3 "$t/text" -o "$t/sum.zst"
printf '\001' | dd of="$t/sum.zst" bs=1 seek=$(($(stat -c %s "$t/sum.zst") - 2)) conv=notrunc 2>/dev/null
head -c 100000 "$t/text" > "$t/small"
zstd -q -f --train "$t/text" -o "$t/dict" --maxdict=4096 -B1000 2>/dev/null &&
	zstd -q -f -D "$t/dict" "$t/small" -o "$t/dict.zst" 2>/dev/null
for f in trunc.zst notzstd sum.zst dict.zst; do
	[ -f "$t/$f" ] || { bad "no $f"; continue; }
	"$u" "$t/$f" > /dev/null 2> "$t/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l < "$t/err")" -eq 1 ]; then ok; echo "unzstd $f: $(cat "$t/err")"; else bad "$f: exit $rc, stderr: $(cat "$t/err")"; fi
done
echo "unzstd: $pass passed, $fail failed"
[ $fail -eq 0 ]
