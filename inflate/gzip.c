/* gzip.c: the gzip member layer (RFC 1952) over inflate_raw: header fields, FHCRC, the CRC-32
 * and ISIZE trailer, members back to back; and the result strings. Freestanding. */
#include "inflate.h"
#include "bits.h"
#include "inflate_state.h"

#define GZ_FTEXT    0x01
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_RESERVED 0xe0
#define GZ_FIXED_HEADER 10 /* ID1 ID2 CM FLG MTIME(4) XFL OS */
#define GZ_TRAILER 8       /* CRC32, ISIZE (little-endian) */

static uint32_t load32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Skip a zero-terminated field starting at *pos. */
static int skip_string(const uint8_t *in, size_t n, size_t *pos)
{
	while (*pos < n)
		if (in[(*pos)++] == 0)
			return 1;
	return 0;
}

/* Parse the member header at in[0..n); *len gets its size. */
static enum inflate_result parse_header(const uint8_t *in, size_t n, size_t *len)
{
	size_t pos = GZ_FIXED_HEADER;
	unsigned flg;

	/* Like zlib: the magic is judged once both bytes are there, CM and FLG together. */
	if (n < 2)
		return INFLATE_ERR_TRUNCATED;
	if (in[0] != 0x1f || in[1] != 0x8b)
		return INFLATE_ERR_GZIP_MAGIC;
	if (n < 4)
		return INFLATE_ERR_TRUNCATED;
	if (in[2] != 8)
		return INFLATE_ERR_GZIP_METHOD;
	if (in[3] & GZ_RESERVED)
		return INFLATE_ERR_GZIP_FLAGS;
	if (n < GZ_FIXED_HEADER)
		return INFLATE_ERR_TRUNCATED;
	flg = in[3];
	if (flg & GZ_FEXTRA) {
		if (n - pos < 2 || n - pos - 2 < load16(in + pos))
			return INFLATE_ERR_TRUNCATED;
		pos += 2 + load16(in + pos);
	}
	if ((flg & GZ_FNAME) && !skip_string(in, n, &pos))
		return INFLATE_ERR_TRUNCATED;
	if ((flg & GZ_FCOMMENT) && !skip_string(in, n, &pos))
		return INFLATE_ERR_TRUNCATED;
	if (flg & GZ_FHCRC) {
		if (n - pos < 2)
			return INFLATE_ERR_TRUNCATED;
		if ((crc32_update(0, in, pos) & 0xffff) != load16(in + pos))
			return INFLATE_ERR_GZIP_HCRC;
		pos += 2;
	}
	*len = pos;
	return INFLATE_OK;
}

enum inflate_result inflate_gzip_member(const uint8_t *in, size_t in_len, size_t *in_used,
					uint8_t *out, size_t out_cap, size_t *out_len)
{
	return inflate_gzip_member_path(in, in_len, in_used, out, out_cap, out_len, NULL);
}

enum inflate_result inflate_gzip_member_path(const uint8_t *in, size_t in_len, size_t *in_used,
					     uint8_t *out, size_t out_cap, size_t *out_len,
					     struct inflate_path *path)
{
	size_t hlen = 0, used = 0, olen = 0;
	uint32_t crc = 0;
	enum inflate_result r;

	if (out_len)
		*out_len = 0;
	r = parse_header(in, in_len, &hlen);
	if (r != INFLATE_OK)
		return r;
	r = inflate_raw_crc(in + hlen, in_len - hlen, &used, out, out_cap, &olen, &crc, path);
	if (out_len)
		*out_len = olen;
	if (r != INFLATE_OK)
		return r;
	used += hlen;
	/* Like zlib: CRC32 is judged once its 4 bytes are there, then ISIZE. */
	if (in_len - used < 4)
		return INFLATE_ERR_TRUNCATED;
	if (crc != load32le(in + used))
		return INFLATE_ERR_GZIP_CRC;
	if (in_len - used < GZ_TRAILER)
		return INFLATE_ERR_TRUNCATED;
	if ((uint32_t)olen != load32le(in + used + 4))
		return INFLATE_ERR_GZIP_ISIZE;
	if (in_used)
		*in_used = used + GZ_TRAILER;
	return INFLATE_OK;
}

enum inflate_result inflate_gzip(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len)
{
	size_t pos = 0, total = 0, used, olen;
	enum inflate_result r;

	for (;;) {
		used = olen = 0;
		r = inflate_gzip_member(in + pos, in_len - pos, &used, out + total, out_cap - total,
					&olen);
		total += olen;
		if (r != INFLATE_OK)
			break;
		pos += used;
		if (pos == in_len)
			break;
		/* More bytes: only another member may follow (a lone 0x1f is a truncated one). */
		if (in[pos] != 0x1f || (in_len - pos > 1 && in[pos + 1] != 0x8b)) {
			r = INFLATE_ERR_TRAILING_GARBAGE;
			break;
		}
	}
	if (out_len)
		*out_len = total;
	return r;
}

static const char *const reasons[INFLATE_RESULT_COUNT] = {
	[INFLATE_OK] = "ok",
	[INFLATE_ERR_TRUNCATED] = "unexpected end of input",
	[INFLATE_ERR_OUTPUT_FULL] = "output buffer too small",
	[INFLATE_ERR_BLOCK_TYPE] = "invalid block type",
	[INFLATE_ERR_STORED_LEN] = "invalid stored block lengths",
	[INFLATE_ERR_TOO_MANY_SYMS] = "too many length or distance symbols",
	[INFLATE_ERR_PRECODE_OVER] = "invalid code lengths set: over-subscribed",
	[INFLATE_ERR_PRECODE_INCOMPLETE] = "invalid code lengths set: incomplete",
	[INFLATE_ERR_REPEAT_FIRST] = "invalid bit length repeat: no previous length",
	[INFLATE_ERR_REPEAT_OVERRUN] = "invalid bit length repeat: past the last length",
	[INFLATE_ERR_NO_END_OF_BLOCK] = "invalid code -- missing end-of-block",
	[INFLATE_ERR_LITLEN_OVER] = "invalid literal/lengths set: over-subscribed",
	[INFLATE_ERR_LITLEN_INCOMPLETE] = "invalid literal/lengths set: incomplete",
	[INFLATE_ERR_DIST_OVER] = "invalid distances set: over-subscribed",
	[INFLATE_ERR_DIST_INCOMPLETE] = "invalid distances set: incomplete",
	[INFLATE_ERR_LITLEN_SYMBOL] = "invalid literal/length code: symbol 286 or 287",
	[INFLATE_ERR_LITLEN_UNUSED] = "invalid literal/length code: unused codeword",
	[INFLATE_ERR_DIST_SYMBOL] = "invalid distance code: symbol 30 or 31",
	[INFLATE_ERR_DIST_UNUSED] = "invalid distance code: unused codeword",
	[INFLATE_ERR_DIST_TOO_FAR] = "invalid distance too far back",
	[INFLATE_ERR_GZIP_MAGIC] = "incorrect header check: not gzip",
	[INFLATE_ERR_GZIP_METHOD] = "unknown compression method",
	[INFLATE_ERR_GZIP_FLAGS] = "unknown header flags set",
	[INFLATE_ERR_GZIP_HCRC] = "header crc mismatch",
	[INFLATE_ERR_GZIP_CRC] = "incorrect data check",
	[INFLATE_ERR_GZIP_ISIZE] = "incorrect length check",
	[INFLATE_ERR_TRAILING_GARBAGE] = "trailing garbage after gzip member",
	[INFLATE_ERR_INTERNAL] = "internal error: decode table overflow",
};

const char *inflate_strerror(enum inflate_result r)
{
	if ((unsigned)r >= INFLATE_RESULT_COUNT || !reasons[r])
		return "unknown inflate result";
	return reasons[r];
}
