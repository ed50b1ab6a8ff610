/* bzip2_bench.c: host benchmark: MB/s of decompressed output for our bzip2 decoder and libbz2
 * (BZ2_bzBuffToBuffDecompress) in one process, on generated corpora and on each raw file given
 * (e.g. the .raw files of build/bench/corpus), each packed by libbz2 at -1 and -9. Rounds are interleaved
 * (both decoders once per round, the order alternating); every output is compared with the
 * original. Prints best and median MB/s (thread CPU time), ours/libbz2 (ratio of bests) and
 * the geometric mean of the ratios. */
#include <bzlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bzip2.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a shared machine */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Generated corpora, n bytes each: 0 text (words), 1 binary (structured words), 2 random,
 * 3 runs, 4 the system's C headers (real text; generated text when unreadable). */
static uint8_t *generate(int kind, size_t *len)
{
	static const char *const words[] = { "the ", "block ", "of ", "sorting ", "and ", "a ",
					      "compressor ", "\n", "huffman ", "in ", "42 ", "(x) " };
	size_t n = 4u << 20, i = 0;
	uint8_t *d = malloc(n);
	uint32_t s = 2463534242u;

	if (kind == 4) {
		FILE *f = popen("cat /usr/include/*.h /usr/include/*/*.h 2>/dev/null", "r");
		if (f) {
			i = fread(d, 1, n, f);
			pclose(f);
		}
		if (i < n / 2)
			kind = 0, i = 0;
		n = i ? i : n;
	}
	while (i < n) {
		uint32_t r = rnd(&s);

		if (kind == 0) {
			for (const char *w = words[r % 12]; *w && i < n; w++)
				d[i++] = (uint8_t)*w;
		} else if (kind == 1) {
			d[i++] = (uint8_t)(r & 0x3f);
			if (i < n) d[i++] = (uint8_t)(r >> 8 & 1);
			if (i < n) d[i++] = 0;
			if (i < n) d[i++] = (r >> 16 & 7) == 0 ? 0xff : 0;
		} else if (kind == 2) {
			d[i++] = (uint8_t)(r >> 7);
		} else {
			for (size_t k = 1 + (r >> 8) % 40; k-- && i < n;)
				d[i++] = (uint8_t)("abcd"[r & 3]);
		}
	}
	*len = n;
	return d;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;

	if (f && !fseek(f, 0, SEEK_END) && (*len = (size_t)ftell(f), !fseek(f, 0, SEEK_SET)) &&
	    (b = malloc(*len + 1)) && fread(b, 1, *len, f) != *len) {
		free(b);
		b = NULL;
	}
	if (f)
		fclose(f);
	return b;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double geo_sum;
static int geo_n;

static void bench(const char *name, const uint8_t *raw, size_t n, int level, int rounds, void *work)
{
	unsigned clen = (unsigned)(n + n / 100 + 600);
	char *c = malloc(clen);
	uint8_t *out = malloc(n + 1);
	double t[2][64], best[2], med[2];

	if (BZ2_bzBuffToBuffCompress(c, &clen, (char *)raw, (unsigned)n, level, 0, 0) != BZ_OK) {
		printf("%s: libbz2 -%d failed\n", name, level);
		exit(1);
	}
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < 2; k++) {
			int which = (r & 1) ? 1 - k : k, ok;
			size_t olen = 0;
			unsigned ulen = (unsigned)n;
			double t0;

			memset(out, 0, n);
			t0 = now();
			if (which == 0)
				ok = bzip2_decode((const uint8_t *)c, clen, NULL, out, n, &olen, work) == BZIP2_OK;
			else
				ok = BZ2_bzBuffToBuffDecompress((char *)out, &ulen, c, clen, 0, 0) == BZ_OK,
				olen = ulen;
			t[which][r] = now() - t0;
			if (!ok || olen != n || memcmp(out, raw, n)) {
				printf("%s -%d: %s decoded it wrong\n", name, level, which ? "libbz2" : "ours");
				exit(1);
			}
		}
	for (int k = 0; k < 2; k++) {
		qsort(t[k], (size_t)rounds, sizeof t[k][0], cmp_d);
		best[k] = n / t[k][0] / 1e6;
		med[k] = n / t[k][rounds / 2] / 1e6;
	}
	printf("%-22s -%d %9zu %8u | %7.1f %7.1f | %7.1f %7.1f | %5.2fx\n", name, level, n, clen,
	       best[0], med[0], best[1], med[1], best[0] / best[1]);
	geo_sum += log(best[0] / best[1]);
	geo_n++;
	free(c);
	free(out);
}

int main(int argc, char **argv)
{
	static const char *const gen[] = { "gen-text", "gen-binary", "gen-random", "gen-runs",
					   "usr-include-headers" };
	int rounds = 9, first = 1;
	void *work = aligned_alloc(64, (BZIP2_WORK_BYTES + 63) / 64 * 64);

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		rounds = atoi(argv[2]);
		first = 3;
	}
	if (rounds < 1 || rounds > 64 || !work)
		return 1;
	printf("%-22s lvl %9s %8s | ours MB/s (best, median) | libbz2 MB/s     | ours/libbz2\n",
	       "corpus", "bytes", "packed");
	for (int g = 0; g < 5; g++) {
		size_t n;
		uint8_t *d = generate(g, &n);
		bench(gen[g], d, n, 1, rounds, work);
		bench(gen[g], d, n, 9, rounds, work);
		free(d);
	}
	for (int i = first; i < argc; i++) {
		size_t n;
		uint8_t *d = slurp(argv[i], &n);
		const char *base = strrchr(argv[i], '/');
		if (!d) {
			printf("%s: unreadable\n", argv[i]);
			return 1;
		}
		bench(base ? base + 1 : argv[i], d, n, 1, rounds, work);
		bench(base ? base + 1 : argv[i], d, n, 9, rounds, work);
		free(d);
	}
	printf("geometric mean ours/libbz2 over %d cases: %.3fx\n", geo_n, exp(geo_sum / geo_n));
	return 0;
}
