#!/bin/sh
# run.sh BUILD: build/unpack as a user and lm64 meet it: each format as its reference tool writes
# it (gzip, xz --check=crc32 --x86, lzma, bzip2, lz4 -l as Linux builds it, lzop, zstd), decoded
# byte for byte; the same as bzImage payloads (the 4-byte size after the stream, --kernel), a
# wrong size refused; an unknown format and a damaged stream refused with one line; prints
# 'unpack: N passed, N failed' last.
b=${1:?usage: run.sh BUILD}
u=$b/unpack
t=$b/tests/unpack
mkdir -p "$t"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# 1.5 MiB of text and binary: the decoder's tables, long matches, several blocks
{ cat /usr/include/*.h 2>/dev/null; head -c 300000 "$u"; } | head -c 1572864 > "$t/in"
size() { stat -c %s "$1"; }
le32() { printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
n=$(size "$t/in")
for f in gzip xz lzma bzip2 lz4 lzo zstd; do
	case $f in
	gzip) gzip -9 -n -c "$t/in" ;;
	xz) xz --check=crc32 --x86 --lzma2=preset=9e,dict=1MiB -c "$t/in" ;;
	lzma) lzma -9 -c "$t/in" ;;
	bzip2) bzip2 -9 -c "$t/in" ;;
	lz4) lz4 -l -12 -c "$t/in" ;;
	lzo) lzop -9 -c "$t/in" ;;
	zstd) zstd -q -19 -c "$t/in" ;;
	esac > "$t/in.$f" || { bad "$f: the reference tool failed"; continue; }
	if "$u" "$t/in.$f" > "$t/out.$f" 2> "$t/err" && cmp -s "$t/in" "$t/out.$f"; then ok; else bad "$f: file: $(cat "$t/err")"; fi
	# a bzImage's payload: the stream, then its decoded size (gzip: its own ISIZE)
	if [ $f = gzip ]; then cp "$t/in.$f" "$t/k.$f"; else { cat "$t/in.$f"; le32 "$n"; } > "$t/k.$f"; fi
	if "$u" "$t/k.$f" --kernel > "$t/out.$f" 2> "$t/err" && cmp -s "$t/in" "$t/out.$f"; then ok; else bad "$f: kernel payload: $(cat "$t/err")"; fi
	[ $f = gzip ] && continue
	{ cat "$t/in.$f"; le32 $((n + 1)); } > "$t/k2.$f"
	if "$u" "$t/k2.$f" --kernel > "$t/out.$f" 2> "$t/err"; then bad "$f: a wrong size trailer accepted";
	elif [ "$(cat "$t/err")" = "unpack: $t/k2.$f: $f: the 4-byte size after the stream is not its decoded size" ] && [ ! -s "$t/out.$f" ]; then ok;
	else bad "$f: wrong size trailer: $(cat "$t/err")"; fi
	# one byte flipped in the middle: refused with one line naming the format (lz4: the standard
	# frame with its content checksum; Linux's legacy frame has no checksum to catch it)
	src="$t/in.$f"
	[ $f = lz4 ] && { lz4 -12 -c "$t/in" > "$t/in.lz4f"; src="$t/in.lz4f"; }
	python3 -c "import sys; d=bytearray(open(sys.argv[1],'rb').read()); d[len(d)//2]^=0x55; open(sys.argv[2],'wb').write(d)" "$src" "$t/bad.$f"
	if "$u" "$t/bad.$f" > "$t/out.$f" 2> "$t/err"; then bad "$f: a damaged stream accepted";
	elif [ "$(wc -l < "$t/err")" = 1 ] && grep -q "^unpack: $t/bad.$f: $f: " "$t/err"; then ok;
	else bad "$f: damaged: $(cat "$t/err")"; fi
done
printf 'not a compressed file\n' > "$t/plain"
if "$u" "$t/plain" > /dev/null 2> "$t/err"; then bad "plain text accepted";
elif [ "$(cat "$t/err")" = "unpack: $t/plain: unknown: no decoder knows this format (not gzip, xz, lzma, bzip2, lz4, lzo or zstd)" ]; then ok;
else bad "plain text: $(cat "$t/err")"; fi
echo "unpack: $pass passed, $fail failed"
[ $fail -eq 0 ]
