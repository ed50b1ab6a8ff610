/* zstddec.h: freestanding Zstandard (RFC 8878) decoding of whole buffers into one flat output
 * buffer. No libc, no allocation, no global state; for lm64 and host tools.
 *
 * Accepts: one or more frames back to back (Zstandard frames, magic 28 b5 2f fd, and skippable
 * frames, magic 50..5f 2a 4d 18, whose content is skipped), concatenating the output of every
 * Zstandard frame, like zstd -d. The whole buffer must be frames: an empty buffer, a partial
 * frame or bytes after the last frame that are not a frame are refused (zstd_ERR_TRUNCATED,
 * zstd_ERR_MAGIC). Frames with a dictionary ID other than 0 are refused (zstd_ERR_DICTIONARY).
 * The XXH64 content checksum and the frame content size are verified when present.
 *
 * Window: the output buffer is the window. A match may reach back to the first byte of its
 * own frame (never into an earlier frame's output, as libzstd); the window size of the frame
 * header is only checked to be at most 2^31 (ZSTD_WINDOWLOG_MAX of 64-bit libzstd), so
 * --long=31 streams decode when the output fits.
 *
 * Stricter than libzstd's one-shot ZSTD_decompressDCtx (1.5.4), following RFC 8878 and
 * libzstd's own streaming decoder: a block whose Block_Size exceeds Block_Maximum_Size
 * (min(window size, 128 KiB)) or whose decoded size does (zstd_ERR_BLOCK_SIZE); reserved bits
 * of the sequences' compression modes set (zstd_ERR_SEQ_RESERVED); a sequence bitstream read
 * past its start (zstd_ERR_SEQ_OVERREAD, libzstd accepts it at the end of a block); a repeat
 * offset of Repeated_Offset1 - 1 = 0 (zstd_ERR_OFFSET_ZERO, libzstd turns it into 1); bits
 * left in the sequences bitstream after the last sequence (zstd_ERR_SEQ_TRAILING_BITS:
 * libzstd 1.5.4 updates the three states once more after the last sequence and so accepts
 * up to that many unread bits); a Huffman stream of the literals not consumed exactly
 * (zstd_ERR_HUF_STREAM_SIZE: libzstd's fast 4-stream loop checks only the literal count). An empty input is zstd_ERR_TRUNCATED (libzstd: 0 bytes).
 *
 * Memory: never reads at or past in + in_len; never writes at or past out + out_cap. The bytes
 * of out[*out_len .. out_cap) may be overwritten with scratch (literal and match copies move
 * whole 16-byte words and may write up to zstd_OUT_SLACK - 1 bytes past the end of a copy while the
 * buffer has room), so do not keep data there. The caller's workspace holds the entropy tables
 * and the literals of one block: zstd_WORK_BYTES bytes, any alignment of 8 or more.
 *
 * Stack: at most zstd_STACK_BYTES per call (checked by `make check-zstd-freestanding` from
 * gcc's -fstack-usage output). No recursion. */
#ifndef LB_ZSTDDEC_H
#define LB_ZSTDDEC_H
#include <stddef.h>
#include <stdint.h>

/* Upper bound of stack bytes used by one call of zstd_decode (all frames summed). */
#define zstd_STACK_BYTES 4096
/* Bytes of the workspace zstd_decode needs (checked against the tables by static asserts). */
#define zstd_WORK_BYTES (168u * 1024u)
/* Scratch bytes a copy may write past its end while the output buffer has room. */
#define zstd_OUT_SLACK 32

enum zstd_result {
	zstd_OK = 0,                 /* every frame decoded and every check held */
	zstd_ERR_TRUNCATED,          /* input ended inside a frame (or the buffer is empty) */
	zstd_ERR_OUTPUT_FULL,        /* the output buffer is too small for the decoded data */
	/* frame layer (RFC 8878 3.1.1) */
	zstd_ERR_MAGIC,              /* neither a Zstandard nor a skippable frame magic number */
	zstd_ERR_FRAME_RESERVED,     /* Frame_Header_Descriptor reserved bit (3) set */
	zstd_ERR_WINDOW_TOO_LARGE,   /* Window_Descriptor asks for a window over 2^31 bytes */
	zstd_ERR_DICTIONARY,         /* dictionary required: the frame names a dictionary ID */
	zstd_ERR_CONTENT_SIZE,       /* decoded size differs from Frame_Content_Size */
	zstd_ERR_CHECKSUM,           /* XXH64 content checksum does not match the decoded data */
	zstd_ERR_SKIPPABLE_SIZE,     /* a skippable frame's size runs past the input */
	/* block layer (3.1.1.2) */
	zstd_ERR_BLOCK_TYPE,         /* Block_Type 3 (reserved) */
	zstd_ERR_BLOCK_SIZE,         /* Block_Size or decoded block over Block_Maximum_Size */
	zstd_ERR_BLOCK_SHORT,        /* a compressed block too short for its literals/sequences headers */
	/* literals section (3.1.1.3.1) */
	zstd_ERR_LIT_SIZE,           /* Regenerated_Size over 128 KiB or past the block */
	zstd_ERR_LIT_COMPRESSED_SIZE, /* Compressed_Size runs past the block */
	zstd_ERR_LIT_4_STREAMS,      /* 4 Huffman streams for fewer than 6 literals */
	zstd_ERR_LIT_JUMP_TABLE,     /* the 4-stream jump table's sizes exceed Compressed_Size */
	zstd_ERR_TREELESS_NO_TABLE,  /* treeless literals with no Huffman table earlier in the frame */
	/* Huffman tree description (4.2.1) */
	zstd_ERR_HUF_HEADER_SIZE,    /* the tree description runs past the literals section */
	zstd_ERR_HUF_WEIGHT,         /* a weight over 11 (Max_Number_of_Bits) */
	zstd_ERR_HUF_WEIGHTS_SUM,    /* the weights leave no power-of-two remainder for the last one */
	zstd_ERR_HUF_TOO_MANY_SYMBOLS, /* weights for more than 255 symbols (+ the implied one) */
	zstd_ERR_HUF_STREAM_PADDING, /* a Huffman stream's last byte is 0 (no start marker) */
	zstd_ERR_HUF_STREAM_SIZE,    /* a Huffman stream is not consumed exactly by its literals */
	/* FSE table description (4.1.1) */
	zstd_ERR_FSE_ACCURACY_LOG,   /* Accuracy_Log over the table's maximum */
	zstd_ERR_FSE_PROBABILITIES,  /* probabilities do not add up to 2^Accuracy_Log */
	zstd_ERR_FSE_TOO_MANY_SYMBOLS, /* probabilities for symbols past the alphabet */
	zstd_ERR_FSE_HEADER_SIZE,    /* the table description runs past its section */
	zstd_ERR_FSE_STREAM_PADDING, /* an FSE bitstream's last byte is 0 (no start marker) */
	zstd_ERR_FSE_STREAM_SIZE,    /* Huffman weights' FSE bitstream not consumed exactly / over-read */
	/* sequences section (3.1.1.3.2) */
	zstd_ERR_SEQ_HEADER,         /* Number_of_Sequences or modes byte past the block */
	zstd_ERR_SEQ_RESERVED,       /* Symbol_Compression_Modes reserved bits set */
	zstd_ERR_SEQ_RLE_SYMBOL,     /* an RLE mode symbol past the code alphabet */
	zstd_ERR_SEQ_REPEAT_NO_TABLE, /* repeat mode with no table earlier in the frame */
	zstd_ERR_SEQ_NO_SEQUENCES_SIZE, /* Number_of_Sequences 0 but bytes follow in the block */
	zstd_ERR_SEQ_STREAM_PADDING, /* the sequences bitstream's last byte is 0 (or it is empty) */
	zstd_ERR_SEQ_OVERREAD,       /* the sequences bitstream was read past its start */
	zstd_ERR_SEQ_TRAILING_BITS,  /* bits left in the sequences bitstream after the last one */
	zstd_ERR_LITERALS_OVERRUN,   /* sequences use more literals than the section holds */
	zstd_ERR_OFFSET_TOO_FAR,     /* a match reaches before the start of its frame */
	zstd_ERR_OFFSET_ZERO,        /* repeat offset Repeated_Offset1 - 1 is 0 */
	zstd_ERR_INTERNAL,           /* a table would overflow its static size (cannot happen) */
	zstd_RESULT_COUNT
};

/* Decode all frames at in[0..in_len) into out[0..out_cap) (see the policy above). *in_used
 * (may be NULL) gets the bytes of input consumed (in_len on success); *out_len gets the bytes
 * produced, also on error (what was decoded so far). work: zstd_WORK_BYTES bytes, 8-aligned. */
enum zstd_result zstd_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			     uint8_t *out, size_t out_cap, size_t *out_len, void *work);

/* Lower-case reason, e.g. "dictionary required". Never NULL. */
const char *zstd_strerror(enum zstd_result r);

/* XXH64 of p[0..n) with the given seed (the content checksum is its low 32 bits, seed 0). */
uint64_t zstd_xxh64(const void *p, size_t n, uint64_t seed);

/* 1 when in[0..4) is a Zstandard frame magic (28 b5 2f fd), for format detection. */
static inline int zstd_is_frame(const uint8_t *in, size_t in_len)
{
	return in_len >= 4 && in[0] == 0x28 && in[1] == 0xb5 && in[2] == 0x2f && in[3] == 0xfd;
}

#endif
