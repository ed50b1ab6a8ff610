/* unxz.c: host tool: `unxz FILE` writes the decoded .xz (one or more streams) or .lzma FILE to
 * stdout using our decoder (chosen by the .xz magic; anything else is taken as .lzma); bad input:
 * exit 1 with one line `unxz: <reason>` on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xz.h"

static int fail(const char *what, const char *why)
{
	if (what)
		fprintf(stderr, "unxz: %s: %s\n", what, why);
	else
		fprintf(stderr, "unxz: %s\n", why);
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
	static _Alignas(16) uint8_t work[XZ_WORK_BYTES];
	size_t in_len = 0, out_len = 0, used = 0, cap;
	enum xz_result r;
	uint8_t *in, *out;
	int is_xz;

	if (argc != 2 || argv[1][0] == '-')
		return fail(NULL, "usage: unxz FILE");
	in = read_file(argv[1], &in_len);
	if (!in)
		return fail(argv[1], strerror(errno));
	is_xz = in_len >= XZ_MAGIC_LEN && !memcmp(in, XZ_MAGIC, XZ_MAGIC_LEN);
	cap = in_len * 64 + (1 << 20); /* virtual: pages are touched only as written */
	for (;;) {
		out = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (out == MAP_FAILED)
			return fail(NULL, "out of memory");
		r = is_xz ? xz_decode(in, in_len, &used, out, cap, &out_len, work)
			  : xz_decode_lzma(in, in_len, &used, out, cap, &out_len, work);
		if (r != XZ_ERR_OUTPUT_FULL || cap >= ((size_t)1 << 40))
			break;
		munmap(out, cap);
		cap *= 4;
	}
	if (r == XZ_ERR_FILTER_UNSUPPORTED) {
		char why[64];
		snprintf(why, sizeof(why), "%s 0x%02llx", xz_strerror(r),
			 (unsigned long long)xz_failed_filter(work));
		return fail(NULL, why);
	}
	if (r == XZ_OK && !is_xz && used != in_len)
		r = XZ_ERR_TRAILING_GARBAGE;
	if (r != XZ_OK)
		return fail(NULL, xz_strerror(r));
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
