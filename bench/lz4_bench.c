/* lz4_bench.c: make bench-lz4: MB/s of decoded output, our lz4 decoder vs liblz4, in one process,
 * interleaved rounds (odd rounds in reverse order), thread CPU time, every output checked.
 * Cases per corpus: blocks (4 MiB, independent) by LZ4_compress_default, LZ4_compress_HC 9 and
 * 12, decoded by lz4_decode_block vs LZ4_decompress_safe; a standard frame as the lz4 tool
 * writes it (4 MiB independent blocks, content checksum) at -1 and -9, lz4_decode vs
 * LZ4F_decompress; a legacy frame at -12 (Linux's kernel payload), lz4_decode vs
 * LZ4_decompress_safe per 8 MiB block. Corpora: four generated ones (text, binary, log,
 * random) and the files named on the command line (e.g. the .raw files of build/bench/corpus).
 * Usage: lz4_bench [-n ROUNDS] [FILE...] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lz4.h>
#include <lz4hc.h>
#include <lz4frame.h>
#include "lz4.h"

#define BLOCK (4u << 20)
#define GEN_SIZE (24u << 20)
#define MAX_CASES 128

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Generated corpora: 0 text, 1 binary (records of small fields), 2 log, 3 random. */
static void generate(uint8_t *d, size_t n, int kind)
{
	static const char *const words[] = { "the ", "kernel ", "block ", "of ", "data ", "and ",
					     "decoder ", "frame ", "is ", "a ", "match ", "in ",
					     "offset ", "to ", "literal ", "\n" };
	uint32_t s = 0x12345u + (uint32_t)kind;
	size_t i = 0;

	while (i < n) {
		if (kind == 0) {
			const char *w = words[rnd(&s) % 16 & (rnd(&s) & 1 ? 15 : 7)];
			while (*w && i < n)
				d[i++] = (uint8_t)*w++;
		} else if (kind == 1) {
			uint32_t v = rnd(&s);
			uint8_t rec[16] = { (uint8_t)(i >> 4), (uint8_t)(i >> 12), 0, 0, (uint8_t)(v & 7),
					    0x48, 0x89, (uint8_t)(0xC0 | (v >> 8 & 7)), 0xE8,
					    (uint8_t)(v >> 16), (uint8_t)(v >> 24 & 3), 0, 0, 0x90,
					    (uint8_t)(v % 5), 0xFF };
			for (int k = 0; k < 16 && i < n; k++)
				d[i++] = rec[k];
		} else if (kind == 2) {
			char line[160];
			static const char *const lvl[] = { "INFO", "WARN", "DEBUG", "ERROR" };
			int len = snprintf(line, sizeof line, "2026-12-07T%02u:%02u:%02u.%03uZ host%u svc[%u]: %s request %u took %u ms status %u\n",
					   (unsigned)(i >> 20) % 24, (unsigned)(i >> 14) % 60, (unsigned)(i >> 8) % 60,
					   rnd(&s) % 1000, rnd(&s) % 8, 1000 + rnd(&s) % 50, lvl[rnd(&s) % 4],
					   rnd(&s) % 100000, rnd(&s) % 900, 200 + (rnd(&s) % 4) * 100);
			for (int k = 0; k < len && i < n; k++)
				d[i++] = (uint8_t)line[k];
		} else {
			d[i++] = (uint8_t)rnd(&s);
		}
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

enum kind { K_BLOCK, K_FRAME, K_LEGACY };

struct bcase {
	char name[64];
	enum kind kind;
	const uint8_t *raw;
	size_t raw_len;
	uint8_t *z;          /* the compressed data */
	size_t z_len;
	size_t *blk_len;     /* K_BLOCK: compressed length of each 4 MiB block */
	double t[2][64];     /* seconds per round: ours, liblz4 */
};

static uint8_t *out;
static LZ4F_dctx *dctx;

static void die(const char *what, const char *name)
{
	fprintf(stderr, "lz4_bench: %s: %s\n", name, what);
	exit(1);
}

/* One decode of c by ours (who 0) or liblz4 (who 1) into out; checked against c->raw. */
static double run(struct bcase *c, int who)
{
	size_t olen = 0;
	double t0 = now(), t1;

	if (c->kind == K_BLOCK) {
		const uint8_t *p = c->z;
		size_t nb = (c->raw_len + BLOCK - 1) / BLOCK;

		for (size_t b = 0; b < nb; b++) {
			size_t want = c->raw_len - b * BLOCK < BLOCK ? c->raw_len - b * BLOCK : BLOCK, got = 0;

			if (who == 0) {
				if (lz4_decode_block(p, c->blk_len[b], out + olen, want, &got) != LZ4_OK)
					die("ours failed", c->name);
			} else {
				int d = LZ4_decompress_safe((const char *)p, (char *)out + olen,
							    (int)c->blk_len[b], (int)want);
				if (d < 0)
					die("liblz4 failed", c->name);
				got = (size_t)d;
			}
			p += c->blk_len[b];
			olen += got;
		}
	} else if (who == 0) {
		if (lz4_decode(c->z, c->z_len, NULL, out, c->raw_len, &olen, NULL) != LZ4_OK)
			die("ours failed", c->name);
	} else if (c->kind == K_FRAME) {
		size_t dsz = c->raw_len, ssz = c->z_len;
		size_t r = LZ4F_decompress(dctx, out, &dsz, c->z, &ssz, NULL);

		if (r != 0 || ssz != c->z_len)
			die("liblz4 failed", c->name);
		olen = dsz;
	} else {
		size_t p = 4;

		while (p < c->z_len) {
			uint32_t n = (uint32_t)c->z[p] | c->z[p + 1] << 8 | c->z[p + 2] << 16 |
				     (uint32_t)c->z[p + 3] << 24;
			int d = LZ4_decompress_safe((const char *)c->z + p + 4, (char *)out + olen, (int)n,
						    LZ4_LEGACY_BLOCK_MAX);
			if (d < 0)
				die("liblz4 failed", c->name);
			olen += (size_t)d;
			p += 4 + n;
		}
	}
	t1 = now();
	if (olen != c->raw_len || memcmp(out, c->raw, olen))
		die(who ? "liblz4 output differs" : "our output differs", c->name);
	return t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double s[64];

	memcpy(s, v, sizeof(double) * (size_t)n);
	qsort(s, (size_t)n, sizeof(double), cmp_double);
	return n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double best(const double *v, int n)
{
	double b = v[0];

	for (int i = 1; i < n; i++)
		b = v[i] < b ? v[i] : b;
	return b;
}

static void add_cases(struct bcase *cs, int *nc, const char *corpus, const uint8_t *raw, size_t n)
{
	static const struct { const char *tag; enum kind kind; int level; } v[] = {
		{ "block-fast", K_BLOCK, 1 }, { "block-hc9", K_BLOCK, 9 }, { "block-hc12", K_BLOCK, 12 },
		{ "frame-1", K_FRAME, 1 }, { "frame-9", K_FRAME, 9 }, { "legacy-12", K_LEGACY, 12 },
	};

	for (size_t i = 0; i < sizeof v / sizeof v[0] && *nc < MAX_CASES; i++) {
		struct bcase *c = &cs[(*nc)++];
		size_t cap = LZ4F_compressFrameBound(n, NULL) + n / 200 + (1 << 16);

		memset(c, 0, sizeof *c);
		snprintf(c->name, sizeof c->name, "%s.%s", corpus, v[i].tag);
		c->kind = v[i].kind;
		c->raw = raw;
		c->raw_len = n;
		c->z = malloc(cap);
		if (v[i].kind == K_BLOCK) {
			size_t nb = (n + BLOCK - 1) / BLOCK;

			c->blk_len = calloc(nb + 1, sizeof(size_t));
			for (size_t b = 0; b < nb; b++) {
				size_t len = n - b * BLOCK < BLOCK ? n - b * BLOCK : BLOCK;
				int r = v[i].level == 1
					? LZ4_compress_default((const char *)raw + b * BLOCK, (char *)c->z + c->z_len,
							       (int)len, (int)(cap - c->z_len))
					: LZ4_compress_HC((const char *)raw + b * BLOCK, (char *)c->z + c->z_len,
							  (int)len, (int)(cap - c->z_len), v[i].level);
				if (r <= 0)
					die("compress", c->name);
				c->blk_len[b] = (size_t)r;
				c->z_len += (size_t)r;
			}
		} else if (v[i].kind == K_FRAME) {
			LZ4F_preferences_t p;

			memset(&p, 0, sizeof p);
			p.frameInfo.blockSizeID = LZ4F_max4MB;
			p.frameInfo.blockMode = LZ4F_blockIndependent;
			p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
			p.compressionLevel = v[i].level;
			c->z_len = LZ4F_compressFrame(c->z, cap, raw, n, &p);
			if (LZ4F_isError(c->z_len))
				die("compress", c->name);
		} else {
			size_t o = 4;

			memcpy(c->z, "\x02\x21\x4c\x18", 4);
			for (size_t b = 0; b < n; b += LZ4_LEGACY_BLOCK_MAX) {
				size_t len = n - b < LZ4_LEGACY_BLOCK_MAX ? n - b : LZ4_LEGACY_BLOCK_MAX;
				int r = LZ4_compress_HC((const char *)raw + b, (char *)c->z + o + 4, (int)len,
							(int)(cap - o - 4), v[i].level);
				if (r <= 0)
					die("compress", c->name);
				for (int k = 0; k < 4; k++)
					c->z[o + k] = (uint8_t)((uint32_t)r >> (8 * k));
				o += 4 + (size_t)r;
			}
			c->z_len = o;
		}
	}
}

int main(int argc, char **argv)
{
	static const char *const gen_names[] = { "gen-text", "gen-binary", "gen-log", "gen-random" };
	static struct bcase cs[MAX_CASES];
	int nc = 0, rounds = 9, a = 1;
	size_t max_raw = GEN_SIZE;

	if (a + 1 < argc && !strcmp(argv[a], "-n"))
		rounds = atoi(argv[a + 1]), a += 2;
	if (rounds < 1 || rounds > 64)
		rounds = 9;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
		die("LZ4F context", "setup");
	fprintf(stderr, "lz4_bench: compressing the corpora (HC 12 takes a while)\n");
	for (int g = 0; g < 4; g++) {
		uint8_t *raw = malloc(GEN_SIZE);

		generate(raw, GEN_SIZE, g);
		add_cases(cs, &nc, gen_names[g], raw, GEN_SIZE);
	}
	for (; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		size_t cap = 64u << 20, n;
		uint8_t *raw = malloc(cap);
		const char *base = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		char name[48];

		if (!f)
			die("cannot open", argv[a]);
		n = fread(raw, 1, cap, f);
		fclose(f);
		snprintf(name, sizeof name, "%.*s", (int)(strcspn(base, ".")), base);
		add_cases(cs, &nc, name, raw, n);
		max_raw = n > max_raw ? n : max_raw;
	}
	out = malloc(max_raw + 4096);
	memset(out, 0, max_raw + 4096);
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < nc; i++) {
			struct bcase *c = &cs[r & 1 ? nc - 1 - i : i];
			int first = (r + i) & 1;

			c->t[first][r] = run(c, first);
			c->t[!first][r] = run(c, !first);
		}
	printf("| case | MB out | MB in | ours best / median MB/s | liblz4 best / median MB/s | ours/liblz4 best (round median) |\n");
	printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
	double lg[3] = { 0 }, lgm[3] = { 0 }, low = 1e9;
	int cnt[3] = { 0 };
	for (int i = 0; i < nc; i++) {
		struct bcase *c = &cs[i];
		double mb = c->raw_len / 1e6, ratio[64];
		double ob = mb / best(c->t[0], rounds), om = mb / median(c->t[0], rounds);
		double rb = mb / best(c->t[1], rounds), rm = mb / median(c->t[1], rounds);

		for (int r = 0; r < rounds; r++)
			ratio[r] = c->t[1][r] / c->t[0][r];
		double q = ob / rb, qm = median(ratio, rounds);
		printf("| %s | %.1f | %.1f | %.0f / %.0f | %.0f / %.0f | **%.2fx** (%.2fx) |\n", c->name, mb,
		       c->z_len / 1e6, ob, om, rb, rm, q, qm);
		lg[c->kind] += log(q), lgm[c->kind] += log(qm), cnt[c->kind]++;
		low = q < low ? q : low;
	}
	static const char *const kn[3] = { "block (LZ4_decompress_safe)", "frame (LZ4F_decompress)",
					   "legacy frame (LZ4_decompress_safe per block)" };
	double all = 0, allm = 0;
	int n = 0;
	for (int k = 0; k < 3; k++) {
		if (!cnt[k])
			continue;
		printf("geometric mean, %s, %d cases: %.3fx best (%.3fx round median)\n", kn[k], cnt[k],
		       exp(lg[k] / cnt[k]), exp(lgm[k] / cnt[k]));
		all += lg[k], allm += lgm[k], n += cnt[k];
	}
	printf("geometric mean of all %d cases: %.3fx best (%.3fx round median), lowest case %.2fx\n", n,
	       exp(all / n), exp(allm / n), low);
	return 0;
}
