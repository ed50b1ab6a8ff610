/* lzma_rc.h: the LZMA range decoder (LZMA specification, "The range decoder"): normalisation,
 * adaptive bits (branchy for decisions, branch-free for bit trees), bit trees, direct bits.
 * Included by lzma_dec.c only; `checked` is a constant: 0 in the fast loop (the caller made
 * sure of the input), 1 in the tail (a missing byte reads as 0 and sets `over`). */
#ifndef LZMA_RC_H
#define LZMA_RC_H
#include "xz_internal.h"

/* 11-bit probabilities, adapted by
 * 1/32 of the distance to 0 or 1; normalised to range >= 2^24 before each bit. */
#define RC_TOP        (1u << 24)
#define RC_PROB_BITS  11
#define RC_MOVE_BITS  5

/* Locals of the decode loop, kept in registers once the step below is inlined. */
struct lzma_loc {
	const uint8_t *in, *in_end;
	uint32_t range, code;
	int over;                    /* the checked step wanted a byte at in_end */
};

XZ_INLINE void rc_norm(struct lzma_loc *l, const int checked)
{
	if (l->range < RC_TOP) {
		l->range <<= 8;
		if (!checked || l->in < l->in_end)
			l->code = (l->code << 8) | *l->in++;
		else {
			l->code <<= 8;
			l->over = 1;
		}
	}
}

/* One adaptive bit. */
XZ_INLINE unsigned rc_bit(struct lzma_loc *l, uint16_t *p, const int checked)
{
	uint32_t bound;

	rc_norm(l, checked);
	bound = (l->range >> RC_PROB_BITS) * *p;
	if (l->code < bound) {
		l->range = bound;
		*p = (uint16_t)(*p + (((1u << RC_PROB_BITS) - *p) >> RC_MOVE_BITS));
		return 0;
	}
	l->range -= bound;
	l->code -= bound;
	*p = (uint16_t)(*p - (*p >> RC_MOVE_BITS));
	return 1;
}

/* The same bit without branches on its value (conditional moves), for the bit trees whose
 * bits are hard to predict (literals, lengths, distances): returns 0 or 1. */
XZ_INLINE unsigned rc_bit_cmov(struct lzma_loc *l, uint16_t *p, const int checked)
{
	uint32_t prob, bound, mask;

	rc_norm(l, checked);
	prob = *p;
	bound = (l->range >> RC_PROB_BITS) * prob;
#if defined(__x86_64__)
	/* one compare: sbb makes the mask, two cmovs pick range and code (compilers keep a ?: as
	 * a branch) */
	{
		uint32_t rmb = l->range - bound, cmb = l->code - bound, r = bound;
		__asm__("cmpl %[b], %[c]\n\t"
			"sbbl %[m], %[m]\n\t"
			"cmovael %[rmb], %[r]\n\t"
			"cmovael %[cmb], %[c]"
			: [r] "+r" (r), [c] "+r" (l->code), [m] "=&r" (mask)
			: [b] "r" (bound), [rmb] "r" (rmb), [cmb] "r" (cmb)
			: "cc");
		l->range = r;
	}
#else
	mask = 0u - (uint32_t)(l->code < bound);
	l->range = bound ^ ((bound ^ (l->range - bound)) & ~mask);
	l->code -= bound & ~mask;
#endif
	/* mask is all ones for a 0. A 0 moves prob up by (2048 - prob) >> 5, which is
	 * -((prob - 2017) >> 5) with an arithmetic shift; a 1 moves it down by prob >> 5. */
	*p = (uint16_t)(prob - (uint32_t)((int32_t)(prob - (mask & ((1u << RC_PROB_BITS) - 31))) >>
					 RC_MOVE_BITS));
	return mask + 1;
}

/* A bit tree of `bits` levels, most significant bit first; returns 0 .. 2^bits - 1. */
XZ_INLINE uint32_t rc_tree(struct lzma_loc *l, uint16_t *p, unsigned bits, const int checked)
{
	uint32_t m = 1;

#pragma GCC unroll 8
	for (unsigned i = 0; i < bits; i++)
		m = (m << 1) | rc_bit_cmov(l, &p[m], checked);
	return m - (1u << bits);
}

/* A reverse bit tree (least significant bit first). */
XZ_INLINE uint32_t rc_tree_rev(struct lzma_loc *l, uint16_t *p, unsigned bits, const int checked)
{
	uint32_t m = 1, v = 0;

	for (unsigned i = 0; i < bits; i++) {
		unsigned b = rc_bit_cmov(l, &p[m], checked);
		m = (m << 1) | b;
		v |= b << i;
	}
	return v;
}

/* Direct bits: probability 0.5, no model. */
XZ_INLINE uint32_t rc_direct(struct lzma_loc *l, unsigned bits, const int checked)
{
	uint32_t v = 0;

	do {
		uint32_t t;
		rc_norm(l, checked);
		l->range >>= 1;
		t = 0u - ((l->code - l->range) >> 31 ^ 1); /* all ones when code >= range */
		l->code -= l->range & t;
		v = (v << 1) + (t & 1);
	} while (--bits);
	return v;
}

#endif
