/* unpack.h: a compressed payload decoded by our own decoders, the format found by its magic:
 * gzip (inflate/), xz and lzma (xz/), bzip2 (bzip2/), lz4 (lz4/), lzo (lzo/), zstd (zstd/).
 * Freestanding (lm64, mkdisk's self-check and build/unpack compile the same source). A Linux
 * bzImage's payload ends with 4 bytes of its decoded size (the kernel build's size_append; gzip
 * has its own ISIZE): with UNPACK_SIZE_TRAILER exactly those 4 bytes follow the stream, and
 * they must equal the decoded size (mod 2^32). Without it the whole input is the stream(s), by
 * each decoder's own rule. The output buffer's bytes past the decoded ones may be overwritten
 * (the decoders' word-sized copies). */
#ifndef LB_UNPACK_H
#define LB_UNPACK_H
#include <stddef.h>
#include <stdint.h>

enum unpack_format {
	UNPACK_UNKNOWN = 0, UNPACK_GZIP, UNPACK_XZ, UNPACK_LZMA, UNPACK_BZIP2, UNPACK_LZ4,
	UNPACK_LZO, UNPACK_ZSTD, UNPACK_FORMATS
};

/* The workspace every format fits in (the largest decoder's: bzip2's BWT table). */
#define UNPACK_WORK_BYTES (5u * 900000u + 65536u)

#define UNPACK_SIZE_TRAILER 0x1 /* flags: the 4-byte decoded size may follow the stream */

struct unpack_result {
	enum unpack_format format;
	int code;             /* the decoder's own result (0: OK) */
	size_t in_used;       /* bytes of the stream */
	size_t out_len;       /* bytes decoded (also on error: so far) */
	const char *reason;   /* the decoder's reason, or the dispatcher's; "" when OK */
	int output_full;      /* the decoder needed more room than cap (not a fault of the stream) */
};

enum unpack_format unpack_detect(const uint8_t *in, size_t n);
const char *unpack_format_name(enum unpack_format f); /* "gzip", "xz", ... "unknown" */

/* Decodes in[0..n) into out[0..cap); work: UNPACK_WORK_BYTES, 16-aligned (NULL: the formats
 * that need one fail with "no workspace"). Returns 0 when all of the input was decoded without
 * error, else -1 with *r saying why (r->code: the decoder's result, -1 for the dispatcher's). */
int unpack(const uint8_t *in, size_t n, uint8_t *out, size_t cap, void *work, unsigned flags,
	   struct unpack_result *r);

#endif
