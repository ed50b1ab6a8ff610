/* lzo_error.c: lzo_strerror, one lower-case reason per result of lzo.h. Freestanding. */
#include "lzo.h"

static const char *const reasons[LZO_RESULT_COUNT] = {
	[LZO_OK] = "ok",
	[LZO_ERR_TRUNCATED] = "unexpected end of input",
	[LZO_ERR_OUTPUT_FULL] = "output buffer full",
	[LZO_ERR_MAGIC] = "not an lzop file (bad magic)",
	[LZO_ERR_VERSION] = "lzop header version too old",
	[LZO_ERR_VERSION_NEEDED] = "lzop file needs an unknown version to extract",
	[LZO_ERR_METHOD] = "unknown compression method (not LZO1X)",
	[LZO_ERR_FLAGS_RESERVED] = "reserved header flags set",
	[LZO_ERR_FILTER] = "filtered lzop files are not supported",
	[LZO_ERR_EXTRA_FIELD] = "lzop header extra field not supported",
	[LZO_ERR_MULTIPART] = "multipart lzop archives are not supported",
	[LZO_ERR_HEADER_CHECKSUM] = "header checksum mismatch",
	[LZO_ERR_BLOCK_SIZE] = "block size too large (or a split file)",
	[LZO_ERR_COMPRESSED_SIZE] = "compressed block size 0 or larger than the block",
	[LZO_ERR_COMPRESSED_CHECKSUM] = "checksum of compressed data mismatch",
	[LZO_ERR_CHECKSUM] = "checksum of uncompressed data mismatch",
	[LZO_ERR_BLOCK_LENGTH] = "block decodes to other than its size",
	[LZO_ERR_TRAILING_GARBAGE] = "trailing bytes after the end of the file",
	[LZO_ERR_INPUT_END] = "compressed data ends before its end marker",
	[LZO_ERR_LOOKBEHIND] = "match distance reaches before the start of the output",
	[LZO_ERR_NOT_CONSUMED] = "bytes after the end marker in a block",
};

const char *lzo_strerror(enum lzo_result r)
{
	if ((unsigned)r < LZO_RESULT_COUNT && reasons[r])
		return reasons[r];
	return "unknown lzo result";
}
