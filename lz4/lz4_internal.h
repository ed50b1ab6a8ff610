/* lz4_internal.h: what the files of lz4/ share: little-endian loads, word copies, the block
 * decoder's entry and XXH32. Freestanding; 64-bit x86 (unaligned loads are fine). */
#ifndef LZ4_INTERNAL_H
#define LZ4_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "lz4.h"

#define LZ4_LIKELY(x)   __builtin_expect(!!(x), 1)
#define LZ4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LZ4_INLINE static inline __attribute__((always_inline))

/* Unaligned words through may_alias types: no memcpy call (lm64 builds with -fno-builtin). */
typedef uint16_t u16_un __attribute__((aligned(1), may_alias));
typedef uint32_t u32_un __attribute__((aligned(1), may_alias));
typedef uint64_t u64_un __attribute__((aligned(1), may_alias));
typedef uint8_t v16_un __attribute__((vector_size(16), aligned(1), may_alias));

LZ4_INLINE uint32_t le16(const uint8_t *p) { return *(const u16_un *)p; }
LZ4_INLINE uint32_t le32(const uint8_t *p) { return *(const u32_un *)p; }
LZ4_INLINE uint64_t le64(const uint8_t *p) { return *(const u64_un *)p; }
LZ4_INLINE uint64_t load64(const uint8_t *p) { return *(const u64_un *)p; }
LZ4_INLINE void store64(uint8_t *p, uint64_t v) { *(u64_un *)p = v; }
/* 16 bytes, loaded whole before the store (so the ranges may overlap). */
LZ4_INLINE void copy16(uint8_t *d, const uint8_t *s) { *(v16_un *)d = *(const v16_un *)s; }

/* Decode the block ip[0..iend) into *opp onwards (lz4_Block_format.md). Matches may reach back
 * to floor (the block's start for independent blocks, the frame's for linked ones). The block
 * may produce at most blk_max bytes, and nothing is written at or past out_end; past that the
 * result is LZ4_ERR_OUTPUT_FULL when out_end is the nearer limit, else LZ4_ERR_BLOCK_OVERFLOW.
 * *opp is advanced over what was decoded (also on error). ip < iend. */
enum lz4_result lz4_block(const uint8_t *ip, const uint8_t *iend, const uint8_t *floor,
			  uint8_t **opp, size_t blk_max, uint8_t *out_end);

/* XXH32 (xxHash spec), one shot, and kept over a flat buffer in whole 16-byte stripes. */
struct xxh32 {
	uint32_t v[4];    /* the four lanes */
	uint32_t seed;
	uint64_t len;     /* bytes taken in stripes */
};
uint32_t xxh32(const uint8_t *p, size_t n, uint32_t seed);
void xxh32_init(struct xxh32 *s, uint32_t seed);
/* Takes the whole stripes of p[0..n); returns the bytes taken (n rounded down to 16). */
size_t xxh32_stripes(struct xxh32 *s, const uint8_t *p, size_t n);
/* The digest of what was taken followed by tail[0..n), n < 16. */
uint32_t xxh32_digest(const struct xxh32 *s, const uint8_t *tail, size_t n);

#endif
