/* test_reject.c: one hand-built stream per rejection reason, each asserting its exact result
 * code, and that zlib rejects it too with the same message (host test). */
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include "tinf.h"
#include "huffman.h"

/* Decode raw (or gzip) bytes and check the result code, and zlib's agreement. */
static void expect(const char *name, int gzip, const uint8_t *in, size_t n, size_t cap,
		   enum inflate_result want)
{
	uint8_t out[4096];
	size_t olen = 0;
	enum inflate_result r = gzip ? inflate_gzip(in, n, out, cap, &olen)
				     : inflate_raw(in, n, NULL, out, cap, &olen);

	if (tinf_check(r == want, name, "got '%s', want '%s'", inflate_strerror(r),
		       inflate_strerror(want)) && want != INFLATE_ERR_TRAILING_GARBAGE)
		agree_with_zlib(name, gzip, in, n, cap);
}

static void expect_bw(const char *name, struct bw *w, enum inflate_result want)
{
	char padded[128];

	expect(name, 0, w->buf, bw_len(w), 4096, want);
	/* Again with 64 bytes after the stream, so the fast loop (not the tail loop) meets it. */
	snprintf(padded, sizeof padded, "%s (fast loop)", name);
	expect(padded, 0, w->buf, bw_len(w) + 64, 4096, want);
}

/* Fixed-code symbols (RFC 1951 3.2.6). */
static void fixed_lit(struct bw *w, unsigned sym)
{
	if (sym < 144)
		bw_code(w, 0x30 + sym, 8);
	else if (sym < 256)
		bw_code(w, 0x190 + sym - 144, 9);
	else if (sym < 280)
		bw_code(w, sym - 256, 7);
	else
		bw_code(w, 0xc0 + sym - 280, 8);
}

static void reject_blocks(void)
{
	struct bw w;

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 3, 2);
	expect_bw("block type 3", &w, INFLATE_ERR_BLOCK_TYPE);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 0, 2); bw_align(&w);
	bw_put(&w, 5, 16); bw_put(&w, 0x0000, 16);
	expect_bw("stored LEN/NLEN mismatch", &w, INFLATE_ERR_STORED_LEN);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 0, 2); bw_align(&w);
	bw_put(&w, 5, 16); bw_put(&w, 0xfffa, 16);
	for (int i = 0; i < 5; i++) bw_byte(&w, 'a' + i);
	expect_bw("stored block ok", &w, INFLATE_OK);
	expect("stored block into 4 bytes", 0, w.buf, bw_len(&w), 4, INFLATE_ERR_OUTPUT_FULL);
	expect("stored block data cut", 0, w.buf, bw_len(&w) - 1, 4096, INFLATE_ERR_TRUNCATED);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2);
	fixed_lit(&w, 'a'); fixed_lit(&w, 257); bw_code(&w, 1, 5); fixed_lit(&w, 256);
	expect_bw("distance 2 after one byte", &w, INFLATE_ERR_DIST_TOO_FAR);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2);
	fixed_lit(&w, 'a'); fixed_lit(&w, 257); bw_code(&w, 0, 5); fixed_lit(&w, 256);
	expect_bw("distance 1 after one byte", &w, INFLATE_OK);
	expect("literal into 0 bytes", 0, w.buf, bw_len(&w), 0, INFLATE_ERR_OUTPUT_FULL);
	expect("match into 2 bytes", 0, w.buf, bw_len(&w), 2, INFLATE_ERR_OUTPUT_FULL);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2); fixed_lit(&w, 286);
	expect_bw("fixed literal/length symbol 286", &w, INFLATE_ERR_LITLEN_SYMBOL);
	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2); fixed_lit(&w, 287);
	expect_bw("fixed literal/length symbol 287", &w, INFLATE_ERR_LITLEN_SYMBOL);

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2);
	fixed_lit(&w, 'a'); fixed_lit(&w, 257); bw_code(&w, 30, 5);
	expect_bw("fixed distance symbol 30", &w, INFLATE_ERR_DIST_SYMBOL);
	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 1, 2);
	fixed_lit(&w, 'a'); fixed_lit(&w, 257); bw_code(&w, 31, 5);
	expect_bw("fixed distance symbol 31", &w, INFLATE_ERR_DIST_SYMBOL);

	bw_init(&w);
	bw_put(&w, 0, 1); bw_put(&w, 1, 2); fixed_lit(&w, 256);
	expect("no final block", 0, w.buf, bw_len(&w), 4096, INFLATE_ERR_TRUNCATED);
	expect("empty input", 0, w.buf, 0, 4096, INFLATE_ERR_TRUNCATED);
}

/* Dynamic header with the given code-length code lengths (by symbol) and a raw sequence of
 * code-length symbols with their extra bits. */
static void put_precode(struct bw *w, unsigned nlit, unsigned ndist, const uint8_t plens[19],
			const unsigned *seq, unsigned nseq)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2,
					   14, 1, 15 };
	static const uint8_t extra[19] = { [16] = 2, [17] = 3, [18] = 7 };
	unsigned codes[19];

	canon_codes(plens, 19, codes);
	bw_put(w, 1, 1); bw_put(w, 2, 2);
	bw_put(w, nlit - 257, 5); bw_put(w, ndist - 1, 5); bw_put(w, 19 - 4, 4);
	for (int i = 0; i < 19; i++)
		bw_put(w, plens[order[i]], 3);
	for (unsigned i = 0; i < nseq; i += 2) {
		bw_code(w, codes[seq[i]], plens[seq[i]]);
		bw_put(w, seq[i + 1], extra[seq[i]]);
	}
}

static void reject_dynamic_header(void)
{
	struct bw w;
	uint8_t pl[19];

	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 2, 2); bw_put(&w, 30, 5); bw_put(&w, 0, 5); bw_put(&w, 0, 4);
	bw_put(&w, 0, 32);
	expect_bw("HLIT 287", &w, INFLATE_ERR_TOO_MANY_SYMS);
	bw_init(&w);
	bw_put(&w, 1, 1); bw_put(&w, 2, 2); bw_put(&w, 0, 5); bw_put(&w, 30, 5); bw_put(&w, 0, 4);
	bw_put(&w, 0, 32);
	expect_bw("HDIST 31", &w, INFLATE_ERR_TOO_MANY_SYMS);

	memset(pl, 0, sizeof pl); pl[0] = pl[16] = pl[17] = pl[18] = 1;
	bw_init(&w); put_precode(&w, 257, 1, pl, NULL, 0); bw_put(&w, 0, 32);
	expect_bw("code-length code over-subscribed", &w, INFLATE_ERR_PRECODE_OVER);

	memset(pl, 0, sizeof pl); pl[0] = 2;
	bw_init(&w); put_precode(&w, 257, 1, pl, NULL, 0); bw_put(&w, 0, 32);
	expect_bw("code-length code incomplete", &w, INFLATE_ERR_PRECODE_INCOMPLETE);
	memset(pl, 0, sizeof pl); pl[0] = 1;
	bw_init(&w); put_precode(&w, 257, 1, pl, NULL, 0); bw_put(&w, 0, 32);
	expect_bw("code-length code single 1-bit code", &w, INFLATE_ERR_PRECODE_INCOMPLETE);

	/* zlib reads an empty code-length code as length 0 per bit: no end-of-block code. */
	memset(pl, 0, sizeof pl);
	bw_init(&w); put_precode(&w, 257, 1, pl, NULL, 0);
	for (int i = 0; i < 300; i++) bw_put(&w, 0, 1);
	expect_bw("code-length code empty", &w, INFLATE_ERR_NO_END_OF_BLOCK);

	memset(pl, 0, sizeof pl); pl[0] = pl[16] = 1;
	bw_init(&w); put_precode(&w, 257, 1, pl, (unsigned[]){ 16, 0 }, 2); bw_put(&w, 0, 32);
	expect_bw("repeat with no previous length", &w, INFLATE_ERR_REPEAT_FIRST);

	memset(pl, 0, sizeof pl); pl[0] = pl[18] = 1;
	bw_init(&w); put_precode(&w, 257, 1, pl, (unsigned[]){ 18, 127, 18, 127 }, 4);
	bw_put(&w, 0, 32);
	expect_bw("zero run past the end", &w, INFLATE_ERR_REPEAT_OVERRUN);
	memset(pl, 0, sizeof pl); pl[5] = pl[16] = 1;
	{
		unsigned seq[2 + 2 * 86 + 2];
		unsigned k = 0;
		seq[k++] = 5; seq[k++] = 0;
		for (int i = 0; i < 86; i++) { seq[k++] = 16; seq[k++] = 3; }
		seq[k++] = 16; seq[k++] = 3; /* 1 + 86*6 = 517 > 258; fails at the 43rd */
		bw_init(&w); put_precode(&w, 257, 1, pl, seq, k); bw_put(&w, 0, 32);
		expect_bw("copy run past the end", &w, INFLATE_ERR_REPEAT_OVERRUN);
	}

	memset(pl, 0, sizeof pl); pl[0] = pl[18] = 1;
	bw_init(&w); put_precode(&w, 257, 1, pl, (unsigned[]){ 18, 127, 18, 109 }, 4);
	bw_put(&w, 0, 32);
	expect_bw("no end-of-block code", &w, INFLATE_ERR_NO_END_OF_BLOCK);
}

static void reject_codes(void)
{
	struct bw w;
	uint8_t lens[320];
	unsigned lc[288], dc[32];

	memset(lens, 0, sizeof lens); lens[0] = lens[1] = lens[256] = 1; lens[257] = 1;
	bw_init(&w); put_dynamic(&w, 1, 257, 1, lens, NULL, NULL); bw_put(&w, 0, 32);
	expect_bw("literal/length code over-subscribed", &w, INFLATE_ERR_LITLEN_OVER);
	memset(lens, 0, sizeof lens); lens[0] = 1; lens[256] = 2; lens[257] = 1;
	bw_init(&w); put_dynamic(&w, 1, 257, 1, lens, NULL, NULL); bw_put(&w, 0, 32);
	expect_bw("literal/length code incomplete", &w, INFLATE_ERR_LITLEN_INCOMPLETE);

	/* A single 1-bit literal/length code (end-of-block) is allowed; '1' is unused. */
	memset(lens, 0, sizeof lens); lens[256] = 1;
	bw_init(&w); put_dynamic(&w, 1, 257, 1, lens, lc, dc); bw_code(&w, lc[256], 1);
	expect_bw("single end-of-block code", &w, INFLATE_OK);
	bw_init(&w); put_dynamic(&w, 1, 257, 1, lens, lc, dc); bw_code(&w, 1, 1);
	expect_bw("single code: unused codeword", &w, INFLATE_ERR_LITLEN_UNUSED);

	memset(lens, 0, sizeof lens); lens[0] = lens[256] = 1; lens[257] = lens[258] = lens[259] = 1;
	bw_init(&w); put_dynamic(&w, 1, 257, 3, lens, NULL, NULL); bw_put(&w, 0, 32);
	expect_bw("distance code over-subscribed", &w, INFLATE_ERR_DIST_OVER);
	memset(lens, 0, sizeof lens); lens[0] = lens[256] = 1; lens[257] = 2;
	bw_init(&w); put_dynamic(&w, 1, 257, 1, lens, NULL, NULL); bw_put(&w, 0, 32);
	expect_bw("distance code incomplete", &w, INFLATE_ERR_DIST_INCOMPLETE);

	/* Literal 'a', length 3 (257), then a distance from a code with no codes / one code. */
	memset(lens, 0, sizeof lens); lens['a'] = 2; lens[256] = 2; lens[257] = 1;
	bw_init(&w); put_dynamic(&w, 1, 258, 1, lens, lc, dc);
	bw_code(&w, lc['a'], 2); bw_code(&w, lc[257], 1); bw_put(&w, 0, 8);
	expect_bw("distance code with no codes", &w, INFLATE_ERR_DIST_UNUSED);
	lens[258] = 1;
	bw_init(&w); put_dynamic(&w, 1, 258, 1, lens, lc, dc);
	bw_code(&w, lc['a'], 2); bw_code(&w, lc[257], 1); bw_code(&w, dc[0], 1);
	bw_code(&w, lc[256], 2);
	expect_bw("single distance code", &w, INFLATE_OK);
	bw_init(&w); put_dynamic(&w, 1, 258, 1, lens, lc, dc);
	bw_code(&w, lc['a'], 2); bw_code(&w, lc[257], 1); bw_code(&w, 1, 1);
	expect_bw("single distance code: unused codeword", &w, INFLATE_ERR_DIST_UNUSED);
	bw_init(&w); put_dynamic(&w, 1, 258, 1, lens, lc, dc);
	bw_code(&w, lc[257], 1); bw_code(&w, dc[0], 1);
	expect_bw("dynamic: distance before the start", &w, INFLATE_ERR_DIST_TOO_FAR);
}

static void reject_gzip(void)
{
	uint8_t g[64], body[] = { 0x03, 0x00 }; /* fixed block, end-of-block: empty */
	size_t n = wrap_gzip(g, body, sizeof body, NULL, 0);
	uint8_t t[128];

	expect("gzip empty member", 1, g, n, 16, INFLATE_OK);
	memcpy(t, g, n); t[1] = 0x8c;
	expect("gzip bad magic", 1, t, n, 16, INFLATE_ERR_GZIP_MAGIC);
	memcpy(t, g, n); t[2] = 7;
	expect("gzip method 7", 1, t, n, 16, INFLATE_ERR_GZIP_METHOD);
	for (int b = 5; b < 8; b++) {
		char name[64];
		memcpy(t, g, n); t[3] = (uint8_t)(1 << b);
		snprintf(name, sizeof name, "gzip reserved flag bit %d", b);
		expect(name, 1, t, n, 16, INFLATE_ERR_GZIP_FLAGS);
	}
	memcpy(t, g, n); t[n - 8] ^= 1;
	expect("gzip CRC32 mismatch", 1, t, n, 16, INFLATE_ERR_GZIP_CRC);
	memcpy(t, g, n); t[n - 1] = 1;
	expect("gzip ISIZE mismatch", 1, t, n, 16, INFLATE_ERR_GZIP_ISIZE);
	/* FEXTRA + FNAME + FCOMMENT + FHCRC. */
	{
		uint8_t h[64] = { 0x1f, 0x8b, 8, 0x1e, 1, 2, 3, 4, 0, 3, 3, 0, 'x', 'y', 'z',
				  'n', 0, 'c', 0 };
		size_t hl = 19;
		uint32_t hc = (uint32_t)crc32(0, h, (uInt)hl);
		h[hl++] = (uint8_t)hc; h[hl++] = (uint8_t)(hc >> 8);
		memcpy(h + hl, g + 10, n - 10);
		expect("gzip all header fields", 1, h, hl + n - 10, 16, INFLATE_OK);
		h[hl - 2] ^= 0xff;
		expect("gzip header CRC mismatch", 1, h, hl + n - 10, 16, INFLATE_ERR_GZIP_HCRC);
		h[hl - 2] ^= 0xff;
		h[10] = 200; /* XLEN past the end */
		expect("gzip FEXTRA past the end", 1, h, hl + n - 10, 16, INFLATE_ERR_TRUNCATED);
		h[10] = 3;
		expect("gzip FNAME unterminated", 1, h, 16, 16, INFLATE_ERR_TRUNCATED);
		expect("gzip FCOMMENT unterminated", 1, h, 18, 16, INFLATE_ERR_TRUNCATED);
		expect("gzip FHCRC cut", 1, h, 20, 16, INFLATE_ERR_TRUNCATED);
	}
	memcpy(t, g, n); memcpy(t + n, g, n);
	expect("gzip two members", 1, t, 2 * n, 16, INFLATE_OK);
	t[2 * n] = 0;
	memcpy(t, g, n); t[n] = 0;
	expect("gzip trailing zero byte", 1, t, n + 1, 16, INFLATE_ERR_TRAILING_GARBAGE);
	memcpy(t, g, n); t[n] = 0x1f;
	expect("gzip trailing lone 0x1f", 1, t, n + 1, 16, INFLATE_ERR_TRUNCATED);
	memcpy(t, g, n); t[n] = 0x1f; t[n + 1] = 0x8b;
	expect("gzip trailing partial member", 1, t, n + 2, 16, INFLATE_ERR_TRUNCATED);
	expect("gzip empty input", 1, t, 0, 16, INFLATE_ERR_TRUNCATED);
}

/* The builder's capacity check: a code that needs a subtable, with room for none. */
static void reject_internal(void)
{
	uint8_t lens[288] = { 0 };
	uint32_t table[1 << LITLEN_TB], tmpl[288] = { 0 };
	enum inflate_result r;

	/* Lengths 1..11 and two of 12: complete, and the two 12-bit codes need a subtable. */
	lens[0] = 1; lens[1] = 2; lens[2] = 3; lens[3] = 4; lens[4] = 5; lens[5] = 6; lens[6] = 7;
	lens[7] = 8; lens[8] = 9; lens[9] = 10; lens[10] = 11; lens[11] = 12; lens[12] = 12;
	r = huff_build(table, 1 << LITLEN_TB, LITLEN_TB, lens, 288, tmpl, HUFF_LITLEN);
	tinf_check(r == INFLATE_ERR_INTERNAL, "table capacity check", "got '%s'",
		   inflate_strerror(r));
	r = huff_build(table, 1 << LITLEN_TB, LITLEN_TB, lens, 289, tmpl, HUFF_LITLEN);
	tinf_check(r == INFLATE_ERR_INTERNAL, "table symbol count check", "got '%s'",
		   inflate_strerror(r));
	tinf_check(!strcmp(inflate_strerror((enum inflate_result)999), "unknown inflate result"),
		   "strerror out of range", "wrong text");
}

void test_reject(void)
{
	reject_blocks();
	reject_dynamic_header();
	reject_codes();
	reject_gzip();
	reject_internal();
}
