/* zcat.c: host tool: `zcat FILE` writes the gzip-decompressed FILE (one or more members) to
 * stdout using our inflate; bad input: exit 1 with one line `zcat: <reason>` on stderr.
 * INFLATE_CPU=generic in the environment forces the generic loop and slice-by-16 CRC-32 (the
 * paths lm64 takes under QEMU's default CPU), e.g. to count their instructions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "inflate.h"
#include "crc32_internal.h"

static int fail(const char *what, const char *why)
{
	if (what)
		fprintf(stderr, "zcat: %s: %s\n", what, why);
	else
		fprintf(stderr, "zcat: %s\n", why);
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
	enum inflate_result r;
	uint8_t *in, *out;

	if (argc != 2 || argv[1][0] == '-')
		return fail(NULL, "usage: zcat FILE");
	if (getenv("INFLATE_CPU") && !strcmp(getenv("INFLATE_CPU"), "generic"))
		inflate_cpu_restrict(0);
	in = read_file(argv[1], &in_len);
	if (!in)
		return fail(argv[1], strerror(errno));
	/* First guess from the last member's ISIZE; deflate expands at most 1032:1. */
	cap = in_len >= 4 ? (size_t)(in[in_len - 4] | in[in_len - 3] << 8 | in[in_len - 2] << 16 |
				     (uint32_t)in[in_len - 1] << 24) : 0;
	limit = in_len * 1032 + 4096;
	if (cap < in_len * 4)
		cap = in_len * 4;
	for (;;) {
		if (cap > limit)
			cap = limit;
		out = mmap(NULL, cap + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (out == MAP_FAILED)
			return fail(NULL, "out of memory");
		r = inflate_gzip(in, in_len, out, cap, &out_len);
		if (r != INFLATE_ERR_OUTPUT_FULL || cap == limit)
			break;
		munmap(out, cap + 1);
		cap *= 2;
	}
	if (r != INFLATE_OK)
		return fail(NULL, inflate_strerror(r));
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
