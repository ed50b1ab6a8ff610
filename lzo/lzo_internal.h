/* lzo_internal.h: what the files of lzo/ share: loads, word copies, the LZO1X decoder's entry,
 * Adler-32. Freestanding; 64-bit x86 (unaligned loads are fine). */
#ifndef LZO_INTERNAL_H
#define LZO_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "lzo.h"

#define LZO_LIKELY(x)   __builtin_expect(!!(x), 1)
#define LZO_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LZO_INLINE static inline __attribute__((always_inline))

/* Unaligned words through may_alias types: no memcpy call (lm64 builds with -fno-builtin). */
typedef uint16_t lzo_u16_un __attribute__((aligned(1), may_alias));
typedef uint32_t lzo_u32_un __attribute__((aligned(1), may_alias));
typedef uint64_t lzo_u64_un __attribute__((aligned(1), may_alias));
typedef uint8_t lzo_v16_un __attribute__((vector_size(16), aligned(1), may_alias));

LZO_INLINE uint32_t lzo_le16(const uint8_t *p) { return *(const lzo_u16_un *)p; }
LZO_INLINE uint32_t lzo_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
LZO_INLINE uint32_t lzo_be32(const uint8_t *p) { return __builtin_bswap32(*(const lzo_u32_un *)p); }
LZO_INLINE uint64_t lzo_load64(const uint8_t *p) { return *(const lzo_u64_un *)p; }
LZO_INLINE void lzo_store64(uint8_t *p, uint64_t v) { *(lzo_u64_un *)p = v; }
/* 16 bytes, loaded whole before the store (so the ranges may overlap). */
LZO_INLINE void lzo_copy16(uint8_t *d, const uint8_t *s) { *(lzo_v16_un *)d = *(const lzo_v16_un *)s; }

/* Decode the LZO1X stream ip[0..iend) into *opp onwards (matches reach back to out, the block's
 * start); nothing written at or past oend. *opp is advanced over what was decoded. */
enum lzo_result lzo1x_block(const uint8_t *ip, const uint8_t *iend, const uint8_t *out,
			    uint8_t **opp, uint8_t *oend);

/* Adler-32 (RFC 1950 8.2): adler32_update(1, p, n) is the checksum of p[0..n). */
uint32_t adler32_update(uint32_t adler, const uint8_t *p, size_t n);

#endif
