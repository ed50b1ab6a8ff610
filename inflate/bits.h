/* bits.h: the deflate bit reader and word-sized memory access used by inflate.c: a 64-bit bit
 * buffer filled LSB first, a word at a time when 8 input bytes remain, else a byte at a time
 * with zero bytes past the end ("phantom" bytes, counted so a read past the input is caught).
 * Freestanding; any 64-bit mode, little-endian only. */
#ifndef BITS_H
#define BITS_H
#include <stddef.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "inflate assumes a little-endian CPU"
#endif

typedef uint64_t u64_un __attribute__((aligned(1), may_alias));
typedef uint16_t u16_un __attribute__((aligned(1), may_alias));

static inline uint64_t load64(const uint8_t *p) { return *(const u64_un *)p; }
static inline void store64(uint8_t *p, uint64_t v) { *(u64_un *)p = v; }
static inline unsigned load16(const uint8_t *p) { return *(const u16_un *)p; }

/* Invariant: bits [0, bc) of bb are the next input bits; bits above bc are either zero or
 * the true values of the following input bytes, so or-ing a byte in again is harmless. */
struct bitreader {
	const uint8_t *p, *end;
	uint64_t bb;
	unsigned bc;
	size_t phantom; /* zero bytes appended after the end of the input */
};

#define MASK(n) ((1ull << (n)) - 1)

/* Word refill: needs end - p >= 8; leaves 56..63 bits. */
#define REFILL_FAST(bb, bc, p) do {                     \
	(bb) |= load64(p) << (bc);                      \
	(p) += (63 - (bc)) >> 3;                        \
	(bc) |= 56;                                     \
} while (0)

/* Refill to 56..63 bits: a word while 8 input bytes remain, else bytes, padding with phantom
 * zero bytes past the end. */
#define REFILL_SLOW(bb, bc, p, end, phantom) do {       \
	if ((end) - (p) >= 8)                           \
		REFILL_FAST(bb, bc, p);                 \
	while ((bc) < 56) {                             \
		if ((p) < (end))                        \
			(bb) |= (uint64_t)*(p)++ << (bc); \
		else                                    \
			(phantom)++;                    \
		(bc) += 8;                              \
	}                                               \
} while (0)

/* True once a consumed bit lies past the real input. */
#define OVERRUN(bc, phantom) ((phantom) * 8 > (bc))

#endif
