/* tlzo.h: shared helpers of the host lzo tests (tests/lzo): sample data, liblzo2 as the reference
 * decoder and compressor, an lzop file writer and reader built on it. */
#ifndef TLZO_H
#define TLZO_H
#include <stddef.h>
#include <stdint.h>
#include "lzo.h"

/* The reference's verdict on an lzop file or a raw LZO1X stream. */
enum ref_kind { REF_OK, REF_ERROR, REF_OUTPUT_FULL };

/* lzo1x_decompress_safe of in[0..n) into out[0..cap); *out_len: bytes produced. */
enum ref_kind ref_block(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len);

/* An lzop file read as lzop 1.04 -d reads it (header fields, checksums by lzo_adler32 and
 * lzo_crc32, blocks by lzo1x_decompress_safe), the whole buffer one file. */
enum ref_kind ref_lzop(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len);

/* src[0..n) compressed by liblzo2: method 1 (LZO1X-1), 2 (LZO1X-1(15)) or 3 (LZO1X-999 at
 * level); returns the stream's length. */
size_t ref_compress(const uint8_t *src, size_t n, int method, int level, uint8_t *dst);

/* src[0..n) as an lzop file of blocks of block bytes, with flags (F_ADLER32_D 1, F_ADLER32_C 2,
 * F_CRC32_D 0x100, F_CRC32_C 0x200, F_H_CRC32 0x1000); returns its length. */
size_t make_lzop(const uint8_t *src, size_t n, int method, int level, uint32_t flags,
		 size_t block, uint8_t *dst);

#define SAMPLE_KINDS 6
void sample(uint8_t *d, size_t n, int kind, uint32_t seed);
extern const char *const sample_names[SAMPLE_KINDS];
uint32_t rnd(uint32_t *s);

#endif
