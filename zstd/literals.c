/* literals.c: the literals section of a compressed block (RFC 8878 3.1.1.3.1): its header,
 * then raw, RLE or Huffman-coded (with a new or the previous "treeless" table) literals. */
#include "zstd_internal.h"

enum lit_type { LIT_RAW = 0, LIT_RLE = 1, LIT_COMPRESSED = 2, LIT_TREELESS = 3 };

enum zstd_result zs_literals(struct zs_work *w, const uint8_t *src, size_t n, size_t *used,
			     const uint8_t **lit, size_t *lit_len, const uint8_t *in_end)
{
	unsigned type = src[0] & 3, sf = (src[0] >> 2) & 3;
	size_t hs, size, csize, total;
	enum zstd_result r;

	/* the caller checked n >= 2: one header byte plus one more (3.1.1.3) */
	if (type == LIT_RAW || type == LIT_RLE) {
		/* 3.1.1.3.1.1 Size_Format: x0 5 bits, 01 12 bits, 11 20 bits */
		if ((sf & 1) == 0) {
			hs = 1;
			size = src[0] >> 3;
		} else if (sf == 1) {
			hs = 2;
			size = zs_load16(src) >> 4;
		} else {
			hs = 3;
			if (n < 3)
				return zstd_ERR_BLOCK_SHORT;
			size = zs_load24(src) >> 4;
		}
		if (size > ZS_BLOCK_MAX)
			return zstd_ERR_LIT_SIZE;
		if (type == LIT_RLE) {
			if (hs + 1 > n)
				return zstd_ERR_BLOCK_SHORT;
			__builtin_memset(w->lit, src[hs], size + ZS_LIT_SLACK);
			*lit = w->lit;
			*used = hs + 1;
		} else {
			if (hs + size > n)
				return zstd_ERR_LIT_SIZE;
			/* in place when the input has slack after them, else copied */
			if ((size_t)(in_end - (src + hs + size)) >= ZS_LIT_SLACK) {
				*lit = src + hs;
			} else {
				__builtin_memcpy(w->lit, src + hs, size);
				*lit = w->lit;
			}
			*used = hs + size;
		}
		*lit_len = size;
		return zstd_OK;
	}
	/* 3.1.1.3.1.1 compressed: 00 1 stream 10+10 bits, 01 4 streams 10+10, 10 14+14, 11 18+18 */
	if (n < 5)
		return zstd_ERR_BLOCK_SHORT;
	if (type == LIT_TREELESS && !w->have_huf)
		return zstd_ERR_TREELESS_NO_TABLE;
	{
		uint32_t h = zs_load32(src);
		switch (sf) {
		case 0: case 1:
			hs = 3; size = (h >> 4) & 0x3FF; csize = (h >> 14) & 0x3FF;
			break;
		case 2:
			hs = 4; size = (h >> 4) & 0x3FFF; csize = h >> 18;
			break;
		default:
			hs = 5; size = (h >> 4) & 0x3FFFF; csize = (h >> 22) | (size_t)src[4] << 10;
			break;
		}
	}
	if (size > ZS_BLOCK_MAX)
		return zstd_ERR_LIT_SIZE;
	if (sf != 0 && size < ZS_MIN_LIT_4STREAMS)
		return zstd_ERR_LIT_4_STREAMS;
	if (hs + csize > n)
		return zstd_ERR_LIT_COMPRESSED_SIZE;
	total = hs + csize;
	src += hs;
	if (type == LIT_COMPRESSED) {
		size_t th;
		r = zs_huf_read_table(w, src, csize, &th);
		if (r != zstd_OK)
			return r;
		src += th;
		csize -= th;
	}
	r = zs_huf_decode(w, w->lit, size, src, csize, sf != 0);
	if (r != zstd_OK)
		return r;
	*lit = w->lit;
	*lit_len = size;
	*used = total;
	return zstd_OK;
}
