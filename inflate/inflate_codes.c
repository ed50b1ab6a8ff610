/* inflate_codes.c: the literal/length + distance loop of a Huffman block (RFC 1951 3.2.5):
 * a fast loop with no bounds checks while FAST_IN_SLACK input bytes and FAST_OUT_SLACK output
 * bytes remain, and a checked one-item step for the tail. Matches are copied a word at a time.
 * Freestanding; 64-bit mode. */
#include "inflate_state.h"

/* One pass of the fast loop stores up to 3 literals, then a match that may store up to 31
 * bytes past its end (32 for the shortest); it refills at most three times (8 bytes read,
 * at most 7 consumed each) after the loop test. */
#define FAST_OUT_SLACK (3 + 258 + 32)
#define FAST_IN_SLACK  32
/* Bits a distance code can take with its extra bits (15 + 13). */
#define DIST_MAX_BITS 28

typedef uint8_t v16_un __attribute__((vector_size(16), aligned(1), may_alias));

/* Copy len bytes from op - dist to op (dist <= op - out), writing up to 32 bytes past. */
static inline __attribute__((always_inline)) void
copy_match_fast(uint8_t *op, const uint8_t *src, unsigned dist, unsigned len)
{
	uint8_t *end = op + len;

	if (dist >= 16) {
		/* SSE2 (x86-64 baseline): each 16-byte read was written before the store. The
		 * first 32 bytes are copied unconditionally: no loop branch for short matches. */
		*(v16_un *)op = *(const v16_un *)src;
		*(v16_un *)(op + 16) = *(const v16_un *)(src + 16);
		for (op += 32, src += 32; op < end; op += 16, src += 16)
			*(v16_un *)op = *(const v16_un *)src;
	} else if (dist >= 8) {
		store64(op, load64(src));
		store64(op + 8, load64(src + 8));
		store64(op + 16, load64(src + 16));
		store64(op + 24, load64(src + 24));
		for (op += 32, src += 32; op < end; op += 8, src += 8)
			store64(op, load64(src));
	} else if (dist == 1) {
		uint64_t v = 0x0101010101010101ull * *src;

		do {
			store64(op, v);
			store64(op + 8, v);
			op += 16;
		} while (op < end);
	} else {
		/* dist 2..7: step by dist (only the first dist bytes of each store are right, the
		 * next store fixes the rest) until a multiple of dist >= 8 is done, then copy
		 * words from that multiple back, where every byte read is already final. */
		uint8_t *q = op;
		size_t period;

		do {
			store64(q, load64(q - dist));
			q += dist;
		} while (q < op + 8 && q < end);
		period = (size_t)(q - op);
		for (; q < end; q += 8)
			store64(q, load64(q - period));
	}
}

/* Look up the entry for the next code in table t (main bits tb), resolving a subtable. */
#define LOOKUP(e, t, tb) do {                                             \
	(e) = (t)[bb & MASK(tb)];                                         \
	if ((e) & HUFF_SUB) {                                             \
		bb >>= (tb);                                              \
		bc -= (tb);                                               \
		(e) = (t)[((e) >> 16) + (bb & MASK(((e) >> 8) & 63))];    \
	}                                                                 \
} while (0)

/* lowmask[n] = MASK(n) for the bit counts of entries (at most 28). */
#define M4(n) MASK(n), MASK((n) + 1), MASK((n) + 2), MASK((n) + 3)
static const uint64_t lowmask[32] = {
	M4(0), M4(4), M4(8), M4(12), M4(16), M4(20), M4(24), M4(28)
};

/* The low (e & 0xff) bits of x, e an entry of a length or distance (at most 28 bits): one
 * BZHI in the BMI2 build (gcc does not pick it for the mask; passing e whole, as BZHI reads
 * only its low byte, measured 1.8 % slower), else one masked load (a variable shift needs cl
 * and three more instructions). */
static inline __attribute__((always_inline)) uint64_t lowbits(uint64_t x, uint32_t e, int bmi2)
{
	uint64_t r;

	if (!bmi2)
		return x & lowmask[e & 31];
	__asm__("bzhi %2, %1, %0" : "=r"(r) : "r"(x), "r"((uint64_t)(uint8_t)e) : "cc");
	return r;
}
#define LOWBITS(x, e) lowbits((x), (e), bmi2)

/* Base plus extra bits of a length or distance entry, and drop its bits. */
#define VALUE_AND_DROP(v, e) do {                                         \
	(v) = ((e) >> 16) + (unsigned)(LOWBITS(bb, (e)) >> (((e) >> 8) & 63)); \
	bb >>= (uint8_t)(e);                                              \
	bc -= (uint8_t)(e);                                               \
} while (0)

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#define DROP(e) do { bb >>= (uint8_t)(e); bc -= (uint8_t)(e); } while (0)

/* Fast-loop variants: only bc's low byte is kept exact (bits above are garbage from
 * subtracting whole entries), which spares a zero-extension per code; shifts use the low
 * six bits, as x86 does. bc is masked back on leaving the fast loop. */
#define FDROP(e) do { bb >>= ((e) & 63); bc -= (e); } while (0)
#define FREFILL() do {                                                    \
	bb |= load64(p) << (bc & 63);                                     \
	p += 7 - ((bc >> 3) & 7);                                         \
	bc |= 56;                                                         \
} while (0)

/* The loop, inlined into a generic and a BMI2 copy (shrx/bzhi for the variable shifts). */
static inline __attribute__((always_inline)) enum inflate_result
codes_loop(struct inflate_state *s, const int bmi2)
{
	const uint32_t *const lt = s->codes, *const dt = s->codes + DIST_AT;
	const uint8_t *p = s->br.p, *const in_end = s->br.end;
	uint8_t *op = s->op, *const out = s->out, *const out_end = s->out_end;
	uint64_t bb = s->br.bb;
	unsigned bc = s->br.bc, len, dist;
	uintptr_t src;
	size_t phantom = s->br.phantom;
	enum inflate_result r;
	uint32_t e;
	/* The fast loop runs while p <= in_fast and op <= out_fast (0: never). */
	const uintptr_t in_fast = (uintptr_t)in_end >= FAST_IN_SLACK ?
				  (uintptr_t)in_end - FAST_IN_SLACK : 0;
	/* The generic fast loop checks a distance as op - dist >= out, which cannot wrap when the
	 * output starts at 64 KiB or above (distances are below 32 KiB); else only the checked
	 * step runs. */
	const uintptr_t out_fast = (uintptr_t)out_end >= FAST_OUT_SLACK &&
				   (bmi2 || (uintptr_t)out >= 65536) ?
				   (uintptr_t)out_end - FAST_OUT_SLACK : 0;

	for (;;) {
		if ((uintptr_t)p <= in_fast && (uintptr_t)op <= out_fast) {
			/* The entry for the next code is looked up right after each refill; a refill
			 * only adds bits above bc, so a lookup made with bc >= 11 stays valid. */
			FREFILL();
			e = lt[bb & MASK(LITLEN_TB)];
			do {
				/* Drop the entry's bits before looking at its kind (a subtable pointer
				 * drops the main-table bits): the next lookup need not wait for the
				 * branch. saved keeps the bits for a length's extra bits. */
				uint64_t saved = bb;

				FDROP(e);
				if (e & HUFF_LIT) {
					/* Up to four literals per refill: 56 - 4 * 11 >= 11 bits remain
					 * for each lookup, the last one made before the refill. */
					*op++ = (uint8_t)(e >> 16);
					e = lt[bb & MASK(LITLEN_TB)];
					if (!(e & HUFF_LIT))
						goto lit_then_other;
					FDROP(e);
					*op++ = (uint8_t)(e >> 16);
					e = lt[bb & MASK(LITLEN_TB)];
					if (!(e & HUFF_LIT))
						goto lit_then_other;
					FDROP(e);
					*op++ = (uint8_t)(e >> 16);
					e = lt[bb & MASK(LITLEN_TB)];
					if (!(e & HUFF_LIT))
						goto lit_then_other;
					FDROP(e);
					*op++ = (uint8_t)(e >> 16);
					e = lt[bb & MASK(LITLEN_TB)];
					FREFILL();
					continue;
lit_then_other:
					/* Not a literal: refill and go on with it here, without the loop
					 * test (the slack covers up to 3 literals before a match). */
					FREFILL();
					saved = bb;
					FDROP(e);
				}
				if (UNLIKELY(e & (HUFF_SUB | HUFF_EXC))) {
					if (e & HUFF_SUB) {
						e = lt[(e >> 16) + (bb & MASK((e >> 8) & 63))];
						saved = bb;
						FDROP(e);
						if (e & HUFF_LIT) {
							*op++ = (uint8_t)(e >> 16);
							e = lt[bb & MASK(LITLEN_TB)];
							FREFILL();
							continue;
						}
					}
					if (e & HUFF_EXC) {
						r = (enum inflate_result)(e >> 16);
						goto done;
					}
				}
				len = (e >> 16) + (unsigned)(LOWBITS(saved, e) >> ((e >> 8) & 63));
				/* The length took at most 20 of the 56 bits; refill only when the
				 * distance and the next lookup might not fit (rare). */
				if (UNLIKELY((uint8_t)bc < DIST_MAX_BITS + LITLEN_TB))
					FREFILL();
				e = lt[DIST_AT + (bb & MASK(DIST_TB))];
				saved = bb;
				FDROP(e);
				if (UNLIKELY(e & (HUFF_SUB | HUFF_EXC))) {
					if (e & HUFF_SUB) {
						e = lt[DIST_AT + (e >> 16) + (bb & MASK((e >> 8) & 63))];
						saved = bb;
						FDROP(e);
					}
					if (e & HUFF_EXC) {
						r = (enum inflate_result)(e >> 16);
						goto done;
					}
				}
				dist = (e >> 16) + (unsigned)(LOWBITS(saved, e) >> ((e >> 8) & 63));
				/* Next code's entry first (11 bits remain, so before the refill), so
				 * its load overlaps the refill and the copy. */
				e = lt[bb & MASK(LITLEN_TB)];
				FREFILL();
				/* Generic loop: the copy's source doubles as the distance check (4 %
				 * fewer instructions; the BMI2 loop measured 1 % slower with it). */
				if (bmi2) {
					if (UNLIKELY(dist > (size_t)(op - out))) {
						r = INFLATE_ERR_DIST_TOO_FAR;
						goto done;
					}
					src = (uintptr_t)(op - dist);
				} else {
					src = (uintptr_t)op - dist;
					if (UNLIKELY(src < (uintptr_t)out)) {
						r = INFLATE_ERR_DIST_TOO_FAR;
						goto done;
					}
				}
				copy_match_fast(op, (const uint8_t *)src, dist, len);
				op += len;
			} while ((uintptr_t)p <= in_fast && (uintptr_t)op <= out_fast);
			bc &= 0xff;
		}
		/* Checked step: phantom zero bits past the input are caught by OVERRUN. */
		REFILL_SLOW(bb, bc, p, in_end, phantom);
		LOOKUP(e, lt, LITLEN_TB);
		if (e & (HUFF_LIT | HUFF_EXC)) {
			DROP(e);
			if (OVERRUN(bc, phantom)) {
				r = INFLATE_ERR_TRUNCATED;
				goto done;
			}
			if (!(e & HUFF_LIT)) {
				r = (enum inflate_result)(e >> 16);
				goto done;
			}
			if (op == out_end) {
				r = INFLATE_ERR_OUTPUT_FULL;
				goto done;
			}
			*op++ = (uint8_t)(e >> 16);
			continue;
		}
		VALUE_AND_DROP(len, e);
		LOOKUP(e, dt, DIST_TB);
		if (e & HUFF_EXC) {
			DROP(e);
			r = OVERRUN(bc, phantom) ? INFLATE_ERR_TRUNCATED : (enum inflate_result)(e >> 16);
			goto done;
		}
		VALUE_AND_DROP(dist, e);
		if (OVERRUN(bc, phantom)) {
			r = INFLATE_ERR_TRUNCATED;
			goto done;
		}
		if (dist > (size_t)(op - out)) {
			r = INFLATE_ERR_DIST_TOO_FAR;
			goto done;
		}
		if ((size_t)(out_end - op) < len) {
			r = INFLATE_ERR_OUTPUT_FULL;
			goto done;
		}
		for (const uint8_t *src = op - dist; len; len--)
			*op++ = *src++;
	}
done:
	bc &= 0xff;
	s->br.p = p;
	s->br.bb = bb;
	s->br.bc = bc;
	s->br.phantom = phantom;
	s->op = op;
	return r;
}

static enum inflate_result codes_generic(struct inflate_state *s)
{
	return codes_loop(s, 0);
}

__attribute__((target("bmi2")))
static enum inflate_result codes_bmi2(struct inflate_state *s)
{
	return codes_loop(s, 1);
}

enum inflate_result inflate_codes(struct inflate_state *s)
{
	return (s->features & CPU_BMI2) ? codes_bmi2(s) : codes_generic(s);
}
