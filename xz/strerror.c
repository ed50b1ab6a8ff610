/* strerror.c: xz_strerror, one lower-case reason per enum xz_result. Freestanding. */
#include "xz.h"

static const char *const reasons[XZ_RESULT_COUNT] = {
	[XZ_OK] = "ok",
	[XZ_ERR_TRUNCATED] = "unexpected end of input",
	[XZ_ERR_OUTPUT_FULL] = "output buffer too small",
	[XZ_ERR_BAD_ARGUMENT] = "workspace missing or not aligned to 16 bytes",
	[XZ_ERR_XZ_MAGIC] = "not in .xz format (bad stream header magic)",
	[XZ_ERR_HEADER_CRC] = "stream header crc32 mismatch",
	[XZ_ERR_STREAM_FLAGS] = "stream flags: reserved bits set",
	[XZ_ERR_CHECK_UNSUPPORTED] = "unsupported integrity check type",
	[XZ_ERR_FOOTER_MAGIC] = "bad stream footer magic",
	[XZ_ERR_FOOTER_CRC] = "stream footer crc32 mismatch",
	[XZ_ERR_FOOTER_FLAGS] = "stream footer flags differ from the header's",
	[XZ_ERR_BACKWARD_SIZE] = "stream footer backward size does not match the index",
	[XZ_ERR_STREAM_PADDING] = "stream padding is not a multiple of 4 bytes",
	[XZ_ERR_TRAILING_GARBAGE] = "trailing garbage after the stream",
	[XZ_ERR_BLOCK_HEADER_CRC] = "block header crc32 mismatch",
	[XZ_ERR_BLOCK_FLAGS] = "block flags: reserved bits set",
	[XZ_ERR_BLOCK_HEADER_PADDING] = "block header padding not zero or fields overrun it",
	[XZ_ERR_VLI] = "invalid variable-length integer",
	[XZ_ERR_COMPRESSED_SIZE] = "block compressed size mismatch",
	[XZ_ERR_UNCOMPRESSED_SIZE] = "block uncompressed size mismatch",
	[XZ_ERR_FILTER_UNSUPPORTED] = "unsupported filter",
	[XZ_ERR_FILTER_CHAIN] = "invalid filter chain (lzma2 must be last and only last)",
	[XZ_ERR_FILTER_PROPS] = "invalid filter properties",
	[XZ_ERR_BLOCK_PADDING] = "block padding not zero",
	[XZ_ERR_CHECK] = "integrity check mismatch",
	[XZ_ERR_INDEX] = "index does not match the blocks",
	[XZ_ERR_INDEX_PADDING] = "index padding not zero",
	[XZ_ERR_INDEX_CRC] = "index crc32 mismatch",
	[XZ_ERR_LZMA2_CONTROL] = "lzma2: invalid control byte",
	[XZ_ERR_LZMA2_DICT_RESET] = "lzma2: first chunk does not reset the dictionary",
	[XZ_ERR_LZMA2_NO_PROPS] = "lzma2: lzma chunk without properties after a dictionary reset",
	[XZ_ERR_LZMA2_COMPRESSED] = "lzma2: chunk data does not end at its compressed size",
	[XZ_ERR_LZMA_PROPS] = "lzma: invalid properties (lc + lp > 4 or byte >= 225)",
	[XZ_ERR_LZMA_RC_INIT] = "lzma: range coder does not start with 0",
	[XZ_ERR_LZMA_RC_END] = "lzma: range coder did not end clean",
	[XZ_ERR_LZMA_DIST] = "lzma: match distance too far back",
	[XZ_ERR_LZMA_MATCH_PAST_END] = "lzma: match runs past the end of the data",
	[XZ_ERR_LZMA_EOPM] = "lzma: end marker where none is allowed",
	[XZ_ERR_LZMA_DATA_AFTER_SIZE] = "lzma: data after the known uncompressed size",
	[XZ_ERR_INTERNAL] = "internal error",
};

const char *xz_strerror(enum xz_result r)
{
	if ((unsigned)r >= XZ_RESULT_COUNT || !reasons[r])
		return "unknown error";
	return reasons[r];
}
