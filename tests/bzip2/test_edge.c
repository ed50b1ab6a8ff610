/* test_edge.c: hand-made edge streams (host): empty and one-byte streams, each rejection reason
 * from the test encoder (libbz2 must reject them too, except where we are documented stricter),
 * CRC flips, every prefix, output one byte short, bit flips compared with libbz2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "tbz.h"

#define AS_LIBBZ2 ((enum bzip2_result)-1) /* the verdict libbz2 gives */

static uint8_t data[20000], comp[60000], out[40000], ref[40000];

/* Encode data[0..n) with o, expect result want from ours; libbz2 must fail as well unless
 * ref_may_accept (the cases we refuse on purpose). */
static void expect(const char *what, size_t n, const struct tbz_opts *o, enum bzip2_result want,
		   int ref_may_accept)
{
	size_t clen = tbz_encode(data, n, o, comp, sizeof comp), olen, used;
	enum bzip2_result r = bzip2_decode(comp, clen, &used, out, sizeof out, &olen, tbz_work());
	struct ref_result z = ref_decode(comp, clen, ref, sizeof ref);

	if (want == AS_LIBBZ2) {
		CHECK((r == BZIP2_OK) == (z.kind == REF_OK), "%s: '%s', libbz2 %d", what,
		      bzip2_strerror(r), z.kind);
		want = r;
	}
	CHECK(r == want, "%s: got '%s', want '%s'", what, bzip2_strerror(r), bzip2_strerror(want));
	CHECK(olen <= sizeof out, "%s: out_len %zu", what, olen);
	if (want != BZIP2_OK && !ref_may_accept)
		CHECK(z.kind != REF_OK, "%s: libbz2 accepts it", what);
	if (want == BZIP2_OK)
		CHECK(z.kind == REF_OK && z.out_len == olen && !memcmp(ref, out, olen) &&
		      (o->raw_block || (olen == n && !memcmp(out, data, n))),
		      "%s: differs from libbz2 or input", what);
}

static void rejections(void)
{
	struct tbz_opts o;
	const size_t n = 5000;

	tbz_sample(data, sizeof data, 0, 3);
#define CASE(what, n, set, want, may) do { memset(&o, 0, sizeof o); set; expect(what, n, &o, want, may); } while (0)
	CASE("valid", n, (void)0, BZIP2_OK, 0);
	CASE("empty stream", 0, (void)0, BZIP2_OK, 0);
	CASE("one byte", 1, (void)0, BZIP2_OK, 0);
	CASE("level 1", n, o.level = 1, BZIP2_OK, 0);
	CASE("level '0'", n, o.level_char = '0', BZIP2_ERR_LEVEL, 0);
	CASE("level ':'", n, o.level_char = ':', BZIP2_ERR_LEVEL, 0);
	CASE("bad end-of-stream magic", n, o.eos_magic_xor = 1, BZIP2_ERR_BLOCK_MAGIC, 0);
	CASE("block crc flipped", n, o.block_crc_xor = 1u << 31, BZIP2_ERR_BLOCK_CRC, 0);
	CASE("block crc low bit", n, o.block_crc_xor = 1, BZIP2_ERR_BLOCK_CRC, 0);
	CASE("stream crc flipped", n, o.stream_crc_xor = 0x10000, BZIP2_ERR_STREAM_CRC, 0);
	CASE("empty stream crc flipped", 0, o.stream_crc_xor = 1, BZIP2_ERR_STREAM_CRC, 0);
	CASE("randomised", n, o.randomised = 1, BZIP2_ERR_RANDOMISED, 1);
	CASE("empty symbol map", n, o.empty_map = 1, BZIP2_ERR_NO_SYMBOLS, 0);
	CASE("0 tables", n, o.groups = 0x8 /* written as 3 bits: 0 */, BZIP2_ERR_GROUPS, 0);
	CASE("1 table", n, o.groups = 1, BZIP2_ERR_GROUPS, 0);
	CASE("7 tables", n, o.groups = 7, BZIP2_ERR_GROUPS, 0);
	CASE("6 tables", n, o.groups = 6, BZIP2_OK, 0);
	CASE("no selectors", 1, o.sel_delta = -1, BZIP2_ERR_NO_SELECTORS, 0);
	CASE("selector out of range", n, o.bad_selector = 1, BZIP2_ERR_SELECTOR, 0);
	CASE("too few selectors", n, o.sel_delta = -1, BZIP2_ERR_SELECTORS_USED_UP, 0);
	CASE("extra selectors", n, o.sel_delta = 30, BZIP2_OK, 0);
	CASE("20000 extra selectors (past 18002 ignored)", n, o.sel_delta = 20000, BZIP2_OK, 0);
	CASE("code length 0", n, o.bad_len = 1, BZIP2_ERR_CODE_LENGTH, 0);
	CASE("code length 21", n, o.bad_len = 2, BZIP2_ERR_CODE_LENGTH, 0);
	CASE("over-subscribed code", n, o.len_mode = 2, AS_LIBBZ2, 0);
	CASE("incomplete code", n, o.len_mode = 1, BZIP2_OK, 0);
	CASE("unused codeword", n, (o.len_mode = 1, o.emit_unused = 1), BZIP2_ERR_CODE_UNUSED, 0);
	CASE("codes of 20 bits", n, o.len_mode = 3, BZIP2_OK, 0);
	CASE("21 RUNA", n, o.runs_before_eob = 21, BZIP2_ERR_BLOCK_TOO_LONG, 0);
	CASE("22 RUNA", n, o.runs_before_eob = 22, BZIP2_ERR_RUN_OVERFLOW, 0);
	CASE("run past level 1", n, (o.level = 1, o.runs_before_eob = 17), BZIP2_ERR_BLOCK_TOO_LONG, 0);
	CASE("origPtr = length", n, o.orig_ptr_delta = 100000, BZIP2_ERR_ORIGPTR, 0);
	memcpy(data, "xaaaa", 5);
	CASE("4-run without count", 5, o.raw_block = 1, BZIP2_ERR_RUN_NO_COUNT, 0);
	CASE("4-run with count", 6, (data[5] = 200, o.raw_block = 1), BZIP2_OK, 0);
	CASE("empty block", 0, o.raw_block = 1, BZIP2_ERR_ORIGPTR, 0);
	memset(data, 'q', 5000);
	CASE("one long run", 5000, (void)0, BZIP2_OK, 0);
	tbz_sample(data, sizeof data, 0, 3);
#undef CASE
	{
		size_t used, olen;
		uint8_t w[64];

		CHECK_EQ(bzip2_decode((const uint8_t *)"BZx9", 4, &used, out, 1, &olen, tbz_work()), BZIP2_ERR_MAGIC);
		CHECK_EQ(bzip2_decode((const uint8_t *)"", 0, &used, out, 1, &olen, tbz_work()), BZIP2_ERR_TRUNCATED);
		CHECK_EQ(bzip2_decode((const uint8_t *)"BZh9", 4, &used, out, 1, &olen, NULL), BZIP2_ERR_BAD_WORK);
		CHECK_EQ(bzip2_decode((const uint8_t *)"BZh9", 4, &used, out, 1, &olen, w + 1), BZIP2_ERR_BAD_WORK);
		for (int r = 0; r <= BZIP2_RESULT_COUNT; r++)
			CHECK(bzip2_strerror((enum bzip2_result)r) != NULL, "strerror %d", r);
	}
}

/* Every proper prefix of a stream is truncated; the output one byte short is output-full. */
static void prefixes_and_limits(void)
{
	const size_t n = 3000;
	size_t clen, olen, used;
	int bad = 0, refbad = 0;

	tbz_sample(data, n, 0, 11);
	clen = ref_encode(data, n, 9, comp, sizeof comp);
	for (size_t k = 0; k < clen; k++) {
		uint8_t *p = malloc(k ? k : 1); /* exact size: ASan sees any read past the prefix */
		struct ref_result z;

		memcpy(p, comp, k);
		if (bzip2_decode(p, k, &used, out, sizeof out, &olen, tbz_work()) != BZIP2_ERR_TRUNCATED ||
		    bzip2_decode_stream(p, k, &used, out, sizeof out, &olen, tbz_work()) != BZIP2_ERR_TRUNCATED)
			bad++;
		z = ref_decode(p, k, ref, sizeof ref);
		if (z.kind != REF_NEED_INPUT)
			refbad++;
		free(p);
	}
	CHECK(bad == 0, "%d of %zu prefixes not truncated", bad, clen);
	CHECK(refbad == 0, "libbz2: %d prefixes not 'needs input'", refbad);
	CHECK_EQ(bzip2_decode(comp, clen, &used, out, n - 1, &olen, tbz_work()), BZIP2_ERR_OUTPUT_FULL);
	CHECK(olen <= n - 1, "out_len %zu", olen);
	CHECK_EQ(bzip2_decode(comp, clen, &used, out, n, &olen, tbz_work()), BZIP2_OK);
	/* A run's count byte that does not fit: one long run, one byte short. */
	memset(data, 'r', 300);
	clen = ref_encode(data, 300, 1, comp, sizeof comp);
	CHECK_EQ(bzip2_decode(comp, clen, &used, out, 299, &olen, tbz_work()), BZIP2_ERR_OUTPUT_FULL);
	CHECK_EQ(bzip2_decode(comp, clen, &used, out, 300, &olen, tbz_work()), BZIP2_OK);
	{
		uint8_t *o = malloc(1);
		size_t e = ref_encode(data, 0, 9, comp, sizeof comp);
		CHECK_EQ(bzip2_decode(comp, e, &used, o, 0, &olen, tbz_work()), BZIP2_OK);
		CHECK_EQ(olen, 0);
		free(o);
	}
}

/* Single bit flips of a small stream: ours and libbz2 give the same verdict and bytes. */
static void flips(void)
{
	const size_t n = 2000;
	size_t clen, olen, used;
	uint32_t seed = 12345;
	int disagree = 0, crc_hits = 0;

	tbz_sample(data, n, 3, 2);
	clen = ref_encode(data, n, 9, comp, sizeof comp);
	for (int i = 0; i < 2500; i++) {
		size_t bit = tbz_rnd(&seed) % (clen * 8);
		enum bzip2_result r;
		struct ref_result z;

		comp[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		r = bzip2_decode_stream(comp, clen, &used, out, sizeof out, &olen, tbz_work());
		z = ref_decode(comp, clen, ref, sizeof ref);
		if (r == BZIP2_OK ? z.kind != REF_OK || z.out_len != olen || memcmp(out, ref, olen)
				  : z.kind == REF_OK && r != BZIP2_ERR_RANDOMISED &&
				    r != BZIP2_ERR_CODE_PAST_ALPHABET) {
			disagree++;
			printf("flip %zu: ours '%s', libbz2 %d\n", bit, bzip2_strerror(r), z.kind);
		}
		if (bit >= 80 && bit < 112)
			crc_hits += r == BZIP2_ERR_BLOCK_CRC;
		comp[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
	}
	CHECK(disagree == 0, "%d of 2500 bit flips disagree with libbz2", disagree);
	CHECK(crc_hits > 0, "no flip of the block CRC field was reported as a block crc mismatch");
}

/* A last column that is no sort of rotations: its rows form several cycles. libbz2 walks n
 * steps round the cycle of origPtr's row; ours must give the same bytes (its laned walk sees
 * the cycles and walks plainly), and accept the block once its CRC matches those bytes. */
static void multi_cycle(void)
{
	const size_t n = 20000;
	uint32_t seed = 77;
	struct tbz_opts o = { 0 };
	size_t clen, olen, used;
	enum bzip2_result r;
	struct ref_result z;

	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)(tbz_rnd(&seed) % 200);
	o.raw_block = o.raw_l = 1;
	o.orig_ptr_delta = 1234;
	clen = tbz_encode(data, n, &o, comp, sizeof comp);
	r = bzip2_decode(comp, clen, &used, out, sizeof out, &olen, tbz_work());
	z = ref_decode(comp, clen, ref, sizeof ref);
	CHECK(r == BZIP2_ERR_BLOCK_CRC && z.kind == REF_DATA_ERROR, "multi-cycle: '%s', libbz2 %d",
	      bzip2_strerror(r), z.kind);
	CHECK(olen == z.out_len && !memcmp(out, ref, olen), "multi-cycle: %zu bytes, libbz2 %zu",
	      olen, z.out_len);
	/* The CRC the encoder wrote is over the wrong bytes; correct it to the walk's. */
	o.block_crc_xor = ~tbz_crc(~0u, out, olen) ^ ((uint32_t)comp[10] << 24 | (uint32_t)comp[11] << 16 | comp[12] << 8 | comp[13]);
	clen = tbz_encode(data, n, &o, comp, sizeof comp);
	r = bzip2_decode(comp, clen, &used, out, sizeof out, &olen, tbz_work());
	z = ref_decode(comp, clen, ref, sizeof ref);
	CHECK(r == BZIP2_OK && z.kind == REF_OK && olen == z.out_len && !memcmp(out, ref, olen),
	      "multi-cycle with its CRC: '%s', libbz2 %d", bzip2_strerror(r), z.kind);
}

/* Exact limits, with last columns taken as they are (no sorting, so any length is cheap):
 * a level-1 block of 100,000 bytes is accepted (its CRC is then the only fault) and one of
 * 100,001 is not; origPtr = n - 1 is in range, origPtr = n is not. libbz2 agrees on each. */
static void limits(void)
{
	const size_t n = 100001;
	uint8_t *l = malloc(n), *c = malloc(2 * n), *o = malloc(2 * n), *z = malloc(2 * n);
	uint32_t seed = 5;
	static const struct { size_t n; int level, orig; enum bzip2_result want; } k[] = {
		{ 100000, 1, 0, BZIP2_ERR_BLOCK_CRC },
		{ 100001, 1, 0, BZIP2_ERR_BLOCK_TOO_LONG },
		{ 100001, 2, 0, BZIP2_ERR_BLOCK_CRC },
		{ 50000, 1, 49999, BZIP2_ERR_BLOCK_CRC },
		{ 50000, 1, 50000, BZIP2_ERR_ORIGPTR },
	};

	for (size_t i = 0; i < n; i++)
		l[i] = (uint8_t)(tbz_rnd(&seed) % 250);
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		struct tbz_opts op = { 0 };
		size_t clen, olen, used;
		enum bzip2_result r;
		struct ref_result zr;

		op.raw_block = op.raw_l = 1;
		op.level = k[i].level;
		op.orig_ptr_delta = k[i].orig;
		clen = tbz_encode(l, k[i].n, &op, c, 2 * n);
		r = bzip2_decode(c, clen, &used, o, 2 * n, &olen, tbz_work());
		zr = ref_decode(c, clen, z, 2 * n);
		CHECK(r == k[i].want && zr.kind == REF_DATA_ERROR, "limits %zu: n %zu level %d origPtr %d: "
		      "'%s', libbz2 %d", i, k[i].n, k[i].level, k[i].orig, bzip2_strerror(r), zr.kind);
	}
	free(l);
	free(c);
	free(o);
	free(z);
}

void test_edge(void)
{
	multi_cycle();
	limits();
	rejections();
	prefixes_and_limits();
	flips();
}
