/* lz4.h: freestanding LZ4 decoding of whole buffers: the standard frame (lz4_Frame_format.md,
 * magic 0x184D2204), the legacy frame Linux's kernel payloads use (magic 0x184C2102) and
 * skippable frames, back to back; and raw LZ4 blocks (lz4_Block_format.md). No libc, no
 * allocation, no global state; built into lm64 and host tools.
 *
 * Stack: at most LZ4_STACK_BYTES per call (checked by `make check-lz4-freestanding` from gcc's
 * -fstack-usage output). Workspace: none (LZ4_WORK_BYTES is 0: the window is the output buffer
 * itself), so `work` may be NULL.
 * Input: never read at or past in + in_len. Output: never written at or past out + out_cap; the
 * bytes of out[*out_len .. out_cap) may be overwritten with scratch (the fast loop copies whole
 * 16- and 32-byte words past the end of literals and matches), so do not keep data there. in and
 * out must not overlap (no in-place decoding).
 *
 * What lz4_decode accepts: the whole buffer is frames back to back, each one of
 * - a standard frame: magic, FLG/BD descriptor (version 01, reserved bits 0, block maximum 64 KiB,
 *   256 KiB, 1 MiB or 4 MiB), the optional content size and dictionary ID, the header checksum;
 *   blocks (compressed or stored, independent or linked), each with its XXH32 when FLG says so;
 *   the end mark; the content XXH32 when FLG says so. Every checksum present is verified. A
 *   content size other than 0 must equal the frame's decoded size (liblz4 reads 0 as unknown).
 *   A dictionary ID is accepted and no dictionary is used (as liblz4 without one: a match that
 *   would reach into a dictionary is LZ4_ERR_OFFSET_TOO_FAR);
 * - a legacy frame: magic, then blocks, each a 4-byte little-endian compressed size (1 to
 *   LZ4_LEGACY_BOUND) and an independent block decoding to at most 8 MiB. It ends at the end of
 *   the input or at a 4-byte word that is a frame magic (where the next frame starts), as lz4 -d
 *   reads it. A Linux bzImage payload ends with the kernel's 4-byte uncompressed size
 *   (size_append), which is not lz4 data: pass in_len - 4 and compare *out_len with that size;
 * - a skippable frame (magic 0x184D2A50..0x184D2A5F, a 4-byte size, that many bytes): skipped.
 * Empty input is LZ4_ERR_TRUNCATED. Bytes after a frame that do not start with a frame magic
 * give LZ4_ERR_TRAILING_GARBAGE (lz4 -d warns and stops there; we refuse); fewer than 4 bytes
 * after a frame give LZ4_ERR_TRUNCATED. No padding is accepted anywhere.
 *
 * Blocks are held to the block format's end rules (lz4_Block_format.md "End of block
 * conditions"), which liblz4's LZ4_decompress_safe checks only against the end of its output
 * buffer: in a block that has a match, the last 5 bytes are literals (LZ4_ERR_LAST_LITERALS) and
 * the last match starts at least 12 bytes before the end of the block (LZ4_ERR_LAST_MATCH); the
 * last sequence's token has a match length of 0 (LZ4_ERR_LAST_TOKEN: the last sequence has no
 * match; liblz4 ignores the field, except at capacity 0 where it accepts only the block 00); and
 * a match offset of 0 is refused (LZ4_ERR_OFFSET_ZERO; liblz4 copies undefined bytes). These
 * four are the only streams liblz4 accepts and we refuse; liblz4's compressors make none of them. */
#ifndef LZ4_H
#define LZ4_H
#include <stddef.h>
#include <stdint.h>

/* Upper bound of stack bytes used by one call of any function below (frames summed). */
#define LZ4_STACK_BYTES 1024
/* Workspace the decoder needs: none (the output buffer is the window). */
#define LZ4_WORK_BYTES 0

/* Frame magics (lz4_Frame_format.md; the legacy one from lz4's programs/lz4io.c). */
#define LZ4_MAGIC_FRAME      0x184D2204u
#define LZ4_MAGIC_LEGACY     0x184C2102u
#define LZ4_MAGIC_SKIP_FIRST 0x184D2A50u /* .. 0x184D2A5F */
#define LZ4_MAGIC_SKIP_MASK  0xFFFFFFF0u
/* Legacy frame: every block decodes to at most 8 MiB; a block size word above the compress
 * bound of 8 MiB (LZ4_COMPRESSBOUND: n + n/255 + 16) is not a block size. */
#define LZ4_LEGACY_BLOCK_MAX (8u << 20)
#define LZ4_LEGACY_BOUND     (LZ4_LEGACY_BLOCK_MAX + LZ4_LEGACY_BLOCK_MAX / 255u + 16u)

enum lz4_result {
	LZ4_OK = 0,                  /* the input decoded and every check held */
	LZ4_ERR_TRUNCATED,           /* input ended inside a frame (or was empty) */
	LZ4_ERR_OUTPUT_FULL,         /* the output buffer is too small for the decoded data */
	/* frames (lz4_Frame_format.md) */
	LZ4_ERR_MAGIC,               /* the input does not start with an LZ4 frame magic */
	LZ4_ERR_TRAILING_GARBAGE,    /* bytes after a frame that do not start with a frame magic */
	LZ4_ERR_VERSION,             /* FLG version bits are not 01 */
	LZ4_ERR_FLG_RESERVED,        /* FLG reserved bit 1 is set */
	LZ4_ERR_BD_RESERVED,         /* BD reserved bit 7 or bits 3-0 are set */
	LZ4_ERR_BLOCK_MAX_ID,        /* BD block maximum size ID is 0-3 (only 4-7 are defined) */
	LZ4_ERR_HEADER_CHECKSUM,     /* HC is not the second byte of the descriptor's XXH32 */
	LZ4_ERR_BLOCK_SIZE,          /* a block size field exceeds the frame's block maximum */
	LZ4_ERR_BLOCK_CHECKSUM,      /* a block's XXH32 does not match its data */
	LZ4_ERR_CONTENT_SIZE,        /* the frame decoded to other than its content size field */
	LZ4_ERR_CONTENT_CHECKSUM,    /* the content XXH32 does not match the decoded frame */
	LZ4_ERR_LEGACY_BLOCK_EMPTY,  /* a legacy block size of 0 (a block has at least a token) */
	LZ4_ERR_LEGACY_BLOCK_SIZE,   /* a legacy block size above LZ4_LEGACY_BOUND, not a magic */
	/* blocks (lz4_Block_format.md) */
	LZ4_ERR_LITERAL_LEN_END,     /* the block ends inside a literal length's extra bytes */
	LZ4_ERR_LITERALS_END,        /* the literals run past the end of the block */
	LZ4_ERR_OFFSET_END,          /* the block ends inside a match offset */
	LZ4_ERR_MATCH_LEN_END,       /* the block ends inside a match length's extra bytes */
	LZ4_ERR_NO_LAST_LITERALS,    /* the block ends right after a match (no last sequence) */
	LZ4_ERR_OFFSET_ZERO,         /* a match offset of 0 */
	LZ4_ERR_OFFSET_TOO_FAR,      /* a match reaches before the start of its history */
	LZ4_ERR_BLOCK_OVERFLOW,      /* a block decodes to more than its maximum size */
	LZ4_ERR_LAST_LITERALS,       /* a block with a match ends with fewer than 5 literals */
	LZ4_ERR_LAST_MATCH,          /* the last match starts less than 12 bytes before block end */
	LZ4_ERR_LAST_TOKEN,          /* the last sequence's token has a match length (not 0) */
	LZ4_RESULT_COUNT
};

/* Decode the frames at in[0..in_len) into out[0..out_cap) (see the policy above). *in_used (may
 * be NULL) gets the bytes read (in_len on success), *out_len the bytes produced (also on error:
 * what was decoded so far). work: LZ4_WORK_BYTES (0) bytes, may be NULL. */
enum lz4_result lz4_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			   uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Decode one raw LZ4 block in[0..in_len) (no dictionary) into out[0..out_cap), as
 * LZ4_decompress_safe does with dstCapacity out_cap (the block's maximum size is out_cap, so a
 * block that needs more gives LZ4_ERR_OUTPUT_FULL). An empty block (in_len 0) is
 * LZ4_ERR_TRUNCATED (LZ4_decompress_safe refuses it too). */
enum lz4_result lz4_decode_block(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len);

/* Lower-case reason, e.g. "match offset reaches before the start of the output". Never NULL. */
const char *lz4_strerror(enum lz4_result r);

#endif
