/* xxhash64.c: XXH64 (the xxHash specification, "XXH64 algorithm"), for the content checksum
 * of Zstandard frames (RFC 8878 3.1.1: its low 32 bits, seed 0). */
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

uint64_t zstd_xxh64(const void *data, size_t n, uint64_t seed)
{
	const uint8_t *p = data, *end = p + n;
	uint64_t h;

	if (n >= 32) {
		/* step 1-2: four accumulators over 32-byte stripes */
		uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
		const uint8_t *limit = end - 32;

		do {
			v1 = round64(v1, zs_load64(p));
			v2 = round64(v2, zs_load64(p + 8));
			v3 = round64(v3, zs_load64(p + 16));
			v4 = round64(v4, zs_load64(p + 24));
			p += 32;
		} while (p <= limit);
		/* step 3: convergence */
		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = merge(h, v1);
		h = merge(h, v2);
		h = merge(h, v3);
		h = merge(h, v4);
	} else {
		h = seed + P5;
	}
	/* step 4: length, step 5: the remaining bytes */
	h += (uint64_t)n;
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
