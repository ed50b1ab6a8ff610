/* crc32_internal.h: the CRC-32 back ends shared by crc32.c and crc32_clmul.c. Any 64-bit mode. */
#ifndef CRC32_INTERNAL_H
#define CRC32_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Below this many bytes the table version is faster than setting up the folds. */
#define CRC32_CLMUL_MIN 256

/* Raw CRC state (already inverted) in and out. */
uint32_t crc32_slice8_raw(uint32_t s, const uint8_t *p, size_t n);
/* n >= 64; only call when crc32_have_clmul() said yes. */
uint32_t crc32_clmul_raw(uint32_t s, const uint8_t *p, size_t n);
/* CPUID.1:ECX.PCLMULQDQ[bit 1] (and SSE2, which x86-64 always has). */
int crc32_have_clmul(void);

#endif
