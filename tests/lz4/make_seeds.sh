#!/bin/sh
# make_seeds.sh DIR: fuzz seeds for fuzz_lz4: small files compressed by the lz4 tool in several
# framings, each behind the mode byte 0x1C (frames, 1 MiB of output room).
d=${1:?usage: make_seeds.sh DIR}
mkdir -p "$d"
t=$(mktemp -d)
printf 'lz4 frame seed: literal match offset token literal match offset token\n' > "$t/a"
head -c 3000 /usr/share/common-licenses/GPL-3 >> "$t/a" 2>/dev/null
printf 'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc' > "$t/b"
i=0
for f in "$t/a" "$t/b"; do
	for opt in -1 -9 -12 "-l -12" "-BD -9" "-BX --content-size" "--no-frame-crc -1"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		{ printf '\034'; lz4 -q -c $opt "$f"; } > "$d/seed$i"
	done
done
rm -rf "$t"
