/* xxh32.c: XXH32 (xxHash specification, "XXH32 algorithm description"): the frame's header,
 * block and content checksums. Freestanding. */
#include "lz4_internal.h"

#define PRIME1 0x9E3779B1u
#define PRIME2 0x85EBCA77u
#define PRIME3 0xC2B2AE3Du
#define PRIME4 0x27D4EB2Fu
#define PRIME5 0x165667B1u

LZ4_INLINE uint32_t rotl(uint32_t x, unsigned r) { return x << r | x >> (32 - r); }

/* Step 2: one lane of a stripe. */
LZ4_INLINE uint32_t round32(uint32_t acc, uint32_t lane)
{
	return rotl(acc + lane * PRIME2, 13) * PRIME1;
}

void xxh32_init(struct xxh32 *s, uint32_t seed)
{
	/* Step 1: the four accumulators. */
	s->v[0] = seed + PRIME1 + PRIME2;
	s->v[1] = seed + PRIME2;
	s->v[2] = seed;
	s->v[3] = seed - PRIME1;
	s->seed = seed;
	s->len = 0;
}

size_t xxh32_stripes(struct xxh32 *s, const uint8_t *p, size_t n)
{
	uint32_t v0 = s->v[0], v1 = s->v[1], v2 = s->v[2], v3 = s->v[3];
	size_t taken = n & ~(size_t)15;

	for (const uint8_t *end = p + taken; p < end; p += 16) {
		v0 = round32(v0, le32(p));
		v1 = round32(v1, le32(p + 4));
		v2 = round32(v2, le32(p + 8));
		v3 = round32(v3, le32(p + 12));
	}
	s->v[0] = v0, s->v[1] = v1, s->v[2] = v2, s->v[3] = v3;
	s->len += taken;
	return taken;
}

uint32_t xxh32_digest(const struct xxh32 *s, const uint8_t *tail, size_t n)
{
	uint32_t acc;

	/* Step 3 (or the short input's start), step 4: the length mod 2^32. */
	if (s->len)
		acc = rotl(s->v[0], 1) + rotl(s->v[1], 7) + rotl(s->v[2], 12) + rotl(s->v[3], 18);
	else
		acc = s->seed + PRIME5;
	acc += (uint32_t)(s->len + n);
	/* Step 5: the remaining 4-byte words, then bytes. */
	for (; n >= 4; tail += 4, n -= 4)
		acc = rotl(acc + le32(tail) * PRIME3, 17) * PRIME4;
	for (; n; tail++, n--)
		acc = rotl(acc + *tail * PRIME5, 11) * PRIME1;
	/* Step 6: avalanche. */
	acc ^= acc >> 15;
	acc *= PRIME2;
	acc ^= acc >> 13;
	acc *= PRIME3;
	acc ^= acc >> 16;
	return acc;
}

uint32_t xxh32(const uint8_t *p, size_t n, uint32_t seed)
{
	struct xxh32 s;
	size_t taken;

	xxh32_init(&s, seed);
	taken = xxh32_stripes(&s, p, n);
	return xxh32_digest(&s, p + taken, n - taken);
}
