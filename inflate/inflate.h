/* inflate.h: freestanding gzip (RFC 1952) and raw deflate (RFC 1951) decoding of whole
 * buffers, and CRC-32. No libc, no allocation, no global state; built into lm64 and host tools. */
#ifndef INFLATE_H
#define INFLATE_H
#include <stddef.h>
#include <stdint.h>

enum inflate_result {
	INFLATE_OK = 0,
	/* The implementation adds one value per distinct reason (bad block type, LEN/NLEN
	 * mismatch, over-subscribed code, distance too far back, bad gzip magic, CRC mismatch,
	 * output too small, input truncated, ...), each with a comment; see inflate.h's final form. */
};

/* Decode one gzip member at in[0..in_len) into out[0..out_cap); *out_len gets the bytes
 * produced (also on error: what was decoded so far). Verifies header, CRC-32 and ISIZE. */
enum inflate_result inflate_gzip(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len);

/* Raw deflate stream; *in_used gets the bytes consumed (may be NULL). */
enum inflate_result inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
				uint8_t *out, size_t out_cap, size_t *out_len);

/* Lower-case reason, e.g. "invalid distance too far back". */
const char *inflate_strerror(enum inflate_result r);

/* CRC-32 (gzip polynomial): crc32_update(0, p, n) is the CRC of p[0..n). */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);

#endif
