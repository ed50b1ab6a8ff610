/* unlz4.c: host tool: `unlz4 FILE` writes the lz4-decompressed FILE (standard, legacy and
 * skippable frames back to back) to stdout using our decoder (the one lm64 links); bad input:
 * exit 1 with one line `unlz4: <reason>` on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lz4.h"

static int fail(const char *what, const char *why)
{
	if (what)
		fprintf(stderr, "unlz4: %s: %s\n", what, why);
	else
		fprintf(stderr, "unlz4: %s\n", why);
	return 1;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 1 << 20);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf ? buf : malloc(1);
}

int main(int argc, char **argv)
{
	size_t in_len = 0, out_len = 0, cap, limit;
	enum lz4_result r;
	uint8_t *in, *out;

	if (argc != 2 || argv[1][0] == '-')
		return fail(NULL, "usage: unlz4 FILE");
	in = read_file(argv[1], &in_len);
	if (!in)
		return fail(argv[1], strerror(errno));
	/* LZ4 expands at most about 255:1 (a length byte of 255 per 255 output bytes). */
	limit = in_len * 256 + (1 << 20);
	cap = in_len * 8 + (1 << 16); /* kernels and text: 3-5x; doubled when short */
	for (;;) {
		if (cap > limit)
			cap = limit;
		out = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (out == MAP_FAILED)
			return fail(NULL, "out of memory");
		r = lz4_decode(in, in_len, NULL, out, cap, &out_len, NULL);
		if (r != LZ4_ERR_OUTPUT_FULL || cap == limit)
			break;
		munmap(out, cap);
		cap *= 2;
	}
	if (r != LZ4_OK)
		return fail(NULL, lz4_strerror(r));
	for (size_t off = 0; off < out_len;) {
		ssize_t w = write(1, out + off, out_len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fail("stdout", strerror(errno));
		off += (size_t)w;
	}
	return 0;
}
