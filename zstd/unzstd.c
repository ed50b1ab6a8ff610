/* unzstd.c: build/unzstd FILE: the zstd frames of FILE decoded to stdout with our decoder
 * (the one lm64 uses); exit 1 and one line on stderr naming the reason on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include "zstddec.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t cap = 0, n = 0, k;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			b = realloc(b, cap);
			if (!b)
				exit(1);
		}
		k = fread(b + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	size_t in_len, out_len = 0, cap;
	uint8_t *in, *out;
	void *work;
	enum zstd_result r;

	if (argc != 2) {
		fprintf(stderr, "usage: unzstd FILE\n");
		return 2;
	}
	in = slurp(argv[1], &in_len);
	if (!in) {
		fprintf(stderr, "unzstd: %s: cannot read\n", argv[1]);
		return 1;
	}
	work = malloc(zstd_WORK_BYTES);
	/* grow the output until it fits (frames need not state their size) */
	for (cap = in_len * 4 + 4096;; cap *= 2) {
		out = malloc(cap);
		if (!out || !work) {
			fprintf(stderr, "unzstd: %s: out of memory\n", argv[1]);
			return 1;
		}
		r = zstd_decode(in, in_len, NULL, out, cap, &out_len, work);
		if (r != zstd_ERR_OUTPUT_FULL || cap > ((size_t)1 << 40))
			break;
		free(out);
	}
	if (r != zstd_OK) {
		fprintf(stderr, "unzstd: %s: %s (after %zu bytes of output)\n", argv[1],
			zstd_strerror(r), out_len);
		return 1;
	}
	if (fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout)) {
		fprintf(stderr, "unzstd: write error\n");
		return 1;
	}
	return 0;
}
