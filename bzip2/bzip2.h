/* bzip2.h: freestanding bzip2 stream decoding of whole buffers (the format bzip2 1.0.x writes and
 * Linux's CONFIG_KERNEL_BZIP2 builds). No libc, no allocation, no global state; the caller gives
 * the input, the output and a workspace of BZIP2_WORK_BYTES (the inverse BWT's table).
 *
 * Stack: any function below uses at most BZIP2_STACK_BYTES (checked by
 * `make check-bzip2-freestanding` from gcc's -fstack-usage output).
 * Input: never read at or past in + in_len. Output: never written at or past out + out_cap, and
 * nothing past out + *out_len is written either (the decoder writes each byte exactly once, so
 * there is no output slack to leave).
 * Workspace: BZIP2_WORK_BYTES bytes, 8-byte aligned, contents on entry do not matter; it holds
 * scratch only (nothing is kept between calls).
 *
 * What is accepted:
 * - a stream is "BZh" + a level '1'..'9', zero or more blocks (block magic 0x314159265359) and
 *   the end-of-stream marker 0x177245385090 with the combined CRC; blocks and the marker follow
 *   each other at any bit position; the bits after the combined CRC up to the next byte boundary
 *   are padding and are not checked (bzip2 writes zeros; libbz2 does not check them either).
 * - every block's CRC and every stream's combined CRC are verified.
 * - randomised blocks (a flag bzip2 0.9.5 and later never set) are refused with
 *   BZIP2_ERR_RANDOMISED; libbz2 still decodes them.
 * - Huffman codes: lengths 1..20, decoded exactly as libbz2 decodes them (its limit/base/perm
 *   loop, in table form): an incomplete code is accepted and decoding one of its unused
 *   codewords fails (BZIP2_ERR_CODE_UNUSED); an over-subscribed code (no encoder writes one, a
 *   flipped length bit does) is accepted too and decodes to libbz2's symbols, except for a
 *   codeword whose table index falls past the alphabet, where libbz2 reads stale or
 *   uninitialised table entries and we fail (BZIP2_ERR_CODE_PAST_ALPHABET).
 * - more than 18002 selectors are read and the ones past 18002 ignored, as in libbz2 1.0.8.
 *
 * Concatenated streams and trailing bytes:
 * - bzip2_decode_stream decodes exactly one stream and reports in *in_used the bytes it occupied
 *   (through the byte holding the last bit of the combined CRC); whatever follows is left to the
 *   caller (Linux appends the 4-byte decoded size to its bzip2 payload).
 * - bzip2_decode decodes one or more streams back to back (like bzip2 -d) and concatenates their
 *   output. The whole buffer must be streams: bytes after a stream that do not start with "BZh"
 *   give BZIP2_ERR_TRAILING_GARBAGE (bzip2 -d warns and ignores them); a partial "BZh" or a
 *   partial stream after a stream gives BZIP2_ERR_TRUNCATED; an empty buffer is
 *   BZIP2_ERR_TRUNCATED. */
#ifndef BZIP2_H
#define BZIP2_H
#include <stddef.h>
#include <stdint.h>

/* Upper bound of stack bytes used by one call of any function below. */
#define BZIP2_STACK_BYTES 4096

/* Workspace bytes: per byte of the largest block (900,000 at level 9) its inverse BWT link (4
 * bytes, as in libbz2) and its text (1 byte), plus the Huffman tables, selectors, CRC tables and
 * the walk's segment table (bzip2_internal.h checks the sum with a static assert). */
#define BZIP2_WORK_BYTES (5u * 900000u + 65536u)

enum bzip2_result {
	BZIP2_OK = 0,                /* the stream(s) decoded and every CRC held */
	BZIP2_ERR_TRUNCATED,         /* input ended before the end-of-stream marker and its CRC */
	BZIP2_ERR_OUTPUT_FULL,       /* the output buffer is too small for the decoded data */
	BZIP2_ERR_BAD_WORK,          /* the workspace pointer is NULL or not 8-byte aligned */
	/* stream layer */
	BZIP2_ERR_MAGIC,             /* the stream does not start with "BZh" */
	BZIP2_ERR_LEVEL,             /* the block size byte after "BZh" is not '1'..'9' */
	BZIP2_ERR_BLOCK_MAGIC,       /* neither the block magic nor the end-of-stream magic */
	BZIP2_ERR_STREAM_CRC,        /* the combined CRC does not match the blocks' CRCs */
	BZIP2_ERR_TRAILING_GARBAGE,  /* bytes after a stream that are not a bzip2 stream */
	/* block header */
	BZIP2_ERR_RANDOMISED,        /* the block's randomised flag is set (refused, see above) */
	BZIP2_ERR_NO_SYMBOLS,        /* the symbol map marks no byte value as used */
	BZIP2_ERR_GROUPS,            /* the number of Huffman tables is not 2..6 */
	BZIP2_ERR_NO_SELECTORS,      /* the number of selectors is 0 */
	BZIP2_ERR_SELECTOR,          /* a selector's MTF index is not below the number of tables */
	BZIP2_ERR_CODE_LENGTH,       /* a Huffman code length is outside 1..20 */
	/* block data (MTF/Huffman stage) */
	BZIP2_ERR_CODE_UNUSED,       /* a codeword an incomplete code leaves unused */
	BZIP2_ERR_CODE_PAST_ALPHABET, /* an over-subscribed code's codeword indexes past the alphabet */
	BZIP2_ERR_SELECTORS_USED_UP, /* the block goes on past its last selector's 50 symbols */
	BZIP2_ERR_RUN_OVERFLOW,      /* more than 21 RUNA/RUNB symbols in a row */
	BZIP2_ERR_BLOCK_TOO_LONG,    /* the block holds more bytes than its level allows */
	BZIP2_ERR_ORIGPTR,           /* origPtr is not below the block's length (or it is empty) */
	/* block output (inverse BWT and the initial run-length coding) */
	BZIP2_ERR_RUN_NO_COUNT,      /* the block ends with 4 equal bytes and no run count */
	BZIP2_ERR_BLOCK_CRC,         /* a block's CRC does not match its decoded bytes */
	BZIP2_RESULT_COUNT
};

/* Decode one or more streams at in[0..in_len) into out[0..out_cap) (see the policy above);
 * *in_used (may be NULL) gets the bytes of the streams decoded whole (on success in_len),
 * *out_len the bytes produced (also on error: the bytes of the blocks whose CRC held, plus what
 * the failing block wrote). */
enum bzip2_result bzip2_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			       uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Decode exactly one stream; *in_used (may be NULL) gets the bytes of the stream (0 on error). */
enum bzip2_result bzip2_decode_stream(const uint8_t *in, size_t in_len, size_t *in_used,
				      uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Lower-case reason, e.g. "block crc mismatch". Never NULL. */
const char *bzip2_strerror(enum bzip2_result r);

#endif
