/* inflate_bench.c: host benchmark: MB/s of decompressed output for our inflate, zlib and
 * libdeflate on each gzip file given, in one process, best of N repetitions (interleaved),
 * CRC-32 and ISIZE checked by all three; prints the ratios ours/zlib and ours/libdeflate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <libdeflate.h>
#include "inflate.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a shared machine */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;

	if (!f || fseek(f, 0, SEEK_END) || (*len = (size_t)ftell(f), fseek(f, 0, SEEK_SET)))
		return NULL;
	b = malloc(*len + 1);
	if (fread(b, 1, *len, f) != *len) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	return b;
}

static int run_ours(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	return inflate_gzip(in, n, out, cap, olen) == INFLATE_OK;
}

static int run_zlib(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof z);
	inflateInit2(&z, 15 + 16); /* gzip: checks CRC-32 and ISIZE */
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	ret = inflate(&z, Z_FINISH);
	*olen = z.total_out;
	inflateEnd(&z);
	return ret == Z_STREAM_END;
}

static struct libdeflate_decompressor *ld;

static int run_libdeflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	return libdeflate_gzip_decompress(ld, in, n, out, cap, olen) == LIBDEFLATE_SUCCESS;
}

typedef int (*decoder)(const uint8_t *, size_t, uint8_t *, size_t, size_t *);

int main(int argc, char **argv)
{
	static const decoder dec[3] = { run_ours, run_zlib, run_libdeflate };
	int reps = 7, first = 1, status = 0;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		reps = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: inflate_bench [-n REPS] FILE.gz...\n");
		return 1;
	}
	ld = libdeflate_alloc_decompressor();
	printf("%-22s %10s %9s %9s %11s %9s %11s\n", "input (gzip -9)", "out MB", "ours MB/s",
	       "zlib MB/s", "libdefl MB/s", "ours/zlib", "ours/libdefl");
	for (int i = first; i < argc; i++) {
		size_t n = 0, cap, olen[3];
		uint8_t *in = slurp(argv[i], &n), *out[3];
		double best[3] = { 1e30, 1e30, 1e30 };
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		if (!in || n < 18) {
			fprintf(stderr, "inflate_bench: cannot read %s\n", argv[i]);
			return 1;
		}
		cap = (size_t)(in[n - 4] | in[n - 3] << 8 | in[n - 2] << 16 | (uint32_t)in[n - 1] << 24);
		for (int d = 0; d < 3; d++)
			out[d] = malloc(cap + 4096);
		for (int r = 0; r < reps; r++)
			for (int d = 0; d < 3; d++) {
				double t0 = now();
				if (!dec[d](in, n, out[d], cap, &olen[d])) {
					fprintf(stderr, "inflate_bench: decoder %d failed on %s\n", d, argv[i]);
					return 1;
				}
				t0 = now() - t0;
				if (t0 < best[d])
					best[d] = t0;
			}
		if (olen[0] != olen[1] || olen[0] != olen[2] || memcmp(out[0], out[1], olen[0]) ||
		    memcmp(out[0], out[2], olen[0])) {
			fprintf(stderr, "inflate_bench: outputs differ on %s\n", argv[i]);
			status = 1;
		}
		printf("%-22s %10.1f %9.0f %9.0f %11.0f %9.2fx %11.2fx\n", base, olen[0] / 1e6,
		       olen[0] / 1e6 / best[0], olen[0] / 1e6 / best[1], olen[0] / 1e6 / best[2],
		       best[1] / best[0], best[2] / best[0]);
		for (int d = 0; d < 3; d++)
			free(out[d]);
		free(in);
	}
	libdeflate_free_decompressor(ld);
	return status;
}
