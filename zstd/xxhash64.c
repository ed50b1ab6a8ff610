/* xxhash64.c: XXH64 (the xxHash specification, "XXH64 algorithm"), one-shot and streamed block
 * by block, for the content checksum of Zstandard frames (RFC 8878 3.1.1: low 32 bits, seed 0). */
#include "zstd_internal.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static inline uint64_t rotl(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t round64(uint64_t acc, uint64_t lane)
{
	acc += lane * P2;
	return rotl(acc, 31) * P1;
}

static inline uint64_t merge(uint64_t h, uint64_t acc)
{
	h ^= round64(0, acc);
	return h * P1 + P4;
}

/* step 1: the four accumulators */
void zs_xxh64_init(struct zs_xxh64 *s, uint64_t seed)
{
	s->v[0] = seed + P1 + P2;
	s->v[1] = seed + P2;
	s->v[2] = seed;
	s->v[3] = seed - P1;
	s->seed = seed;
	s->total = 0;
	s->n = 0;
}

/* step 2: 32-byte stripes, 8 bytes per accumulator */
static const uint8_t *stripes(uint64_t *v, const uint8_t *p, const uint8_t *end)
{
	uint64_t v1 = v[0], v2 = v[1], v3 = v[2], v4 = v[3];

	while (end - p >= 32) {
		v1 = round64(v1, zs_load64(p));
		v2 = round64(v2, zs_load64(p + 8));
		v3 = round64(v3, zs_load64(p + 16));
		v4 = round64(v4, zs_load64(p + 24));
		p += 32;
	}
	v[0] = v1; v[1] = v2; v[2] = v3; v[3] = v4;
	return p;
}

void zs_xxh64_update(struct zs_xxh64 *s, const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;

	s->total += n;
	if (s->n) {
		while (s->n < 32 && p < end)
			s->buf[s->n++] = *p++;
		if (s->n < 32)
			return;
		stripes(s->v, s->buf, s->buf + 32);
		s->n = 0;
	}
	p = stripes(s->v, p, end);
	while (p < end)
		s->buf[s->n++] = *p++;
}

uint64_t zs_xxh64_digest(const struct zs_xxh64 *s)
{
	const uint8_t *p = s->buf, *end = s->buf + s->n;
	uint64_t h;

	if (s->total >= 32) {
		/* step 3: convergence */
		h = rotl(s->v[0], 1) + rotl(s->v[1], 7) + rotl(s->v[2], 12) + rotl(s->v[3], 18);
		h = merge(h, s->v[0]);
		h = merge(h, s->v[1]);
		h = merge(h, s->v[2]);
		h = merge(h, s->v[3]);
	} else {
		h = s->seed + P5;
	}
	/* step 4: length, step 5: the remaining bytes */
	h += s->total;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ round64(0, zs_load64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		h = rotl(h ^ ((uint64_t)zs_load32(p) * P1), 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl(h ^ (*p * P5), 11) * P1;
	/* step 6: avalanche */
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

uint64_t zstd_xxh64(const void *data, size_t n, uint64_t seed)
{
	struct zs_xxh64 s;

	zs_xxh64_init(&s, seed);
	zs_xxh64_update(&s, data, n);
	return zs_xxh64_digest(&s);
}
