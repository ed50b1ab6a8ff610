/* stream.c: .xz streams (xz file format 2, 4): stream header, blocks, the index checked
 * against the blocks, stream footer; stream padding and concatenated streams; the public
 * entry points xz_decode and xz_decode_stream. Freestanding. */
#include "xz_internal.h"
#include "xz_container.h"

#define XZ_HEADER_BYTES   12  /* 2.1.1: magic 6, stream flags 2, CRC32 4 */
#define XZ_FOOTER_BYTES   12  /* 2.1.2: CRC32 4, backward size 4, stream flags 2, magic 2 */
#define XZ_INDEX_INDICATOR 0x00
static const uint8_t footer_magic[2] = { 'Y', 'Z' };

/* The blocks' records folded as the index's will be (count, sums, CRC32 of the pairs). */
struct record_hash {
	uint64_t count, unpadded, uncompressed;
	uint32_t crc;
};

static void hash_add(struct record_hash *h, const struct xz_record *r)
{
	uint8_t b[16];

	xz_put_le32(b, (uint32_t)r->unpadded);
	xz_put_le32(b + 4, (uint32_t)(r->unpadded >> 32));
	xz_put_le32(b + 8, (uint32_t)r->uncompressed);
	xz_put_le32(b + 12, (uint32_t)(r->uncompressed >> 32));
	h->count++;
	h->unpadded += r->unpadded;
	h->uncompressed += r->uncompressed;
	h->crc = crc32_update(h->crc, b, sizeof(b));
}

/* 4: the index at in[0..in_len) (in[0] is the indicator); *size gets its length. */
static enum xz_result read_index(const uint8_t *in, size_t in_len, const struct record_hash *blocks,
				 size_t *size)
{
	struct record_hash h = { 0, 0, 0, 0 };
	uint64_t count;
	size_t i = 1;
	enum xz_result r = xz_vli(in, in_len, &i, &count);

	if (r != XZ_OK)
		return r;
	if (count != blocks->count)
		return XZ_ERR_INDEX;
	for (uint64_t k = 0; k < count; k++) {
		struct xz_record rec;
		r = xz_vli(in, in_len, &i, &rec.unpadded);
		if (r == XZ_OK)
			r = xz_vli(in, in_len, &i, &rec.uncompressed);
		if (r != XZ_OK)
			return r;
		hash_add(&h, &rec);
	}
	if (h.unpadded != blocks->unpadded || h.uncompressed != blocks->uncompressed ||
	    h.crc != blocks->crc)
		return XZ_ERR_INDEX;
	for (; i & 3; i++) {                     /* 4.4: index padding */
		if (i >= in_len)
			return XZ_ERR_TRUNCATED;
		if (in[i])
			return XZ_ERR_INDEX_PADDING;
	}
	if (in_len - i < 4)                      /* 4.5: CRC32 */
		return XZ_ERR_TRUNCATED;
	if (crc32_update(0, in, i) != xz_le32(in + i))
		return XZ_ERR_INDEX_CRC;
	*size = i + 4;
	return XZ_OK;
}

static enum xz_result one_stream(struct xz_work *w, const uint8_t *in, size_t in_len,
				 size_t *in_used, uint8_t *out, size_t *pos, size_t out_cap)
{
	struct record_hash blocks = { 0, 0, 0, 0 };
	size_t i = XZ_HEADER_BYTES, isize = 0, n = in_len < XZ_MAGIC_LEN ? in_len : XZ_MAGIC_LEN;
	unsigned check;
	enum xz_result r;

	*in_used = 0;
	/* 2.1.1: magic, stream flags (byte 0 reserved, byte 1 = check ID in bits 0-3), CRC32 */
	if (__builtin_memcmp(in, XZ_MAGIC, n))
		return XZ_ERR_XZ_MAGIC;
	if (in_len < XZ_HEADER_BYTES)
		return XZ_ERR_TRUNCATED;
	if (crc32_update(0, in + 6, 2) != xz_le32(in + 8))
		return XZ_ERR_HEADER_CRC;
	if (in[6] || (in[7] & 0xF0))
		return XZ_ERR_STREAM_FLAGS;
	check = in[7];
	if (check != XZ_CHECK_NONE && xz_check_size(check) == 0)
		return XZ_ERR_CHECK_UNSUPPORTED;
	/* 3: blocks until the index indicator */
	for (;;) {
		struct xz_record rec;
		size_t used;
		*in_used = i;
		if (i >= in_len)
			return XZ_ERR_TRUNCATED;
		if (in[i] == XZ_INDEX_INDICATOR)
			break;
		r = xz_block(w, in + i, in_len - i, &used, out, pos, out_cap, check, &rec);
		i += used;
		if (r != XZ_OK) {
			*in_used = i;
			return r;
		}
		hash_add(&blocks, &rec);
	}
	r = read_index(in + i, in_len - i, &blocks, &isize);
	if (r != XZ_OK)
		return r;
	i += isize;
	*in_used = i;
	/* 2.1.2: footer: CRC32 of backward size and flags, backward size, flags, "YZ" */
	if (in_len - i < XZ_FOOTER_BYTES)
		return XZ_ERR_TRUNCATED;
	if (__builtin_memcmp(in + i + 10, footer_magic, 2))
		return XZ_ERR_FOOTER_MAGIC;
	if (crc32_update(0, in + i + 4, 6) != xz_le32(in + i))
		return XZ_ERR_FOOTER_CRC;
	if (__builtin_memcmp(in + i + 8, in + 6, 2))
		return XZ_ERR_FOOTER_FLAGS;
	if (((uint64_t)xz_le32(in + i + 4) + 1) * 4 != isize)
		return XZ_ERR_BACKWARD_SIZE;
	*in_used = i + XZ_FOOTER_BYTES;
	return XZ_OK;
}

static enum xz_result check_work(void *work)
{
	return work && !((uintptr_t)work & 15) ? XZ_OK : XZ_ERR_BAD_ARGUMENT;
}

enum xz_result xz_decode_stream(const uint8_t *in, size_t in_len, size_t *in_used,
				uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	size_t pos = 0, used = 0;
	enum xz_result r = check_work(work);

	if (r == XZ_OK) {
		((struct xz_work *)work)->failed_filter = 0;
		r = in_len ? one_stream(work, in, in_len, &used, out, &pos, out_cap) : XZ_ERR_TRUNCATED;
	}
	*out_len = pos;
	if (in_used)
		*in_used = used;
	return r;
}

enum xz_result xz_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			 uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	size_t pos = 0, i = 0, used = 0;
	enum xz_result r = check_work(work);

	if (r == XZ_OK) {
		((struct xz_work *)work)->failed_filter = 0;
		r = in_len ? XZ_OK : XZ_ERR_TRUNCATED;
	}
	while (r == XZ_OK) {
		size_t j;
		r = one_stream(work, in + i, in_len - i, &used, out, &pos, out_cap);
		i += used;
		if (r != XZ_OK)
			break;
		/* 2.2: stream padding, zeros in multiples of 4, then the end or another stream */
		for (j = i; j < in_len && in[j] == 0; j++)
			;
		if ((j - i) & 3) {
			r = XZ_ERR_STREAM_PADDING;
			break;
		}
		i = j;
		if (i == in_len)
			break;
		j = in_len - i < XZ_MAGIC_LEN ? in_len - i : XZ_MAGIC_LEN;
		if (__builtin_memcmp(in + i, XZ_MAGIC, j))
			r = XZ_ERR_TRAILING_GARBAGE;
	}
	*out_len = pos;
	if (in_used)
		*in_used = i;
	return r;
}

uint64_t xz_failed_filter(const void *work)
{
	return work ? ((const struct xz_work *)work)->failed_filter : 0;
}
