/* lz4_error.c: lz4_strerror, one lower-case reason per result of lz4.h. Freestanding. */
#include "lz4.h"

static const char *const reasons[LZ4_RESULT_COUNT] = {
	[LZ4_OK] = "ok",
	[LZ4_ERR_TRUNCATED] = "unexpected end of input",
	[LZ4_ERR_OUTPUT_FULL] = "output buffer full",
	[LZ4_ERR_MAGIC] = "not lz4 data (unknown magic number)",
	[LZ4_ERR_TRAILING_GARBAGE] = "trailing bytes after the last frame",
	[LZ4_ERR_VERSION] = "frame descriptor version is not 01",
	[LZ4_ERR_FLG_RESERVED] = "frame descriptor FLG reserved bit set",
	[LZ4_ERR_BD_RESERVED] = "frame descriptor BD reserved bits set",
	[LZ4_ERR_BLOCK_MAX_ID] = "invalid block maximum size id",
	[LZ4_ERR_HEADER_CHECKSUM] = "frame header checksum mismatch",
	[LZ4_ERR_BLOCK_SIZE] = "block size larger than the frame's block maximum",
	[LZ4_ERR_BLOCK_CHECKSUM] = "block checksum mismatch",
	[LZ4_ERR_CONTENT_SIZE] = "decoded size differs from the frame's content size",
	[LZ4_ERR_CONTENT_CHECKSUM] = "content checksum mismatch",
	[LZ4_ERR_LEGACY_BLOCK_EMPTY] = "legacy block of size 0",
	[LZ4_ERR_LEGACY_BLOCK_SIZE] = "legacy block size too large",
	[LZ4_ERR_LITERAL_LEN_END] = "block ends inside a literal length",
	[LZ4_ERR_LITERALS_END] = "literals run past the end of the block",
	[LZ4_ERR_OFFSET_END] = "block ends inside a match offset",
	[LZ4_ERR_MATCH_LEN_END] = "block ends inside a match length",
	[LZ4_ERR_NO_LAST_LITERALS] = "block ends with a match (no last literals)",
	[LZ4_ERR_OFFSET_ZERO] = "match offset 0",
	[LZ4_ERR_OFFSET_TOO_FAR] = "match offset reaches before the start of the output",
	[LZ4_ERR_BLOCK_OVERFLOW] = "block decodes to more than its maximum size",
	[LZ4_ERR_LAST_LITERALS] = "block's last 5 bytes are not literals",
	[LZ4_ERR_LAST_MATCH] = "block's last match starts less than 12 bytes before its end",
	[LZ4_ERR_LAST_TOKEN] = "block's last token has a match length",
};

const char *lz4_strerror(enum lz4_result r)
{
	if ((unsigned)r < LZ4_RESULT_COUNT && reasons[r])
		return reasons[r];
	return "unknown lz4 result";
}
