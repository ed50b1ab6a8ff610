/* inflate_bench.c: host benchmark: MB/s of decompressed output for our inflate, zlib, libdeflate
 * and ISA-L's igzip on each gzip file given, in one process. Rounds are interleaved (every
 * decoder once per round); each decoder checks the CRC-32 and ISIZE itself and every output is
 * compared with ours. Prints best and median MB/s (thread CPU time), ours/libdeflate per case
 * (ratio of bests, and the median of the per-round ratios) and the geometric means. INFLATE_CPU=generic forces our generic paths. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <libdeflate.h>
#include <isa-l/igzip_lib.h>
#include "inflate.h"
#include "crc32_internal.h"

/* -DBENCH_BASE: a fifth decoder, the base version's inflate_gzip (symbols renamed base_*, see
 * `make bench-ab`), for deciding whether a change is faster. */
#ifdef BENCH_BASE
#define NDEC 5
enum inflate_result base_inflate_gzip(const uint8_t *in, size_t in_len, uint8_t *out,
				      size_t out_cap, size_t *out_len);
void base_inflate_cpu_restrict(unsigned mask) __attribute__((weak)); /* absent in older decoders */
#else
#define NDEC 4
#endif
static const char *const dec_name[5] = { "ours", "zlib", "libdeflate", "igzip", "base" };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a shared machine */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
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

static int run_igzip(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	static struct inflate_state st; /* ISA-L's state (about 100 KB) */

	isal_inflate_init(&st);
	st.crc_flag = ISAL_GZIP; /* parses the header, checks CRC-32 and ISIZE */
	st.next_in = (uint8_t *)in;
	st.avail_in = (uint32_t)n;
	st.next_out = out;
	st.avail_out = (uint32_t)cap;
	if (isal_inflate(&st) != ISAL_DECOMP_OK || st.block_state != ISAL_BLOCK_FINISH)
		return 0;
	*olen = st.total_out;
	return 1;
}

#ifdef BENCH_BASE
static int run_base(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	return base_inflate_gzip(in, n, out, cap, olen) == INFLATE_OK;
}
#endif

typedef int (*decoder)(const uint8_t *, size_t, uint8_t *, size_t, size_t *);
static const decoder dec[NDEC] = { run_ours, run_zlib, run_libdeflate, run_igzip,
#ifdef BENCH_BASE
				   run_base
#endif
};

static int quick; /* -q: skip zlib and igzip (deciding runs) */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time every decoder on one gzip file; best[d] and med[d] get seconds, pair[d] the median over
 * rounds of t[d] / t[ours] in the same round (neighbours in time share the machine's load).
 * Odd rounds run the decoders in reverse order. Returns 0 on failure. */
static int bench_one(const char *name, const uint8_t *in, size_t n, int rounds, double *best,
		     double *med, double *pair, size_t *out_len)
{
	size_t cap = (size_t)(in[n - 4] | in[n - 3] << 8 | in[n - 2] << 16 | (uint32_t)in[n - 1] << 24);
	uint8_t *out[NDEC];
	double *t = malloc(sizeof(double) * NDEC * rounds);
	int ok = 1;

	for (int d = 0; d < NDEC; d++)
		out[d] = malloc(cap + 4096);
	for (int r = 0; r < rounds && ok; r++)
		for (int k = 0; k < NDEC && ok; k++) {
			int d = r & 1 ? NDEC - 1 - k : k;
			size_t olen = 0;
			double t0;

			if (quick && (d == 1 || d == 3)) {
				t[d * rounds + r] = 1;
				continue;
			}
			t0 = now();
			if (!dec[d](in, n, out[d], cap, &olen) || olen != cap) {
				fprintf(stderr, "inflate_bench: %s failed on %s\n", dec_name[d], name);
				ok = 0;
			}
			t[d * rounds + r] = now() - t0;
			if (ok && d && r == 1 && !(quick && (d == 1 || d == 3)) &&
			    memcmp(out[0], out[d], cap)) {
				fprintf(stderr, "inflate_bench: %s and ours differ on %s\n",
					dec_name[d], name);
				ok = 0;
			}
		}
	for (int d = NDEC - 1; d >= 0 && ok; d--) {
		double *q = malloc(sizeof(double) * rounds);

		for (int r = 0; r < rounds; r++)
			q[r] = t[d * rounds + r] / t[r];
		qsort(q, rounds, sizeof(double), cmp_double);
		pair[d] = q[rounds / 2];
		free(q);
		qsort(t + d * rounds, rounds, sizeof(double), cmp_double);
		best[d] = t[d * rounds];
		med[d] = t[d * rounds + rounds / 2];
	}
	*out_len = cap;
	for (int d = 0; d < NDEC; d++)
		free(out[d]);
	free(t);
	return ok;
}

int main(int argc, char **argv)
{
	int rounds = 9, first = 1, cases = 0;
	double lg_best = 0, lg_med = 0, lg_zlib = 0, lg_isal = 0, worst = 1e9;
#ifdef BENCH_BASE
	double lg_base = 0;
#endif
	const char *env = getenv("INFLATE_CPU");
	unsigned f;

	if (first < argc && !strcmp(argv[first], "-q")) {
		quick = 1;
		first++;
	}
	if (argc > first + 1 && !strcmp(argv[first], "-n")) {
		rounds = atoi(argv[first + 1]);
		first += 2;
	}
	if (first >= argc || rounds < 1) {
		fprintf(stderr, "usage: inflate_bench [-q] [-n ROUNDS] FILE.gz...\n");
		return 1;
	}
	if (env && !strcmp(env, "generic")) {
		inflate_cpu_restrict(0);
#ifdef BENCH_BASE
		if (base_inflate_cpu_restrict)
			base_inflate_cpu_restrict(0);
#endif
	}
	f = inflate_cpu_features();
	ld = libdeflate_alloc_decompressor();
	printf("ours: %s loop, %s CRC-32; MB/s of output, best / median of up to %d interleaved "
	       "rounds (thread CPU time)\n\n", inflate_loop_name(f), crc32_path_name(1 << 20, f),
	       rounds);
	printf("| input | MB out | ours | zlib | libdeflate | igzip | ours/libdeflate best (round median) "
	       "| ours/zlib | ours/igzip |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (int i = first; i < argc; i++) {
		size_t n = 0, olen = 0;
		uint8_t *in = slurp(argv[i], &n);
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		double best[NDEC], med[NDEC], pair[NDEC], rb, rm;
		int r;

		if (!in || n < 18) {
			fprintf(stderr, "inflate_bench: cannot read %s\n", argv[i]);
			return 1;
		}
		/* Fewer rounds on big outputs: about 400 MB of output per decoder and case. */
		olen = (size_t)(in[n - 4] | in[n - 3] << 8 | in[n - 2] << 16 | (uint32_t)in[n - 1] << 24);
		r = olen ? (int)(400e6 / olen) : rounds;
		r = r < 5 ? 5 : r > rounds || quick ? rounds : r;
		if (!bench_one(base, in, n, r, best, med, pair, &olen))
			return 1;
		rb = best[2] / best[0];
		rm = pair[2];
		printf("| %s | %.1f |", base, olen / 1e6);
		for (int d = 0; d < 4; d++)
			printf(" %.0f / %.0f |", olen / 1e6 / best[d], olen / 1e6 / med[d]);
		printf(" **%.2fx** (%.2fx) | %.2fx | %.2fx |", rb, rm, best[1] / best[0],
		       best[3] / best[0]);
#ifdef BENCH_BASE
		printf(" ours/base %.3fx (%.3fx)", best[4] / best[0], pair[4]);
		lg_base += log(pair[4]);
#endif
		printf("\n");
		fflush(stdout);
		lg_best += log(rb);
		lg_med += log(rm);
		lg_zlib += log(best[1] / best[0]);
		lg_isal += log(best[3] / best[0]);
		worst = rb < worst ? rb : worst;
		cases++;
		free(in);
	}
	printf("\ngeometric mean of %d cases: ours/libdeflate %.3fx best (%.3fx round median), lowest "
	       "case %.2fx; ours/zlib %.2fx; ours/igzip %.2fx\n", cases, exp(lg_best / cases),
	       exp(lg_med / cases), worst, exp(lg_zlib / cases), exp(lg_isal / cases));
#ifdef BENCH_BASE
	printf("geometric mean ours/base %.3fx (per-round ratios)\n", exp(lg_base / cases));
#endif
	libdeflate_free_decompressor(ld);
	return 0;
}
