/* lzop.c: the lzop file layer (lzop 1.04's format, as `lzop` writes it and Linux's build uses):
 * magic, header and its checksum, blocks with their Adler-32 / CRC-32 checksums, stored and
 * LZO1X blocks, the end marker; and the raw LZO1X entry. Freestanding. */
#include "lzo_internal.h"
#include "inflate.h" /* crc32_update */

static const uint8_t magic[LZO_MAGIC_LEN] = { 0x89, 0x4C, 0x5A, 0x4F, 0x00, 0x0D, 0x0A, 0x1A, 0x0A };

/* Header versions (lzop's conf.h): 0x0940 added the version needed, the level and mtime_high. */
#define VERSION_MIN     0x0900
#define VERSION_FIELDS  0x0940
#define VERSION_LZOP    0x1040 /* lzop 1.04: the newest format we read */
/* Methods: LZO1X-1, LZO1X-1(15), LZO1X-999; all decode with one LZO1X decoder. */
#define M_LZO1X_1       1
#define M_LZO1X_999     3
/* Flags. */
#define F_ADLER32_D     0x00000001u
#define F_ADLER32_C     0x00000002u
#define F_H_EXTRA_FIELD 0x00000040u
#define F_CRC32_D       0x00000100u
#define F_CRC32_C       0x00000200u
#define F_MULTIPART     0x00000400u
#define F_H_FILTER      0x00000800u
#define F_H_CRC32       0x00001000u
#define F_MASK          0x00003FFFu
#define F_OS_MASK       0xFF000000u
#define F_CS_MASK       0x00F00000u
#define F_RESERVED      (~(F_MASK | F_OS_MASK | F_CS_MASK))
/* Block sizes: 0 is the end marker, 0xFFFFFFFF marks a split file. */
#define BLOCK_SPLIT     0xFFFFFFFFu

struct lzop_pos {
	const uint8_t *in;
	size_t in_len, ip;
};

LZO_INLINE size_t left(const struct lzop_pos *s) { return s->in_len - s->ip; }

/* Read a big-endian field of n (1, 2 or 4) bytes; 0 when the input ends first. */
LZO_INLINE int field(struct lzop_pos *s, unsigned n, uint32_t *v)
{
	const uint8_t *p = s->in + s->ip;

	if (left(s) < n)
		return 0;
	*v = n == 4 ? lzo_be32(p) : n == 2 ? lzo_be16(p) : p[0];
	s->ip += n;
	return 1;
}

/* The header after the magic; *flags gets its flags. */
static enum lzo_result header(struct lzop_pos *s, uint32_t *flags)
{
	size_t start = s->ip;
	uint32_t version, lib, needed = VERSION_MIN, method, level, mode, mtime, name_len, sum;
	uint32_t want;

	if (!field(s, 2, &version) || !field(s, 2, &lib))
		return LZO_ERR_TRUNCATED;
	if (version < VERSION_MIN)
		return LZO_ERR_VERSION;
	if (version >= VERSION_FIELDS && !field(s, 2, &needed))
		return LZO_ERR_TRUNCATED;
	if (needed < VERSION_MIN || needed > VERSION_LZOP)
		return LZO_ERR_VERSION_NEEDED;
	if (!field(s, 1, &method))
		return LZO_ERR_TRUNCATED;
	if (method < M_LZO1X_1 || method > M_LZO1X_999)
		return LZO_ERR_METHOD;
	if (version >= VERSION_FIELDS && !field(s, 1, &level))
		return LZO_ERR_TRUNCATED;
	if (!field(s, 4, flags))
		return LZO_ERR_TRUNCATED;
	if (*flags & F_RESERVED)
		return LZO_ERR_FLAGS_RESERVED;
	if (*flags & F_MULTIPART)
		return LZO_ERR_MULTIPART;
	if (*flags & F_H_FILTER)
		return LZO_ERR_FILTER;
	if (!field(s, 4, &mode) || !field(s, 4, &mtime) ||
	    (version >= VERSION_FIELDS && !field(s, 4, &mtime)) || !field(s, 1, &name_len))
		return LZO_ERR_TRUNCATED;
	if (left(s) < name_len)
		return LZO_ERR_TRUNCATED;
	s->ip += name_len;
	/* The checksum covers the header from the version to the name's end. */
	want = *flags & F_H_CRC32 ? crc32_update(0, s->in + start, s->ip - start)
				  : adler32_update(1, s->in + start, s->ip - start);
	if (!field(s, 4, &sum))
		return LZO_ERR_TRUNCATED;
	if (sum != want)
		return LZO_ERR_HEADER_CHECKSUM;
	if (*flags & F_H_EXTRA_FIELD)
		return LZO_ERR_EXTRA_FIELD;
	(void)lib, (void)level, (void)mode;
	return LZO_OK;
}

/* The checksums flags name (Adler-32 bit a, CRC-32 bit c) of p[0..n) against the fields read. */
LZO_INLINE int sums_match(uint32_t flags, uint32_t a, uint32_t c, uint32_t adler, uint32_t crc,
			  const uint8_t *p, size_t n)
{
	if ((flags & a) && adler32_update(1, p, n) != adler)
		return 0;
	if ((flags & c) && crc32_update(0, p, n) != crc)
		return 0;
	return 1;
}

enum lzo_result lzo_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			   uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	struct lzop_pos s = { in, in_len, 0 };
	uint8_t *op = out, *out_end = out + out_cap;
	enum lzo_result r;
	uint32_t flags = 0;

	(void)work; /* LZO_WORK_BYTES is 0 */
	if (in_len < LZO_MAGIC_LEN)
		r = in_len && __builtin_memcmp(in, magic, in_len) ? LZO_ERR_MAGIC : LZO_ERR_TRUNCATED;
	else if (__builtin_memcmp(in, magic, LZO_MAGIC_LEN))
		r = LZO_ERR_MAGIC;
	else
		s.ip = LZO_MAGIC_LEN, r = header(&s, &flags);
	while (r == LZO_OK) {
		uint32_t dst_len, src_len, d_adler = 0, d_crc = 0, c_adler = 0, c_crc = 0;
		const uint8_t *b;

		if (!field(&s, 4, &dst_len)) {
			r = LZO_ERR_TRUNCATED;
			break;
		}
		if (dst_len == 0) {
			if (left(&s))
				r = LZO_ERR_TRAILING_GARBAGE;
			break; /* the end marker */
		}
		if (dst_len == BLOCK_SPLIT || dst_len > LZO_BLOCK_MAX) {
			r = LZO_ERR_BLOCK_SIZE;
			break;
		}
		if (!field(&s, 4, &src_len)) {
			r = LZO_ERR_TRUNCATED;
			break;
		}
		if (src_len == 0 || src_len > dst_len) {
			r = LZO_ERR_COMPRESSED_SIZE;
			break;
		}
		if (((flags & F_ADLER32_D) && !field(&s, 4, &d_adler)) ||
		    ((flags & F_CRC32_D) && !field(&s, 4, &d_crc)) ||
		    (src_len < dst_len && (flags & F_ADLER32_C) && !field(&s, 4, &c_adler)) ||
		    (src_len < dst_len && (flags & F_CRC32_C) && !field(&s, 4, &c_crc)) ||
		    left(&s) < src_len) {
			r = LZO_ERR_TRUNCATED;
			break;
		}
		b = in + s.ip;
		s.ip += src_len;
		if (dst_len > (size_t)(out_end - op)) {
			r = LZO_ERR_OUTPUT_FULL;
			break;
		}
		if (src_len == dst_len) {
			/* stored: the compressed checksums (if any) are the uncompressed ones */
			__builtin_memcpy(op, b, src_len);
		} else {
			uint8_t *bo = op;

			if (!sums_match(flags, F_ADLER32_C, F_CRC32_C, c_adler, c_crc, b, src_len)) {
				r = LZO_ERR_COMPRESSED_CHECKSUM;
				break;
			}
			r = lzo1x_block(b, b + src_len, op, &bo, op + dst_len);
			if (r == LZO_ERR_OUTPUT_FULL || (r == LZO_OK && (size_t)(bo - op) != dst_len))
				r = LZO_ERR_BLOCK_LENGTH;
			if (r != LZO_OK) {
				op = bo;
				break;
			}
		}
		if (!sums_match(flags, F_ADLER32_D, F_CRC32_D, d_adler, d_crc, op, dst_len)) {
			r = LZO_ERR_CHECKSUM;
			break;
		}
		op += dst_len;
	}
	if (in_used)
		*in_used = s.ip;
	*out_len = (size_t)(op - out);
	return r;
}

enum lzo_result lzo_decode_block(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t *op = out;
	enum lzo_result r = lzo1x_block(in, in + in_len, out, &op, out + out_cap);

	*out_len = (size_t)(op - out);
	return r;
}
