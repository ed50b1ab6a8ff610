/* xz_bench.c: host benchmark: MB/s of decoded output for our .xz/.lzma decoder and liblzma
 * (lzma_stream_buffer_decode; lzma_alone_decoder + lzma_code), in one process, on generated
 * corpora and on each file given (the first -m MiB of it), each packed by liblzma as xz -0,
 * -6, -9e, -6 --x86 and lzma -9. Rounds are interleaved (both decoders once per round), every
 * output is compared with the original; best and median MB/s (thread CPU time), ours/liblzma
 * per case (ratio of bests) and the geometric mean. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lzma.h>
#include "xz.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a shared machine */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint8_t *slurp(const char *path, size_t *len, size_t max)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(max);

	*len = f ? fread(b, 1, max, f) : 0;
	if (f)
		fclose(f);
	return b;
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Generated corpora: English-like text with a Zipf-ish vocabulary; x86-like code. */
static void gen_text(uint8_t *b, size_t n)
{
	static const char *const w[] = { "the", "of", "and", "to", "in", "a", "is", "that", "for",
		"it", "as", "was", "with", "be", "by", "on", "not", "he", "this", "are", "or", "his",
		"from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
		"one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when",
		"will", "would", "who", "so", "no", "kernel", "loader", "decoder", "memory" };
	uint32_t s = 12345;
	size_t i = 0, col = 0;

	while (i < n) {
		uint32_t r = rnd(&s) % 1000, k = (r * r / 1000) * 53 / 1000;
		const char *p = w[k % 53];
		while (*p && i < n) {
			b[i++] = (uint8_t)*p++;
			col++;
		}
		if (i < n)
			b[i++] = col > 70 ? (col = 0, '\n') : ' ';
	}
}

static void gen_code(uint8_t *b, size_t n)
{
	static const uint8_t ops[][4] = { { 0x48, 0x89, 0xc7 }, { 0x48, 0x8b, 0x45 }, { 0x31, 0xc0 },
		{ 0x0f, 0xb6 }, { 0x85, 0xc0 }, { 0x74 }, { 0x75 }, { 0xc3 }, { 0x55 }, { 0x5d } };
	static const uint8_t len[] = { 3, 3, 2, 2, 2, 1, 1, 1, 1, 1 };
	uint32_t s = 777;
	size_t i = 0;

	while (i + 8 < n) {
		uint32_t r = rnd(&s);
		if (r % 5 == 0) {
			uint32_t rel = (uint32_t)(rnd(&s) % 200000) - 100000 - (uint32_t)i;
			b[i++] = 0xE8;
			memcpy(b + i, &rel, 4);
			i += 4;
		} else {
			unsigned k = (r >> 8) % 10;
			memcpy(b + i, ops[k], len[k]);
			i += len[k];
			if (r & 0x10000)
				b[i++] = (uint8_t)(r >> 24) & 0x1f;
		}
	}
	memset(b + i, 0x90, n - i);
}

struct kase {
	char name[96];
	const uint8_t *raw;
	size_t n;
	uint8_t *z;
	size_t zlen;
	int lzma;
	double t[2][64];
};

static uint8_t *pack(const uint8_t *raw, size_t n, size_t *zlen, int how)
{
	/* how: 0 xz -0, 1 xz -6, 2 xz -9e, 3 xz -6 --x86, 4 lzma -9 */
	static const uint32_t preset[5] = { 0, 6, 9 | LZMA_PRESET_EXTREME, 6, 9 };
	lzma_options_lzma o;
	lzma_filter f[3];
	lzma_stream st = LZMA_STREAM_INIT;
	size_t cap = n + n / 4 + 65536;
	uint8_t *z = malloc(cap);
	lzma_ret r;
	int k = 0;

	lzma_lzma_preset(&o, preset[how]);
	if (how == 4) {
		r = lzma_alone_encoder(&st, &o);
	} else {
		if (how == 3) {
			f[k].id = LZMA_FILTER_X86;
			f[k++].options = NULL;
		}
		f[k].id = LZMA_FILTER_LZMA2;
		f[k++].options = &o;
		f[k].id = LZMA_VLI_UNKNOWN;
		r = lzma_stream_encoder(&st, f, how == 3 ? LZMA_CHECK_CRC32 : LZMA_CHECK_CRC64);
	}
	if (r != LZMA_OK)
		exit(2);
	st.next_in = raw;
	st.avail_in = n;
	st.next_out = z;
	st.avail_out = cap;
	do
		r = lzma_code(&st, LZMA_FINISH);
	while (r == LZMA_OK);
	if (r != LZMA_STREAM_END)
		exit(2);
	*zlen = st.total_out;
	lzma_end(&st);
	return z;
}

/* Packed corpora are kept in the cache directory (-c) by name: packing at -9e takes minutes. */
static uint8_t *pack_cached(const char *dir, const char *name, const uint8_t *raw, size_t n,
			    size_t *zlen, int how)
{
	char path[512];
	FILE *f;
	uint8_t *z;

	if (!dir)
		return pack(raw, n, zlen, how);
	snprintf(path, sizeof(path), "%s/%s.%zu.%d.pack", dir, name, n, how);
	for (char *c = path + strlen(dir) + 1; *c; c++)
		if (*c == ' ' || *c == '/')
			*c = '_';
	f = fopen(path, "rb");
	if (f) {
		fseek(f, 0, SEEK_END);
		*zlen = (size_t)ftell(f);
		fseek(f, 0, SEEK_SET);
		z = malloc(*zlen + 1);
		if (fread(z, 1, *zlen, f) == *zlen) {
			fclose(f);
			return z;
		}
		fclose(f);
		free(z);
	}
	z = pack(raw, n, zlen, how);
	f = fopen(path, "wb");
	if (f) {
		fwrite(z, 1, *zlen, f);
		fclose(f);
	}
	return z;
}

static int run_ours(struct kase *k, uint8_t *out, size_t *olen)
{
	static _Alignas(16) uint8_t work[XZ_WORK_BYTES];
	size_t used;

	return (k->lzma ? xz_decode_lzma(k->z, k->zlen, &used, out, k->n, olen, work)
			: xz_decode(k->z, k->zlen, &used, out, k->n, olen, work)) == XZ_OK;
}

static int run_ref(struct kase *k, uint8_t *out, size_t *olen)
{
	if (k->lzma) {
		lzma_stream st = LZMA_STREAM_INIT;
		lzma_ret r = lzma_alone_decoder(&st, UINT64_MAX);
		st.next_in = k->z;
		st.avail_in = k->zlen;
		st.next_out = out;
		st.avail_out = k->n + 1;
		while (r == LZMA_OK)
			r = lzma_code(&st, LZMA_FINISH);
		*olen = st.total_out;
		lzma_end(&st);
		return r == LZMA_STREAM_END;
	}
	uint64_t memlimit = UINT64_MAX;
	size_t ip = 0, op = 0;
	lzma_ret r = lzma_stream_buffer_decode(&memlimit, 0, NULL, k->z, &ip, k->zlen, out, &op, k->n);
	*olen = op;
	return r == LZMA_OK;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static const char *const how[5] = { "xz -0", "xz -6", "xz -9e", "xz -6 --x86", "lzma -9" };
	struct kase *ks = calloc(64, sizeof(*ks));
	int nk = 0, rounds = 7, a = 1;
	unsigned packers = 31;
	const char *cache = NULL;
	size_t max = (size_t)8 << 20, gen = (size_t)8 << 20;
	double lg = 0;

	for (; a < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "-n") && a + 1 < argc)
			rounds = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "-m") && a + 1 < argc)
			max = (size_t)atoi(argv[a + 1]) << 20;
		else if (!strcmp(argv[a], "-c") && a + 1 < argc)
			cache = argv[a + 1];
		else if (!strcmp(argv[a], "-g") && a + 1 < argc)
			gen = (size_t)atoi(argv[a + 1]) << 20;
		else if (!strcmp(argv[a], "-p") && a + 1 < argc)
			packers = (unsigned)strtoul(argv[a + 1], NULL, 0);
		else
			return fprintf(stderr, "usage: xz_bench [-n ROUNDS] [-c CACHEDIR] [-m MiB per file] [-g MiB generated, 0 none] [-p packer mask: 1 xz -0, 2 -6, 4 -9e, 8 -6 --x86, 16 lzma -9] [FILE...]\n"), 2;
	}
	if (rounds < 1 || rounds > 64)
		rounds = 7;
	for (int c = -2; c < argc - a && nk + 5 <= 64; c++) {
		const char *name;
		size_t n;
		uint8_t *raw;
		if (c < 0 && !gen)
			continue;
		if (c < 0) {
			raw = malloc(gen);
			n = gen;
			(c == -2 ? gen_text : gen_code)(raw, n);
			name = c == -2 ? "gen-text" : "gen-code";
		} else {
			name = strrchr(argv[a + c], '/') ? strrchr(argv[a + c], '/') + 1 : argv[a + c];
			raw = slurp(argv[a + c], &n, max);
			if (!n)
				continue;
		}
		for (int h = 0; h < 5; h++) {
			if (!(packers >> h & 1))
				continue;
			struct kase *k = &ks[nk++];
			snprintf(k->name, sizeof(k->name), "%s %s", name, how[h]);
			k->raw = raw;
			k->n = n;
			k->lzma = h == 4;
			k->z = pack_cached(cache, name, raw, n, &k->zlen, h);
			fprintf(stderr, "packed %s: %zu -> %zu\n", k->name, n, k->zlen);
		}
	}
	/* One output buffer, touched before the rounds: page faults are nobody's decode time (the
	 * first decoder into a fresh buffer paid them all). liblzma still allocates its
	 * dictionary on every call: that is how its buffer API works. */
	uint8_t *out = malloc(max > gen ? max + 1 : gen + 1);
	memset(out, 0, max > gen ? max + 1 : gen + 1);
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nk; i++) {
			struct kase *k = &ks[i];
			for (int dd = 0; dd < 2; dd++) {
				int d = dd ^ (r & 1);        /* who goes first alternates */
				size_t olen = 0;
				double t0 = now();
				int ok = d ? run_ref(k, out, &olen) : run_ours(k, out, &olen);
				k->t[d][r] = now() - t0;
				if (!ok || olen != k->n || memcmp(out, k->raw, k->n)) {
					fprintf(stderr, "%s: %s decoded wrong\n", k->name, d ? "liblzma" : "ours");
					return 1;
				}
			}
		}
	}
	printf("%-28s %9s %8s | %8s %8s | %8s %8s | %6s\n", "case (MB/s of output)", "size", "ratio",
	       "ours", "median", "liblzma", "median", "ours/l");
	for (int i = 0; i < nk; i++) {
		struct kase *k = &ks[i];
		double mb = k->n / 1e6, best[2], med[2];
		for (int d = 0; d < 2; d++) {
			qsort(k->t[d], rounds, sizeof(double), cmpd);
			best[d] = mb / k->t[d][0];
			med[d] = mb / k->t[d][rounds / 2];
		}
		lg += log(best[0] / best[1]);
		printf("%-28s %9zu %8.2f | %8.1f %8.1f | %8.1f %8.1f | %6.3f\n", k->name, k->n,
		       (double)k->n / k->zlen, best[0], med[0], best[1], med[1], best[0] / best[1]);
	}
	printf("geometric mean ours/liblzma (best): %.3f over %d cases, %d rounds\n", exp(lg / nk), nk,
	       rounds);
	return 0;
}
