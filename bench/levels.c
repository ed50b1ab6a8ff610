/* levels.c: size and time of one libdeflate gzip member at each level 1..12 for one file (the
 * measurement behind mkdisk's default --level; see disk/README.md "Recompression level").
 *   cc -O2 -o build/levels bench/levels.c -ldeflate && build/levels build/linux/vmlinux-cloud-amd64 */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	if (!f) {
		fprintf(stderr, "usage: levels FILE\n");
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size_t n = (size_t)ftell(f);
	rewind(f);
	unsigned char *in = malloc(n), *out = malloc(n + n / 8 + 4096);
	if (!in || !out || fread(in, 1, n, f) != n)
		return 1;
	size_t sz[13];
	double t[13];
	for (int l = 12; l >= 1; l--) {
		struct libdeflate_compressor *c = libdeflate_alloc_compressor(l);
		double t0 = now();
		sz[l] = libdeflate_gzip_compress(c, in, n, out, n + n / 8 + 4096);
		t[l] = now() - t0;
		libdeflate_free_compressor(c);
	}
	printf("input %zu bytes\nlevel  gzip bytes  vs 12    CPU s\n", n);
	for (int l = 1; l <= 12; l++)
		printf("%5d  %10zu  %+5.2f%%  %6.2f\n", l, sz[l], 100.0 * ((double)sz[l] / sz[12] - 1), t[l]);
	return 0;
}
