/* crc32.h: CRC-32 (gzip/zlib polynomial, reflected 0xEDB88320) for the 16-bit stage and host
 * tests: a 16-entry table, no state, no 64-bit arithmetic. lm64 uses inflate/'s faster one. */
#ifndef LB_CRC32_H
#define LB_CRC32_H
#include <stddef.h>
#include <stdint.h>

/* crc: 0 to start, or a previous result to continue; returns the CRC of everything so far. */
uint32_t crc32_small(uint32_t crc, const void *p, size_t n);

#endif
