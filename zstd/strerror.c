/* strerror.c: the lower-case reason of every zstd_result. */
#include "zstd_internal.h"

static const char *const reasons[zstd_RESULT_COUNT] = {
	[zstd_OK] = "ok",
	[zstd_ERR_TRUNCATED] = "input ends inside a frame",
	[zstd_ERR_OUTPUT_FULL] = "output buffer full",
	[zstd_ERR_MAGIC] = "not a zstd frame (bad magic number)",
	[zstd_ERR_FRAME_RESERVED] = "frame header reserved bit set",
	[zstd_ERR_WINDOW_TOO_LARGE] = "window size over 2 GiB",
	[zstd_ERR_DICTIONARY] = "dictionary required",
	[zstd_ERR_CONTENT_SIZE] = "decoded size differs from the frame content size",
	[zstd_ERR_CHECKSUM] = "content checksum mismatch",
	[zstd_ERR_SKIPPABLE_SIZE] = "skippable frame runs past the input",
	[zstd_ERR_BLOCK_TYPE] = "reserved block type",
	[zstd_ERR_BLOCK_SIZE] = "block size over the maximum",
	[zstd_ERR_BLOCK_SHORT] = "compressed block too short",
	[zstd_ERR_LIT_SIZE] = "invalid literals size",
	[zstd_ERR_LIT_COMPRESSED_SIZE] = "literals compressed size runs past the block",
	[zstd_ERR_LIT_4_STREAMS] = "too few literals for 4 huffman streams",
	[zstd_ERR_LIT_JUMP_TABLE] = "invalid huffman jump table",
	[zstd_ERR_TREELESS_NO_TABLE] = "treeless literals without a previous huffman table",
	[zstd_ERR_HUF_HEADER_SIZE] = "huffman tree description runs past the literals",
	[zstd_ERR_HUF_WEIGHT] = "huffman weight or code length too large",
	[zstd_ERR_HUF_WEIGHTS_SUM] = "huffman weights do not form a complete code",
	[zstd_ERR_HUF_TOO_MANY_SYMBOLS] = "too many huffman weights",
	[zstd_ERR_HUF_STREAM_PADDING] = "huffman stream without start marker",
	[zstd_ERR_HUF_STREAM_SIZE] = "huffman stream not consumed exactly",
	[zstd_ERR_FSE_ACCURACY_LOG] = "fse accuracy log too large",
	[zstd_ERR_FSE_PROBABILITIES] = "fse probabilities do not add up",
	[zstd_ERR_FSE_TOO_MANY_SYMBOLS] = "fse probabilities past the alphabet",
	[zstd_ERR_FSE_HEADER_SIZE] = "fse table description runs past its section",
	[zstd_ERR_FSE_STREAM_PADDING] = "fse stream without start marker",
	[zstd_ERR_FSE_STREAM_SIZE] = "invalid huffman weights fse stream size",
	[zstd_ERR_SEQ_HEADER] = "sequences section header runs past the block",
	[zstd_ERR_SEQ_RESERVED] = "sequences compression modes reserved bits set",
	[zstd_ERR_SEQ_RLE_SYMBOL] = "sequences rle symbol out of range",
	[zstd_ERR_SEQ_REPEAT_NO_TABLE] = "sequences repeat mode without a previous table",
	[zstd_ERR_SEQ_NO_SEQUENCES_SIZE] = "bytes after an empty sequences section",
	[zstd_ERR_SEQ_STREAM_PADDING] = "sequences bitstream missing or without start marker",
	[zstd_ERR_SEQ_OVERREAD] = "sequences bitstream read past its start",
	[zstd_ERR_SEQ_TRAILING_BITS] = "sequences bitstream not fully consumed",
	[zstd_ERR_LITERALS_OVERRUN] = "sequences use more literals than decoded",
	[zstd_ERR_OFFSET_TOO_FAR] = "match offset before the start of the frame",
	[zstd_ERR_OFFSET_ZERO] = "repeat offset of zero",
	[zstd_ERR_INTERNAL] = "internal error",
};

const char *zstd_strerror(enum zstd_result r)
{
	if ((unsigned)r >= zstd_RESULT_COUNT || !reasons[r])
		return "unknown error";
	return reasons[r];
}
