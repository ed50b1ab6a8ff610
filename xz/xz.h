/* xz.h: freestanding .xz (xz file format 1.1.0) and legacy .lzma (lzma-alone) decoding of whole
 * buffers: LZMA/LZMA2, the BCJ and Delta filters, CRC-32/CRC-64/SHA-256 checks. No libc (only
 * memcpy/memmove/memset/memcmp), no allocation, no global mutable state; for lm64 and host tools.
 *
 * Memory: the whole decoded output is one flat buffer, and that buffer is the LZMA dictionary
 * (no window copy). The probability tables live in the caller's workspace `work`: XZ_WORK_BYTES
 * bytes, aligned to 16. Stack: at most XZ_STACK_BYTES per call (checked by
 * `make check-xz-freestanding` from gcc's -fstack-usage output; no recursion).
 * Input: never read at or past in + in_len. Output: never written at or past out + out_cap; the
 * bytes of out[*out_len .. out_cap) may be overwritten with scratch (match copies move whole
 * 8-byte words and may run up to 7 bytes past the end of a match), so keep no data there.
 *
 * What is accepted:
 * - xz_decode: one or more .xz streams back to back, each optionally followed by stream padding
 *   (zero bytes, a multiple of 4), like `xz -d`. The whole buffer must be streams and padding:
 *   other bytes after a stream give XZ_ERR_TRAILING_GARBAGE, padding whose length is not a
 *   multiple of 4 XZ_ERR_STREAM_PADDING, a partial stream XZ_ERR_TRUNCATED, an empty buffer
 *   XZ_ERR_TRUNCATED. Padding before the first stream is not a stream (XZ_ERR_XZ_MAGIC).
 * - xz_decode_stream: exactly one .xz stream, no padding; *in_used gets its size and whatever
 *   follows is left to the caller (Linux appends the 4-byte decoded size after its payload).
 * - xz_decode_lzma: one .lzma stream (13-byte header: properties, dictionary size, 64-bit
 *   uncompressed size or all ones for "unknown, ends with the end marker"); with a known size
 *   the end marker may follow the last byte or not (as liblzma 5.4). *in_used gets the bytes
 *   the range decoder consumed; trailing bytes are left to the caller. lc + lp > 4 is refused
 *   (XZ_ERR_LZMA_PROPS), as liblzma refuses it.
 * - Checks: none, CRC-32, CRC-64 and SHA-256 are verified. The reserved check IDs (2, 3, 5-9,
 *   11-15), which liblzma skips unverified, are refused (XZ_ERR_CHECK_UNSUPPORTED).
 * - Filters (chains of up to 4, LZMA2 last): LZMA2, Delta, BCJ x86, PowerPC, IA-64, ARM,
 *   ARM-Thumb, SPARC, ARM64. Any other filter ID gives XZ_ERR_FILTER_UNSUPPORTED and
 *   xz_failed_filter(work) names it (RISC-V is 0x0b).
 * Detecting the format: .xz starts with FD 37 7A 58 5A 00 (XZ_MAGIC); .lzma has no magic, its
 * first byte is the properties byte (0x5D for the usual lc=3 lp=0 pb=2). */
#ifndef XZ_H
#define XZ_H
#include <stddef.h>
#include <stdint.h>

/* Workspace: the LZMA probabilities (lc + lp <= 4) and the decoder's bookkeeping. */
#define XZ_WORK_BYTES 32768
/* Upper bound of stack bytes used by one call of any function below. */
#define XZ_STACK_BYTES 3072
/* The .xz stream header magic (xz file format 2.1.1.1). */
#define XZ_MAGIC "\xFD" "7zXZ"
#define XZ_MAGIC_LEN 6

enum xz_result {
	XZ_OK = 0,                   /* the stream(s) decoded and every check held */
	XZ_ERR_TRUNCATED,            /* the input ended inside a stream */
	XZ_ERR_OUTPUT_FULL,          /* the output buffer is too small for the decoded data */
	XZ_ERR_BAD_ARGUMENT,         /* work is NULL or not aligned to 16 */
	/* stream header and footer (xz file format 2.1.1, 2.1.2) */
	XZ_ERR_XZ_MAGIC,             /* the stream does not start with FD 37 7A 58 5A 00 */
	XZ_ERR_HEADER_CRC,           /* stream header: CRC32 of the stream flags does not match */
	XZ_ERR_STREAM_FLAGS,         /* stream flags: a reserved bit is set */
	XZ_ERR_CHECK_UNSUPPORTED,    /* stream flags: a reserved check ID (not 0, 1, 4 or 10) */
	XZ_ERR_FOOTER_MAGIC,         /* stream footer does not end with 59 5A ("YZ") */
	XZ_ERR_FOOTER_CRC,           /* stream footer: CRC32 of backward size and flags does not match */
	XZ_ERR_FOOTER_FLAGS,         /* stream footer flags differ from the header's */
	XZ_ERR_BACKWARD_SIZE,        /* stream footer: backward size is not the index's size */
	XZ_ERR_STREAM_PADDING,       /* stream padding is not a multiple of 4 bytes */
	XZ_ERR_TRAILING_GARBAGE,     /* bytes after a stream that are neither padding nor a stream */
	/* block header (3.1) */
	XZ_ERR_BLOCK_HEADER_CRC,     /* block header CRC32 does not match */
	XZ_ERR_BLOCK_FLAGS,          /* block flags: a reserved bit is set */
	XZ_ERR_BLOCK_HEADER_PADDING, /* block header padding is not zero, or the fields overrun it */
	XZ_ERR_VLI,                  /* a variable-length integer is over 9 bytes or not minimal */
	XZ_ERR_COMPRESSED_SIZE,      /* the block's compressed size differs from its header's (or is 0) */
	XZ_ERR_UNCOMPRESSED_SIZE,    /* the block's uncompressed size differs from its header's */
	XZ_ERR_FILTER_UNSUPPORTED,   /* a filter ID this decoder does not know (xz_failed_filter) */
	XZ_ERR_FILTER_CHAIN,         /* LZMA2 is not last, or a non-last filter is last */
	XZ_ERR_FILTER_PROPS,         /* a filter's properties have the wrong size or a reserved value */
	XZ_ERR_BLOCK_PADDING,        /* block padding is not zero */
	XZ_ERR_CHECK,                /* the block's check (CRC32, CRC64, SHA-256) does not match */
	/* index (4) */
	XZ_ERR_INDEX,                /* the index's records differ from the blocks (count or sizes) */
	XZ_ERR_INDEX_PADDING,        /* index padding is not zero */
	XZ_ERR_INDEX_CRC,            /* index CRC32 does not match */
	/* LZMA2 (chunk layer) */
	XZ_ERR_LZMA2_CONTROL,        /* a reserved control byte (0x03-0x7F) */
	XZ_ERR_LZMA2_DICT_RESET,     /* the first chunk does not reset the dictionary */
	XZ_ERR_LZMA2_NO_PROPS,       /* an LZMA chunk without properties after a dictionary reset */
	XZ_ERR_LZMA2_COMPRESSED,     /* an LZMA chunk's data does not end at its compressed size */
	/* LZMA (range coder and symbols) */
	XZ_ERR_LZMA_PROPS,           /* properties byte >= 225 or lc + lp > 4 */
	XZ_ERR_LZMA_RC_INIT,         /* the range coder's first byte is not 0 */
	XZ_ERR_LZMA_RC_END,          /* the range coder did not end clean (code != 0) */
	XZ_ERR_LZMA_DIST,            /* a match distance reaches before the dictionary's start */
	XZ_ERR_LZMA_MATCH_PAST_END,  /* a match runs past the chunk's or the known size's end */
	XZ_ERR_LZMA_EOPM,            /* an end marker where none is allowed (LZMA2, or before the size) */
	XZ_ERR_LZMA_DATA_AFTER_SIZE, /* .lzma: a symbol other than the end marker after the known size */
	XZ_ERR_INTERNAL,             /* a state the decoder never reaches (cannot happen) */
	XZ_RESULT_COUNT
};

/* Decode one or more .xz streams (policy above) into out[0..out_cap); *out_len gets the bytes
 * produced (also on error: what was decoded so far; after a BCJ/Delta block that failed its
 * check or padding the bytes are already unfiltered); *in_used (may be NULL) the bytes read
 * (on error: about where decoding stopped). No output slack is needed past out_cap. */
enum xz_result xz_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			 uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Decode exactly one .xz stream; *in_used (may be NULL) gets its size. */
enum xz_result xz_decode_stream(const uint8_t *in, size_t in_len, size_t *in_used,
				uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Decode one .lzma (lzma-alone) stream; *in_used (may be NULL) gets its size. */
enum xz_result xz_decode_lzma(const uint8_t *in, size_t in_len, size_t *in_used,
			      uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* After XZ_ERR_FILTER_UNSUPPORTED: the filter ID that was refused (0 otherwise). */
uint64_t xz_failed_filter(const void *work);

/* Lower-case reason, e.g. "compressed data is corrupt: distance too far back". Never NULL. */
const char *xz_strerror(enum xz_result r);

/* CRC-64 (ECMA-182 polynomial, reflected, as .xz uses it): xz_crc64(0, p, n) is the check of
 * p[0..n); chains as xz_crc64(xz_crc64(0, a, n), b, m). */
uint64_t xz_crc64(uint64_t crc, const void *p, size_t n);

/* SHA-256 (FIPS 180-4) of p[0..n) into digest[32]. */
void xz_sha256(const void *p, size_t n, uint8_t digest[32]);

#endif
