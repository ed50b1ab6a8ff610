/* inflate.h: freestanding gzip (RFC 1952) and raw deflate (RFC 1951) decoding of whole
 * buffers, and CRC-32. No libc, no allocation, no global state; built into lm64 and host tools.
 *
 * Stack: one decode keeps its Huffman tables on the stack; inflate_raw/inflate_gzip use at most
 * INFLATE_STACK_BYTES (checked by `make check-inflate-freestanding` from gcc's -fstack-usage output).
 * Input: never read at or past in + in_len. Output: never written at or past out + out_cap; the
 * bytes of out[*out_len .. out_cap) may be overwritten with scratch (the fast loop copies whole
 * words past the end of a match), so do not keep data there.
 *
 * Concatenated members and trailing bytes:
 * - inflate_gzip_member decodes exactly one gzip member and reports in *in_used the bytes it
 *   occupied; whatever follows is left to the caller.
 * - inflate_gzip decodes one or more members back to back (like gzip -d) and concatenates their
 *   output. The whole buffer must be members: bytes after a member that do not start with the
 *   gzip magic give INFLATE_ERR_TRAILING_GARBAGE; a partial magic or partial member after a
 *   member gives INFLATE_ERR_TRUNCATED; an empty buffer is INFLATE_ERR_TRUNCATED. */
#ifndef INFLATE_H
#define INFLATE_H
#include <stddef.h>
#include <stdint.h>

/* Upper bound of stack bytes used by one call of any function below (tables + frames). */
#define INFLATE_STACK_BYTES 16384

enum inflate_result {
	INFLATE_OK = 0,              /* the stream decoded and every check held */
	INFLATE_ERR_TRUNCATED,       /* input ended before the final block / gzip trailer */
	INFLATE_ERR_OUTPUT_FULL,     /* the output buffer is too small for the decoded data */
	/* deflate block layer (RFC 1951 3.2.3-3.2.7) */
	INFLATE_ERR_BLOCK_TYPE,      /* BTYPE = 11 (reserved) */
	INFLATE_ERR_STORED_LEN,      /* stored block: NLEN is not the one's complement of LEN */
	INFLATE_ERR_TOO_MANY_SYMS,   /* dynamic block: HLIT > 286 or HDIST > 30 */
	INFLATE_ERR_PRECODE_OVER,    /* code-length code lengths are over-subscribed */
	INFLATE_ERR_PRECODE_INCOMPLETE, /* code-length code lengths are incomplete */
	INFLATE_ERR_REPEAT_FIRST,    /* code-length repeat (16) with no previous length */
	INFLATE_ERR_REPEAT_OVERRUN,  /* code-length repeat runs past HLIT + HDIST lengths */
	INFLATE_ERR_NO_END_OF_BLOCK, /* the literal/length code has no code for symbol 256 */
	INFLATE_ERR_LITLEN_OVER,     /* literal/length code lengths are over-subscribed */
	INFLATE_ERR_LITLEN_INCOMPLETE, /* literal/length code lengths incomplete (beyond one code) */
	INFLATE_ERR_DIST_OVER,       /* distance code lengths are over-subscribed */
	INFLATE_ERR_DIST_INCOMPLETE, /* distance code lengths incomplete (beyond one code) */
	INFLATE_ERR_LITLEN_SYMBOL,   /* literal/length symbol 286 or 287 (fixed code) */
	INFLATE_ERR_LITLEN_UNUSED,   /* a codeword the single-code literal/length code leaves unused */
	INFLATE_ERR_DIST_SYMBOL,     /* distance symbol 30 or 31 (fixed code) */
	INFLATE_ERR_DIST_UNUSED,     /* a codeword the single- or zero-code distance code leaves unused */
	INFLATE_ERR_DIST_TOO_FAR,    /* a match distance reaches before the start of the output */
	/* gzip member layer (RFC 1952) */
	INFLATE_ERR_GZIP_MAGIC,      /* the member does not start with 1f 8b */
	INFLATE_ERR_GZIP_METHOD,     /* CM is not 8 (deflate) */
	INFLATE_ERR_GZIP_FLAGS,      /* a reserved FLG bit (5, 6 or 7) is set */
	INFLATE_ERR_GZIP_HCRC,       /* FHCRC: header CRC16 does not match */
	INFLATE_ERR_GZIP_CRC,        /* trailer CRC32 does not match the decoded data */
	INFLATE_ERR_GZIP_ISIZE,      /* trailer ISIZE does not match the decoded length mod 2^32 */
	INFLATE_ERR_TRAILING_GARBAGE, /* bytes after a member that are not a gzip member */
	INFLATE_ERR_INTERNAL,        /* a table would overflow its static size (cannot happen) */
	INFLATE_RESULT_COUNT
};

/* Decode one or more gzip members at in[0..in_len) into out[0..out_cap) (see the policy above);
 * *out_len gets the bytes produced (also on error: what was decoded so far). Verifies each
 * member's header, CRC-32 and ISIZE. */
enum inflate_result inflate_gzip(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len);

/* Decode exactly one gzip member; *in_used (may be NULL) gets the bytes of the member. */
enum inflate_result inflate_gzip_member(const uint8_t *in, size_t in_len, size_t *in_used,
					uint8_t *out, size_t out_cap, size_t *out_len);

/* The code paths a decode took: its literal/match loop ("bmi2" or "generic") and the CRC-32 back
 * end of its largest block ("vpclmul512", "pclmul" or "slice16"; NULL when no CRC was needed).
 * CPUID is asked once per process, so the choice does not depend on the input's size. */
struct inflate_path {
	const char *loop;
	const char *crc;
};

/* inflate_gzip_member that also says which paths it took (path may be NULL). */
enum inflate_result inflate_gzip_member_path(const uint8_t *in, size_t in_len, size_t *in_used,
					     uint8_t *out, size_t out_cap, size_t *out_len,
					     struct inflate_path *path);

/* Raw deflate stream; *in_used gets the bytes consumed (may be NULL), counting the partial
 * last byte of the final block. */
enum inflate_result inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
				uint8_t *out, size_t out_cap, size_t *out_len);

/* Lower-case reason, e.g. "invalid distance too far back". Never NULL. */
const char *inflate_strerror(enum inflate_result r);

/* CRC-32 (gzip polynomial): crc32_update(0, p, n) is the CRC of p[0..n); chains as
 * crc32_update(crc32_update(0, a, n), b, m). Uses PCLMULQDQ folding where CPUID reports it. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);

/* The portable slice-by-16 CRC-32 (exposed for tests and benchmarks). */
uint32_t crc32_update_table(uint32_t crc, const void *p, size_t n);

#endif
