#!/bin/sh
# make_seeds.sh DIR: fuzz seeds for fuzz_lzo: small files compressed by lzop at several levels and
# checksum choices, each behind the mode byte 0x1D (lzop file, 1 MiB of output room).
d=${1:?usage: make_seeds.sh DIR}
mkdir -p "$d"
t=$(mktemp -d)
printf 'lzop seed: literal match distance state literal match distance state\n' > "$t/a"
head -c 3000 /usr/share/common-licenses/GPL-3 >> "$t/a" 2>/dev/null
printf 'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc' > "$t/b"
i=0
for f in "$t/a" "$t/b"; do
	for opt in -1 -3 -7 -9 "--crc32 -1" "--crc32 -9"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		{ printf '\035'; lzop -q -c $opt < "$f"; } > "$d/seed$i"
	done
done
rm -rf "$t"
