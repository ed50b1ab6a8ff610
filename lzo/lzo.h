/* lzo.h: freestanding decoding of lzop files (the format `lzop` writes and Linux's build uses for
 * CONFIG_KERNEL_LZO) and of raw LZO1X streams (LZO1X-1, -1(15), -999: one decoder), whole
 * buffers. No libc, no allocation, no global state; built into lm64 and host tools.
 *
 * Stack: at most LZO_STACK_BYTES per call (checked by `make check-lzo-freestanding`). Workspace:
 * none (LZO_WORK_BYTES is 0), so `work` may be NULL. CRC-32 comes from inflate/ (crc32_update).
 * Input: never read at or past in + in_len. Output: never written at or past out + out_cap; the
 * bytes of out[*out_len .. out_cap) may be overwritten with scratch (literals and matches are
 * copied in 8- and 16-byte words, up to 31 bytes past their end), so do not keep data there. in
 * and out must not overlap.
 *
 * What lzo_decode accepts: exactly one lzop file filling the whole buffer:
 * - the 9-byte magic 89 4C 5A 4F 00 0D 0A 1A 0A; the header (all fields big-endian): version
 *   (>= 0x0900), library version, for version >= 0x0940 the version needed to extract (0x0900 to
 *   0x1040, lzop 1.04's) and the level (any value: it does not change decoding), method 1, 2 or
 *   3 (LZO1X-1, LZO1X-1(15), LZO1X-999), flags (no reserved bits; a filter, an extra field or a
 *   multipart archive are refused, as lzop 1.04 does), mode, mtime (high word for version
 *   >= 0x0940), name; the header checksum (CRC-32 when F_H_CRC32, else Adler-32) is verified;
 * - blocks: uncompressed size (1 .. 64 MiB), compressed size (1 .. uncompressed size), the
 *   checksums the flags name (Adler-32 and/or CRC-32 of the uncompressed data; of the compressed
 *   data when it is compressed), every one verified; a block whose compressed size equals its
 *   uncompressed size is stored. Each block is an independent LZO1X stream that must decode to
 *   exactly its uncompressed size and end with its end marker at its last byte;
 * - the end marker: an uncompressed size of 0.
 * Empty input is LZO_ERR_TRUNCATED; bytes after the end marker are LZO_ERR_TRAILING_GARBAGE (a
 * Linux bzImage payload ends with a 4-byte size trailer: pass in_len - 4, compare *out_len). */
#ifndef LZO_H
#define LZO_H
#include <stddef.h>
#include <stdint.h>

/* Upper bound of stack bytes used by one call of any function below (frames summed). */
#define LZO_STACK_BYTES 1024
/* Workspace the decoder needs: none (the output buffer is the window). */
#define LZO_WORK_BYTES 0

/* lzop's magic, 9 bytes; the first 4 as a little-endian word to tell the format by. */
#define LZO_MAGIC_LEN 9
#define LZO_MAGIC_LE32 0x4F5A4C89u
/* lzop's largest block (MAX_BLOCK_SIZE of lzop 1.04). */
#define LZO_BLOCK_MAX (64u << 20)

enum lzo_result {
	LZO_OK = 0,                 /* the input decoded and every check held */
	LZO_ERR_TRUNCATED,          /* input ended inside the file (or was empty) */
	LZO_ERR_OUTPUT_FULL,        /* the output buffer is too small for the decoded data */
	/* lzop file (lzop 1.04's header and block layout) */
	LZO_ERR_MAGIC,              /* the input does not start with lzop's magic */
	LZO_ERR_VERSION,            /* header version below 0x0900 */
	LZO_ERR_VERSION_NEEDED,     /* version needed to extract outside 0x0900..0x1040 */
	LZO_ERR_METHOD,             /* method other than 1, 2, 3 (LZO1X) */
	LZO_ERR_FLAGS_RESERVED,     /* reserved flag bits set */
	LZO_ERR_FILTER,             /* F_H_FILTER: a filtered file (not supported) */
	LZO_ERR_EXTRA_FIELD,        /* F_H_EXTRA_FIELD: an extra header field (not supported) */
	LZO_ERR_MULTIPART,          /* F_MULTIPART: a multipart archive (not supported) */
	LZO_ERR_HEADER_CHECKSUM,    /* the header's Adler-32 / CRC-32 does not match */
	LZO_ERR_BLOCK_SIZE,         /* uncompressed block size above 64 MiB (or 0xFFFFFFFF: split) */
	LZO_ERR_COMPRESSED_SIZE,    /* compressed size 0 or above the uncompressed size */
	LZO_ERR_COMPRESSED_CHECKSUM, /* a checksum of the compressed data does not match */
	LZO_ERR_CHECKSUM,           /* a checksum of the uncompressed data does not match */
	LZO_ERR_BLOCK_LENGTH,       /* a block decoded to other than its uncompressed size */
	LZO_ERR_TRAILING_GARBAGE,   /* bytes after the end marker */
	/* LZO1X stream (lzo1x_decompress_safe's rules) */
	LZO_ERR_INPUT_END,          /* the stream ends before its end marker */
	LZO_ERR_LOOKBEHIND,         /* a match reaches before the start of the block's output */
	LZO_ERR_NOT_CONSUMED,       /* bytes after the stream's end marker inside its block */
	LZO_RESULT_COUNT
};

/* Decode the lzop file at in[0..in_len) into out[0..out_cap) (see the policy above). *in_used
 * (may be NULL) gets the bytes read, *out_len the bytes produced (also on error). work: may be
 * NULL (LZO_WORK_BYTES is 0). */
enum lzo_result lzo_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			   uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Decode one raw LZO1X stream in[0..in_len) into out[0..out_cap), as lzo1x_decompress_safe:
 * it must end with its end marker at in[in_len - 1]. LZO_ERR_OUTPUT_FULL when it needs more. */
enum lzo_result lzo_decode_block(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len);

/* Lower-case reason. Never NULL. */
const char *lzo_strerror(enum lzo_result r);

#endif
