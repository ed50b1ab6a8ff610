/* crc32.h: CRC-32 (gzip/zlib polynomial, reflected 0xEDB88320) for the 16-bit stage and host
 * tests, no 64-bit arithmetic. crc32_small: a 64-byte table in the code (the configuration
 * table). crc32_bytes: a 1 KiB table the caller places (payloads: about twice as fast; under
 * QEMU TCG in real mode 23 ms per MiB against 48). lm64 uses inflate/'s faster one. */
#ifndef LB_CRC32_H
#define LB_CRC32_H
#include <stddef.h>
#include <stdint.h>

/* crc: 0 to start, or a previous result to continue; returns the CRC of everything so far. */
uint32_t crc32_small(uint32_t crc, const void *p, size_t n);

/* Fills table[256] (e.g. a fixed low-memory block in setup16, so its image does not grow). */
void crc32_table_init(uint32_t *table);
/* As crc32_small, with a table from crc32_table_init. */
uint32_t crc32_bytes(const uint32_t *table, uint32_t crc, const void *p, size_t n);

#endif
