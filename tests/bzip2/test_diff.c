/* test_diff.c: differential tests (host): generated inputs compressed by libbz2 at levels 1-9
 * and by the test encoder (every table shape), decoded by ours and by libbz2, compared byte for
 * byte; concatenated streams; the largest block. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "tbz.h"

static const char *const kinds[] = { "text", "binary", "random", "repetitive", "runs",
				      "few-symbols", "one-byte" };

/* Ours on c[0..clen) must give exactly d[0..n), consume the whole stream and agree with libbz2. */
static void same(const char *what, const uint8_t *c, size_t clen, const uint8_t *d, size_t n)
{
	uint8_t *out = malloc(n + 1), *ref = malloc(n + 1);
	size_t olen = 7, used = 7;
	enum bzip2_result r = bzip2_decode(c, clen, &used, out, n, &olen, tbz_work());
	struct ref_result z;

	CHECK(r == BZIP2_OK && olen == n && used == clen && !memcmp(out, d, n),
	      "%s: %s, %zu of %zu bytes, used %zu of %zu", what, bzip2_strerror(r), olen, n, used, clen);
	r = bzip2_decode_stream(c, clen, &used, out, n, &olen, tbz_work());
	CHECK(r == BZIP2_OK && olen == n && used == clen && !memcmp(out, d, n),
	      "%s (one stream): %s", what, bzip2_strerror(r));
	z = ref_decode(c, clen, ref, n);
	CHECK(z.kind == REF_OK && z.out_len == n && !memcmp(ref, d, n) && z.in_used == clen,
	      "%s: libbz2 disagrees (kind %d)", what, z.kind);
	free(out);
	free(ref);
}

static void libbz2_corpus(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 5, 259, 260, 4096, 100000, 250000 };
	char name[96];

	for (int k = 0; k < 7; k++)
		for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
			for (int level = 1; level <= 9; level += (sizes[s] >= 100000 ? 8 : 4)) {
				size_t n = sizes[s], cap = n + n / 50 + 700, clen;
				uint8_t *d = malloc(n + 1), *c = malloc(cap);

				tbz_sample(d, n, k, (uint32_t)(s * 7 + 1));
				clen = ref_encode(d, n, level, c, cap);
				snprintf(name, sizeof name, "libbz2 -%d %s %zu", level, kinds[k], n);
				CHECK(clen > 0, "%s: libbz2 failed", name);
				same(name, c, clen, d, n);
				free(d);
				free(c);
			}
}

/* Large inputs (text, random): several blocks at level 1, the largest block (900 KB) at -9. */
static void large(void)
{
	size_t n = 1300000, cap = n + n / 50 + 700, clen;
	uint8_t *d = malloc(n), *c = malloc(cap);

	for (int k = 0; k < 3; k += 2) {
		tbz_sample(d, n, k, 99);
		for (int level = 1; level <= 9; level += 8) {
			char name[64];
			clen = ref_encode(d, n, level, c, cap);
			snprintf(name, sizeof name, "large -%d %s", level, kinds[k]);
			same(name, c, clen, d, n);
		}
	}
	free(d);
	free(c);
}

/* The test encoder: every table shape, 2-6 tables, several blocks, long codes. */
static void own_encoder(void)
{
	size_t n = 30000, cap = 3 * n + 1000;
	uint8_t *d = malloc(n), *c = malloc(cap);
	char name[96];

	for (int k = 0; k < 7; k++)
		for (int mode = 0; mode < 4; mode++)
			if (mode != 2)
				for (int g = 2; g <= 6; g += 2) {
					struct tbz_opts o = { 0 };
					size_t clen;
					o.len_mode = mode;
					o.groups = g;
					o.block_bytes = 11000;
					o.level = 1 + k;
					tbz_sample(d, n, k, (uint32_t)(mode + 3));
					clen = tbz_encode(d, n, &o, c, cap);
					snprintf(name, sizeof name, "encoder %s lengths %d tables %d", kinds[k], mode, g);
					same(name, c, clen, d, n);
				}
	free(d);
	free(c);
}

/* Streams back to back: bzip2_decode joins them, bzip2_decode_stream stops after the first. */
static void concatenated(void)
{
	uint8_t d[3000], c[8000], out[3000];
	size_t la, lb, lc, olen, used;
	enum bzip2_result r;

	tbz_sample(d, sizeof d, 0, 5);
	la = ref_encode(d, 1000, 1, c, sizeof c);
	lb = ref_encode(d + 1000, 0, 9, c + la, sizeof c - la);
	lc = ref_encode(d + 1000, 2000, 5, c + la + lb, sizeof c - la - lb);
	r = bzip2_decode(c, la + lb + lc, &used, out, sizeof out, &olen, tbz_work());
	CHECK(r == BZIP2_OK && used == la + lb + lc && olen == sizeof d && !memcmp(out, d, sizeof d),
	      "three streams: %s used %zu", bzip2_strerror(r), used);
	r = bzip2_decode_stream(c, la + lb + lc, &used, out, sizeof out, &olen, tbz_work());
	CHECK(r == BZIP2_OK && used == la && olen == 1000 && !memcmp(out, d, 1000),
	      "first stream only: %s used %zu", bzip2_strerror(r), used);
	/* Linux's payload: the stream, then its 4-byte size. */
	memcpy(c + la, "\x10\x27\0\0", 4);
	r = bzip2_decode_stream(c, la + 4, &used, out, sizeof out, &olen, tbz_work());
	CHECK(r == BZIP2_OK && used == la && olen == 1000, "stream + size: %s", bzip2_strerror(r));
	r = bzip2_decode(c, la + 4, &used, out, sizeof out, &olen, tbz_work());
	CHECK_EQ(r, BZIP2_ERR_TRAILING_GARBAGE);
	CHECK(used == la && olen == 1000, "garbage: used %zu out %zu", used, olen);
	memcpy(c + la, "BZ", 2);
	CHECK_EQ(bzip2_decode(c, la + 2, &used, out, sizeof out, &olen, tbz_work()), BZIP2_ERR_TRUNCATED);
	memcpy(c + la, "BZh0", 4);
	CHECK_EQ(bzip2_decode(c, la + 4, &used, out, sizeof out, &olen, tbz_work()), BZIP2_ERR_LEVEL);
}

void test_diff(void)
{
	libbz2_corpus();
	large();
	own_encoder();
	concatenated();
}
