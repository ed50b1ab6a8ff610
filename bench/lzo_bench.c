/* lzo_bench.c: make bench-lzo: MB/s of decoded output, our lzo decoder vs liblzo2, in one process,
 * interleaved rounds (odd rounds in reverse order), thread CPU time, every output checked.
 * Cases per corpus: LZO1X streams of 256 KiB blocks (lzop's block size) by LZO1X-1 and
 * LZO1X-999 level 9, decoded by lzo_decode_block vs lzo1x_decompress_safe; lzop files as lzop -1
 * and lzop -9 write them (Adler-32 of the data; Linux's CONFIG_KERNEL_LZO payload is lzop -9),
 * lzo_decode vs lzo1x_decompress_safe + lzo_adler32 per block. Corpora: four generated ones (text,
 * binary, log, random) and the files named on the command line (e.g. the .raw files of
 * build/bench/corpus). Usage: lzo_bench [-n ROUNDS] [FILE...] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lzo/lzo1x.h>
#include "lzo.h"

#define BLOCK (256u << 10)
#define GEN_SIZE (16u << 20)
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

enum kind { K_BLOCK, K_FILE };

struct bcase {
	char name[64];
	enum kind kind;
	const uint8_t *raw;
	size_t raw_len;
	uint8_t *z;          /* the compressed data */
	size_t z_len;
	size_t *blk_len;     /* K_BLOCK: compressed length of each 256 KiB block */
	double t[2][64];     /* seconds per round: ours, liblzo2 */
};

static uint8_t *out;

static void die(const char *what, const char *name)
{
	fprintf(stderr, "lzo_bench: %s: %s\n", name, what);
	exit(1);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* One decode of c by ours (who 0) or liblzo2 (who 1) into out; checked against c->raw. */
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
				if (lzo_decode_block(p, c->blk_len[b], out + olen, want, &got) != LZO_OK)
					die("ours failed", c->name);
			} else {
				lzo_uint d = want;
				if (lzo1x_decompress_safe(p, c->blk_len[b], out + olen, &d, NULL) != LZO_E_OK)
					die("liblzo2 failed", c->name);
				got = d;
			}
			p += c->blk_len[b];
			olen += got;
		}
	} else if (who == 0) {
		if (lzo_decode(c->z, c->z_len, NULL, out, c->raw_len, &olen, NULL) != LZO_OK)
			die("ours failed", c->name);
	} else {
		/* what lzop -d does per block: decompress, then the Adler-32 of the data */
		size_t p = 9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 1 + 4;

		for (;;) {
			uint32_t dl = be32(c->z + p), sl, sum;
			lzo_uint d = dl;

			if (dl == 0)
				break;
			sl = be32(c->z + p + 4), sum = be32(c->z + p + 8), p += 12;
			if (sl < dl) {
				if (lzo1x_decompress_safe(c->z + p, sl, out + olen, &d, NULL) != LZO_E_OK || d != dl)
					die("liblzo2 failed", c->name);
			} else {
				memcpy(out + olen, c->z + p, dl);
			}
			if (lzo_adler32(1, out + olen, dl) != sum)
				die("liblzo2 adler32", c->name);
			olen += dl, p += sl;
		}
	}
	t1 = now();
	if (olen != c->raw_len || memcmp(out, c->raw, olen))
		die(who ? "liblzo2 output differs" : "our output differs", c->name);
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

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static size_t compress(const uint8_t *src, size_t n, int level, uint8_t *dst)
{
	static uint8_t wrk[LZO1X_999_MEM_COMPRESS];
	lzo_uint d = 0;
	int r = level == 1 ? lzo1x_1_compress(src, n, dst, &d, wrk)
			   : lzo1x_999_compress_level(src, n, dst, &d, wrk, NULL, 0, 0, level);

	if (r != LZO_E_OK)
		die("compress", "lzo");
	return d;
}

static void add_cases(struct bcase *cs, int *nc, const char *corpus, const uint8_t *raw, size_t n)
{
	static const struct { const char *tag; enum kind kind; int level; } v[] = {
		{ "block-1", K_BLOCK, 1 }, { "block-999", K_BLOCK, 9 },
		{ "lzop-1", K_FILE, 1 }, { "lzop-9", K_FILE, 9 },
	};
	static const uint8_t hdr[] = { 0x89, 0x4C, 0x5A, 0x4F, 0x00, 0x0D, 0x0A, 0x1A, 0x0A, 0x10, 0x40,
				       0x20, 0xA0, 0x09, 0x40, 0x03, 0x09, 0x03, 0x00, 0x00, 0x01,
				       0, 0, 0x81, 0xA4, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	size_t nb = (n + BLOCK - 1) / BLOCK;

	for (size_t i = 0; i < sizeof v / sizeof v[0] && *nc < MAX_CASES; i++) {
		struct bcase *c = &cs[(*nc)++];
		size_t cap = n + n / 16 + 64 * nb + 4096, o = 0;

		memset(c, 0, sizeof *c);
		snprintf(c->name, sizeof c->name, "%s.%s", corpus, v[i].tag);
		c->kind = v[i].kind;
		c->raw = raw;
		c->raw_len = n;
		c->z = malloc(cap);
		c->blk_len = calloc(nb + 1, sizeof(size_t));
		if (v[i].kind == K_FILE) {
			memcpy(c->z, hdr, sizeof hdr);
			c->z[15] = v[i].level == 1 ? 1 : 3;
			c->z[16] = (uint8_t)v[i].level;
			o = sizeof hdr;
			put32(c->z + o, lzo_adler32(1, c->z + 9, o - 9)), o += 4;
		}
		for (size_t b = 0; b < nb; b++) {
			size_t len = n - b * BLOCK < BLOCK ? n - b * BLOCK : BLOCK;
			uint8_t *at = c->z + o + (v[i].kind == K_FILE ? 12 : 0);
			size_t clen = compress(raw + b * BLOCK, len, v[i].level, at);

			if (v[i].kind == K_FILE) {
				if (clen >= len)
					memcpy(at, raw + b * BLOCK, clen = len);
				put32(c->z + o, (uint32_t)len);
				put32(c->z + o + 4, (uint32_t)clen);
				put32(c->z + o + 8, lzo_adler32(1, raw + b * BLOCK, len));
				o += 12;
			}
			c->blk_len[b] = clen;
			o += clen;
		}
		if (v[i].kind == K_FILE)
			put32(c->z + o, 0), o += 4;
		c->z_len = o;
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
	if (lzo_init() != LZO_E_OK)
		die("lzo_init", "setup");
	fprintf(stderr, "lzo_bench: compressing the corpora (LZO1X-999 takes a while)\n");
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
	printf("| case | MB out | MB in | ours best / median MB/s | liblzo2 best / median MB/s | ours/liblzo2 best (round median) |\n");
	printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
	double lg[2] = { 0 }, lgm[2] = { 0 }, low = 1e9;
	int cnt[2] = { 0 };
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
	static const char *const kn[2] = { "256 KiB streams (lzo1x_decompress_safe)",
					   "lzop files (lzo1x_decompress_safe + lzo_adler32)" };
	double all = 0, allm = 0;
	int n = 0;
	for (int k = 0; k < 2; k++) {
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
