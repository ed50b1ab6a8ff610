/* lzma_dec.c: the LZMA decoder: properties, state reset, literal coder (lc/lp/pb), match and rep
 * states, length decoders, distance slots with align bits, the end marker (the range decoder is
 * lzma_rc.h). The dictionary is the flat output buffer; the probabilities live in the caller's
 * workspace. Freestanding. */
#include "xz_internal.h"
#include "lzma_rc.h"

/* A symbol reads at most 1 + 1 + 10 (length) + 6 (slot) + 26 (direct) + 4 (align) bits, one
 * input byte per bit at most, plus the final normalisation: the fast loop needs this many. */
#define LZMA_SYMBOL_MAX_IN   64
/* ... and room for the longest match plus the 8-byte copy overrun. */
#define LZMA_SYMBOL_MAX_OUT  (LZMA_MATCH_LEN_MAX + 8)

/* The state machine (specification, "The state"): 0-6 after a literal, 7-11 after a match. */
#define LZMA_LIT_STATES 7
XZ_INLINE uint32_t state_after_literal(uint32_t s) { return s < 4 ? 0 : s < 10 ? s - 3 : s - 6; }
XZ_INLINE uint32_t state_after_match(uint32_t s) { return s < LZMA_LIT_STATES ? 7 : 10; }
XZ_INLINE uint32_t state_after_rep(uint32_t s) { return s < LZMA_LIT_STATES ? 8 : 11; }
XZ_INLINE uint32_t state_after_short_rep(uint32_t s) { return s < LZMA_LIT_STATES ? 9 : 11; }

enum xz_result lzma_props(struct lzma_dec *d, unsigned byte)
{
	/* properties byte = (pb * 5 + lp) * 9 + lc, lc <= 8, lp <= 4, pb <= 4 */
	if (byte >= (4 * 5 + 4) * 9 + 8 + 1)
		return XZ_ERR_LZMA_PROPS;
	d->lc = byte % 9;
	d->lp = (byte / 9) % 5;
	d->pb = byte / 45;
	if (d->lc + d->lp > LZMA_LCLP_MAX)
		return XZ_ERR_LZMA_PROPS;
	return XZ_OK;
}

/* State reset: every probability to 0.5, the state and the rep distances to 0. */
void lzma_reset_state(struct lzma_dec *d, struct lzma_probs *p)
{
	uint16_t *q = (uint16_t *)p;
	size_t n = (sizeof(*p) - sizeof(p->literal)) / 2 + ((size_t)LZMA_LIT_SIZE << (d->lc + d->lp));

	_Static_assert(offsetof(struct lzma_probs, literal) + sizeof(((struct lzma_probs *)0)->literal)
		       == sizeof(struct lzma_probs), "literal probabilities last");
	for (size_t i = 0; i < n; i++)
		q[i] = LZMA_PROB_INIT;
	d->state = d->rep0 = d->rep1 = d->rep2 = d->rep3 = 0;
	d->eopm = 0;
}

/* Range coder start: 5 bytes, the first 0, then the code big-endian. */
enum xz_result lzma_rc_init(struct lzma_dec *d)
{
	if (d->in_end - d->in < 5)
		return XZ_ERR_TRUNCATED;
	if (d->in[0] != 0)
		return XZ_ERR_LZMA_RC_INIT;
	d->code = xz_be32(d->in + 1);
	d->range = 0xFFFFFFFFu;
	d->in += 5;
	return XZ_OK;
}

/* Match length (specification, "The length decoder"): 2-9, 10-17 or 18-273. */
XZ_INLINE uint32_t lzma_len(struct lzma_loc *l, struct lzma_len_probs *lp, uint32_t ps,
			    const int checked)
{
	if (!rc_bit(l, &lp->choice, checked))
		return LZMA_MATCH_LEN_MIN + rc_tree(l, lp->low[ps], LZMA_LEN_LOW_BITS, checked);
	if (!rc_bit(l, &lp->choice2, checked))
		return LZMA_MATCH_LEN_MIN + 8 + rc_tree(l, lp->mid[ps], LZMA_LEN_MID_BITS, checked);
	return LZMA_MATCH_LEN_MIN + 16 + rc_tree(l, lp->high, LZMA_LEN_HIGH_BITS, checked);
}

/* Match distance - 1 (specification, "The distance decoder"); 0xFFFFFFFF is the end marker. */
XZ_INLINE uint32_t lzma_dist(struct lzma_loc *l, struct lzma_probs *p, uint32_t len,
			     const int checked)
{
	uint32_t ls = len - LZMA_MATCH_LEN_MIN < LZMA_DIST_STATES - 1 ? len - LZMA_MATCH_LEN_MIN
								       : LZMA_DIST_STATES - 1;
	uint32_t slot = rc_tree(l, p->dist_slot[ls], LZMA_DIST_SLOT_BITS, checked), nb, d;

	if (slot < LZMA_DIST_MODEL_START)
		return slot;
	nb = (slot >> 1) - 1;
	d = (2 | (slot & 1)) << nb;
	if (slot < LZMA_DIST_MODEL_END)
		/* the tree of this slot starts at dist_special[d - slot - 1], node 1 first */
		return d + rc_tree_rev(l, p->dist_special + d - slot - 1, nb, checked);
	d += rc_direct(l, nb - LZMA_ALIGN_BITS, checked) << LZMA_ALIGN_BITS;
	return d + rc_tree_rev(l, p->align, LZMA_ALIGN_BITS, checked);
}

/* Copy a match of len bytes from distance dist (>= 1) to out + pos; fast: the caller
 * guarantees len + 8 bytes of room (whole words may run up to 7 bytes past the match). */
XZ_INLINE void copy_match(uint8_t *dst, size_t dist, uint32_t len, const int fast)
{
	const uint8_t *src = dst - dist;

	if (fast && dist >= 8) {
		uint8_t *end = dst + len;
		do {
			uint64_t w;
			__builtin_memcpy(&w, src, 8);
			__builtin_memcpy(dst, &w, 8);
			src += 8;
			dst += 8;
		} while (dst < end);
	} else if (dist == 1) {
		__builtin_memset(dst, *src, len);
	} else {
		for (uint32_t i = 0; i < len; i++)
			dst[i] = src[i];
	}
}

/* The decode loop body, instantiated twice: fast (no input or output checks: the caller
 * made sure of LZMA_SYMBOL_MAX_IN bytes of input and LZMA_SYMBOL_MAX_OUT of output) and
 * checked. Returns XZ_OK to go on, XZ_RESULT_COUNT at the end marker, or an error. */
XZ_INLINE enum xz_result lzma_step(struct lzma_dec *d, struct lzma_probs *p, struct lzma_loc *l,
				   size_t end, int allow_eopm, const int checked)
{
	uint8_t *out = d->out;
	size_t pos = d->pos, rel = pos - d->dict_start;
	uint32_t state = d->state, ps = (uint32_t)rel & ((1u << d->pb) - 1), len;
	size_t avail;

	if (!rc_bit(l, &p->is_match[state][ps], checked)) {
		/* literal: the coder chosen by lp low bits of the position and lc high bits of the
		 * previous byte (0 at the dictionary's start) */
		unsigned prev = rel ? out[pos - 1] : 0;
		uint16_t *lit = p->literal[((rel & ((1u << d->lp) - 1)) << d->lc) + (prev >> (8 - d->lc))];
		uint32_t sym = 1;

		if (checked && pos >= d->out_cap)
			return XZ_ERR_OUTPUT_FULL;
		if (state < LZMA_LIT_STATES) {
#pragma GCC unroll 8
			for (int k = 0; k < 8; k++)
				sym = (sym << 1) | rc_bit_cmov(l, &lit[sym], checked);
		} else {
			/* matched literal: the byte at rep0 guides the bits until one differs */
			uint32_t mb = out[pos - d->rep0 - 1], offs = 0x100;
			do {
				uint32_t bit, mbit;
				mb <<= 1;
				mbit = mb & offs;
				bit = rc_bit_cmov(l, &lit[offs + mbit + sym], checked);
				sym = (sym << 1) | bit;
				offs &= mbit ^ (bit - 1u);   /* keep following the match byte while equal */
			} while (sym < 0x100);
		}
		out[pos] = (uint8_t)sym;
		d->pos = pos + 1;
		d->state = state_after_literal(state);
		return XZ_OK;
	}
	if (!rc_bit(l, &p->is_rep[state], checked)) {
		/* a new match: length, then distance */
		len = lzma_len(l, &p->match_len, ps, checked);
		uint32_t dist = lzma_dist(l, p, len, checked);
		if (dist == 0xFFFFFFFFu) {
			if (!allow_eopm)
				return XZ_ERR_LZMA_EOPM;
			d->eopm = 1;
			return XZ_RESULT_COUNT;
		}
		d->rep3 = d->rep2;
		d->rep2 = d->rep1;
		d->rep1 = d->rep0;
		d->rep0 = dist;
		state = state_after_match(state);
	} else if (!rc_bit(l, &p->is_rep0[state], checked)) {
		if (!rc_bit(l, &p->is_rep0_long[state][ps], checked)) {
			/* short rep: one byte from rep0 */
			if (d->rep0 >= rel || (d->rep0 >= d->dict_size))
				return XZ_ERR_LZMA_DIST;
			if (checked && pos >= d->out_cap)
				return XZ_ERR_OUTPUT_FULL;
			out[pos] = out[pos - d->rep0 - 1];
			d->pos = pos + 1;
			d->state = state_after_short_rep(state);
			return XZ_OK;
		}
		len = lzma_len(l, &p->rep_len, ps, checked);
		state = state_after_rep(state);
	} else {
		uint32_t dist;
		if (!rc_bit(l, &p->is_rep1[state], checked)) {
			dist = d->rep1;
		} else {
			if (!rc_bit(l, &p->is_rep2[state], checked)) {
				dist = d->rep2;
			} else {
				dist = d->rep3;
				d->rep3 = d->rep2;
			}
			d->rep2 = d->rep1;
		}
		d->rep1 = d->rep0;
		d->rep0 = dist;
		len = lzma_len(l, &p->rep_len, ps, checked);
		state = state_after_rep(state);
	}
	d->state = state;
	/* the distance reaches back within the bytes since the reset and the dictionary size */
	if (d->rep0 >= rel || d->rep0 >= d->dict_size)
		return XZ_ERR_LZMA_DIST;
	if (len > end - pos)
		return XZ_ERR_LZMA_MATCH_PAST_END;
	avail = d->out_cap - pos;
	if (checked && len > avail) {
		copy_match(out + pos, (size_t)d->rep0 + 1, (uint32_t)avail, 0);
		d->pos = pos + avail;
		return XZ_ERR_OUTPUT_FULL;
	}
	copy_match(out + pos, (size_t)d->rep0 + 1, len, !checked);
	d->pos = pos + len;
	return XZ_OK;
}

/* The state is copied into locals (s, l) that never escape, so the compiler keeps them in
 * registers although the output bytes (char) could alias anything in memory. */
enum xz_result lzma_decode(struct lzma_dec *d, struct lzma_probs *p, size_t end, int allow_eopm)
{
	struct lzma_dec s = *d;
	struct lzma_loc l = { d->in, d->in_end, d->range, d->code, 0 };
	enum xz_result r = XZ_OK;

	while (s.pos < end) {
		if (l.in_end - l.in >= LZMA_SYMBOL_MAX_IN && s.out_cap - s.pos >= LZMA_SYMBOL_MAX_OUT) {
			r = lzma_step(&s, p, &l, end, allow_eopm, 0);
		} else {
			/* also at out_cap: the symbol may be the end marker (a byte gives output full) */
			r = lzma_step(&s, p, &l, end, allow_eopm, 1);
			if (l.over && r == XZ_OK)
				r = XZ_ERR_TRUNCATED;
		}
		if (r != XZ_OK)
			break;
	}
	*d = s;
	/* the final normalisation (the encoder flushed it): after it the code must be 0 */
	if (r == XZ_OK || r == XZ_RESULT_COUNT)
		rc_norm(&l, 1);
	d->in = l.in;
	d->range = l.range;
	d->code = l.code;
	if (r == XZ_RESULT_COUNT)
		r = XZ_OK;
	if (r == XZ_OK && l.over)
		r = XZ_ERR_TRUNCATED;
	return r;
}
