/* unpack_main.c: build/unpack FILE [--kernel]: decodes FILE with our own decoders (the format by
 * its magic: gzip, xz, lzma, bzip2, lz4, lzo, zstd) to stdout, as lm64 decodes a payload (host).
 * --kernel: FILE is a bzImage's payload (the 4-byte decoded size follows the stream). Bad input:
 * exit 1 and one line on stderr naming the format and the reason; nothing on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unpack.h"

int main(int argc, char **argv)
{
	unsigned flags = 0;
	if (argc == 3 && !strcmp(argv[2], "--kernel"))
		flags = UNPACK_SIZE_TRAILER;
	else if (argc != 2) {
		fprintf(stderr, "usage: unpack FILE [--kernel]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "unpack: %s: cannot open\n", argv[1]);
		return 1;
	}
	size_t n = 0, cap = 1 << 20;
	unsigned char *in = malloc(cap);
	for (size_t k; in && (k = fread(in + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap)
			in = realloc(in, cap *= 2);
	}
	fclose(f);
	void *work = aligned_alloc(16, UNPACK_WORK_BYTES);
	for (size_t out_cap = n * 8 + (1 << 20);; out_cap *= 2) {
		unsigned char *out = malloc(out_cap);
		struct unpack_result r;
		if (!in || !work || !out) {
			fprintf(stderr, "unpack: out of memory\n");
			return 1;
		}
		if (!unpack(in, n, out, out_cap, work, flags, &r)) {
			fwrite(out, 1, r.out_len, stdout);
			return 0;
		}
		free(out);
		if (!r.output_full || out_cap > ((size_t)1 << 36)) {
			fprintf(stderr, "unpack: %s: %s: %s\n", argv[1], unpack_format_name(r.format), r.reason);
			return 1;
		}
	}
}
