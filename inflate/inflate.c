/* inflate.c: raw deflate (RFC 1951) decoding of a whole buffer: block headers, stored blocks,
 * fixed and dynamic Huffman codes, and the literal/match loop (a fast loop without bounds
 * checks while input and output slack remain, a checked loop for the tail). Freestanding. */
#include "inflate.h"
#include "bits.h"
#include "huffman.h"
#include "inflate_state.h"

#define LIT(n)   (HUFF_LIT | HUFF_VALUE(n))
#define LIT4(n)  LIT(n), LIT((n) + 1), LIT((n) + 2), LIT((n) + 3)
#define LIT16(n) LIT4(n), LIT4((n) + 4), LIT4((n) + 8), LIT4((n) + 12)
#define LIT64(n) LIT16(n), LIT16((n) + 16), LIT16((n) + 32), LIT16((n) + 48)
#define BASE(base, extra) (HUFF_VALUE(base) | (extra))
#define BAD(err) (HUFF_EXC | HUFF_VALUE(err))

/* RFC 1951 3.2.5: literal/length symbols 0..287 and distance symbols 0..31. */
static const uint32_t litlen_tmpl[288] = {
	LIT64(0), LIT64(64), LIT64(128), LIT64(192),
	HUFF_EXC | HUFF_VALUE(INFLATE_OK), /* 256: end of block */
	BASE(3, 0), BASE(4, 0), BASE(5, 0), BASE(6, 0), BASE(7, 0), BASE(8, 0), BASE(9, 0),
	BASE(10, 0), BASE(11, 1), BASE(13, 1), BASE(15, 1), BASE(17, 1), BASE(19, 2),
	BASE(23, 2), BASE(27, 2), BASE(31, 2), BASE(35, 3), BASE(43, 3), BASE(51, 3),
	BASE(59, 3), BASE(67, 4), BASE(83, 4), BASE(99, 4), BASE(115, 4), BASE(131, 5),
	BASE(163, 5), BASE(195, 5), BASE(227, 5), BASE(258, 0),
	BAD(INFLATE_ERR_LITLEN_SYMBOL), BAD(INFLATE_ERR_LITLEN_SYMBOL),
};
static const uint32_t dist_tmpl[32] = {
	BASE(1, 0), BASE(2, 0), BASE(3, 0), BASE(4, 0), BASE(5, 1), BASE(7, 1), BASE(9, 2),
	BASE(13, 2), BASE(17, 3), BASE(25, 3), BASE(33, 4), BASE(49, 4), BASE(65, 5),
	BASE(97, 5), BASE(129, 6), BASE(193, 6), BASE(257, 7), BASE(385, 7), BASE(513, 8),
	BASE(769, 8), BASE(1025, 9), BASE(1537, 9), BASE(2049, 10), BASE(3073, 10),
	BASE(4097, 11), BASE(6145, 11), BASE(8193, 12), BASE(12289, 12), BASE(16385, 13),
	BASE(24577, 13),
	BAD(INFLATE_ERR_DIST_SYMBOL), BAD(INFLATE_ERR_DIST_SYMBOL),
};
static const uint32_t precode_tmpl[19] = {
	HUFF_VALUE(0), HUFF_VALUE(1), HUFF_VALUE(2), HUFF_VALUE(3), HUFF_VALUE(4),
	HUFF_VALUE(5), HUFF_VALUE(6), HUFF_VALUE(7), HUFF_VALUE(8), HUFF_VALUE(9),
	HUFF_VALUE(10), HUFF_VALUE(11), HUFF_VALUE(12), HUFF_VALUE(13), HUFF_VALUE(14),
	HUFF_VALUE(15), HUFF_VALUE(16), HUFF_VALUE(17), HUFF_VALUE(18),
};
/* RFC 1951 3.2.7: the order code-length code lengths are sent in. */
static const uint8_t precode_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};


/* Take n <= 32 bits after a refill guaranteed at least n. */
static unsigned take(struct bitreader *br, unsigned n)
{
	unsigned v;

	if (br->bc < n)
		REFILL_SLOW(br->bb, br->bc, br->p, br->end, br->phantom);
	v = (unsigned)(br->bb & MASK(n));
	br->bb >>= n;
	br->bc -= n;
	return v;
}

#define FAIL_CHECKED(br, err) \
	return OVERRUN((br)->bc, (br)->phantom) ? INFLATE_ERR_TRUNCATED : (err)

static enum inflate_result read_fixed(struct inflate_state *s)
{
	unsigned i = 0;
	enum inflate_result r;

	if (s->tables_fixed)
		return INFLATE_OK;
	for (; i < 144; i++) s->lens[i] = 8;
	for (; i < 256; i++) s->lens[i] = 9;
	for (; i < 280; i++) s->lens[i] = 7;
	for (; i < 288; i++) s->lens[i] = 8;
	for (; i < 288 + 32; i++) s->lens[i] = 5;
	r = huff_build(s->codes, LITLEN_ENOUGH, LITLEN_TB, s->lens, 288, litlen_tmpl, HUFF_LITLEN);
	if (r == INFLATE_OK)
		r = huff_build(s->codes + DIST_AT, DIST_ENOUGH, DIST_TB, s->lens + 288, 32, dist_tmpl, HUFF_DIST);
	s->tables_fixed = (r == INFLATE_OK);
	return r;
}

/* RFC 1951 3.2.7: HLIT, HDIST, HCLEN, the code-length code, then the run-length coded code
 * lengths of both codes. */
static enum inflate_result read_dynamic(struct inflate_state *s)
{
	struct bitreader *br = &s->br;
	uint8_t plens[19] = { 0 };
	unsigned nlit, ndist, nclen, i, n;
	enum inflate_result r;

	s->tables_fixed = 0;
	nlit = take(br, 5) + 257;
	ndist = take(br, 5) + 1;
	nclen = take(br, 4) + 4;
	if (nlit > 286 || ndist > 30)
		FAIL_CHECKED(br, INFLATE_ERR_TOO_MANY_SYMS);
	for (i = 0; i < nclen; i++)
		plens[precode_order[i]] = (uint8_t)take(br, 3);
	if (OVERRUN(br->bc, br->phantom))
		return INFLATE_ERR_TRUNCATED;
	r = huff_build(s->precode, PRECODE_ENOUGH, PRECODE_TB, plens, 19, precode_tmpl,
		       HUFF_PRECODE);
	if (r != INFLATE_OK)
		return r;
	for (i = 0, n = nlit + ndist; i < n;) {
		unsigned sym, rep;
		uint32_t e;
		uint8_t v = 0;

		if (br->bc < 14)
			REFILL_SLOW(br->bb, br->bc, br->p, br->end, br->phantom);
		e = s->precode[br->bb & MASK(PRECODE_TB)];
		br->bb >>= e & 0xff;
		br->bc -= e & 0xff;
		sym = e >> 16;
		if (sym < 16) {
			s->lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			/* Like zlib, judge the repeat once its extra bits are there. */
			rep = 3 + take(br, 2);
			if (i == 0)
				FAIL_CHECKED(br, INFLATE_ERR_REPEAT_FIRST);
			v = s->lens[i - 1];
		} else if (sym == 17) {
			rep = 3 + take(br, 3);
		} else {
			rep = 11 + take(br, 7);
		}
		if (rep > n - i)
			FAIL_CHECKED(br, INFLATE_ERR_REPEAT_OVERRUN);
		while (rep--)
			s->lens[i++] = v;
	}
	if (OVERRUN(br->bc, br->phantom))
		return INFLATE_ERR_TRUNCATED;
	if (s->lens[256] == 0)
		return INFLATE_ERR_NO_END_OF_BLOCK;
	r = huff_build(s->codes, LITLEN_ENOUGH, LITLEN_TB, s->lens, nlit, litlen_tmpl, HUFF_LITLEN);
	if (r != INFLATE_OK)
		return r;
	/* The distance lengths follow the literal/length ones in the same run. */
	return huff_build(s->codes + DIST_AT, DIST_ENOUGH, DIST_TB, s->lens + nlit, ndist, dist_tmpl, HUFF_DIST);
}

/* RFC 1951 3.2.4: skip to a byte boundary, LEN, NLEN, LEN raw bytes. */
static enum inflate_result read_stored(struct inflate_state *s)
{
	struct bitreader *br = &s->br;
	size_t len, buffered;

	br->bb >>= br->bc & 7;
	br->bc &= ~7u;
	if (br->phantom > br->bc / 8)
		return INFLATE_ERR_TRUNCATED;
	/* Give the whole bytes still in the bit buffer back to the input. */
	buffered = br->bc / 8 - br->phantom;
	br->p -= buffered;
	br->bb = 0;
	br->bc = 0;
	br->phantom = 0;
	if (br->end - br->p < 4)
		return INFLATE_ERR_TRUNCATED;
	len = load16(br->p);
	if ((len ^ load16(br->p + 2)) != 0xffff)
		return INFLATE_ERR_STORED_LEN;
	br->p += 4;
	if ((size_t)(br->end - br->p) < len)
		return INFLATE_ERR_TRUNCATED;
	if ((size_t)(s->out_end - s->op) < len)
		return INFLATE_ERR_OUTPUT_FULL;
	__builtin_memcpy(s->op, br->p, len);
	s->op += len;
	br->p += len;
	return INFLATE_OK;
}

static enum inflate_result inflate_blocks(struct inflate_state *s)
{
	struct bitreader *br = &s->br;
	unsigned final;
	enum inflate_result r;

	do {
		final = take(br, 1);
		switch (take(br, 2)) {
		case 0:
			r = read_stored(s);
			break;
		case 1:
			r = read_fixed(s);
			if (r == INFLATE_OK)
				r = inflate_codes(s);
			break;
		case 2:
			r = read_dynamic(s);
			if (r == INFLATE_OK)
				r = inflate_codes(s);
			break;
		default:
			FAIL_CHECKED(br, INFLATE_ERR_BLOCK_TYPE);
		}
		if (r != INFLATE_OK)
			return r;
		if (s->crc) {
			size_t n = (size_t)(s->op - s->crc_pos);

			*s->crc = crc32_update_cpu(*s->crc, s->crc_pos, n, s->features);
			s->crc_pos = s->op;
			if (n >= s->crc_max) {
				s->crc_max = n;
				s->crc_path = crc32_path_name(n, s->features);
			}
		}
	} while (!final);
	return OVERRUN(br->bc, br->phantom) ? INFLATE_ERR_TRUNCATED : INFLATE_OK;
}

/* CPUID is asked once (cpu.c), whatever the input's size: a small member may expand a lot. */
enum inflate_result inflate_raw_crc(const uint8_t *in, size_t in_len, size_t *in_used,
				    uint8_t *out, size_t out_cap, size_t *out_len, uint32_t *crc,
				    struct inflate_path *path)
{
	return inflate_raw_cpu(in, in_len, in_used, out, out_cap, out_len, crc,
			       inflate_cpu_features(), path);
}

enum inflate_result inflate_raw_cpu(const uint8_t *in, size_t in_len, size_t *in_used,
				    uint8_t *out, size_t out_cap, size_t *out_len, uint32_t *crc,
				    unsigned features, struct inflate_path *path)
{
	struct inflate_state s;
	enum inflate_result r;

	s.br.p = in;
	s.br.end = in + in_len;
	s.br.bb = 0;
	s.br.bc = 0;
	s.br.phantom = 0;
	s.in = in;
	s.out = s.op = out;
	s.out_end = out + out_cap;
	s.tables_fixed = 0;
	s.features = features;
	s.crc = crc;
	s.crc_pos = out;
	s.crc_max = 0;
	s.crc_path = NULL;
	r = inflate_blocks(&s);
	if (path) {
		path->loop = inflate_loop_name(features);
		path->crc = s.crc_path;
	}
	if (out_len)
		*out_len = (size_t)(s.op - out);
	if (in_used)
		*in_used = (size_t)(s.br.p - in) + s.br.phantom - s.br.bc / 8;
	return r;
}

enum inflate_result inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
				uint8_t *out, size_t out_cap, size_t *out_len)
{
	return inflate_raw_crc(in, in_len, in_used, out, out_cap, out_len, NULL, NULL);
}
