/* lz4_block.c: one LZ4 block (lz4_Block_format.md): sequences of a token, literals, a 2-byte
 * offset and a match. A fast loop without per-byte bounds checks runs while FAST_IN_SLACK input
 * and FAST_OUT_SLACK output bytes remain, copying literals and matches in 16- and 32-byte words;
 * a checked loop, exact to the byte, decodes the block's tail and any sequence the fast loop
 * leaves to it. Freestanding; 64-bit mode. */
#include "lz4_internal.h"

/* "Sequences": a token holds the literal length (high 4 bits) and the match length minus
 * MINMATCH (low 4 bits); a field of RUN_MASK is followed by extra bytes, added up to the first
 * one that is not 255. The offset is 2 bytes, little-endian. */
#define MINMATCH 4
#define RUN_MASK 15
/* "End of block conditions": the last 5 bytes are literals, the last match starts at least 12
 * bytes before the end of the block. */
#define LAST_LITERALS 5
#define MFLIMIT 12

/* The fast loop starts a sequence only while more than FAST_IN_SLACK input bytes and more than
 * FAST_OUT_SLACK output bytes remain. A pass reads the token, 16 bytes for up to 14 literals and
 * the offset (19 bytes); longer literal runs and length bytes are checked against the slack. A
 * short pass writes at most 14 literals, then a match of up to 18 bytes as 18; a longer match
 * copy writes at most 31 bytes past its end (MATCH_OVERRUN is checked before it). */
#define FAST_IN_SLACK  32
#define FAST_OUT_SLACK 64
#define MATCH_OVERRUN  32
/* Literal runs this long go through memcpy (the C library's or lm64's, wider than 32 bytes). */
#define LONG_LITERALS  256
_Static_assert(1 + 16 + 2 <= FAST_IN_SLACK, "a short pass reads within the input slack");
_Static_assert(14 + MATCH_OVERRUN <= FAST_OUT_SLACK, "a short pass writes within the slack");

/* Offsets 2..7: the first 8 bytes go as 4 single bytes and one 4-byte word read from
 * op - off + small_inc[off] (a whole period back, so its bytes are final); after them the
 * match repeats with small_period[off], the smallest multiple of off that is >= 8, so 8-byte
 * words can be read whole from op + 8 - small_period[off]. */
static const uint8_t small_inc[8] = { 0, 0, 2, 1, 4, 4, 4, 4 };
static const uint8_t small_period[8] = { 0, 8, 8, 9, 8, 10, 12, 14 };

/* Copy a match of ml >= MINMATCH bytes from op - off (1 <= off < 8, every source byte before op
 * is final), writing at most 15 bytes past op + ml. */
LZ4_INLINE void copy_match_small(uint8_t *op, size_t off, size_t ml)
{
	const uint8_t *src = op - off;
	uint8_t *end = op + ml;

	if (off == 1) {
		uint64_t v = 0x0101010101010101ull * *src;

		do {
			store64(op, v);
			store64(op + 8, v);
			op += 16;
		} while (op < end);
		return;
	}
	op[0] = src[0];
	op[1] = src[1];
	op[2] = src[2];
	op[3] = src[3];
	*(u32_un *)(op + 4) = *(const u32_un *)(src + small_inc[off]);
	src = op + 8 - small_period[off];
	for (op += 8; op < end; op += 8, src += 8)
		store64(op, load64(src));
}

/* Copy a long match (ml > 18, off >= 1), writing at most 31 bytes past op + ml. */
static inline void copy_match_long(uint8_t *op, size_t off, size_t ml)
{
	const uint8_t *src = op - off;
	uint8_t *end = op + ml;

	if (off >= 16) {
		/* Each 16-byte load reads only bytes stored before it. */
		do {
			copy16(op, src);
			copy16(op + 16, src + 16);
			op += 32, src += 32;
		} while (op < end);
	} else if (off >= 8) {
		do {
			store64(op, load64(src));
			store64(op + 8, load64(src + 8));
			op += 16, src += 16;
		} while (op < end);
	} else {
		copy_match_small(op, off, ml);
	}
}

/* The exact copy of the checked loop: nothing written at or past op + ml. */
static uint8_t *copy_match_exact(uint8_t *op, size_t off, size_t ml)
{
	const uint8_t *src = op - off;
	uint8_t *end = op + ml;

	if (off < 8) {
		/* Bytes up to a period that is a multiple of off and >= 8, then words from it. */
		size_t period = off * ((8 + off - 1) / off);

		for (size_t i = 0; i < period && op < end; i++)
			*op++ = *src++;
		src = op - period;
	}
	for (; end - op >= 8; op += 8, src += 8)
		store64(op, load64(src));
	while (op < end)
		*op++ = *src++;
	return op;
}

/* Read a length's extra bytes from *ipp (before iend); returns 0 when the block ends first. */
LZ4_INLINE int extra_len(const uint8_t **ipp, const uint8_t *iend, size_t *len)
{
	const uint8_t *ip = *ipp;
	uint32_t b;

	do {
		if (ip == iend)
			return 0;
		b = *ip++;
		*len += b;
	} while (b == 255);
	*ipp = ip;
	return 1;
}

enum lz4_result lz4_block(const uint8_t *ip, const uint8_t *iend, const uint8_t *floor,
			  uint8_t **opp, size_t blk_max, uint8_t *out_end)
{
	uint8_t *op = *opp;
	size_t out_room = (size_t)(out_end - op);
	uint8_t *lim = op + (blk_max < out_room ? blk_max : out_room);
	enum lz4_result full = blk_max >= out_room ? LZ4_ERR_OUTPUT_FULL : LZ4_ERR_BLOCK_OVERFLOW;
	const uint8_t *mstart = NULL; /* where the last match started (NULL: none yet) */
	enum lz4_result r;
	size_t lit, ml, off;
	unsigned token;

	if ((size_t)(iend - ip) > FAST_IN_SLACK && (size_t)(lim - op) > FAST_OUT_SLACK) {
		const uint8_t *in_fast = iend - FAST_IN_SLACK;
		uint8_t *out_fast = lim - FAST_OUT_SLACK;

		/* A sequence the fast loop cannot finish goes on in the checked loop at the same
		 * step (checked_literals, checked_match), nothing decoded twice. */
		do {
			token = *ip++;
			lit = token >> 4;
			if (LZ4_LIKELY(lit != RUN_MASK)) {
				copy16(op, ip);
			} else {
				/* the first length byte is within the slack; more only after a 255 */
				uint32_t b = *ip++;

				lit += b;
				if (LZ4_UNLIKELY(b == 255) && !extra_len(&ip, iend, &lit)) {
					r = LZ4_ERR_LITERAL_LEN_END;
					goto out;
				}
				/* (the length bytes may have taken ip past in_fast: count from iend) */
				if (lit + FAST_IN_SLACK > (size_t)(iend - ip) ||
				    lit + FAST_OUT_SLACK > (size_t)(lim - op))
					goto checked_literals;
				if (lit >= LONG_LITERALS) {
					__builtin_memcpy(op, ip, lit);
				} else {
					for (size_t i = 0; i < lit; i += 32) {
						copy16(op + i, ip + i);
						copy16(op + i + 16, ip + i + 16);
					}
				}
			}
			ip += lit;
			op += lit;
			off = le16(ip);
			ip += 2;
			ml = token & RUN_MASK;
			if (LZ4_LIKELY(ml != RUN_MASK)) {
				ml += MINMATCH;
				/* off 0 or beyond the history: the checked loop says which */
				if (LZ4_UNLIKELY(off - 1 >= (size_t)(op - floor)))
					goto checked_match;
				/* 4..18 bytes as 16 + 2 or 8 + 8 + 2, no loop */
				if (LZ4_LIKELY(off >= 16)) {
					const uint8_t *src = op - off;

					copy16(op, src);
					*(u16_un *)(op + 16) = *(const u16_un *)(src + 16);
				} else if (off >= 8) {
					const uint8_t *src = op - off;

					store64(op, load64(src));
					store64(op + 8, load64(src + 8));
					*(u16_un *)(op + 16) = *(const u16_un *)(src + 16);
				} else {
					copy_match_small(op, off, ml);
				}
			} else {
				/* the first length byte is within the slack (ip <= iend - 16 here) */
				uint32_t b = *ip++;

				ml += b;
				if (LZ4_UNLIKELY(b == 255) && !extra_len(&ip, iend, &ml)) {
					r = LZ4_ERR_MATCH_LEN_END;
					goto out;
				}
				ml += MINMATCH;
				/* room for ml + MATCH_OVERRUN: op <= out_fast + 14, so this is > 0 */
				if (LZ4_UNLIKELY(off - 1 >= (size_t)(op - floor)) ||
				    ml > (size_t)(out_fast + (FAST_OUT_SLACK - MATCH_OVERRUN) - op))
					goto checked_match;
				copy_match_long(op, off, ml);
			}
			op += ml;
		} while (ip < in_fast && op < out_fast);
		mstart = op - ml;
	}
	for (;;) {
		if (ip == iend) {
			r = LZ4_ERR_NO_LAST_LITERALS;
			goto out;
		}
		token = *ip++;
		lit = token >> 4;
		if (lit == RUN_MASK && !extra_len(&ip, iend, &lit)) {
			r = LZ4_ERR_LITERAL_LEN_END;
			goto out;
		}
checked_literals: /* token, lit and ip past the length; op at the sequence's start */
		if (lit > (size_t)(iend - ip)) {
			r = LZ4_ERR_LITERALS_END;
			goto out;
		}
		if (lit > (size_t)(lim - op)) {
			r = full;
			goto out;
		}
		__builtin_memcpy(op, ip, lit);
		ip += lit;
		op += lit;
		if (ip == iend) {
			/* the last sequence: literals only, its token's match length 0 */
			if (token & RUN_MASK) {
				r = LZ4_ERR_LAST_TOKEN;
				goto out;
			}
			break;
		}
		if (iend - ip < 2) {
			r = LZ4_ERR_OFFSET_END;
			goto out;
		}
		off = le16(ip);
		ip += 2;
		ml = token & RUN_MASK;
		if (ml == RUN_MASK && !extra_len(&ip, iend, &ml)) {
			r = LZ4_ERR_MATCH_LEN_END;
			goto out;
		}
		ml += MINMATCH;
checked_match: /* off and ml known, ip past them, op past the literals */
		if (off == 0) {
			r = LZ4_ERR_OFFSET_ZERO;
			goto out;
		}
		if (off > (size_t)(op - floor)) {
			r = LZ4_ERR_OFFSET_TOO_FAR;
			goto out;
		}
		if (ml > (size_t)(lim - op)) {
			r = full;
			goto out;
		}
		mstart = op;
		op = copy_match_exact(op, off, ml);
	}
	r = LZ4_OK;
	if (mstart && lit < LAST_LITERALS)
		r = LZ4_ERR_LAST_LITERALS;
	else if (mstart && op - mstart < MFLIMIT)
		r = LZ4_ERR_LAST_MATCH;
out:
	*opp = op;
	return r;
}
