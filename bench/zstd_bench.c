/* zstd_bench.c: host benchmark: MB/s of decompressed output for our zstd decoder and libzstd's
 * ZSTD_decompressDCtx (one reused context) in one process, on generated corpora and on each
 * file given, each compressed by libzstd at several levels. Rounds are interleaved (both
 * decoders once per round); every output is compared with the input. Prints best and median
 * MB/s (thread CPU time), ours/libzstd per case (ratio of bests and ratio of medians) and
 * their geometric means.
 * Usage: zstd_bench [-n ROUNDS] [-m MAXBYTES] [-l LEVELS] [-G (no generated corpora)] [FILE...] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zstd.h>
#include "zstddec.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a shared machine */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t append_file(uint8_t *b, size_t n, size_t max, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return n;
	n += fread(b + n, 1, max - n, f);
	fclose(f);
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Generated corpora: C headers, shared libraries, random bytes, a repetitive log. */
static uint8_t *generated(int which, size_t max, size_t *len, const char **name)
{
	uint8_t *b = malloc(max);
	size_t n = 0, i;
	uint32_t s = 1;
	char cmd[256];
	FILE *p;

	switch (which) {
	case 0:
		*name = "gen-headers";
		snprintf(cmd, sizeof cmd, "cat /usr/include/*.h /usr/include/*/*.h 2>/dev/null");
		break;
	case 1:
		*name = "gen-libs";
		snprintf(cmd, sizeof cmd, "cat /usr/lib/x86_64-linux-gnu/lib*.so.* 2>/dev/null");
		break;
	case 2:
		*name = "gen-random";
		for (; n < max / 2; n++) b[n] = (uint8_t)((s = s * 1103515245u + 12345u) >> 16);
		*len = n;
		return b;
	default:
		*name = "gen-log";
		for (i = 0; n + 120 < max; i++) {
			s = s * 1103515245u + 12345u;
			n += (size_t)snprintf((char *)b + n, 120, "Dec %2u %02u:%02u:%02u host%u sshd[%u]: %s %u\n",
				(unsigned)(1 + i / 100000 % 30), (unsigned)(i / 3600 % 24), (unsigned)(i / 60 % 60),
				(unsigned)(i % 60), (s >> 8) % 4, (s >> 12) % 40000,
				(s >> 4) & 1 ? "Accepted publickey for deploy port" : "Connection closed by peer",
				(s >> 16) % 65536);
		}
		*len = n;
		return b;
	}
	p = popen(cmd, "r");
	if (p) {
		n = fread(b, 1, max, p);
		pclose(p);
	}
	*len = n;
	return b;
}

struct bcase {
	char name[96];
	const uint8_t *raw;
	size_t raw_len;
	uint8_t *c;
	size_t clen;
};

int main(int argc, char **argv)
{
	int rounds = 9, levels[8] = { 1, 3, 19 }, nlev = 3, i, l, r, ncase = 0, nfile = 0, ngen = 4;
	size_t max = 16u << 20;
	const char *files[64];
	static struct bcase cs[128];
	uint8_t *out;
	void *work = malloc(zstd_WORK_BYTES);
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	double logsum = 0, logsum_m = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			rounds = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
			max = (size_t)atol(argv[++i]);
		} else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
			char *t = strtok(argv[++i], ",");
			for (nlev = 0; t && nlev < 8; t = strtok(NULL, ","))
				levels[nlev++] = atoi(t);
		} else if (!strcmp(argv[i], "-G")) {
			ngen = 0;
		} else if (nfile < 64) {
			files[nfile++] = argv[i];
		}
	}
	out = malloc(max + 64);
	for (i = 4 - ngen; i < 4 + nfile; i++) {
		const char *name;
		size_t len;
		uint8_t *raw;

		if (i < 4) {
			raw = generated(i, max, &len, &name);
		} else {
			raw = malloc(max);
			len = append_file(raw, 0, max, files[i - 4]);
			name = strrchr(files[i - 4], '/') ? strrchr(files[i - 4], '/') + 1 : files[i - 4];
		}
		for (l = 0; l < nlev; l++) {
			struct bcase *b = &cs[ncase++];
			ZSTD_CCtx *cc = ZSTD_createCCtx();
			size_t cap = ZSTD_compressBound(len);

			snprintf(b->name, sizeof b->name, "%s -%d", name, levels[l]);
			b->raw = raw;
			b->raw_len = len;
			b->c = malloc(cap);
			ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, levels[l]);
			ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
			b->clen = ZSTD_compress2(cc, b->c, cap, raw, len);
			ZSTD_freeCCtx(cc);
			if (ZSTD_isError(b->clen)) {
				fprintf(stderr, "compress %s failed\n", b->name);
				return 1;
			}
		}
	}
	printf("%-22s %5s %6s | %6s %6s | %7s %6s | %6s %6s\n", "case", "MiB", "ratio",
	       "ours", "med", "libzstd", "med", "best", "med");
	for (i = 0; i < ncase; i++) {
		struct bcase *b = &cs[i];
		double t_ours[64], t_ref[64], best_o, best_r, mb = b->raw_len / 1e6;

		for (r = 0; r < rounds && r < 64; r++) {
			double t0 = now();
			size_t ol = 0, rl;
			enum zstd_result res = zstd_decode(b->c, b->clen, NULL, out, max + 64, &ol, work);
			double t1 = now();
			rl = ZSTD_decompressDCtx(dctx, out + 0, max + 64, b->c, b->clen);
			double t2 = now();

			if (ZSTD_isError(rl) || rl != b->raw_len) {
				fprintf(stderr, "%s: libzstd failed\n", b->name);
				return 1;
			}
			/* check ours (run again into the compared buffer: libzstd just overwrote it) */
			if (r == 0) {
				res = zstd_decode(b->c, b->clen, NULL, out, max + 64, &ol, work);
				if (res != zstd_OK || ol != b->raw_len || memcmp(out, b->raw, ol)) {
					fprintf(stderr, "%s: ours failed: %s\n", b->name, zstd_strerror(res));
					return 1;
				}
			}
			t_ours[r] = t1 - t0;
			t_ref[r] = t2 - t1;
		}
		qsort(t_ours, (size_t)r, sizeof(double), cmp_double);
		qsort(t_ref, (size_t)r, sizeof(double), cmp_double);
		best_o = mb / t_ours[0];
		best_r = mb / t_ref[0];
		logsum += log(best_o / best_r);
		logsum_m += log(t_ref[r / 2] / t_ours[r / 2]);
		printf("%-22s %5.1f %6.2f | %6.0f %6.0f | %7.0f %6.0f | %6.3f %6.3f\n", b->name,
		       b->raw_len / 1048576.0, (double)b->raw_len / (double)b->clen, best_o,
		       mb / t_ours[r / 2], best_r, mb / t_ref[r / 2], best_o / best_r,
		       t_ref[r / 2] / t_ours[r / 2]);
		fflush(stdout);
	}
	printf("geometric mean ours/libzstd over %d cases: %.3f (best MB/s), %.3f (median MB/s)\n",
	       ncase, exp(logsum / ncase), exp(logsum_m / ncase));
	return 0;
}
