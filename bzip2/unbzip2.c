/* unbzip2.c: host tool: `unbzip2 FILE` writes the bzip2-decompressed FILE (one or more streams)
 * to stdout using our decoder; bad input: exit 1 with one line `unbzip2: <reason>` on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "bzip2.h"

static int fail(const char *what, const char *why)
{
	if (what)
		fprintf(stderr, "unbzip2: %s: %s\n", what, why);
	else
		fprintf(stderr, "unbzip2: %s\n", why);
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
	enum bzip2_result r;
	uint8_t *in, *out;
	void *work;

	if (argc != 2 || argv[1][0] == '-')
		return fail(NULL, "usage: unbzip2 FILE");
	in = read_file(argv[1], &in_len);
	if (!in)
		return fail(argv[1], strerror(errno));
	work = aligned_alloc(64, (BZIP2_WORK_BYTES + 63) / 64 * 64);
	if (!work)
		return fail(NULL, "out of memory");
	/* bzip2 expands at most about 46,000,000:1 (a 40-byte block of runs gives 900,000 x 255 / 5
	 * bytes); start at 8x and double up to that bound. */
	limit = in_len * 46000000ull + 4096;
	cap = in_len * 8 + 4096;
	for (;;) {
		if (cap > limit)
			cap = limit;
		out = mmap(NULL, cap + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (out == MAP_FAILED)
			return fail(NULL, "out of memory");
		r = bzip2_decode(in, in_len, NULL, out, cap, &out_len, work);
		if (r != BZIP2_ERR_OUTPUT_FULL || cap == limit)
			break;
		munmap(out, cap + 1);
		cap *= 2;
	}
	if (r != BZIP2_OK)
		return fail(NULL, bzip2_strerror(r));
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
