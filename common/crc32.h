/* crc32.h: CRC-32 (gzip/zlib polynomial, reflected 0xEDB88320) for the 16-bit stage and host
 * tests, no 64-bit arithmetic. crc32_small: a 64-byte table in the code (the configuration
 * table). setup16's payloads use slice-by-8 tables outside its image (setup16/disk.c); lm64
 * uses inflate/'s faster one. */
#ifndef LB_CRC32_H
#define LB_CRC32_H
#define CRC32_POLY 0xEDB88320u /* gzip's polynomial, bit-reversed */
#include <stddef.h>
#include <stdint.h>

/* crc: 0 to start, or a previous result to continue; returns the CRC of everything so far. */
uint32_t crc32_small(uint32_t crc, const void *p, size_t n);

#endif
