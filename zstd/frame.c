/* frame.c: the frame layer (RFC 8878 3.1): Zstandard and skippable frames back to back, the
 * frame header, the blocks (raw, RLE, compressed) and the checks at the end of a frame
 * (content size, XXH64 content checksum). */
#include "zstd_internal.h"

enum block_type { BLOCK_RAW = 0, BLOCK_RLE = 1, BLOCK_COMPRESSED = 2, BLOCK_RESERVED = 3 };

struct frame_header {
	uint64_t content_size;      /* valid when has_size */
	uint64_t window;            /* Window_Size (3.1.1.1.2) */
	int has_size, checksum;
	size_t len;                 /* bytes of the header, magic included */
};

/* 3.1.1.1: magic, Frame_Header_Descriptor, Window_Descriptor, Dictionary_ID,
 * Frame_Content_Size. */
static enum zstd_result read_header(const uint8_t *in, size_t n, struct frame_header *h)
{
	static const uint8_t did_len[4] = { 0, 1, 2, 4 };
	unsigned fhd, fcs_flag, single, did_flag, fcs_len, i;
	size_t p = 5;
	uint64_t did = 0, fcs = 0;

	if (n < 5)
		return zstd_ERR_TRUNCATED;
	fhd = in[4];
	fcs_flag = fhd >> 6;
	single = (fhd >> 5) & 1;
	did_flag = fhd & 3;
	if (fhd & 8)
		return zstd_ERR_FRAME_RESERVED;
	fcs_len = fcs_flag == 0 ? single : 1u << fcs_flag;
	if (n < p + !single + did_len[did_flag] + fcs_len)
		return zstd_ERR_TRUNCATED;
	if (!single) {
		unsigned wd = in[p++], wlog = ZS_WINDOWLOG_MIN + (wd >> 3);
		uint64_t base;

		if (wlog > ZS_WINDOWLOG_MAX)
			return zstd_ERR_WINDOW_TOO_LARGE;
		base = 1ull << wlog;
		h->window = base + (base >> 3) * (wd & 7);
	}
	for (i = 0; i < did_len[did_flag]; i++)
		did |= (uint64_t)in[p++] << (8 * i);
	for (i = 0; i < fcs_len; i++)
		fcs |= (uint64_t)in[p++] << (8 * i);
	if (fcs_len == 2)
		fcs += 256;
	h->has_size = fcs_len != 0;
	h->content_size = fcs;
	if (single)
		h->window = fcs;
	h->checksum = (fhd >> 2) & 1;
	h->len = p;
	if (did != 0)
		return zstd_ERR_DICTIONARY;
	return zstd_OK;
}

/* 3.1.1.3: a compressed block: literals section, then sequences section. */
static enum zstd_result compressed_block(struct zs_work *w, const uint8_t *src, size_t n,
					 const uint8_t *in_end, uint8_t *out, uint8_t *frame_start,
					 uint8_t **pos, uint8_t *out_end)
{
	const uint8_t *lit;
	size_t lit_len, used;
	enum zstd_result r;

	if (n < 2)
		return zstd_ERR_BLOCK_SHORT;
	r = zs_literals(w, src, n, &used, &lit, &lit_len, in_end);
	if (r != zstd_OK)
		return r;
	return zs_sequences(w, src + used, n - used, lit, lit_len, out, frame_start, pos, out_end);
}

/* One Zstandard frame at in[0..n): its output goes to *pos; *used gets its bytes. */
static enum zstd_result one_frame(struct zs_work *w, const uint8_t *in, size_t n, size_t *used,
				  uint8_t *out, uint8_t **pos, uint8_t *out_end)
{
	struct frame_header h = { 0 };
	uint8_t *frame_start = *pos, *op = *pos;
	size_t p, block_max;
	enum zstd_result r;
	int last;

	r = read_header(in, n, &h);
	if (r != zstd_OK)
		return r;
	p = h.len;
	block_max = h.window < ZS_BLOCK_MAX ? (size_t)h.window : ZS_BLOCK_MAX;
	/* 3.1.1.5: repeat offsets start at 1, 4, 8; no table carries over from another frame */
	w->rep[0] = 1;
	w->rep[1] = 4;
	w->rep[2] = 8;
	w->have_ll = w->have_ml = w->have_of = w->have_huf = w->have_huf2 = 0;
	w->ll_predef = w->ml_predef = w->of_predef = 0;
	if (h.checksum)
		zs_xxh64_init(&w->xxh, 0);
	do {
		uint32_t bh;
		size_t size;
		unsigned type;
		uint8_t *block_start = op;

		/* 3.1.1.2 Block_Header: Last_Block, Block_Type (2 bits), Block_Size (21 bits) */
		if (n - p < 3)
			return *pos = op, zstd_ERR_TRUNCATED;
		bh = zs_load24(in + p);
		p += 3;
		last = bh & 1;
		type = (bh >> 1) & 3;
		size = bh >> 3;
		if (type == BLOCK_RESERVED)
			return *pos = op, zstd_ERR_BLOCK_TYPE;
		if (size > block_max)
			return *pos = op, zstd_ERR_BLOCK_SIZE;
		if (type == BLOCK_RLE) {
			if (n - p < 1)
				return *pos = op, zstd_ERR_TRUNCATED;
			if (size > (size_t)(out_end - op))
				return *pos = op, zstd_ERR_OUTPUT_FULL;
			__builtin_memset(op, in[p], size);
			op += size;
			p += 1;
			if (h.checksum)
				zs_xxh64_update(&w->xxh, block_start, size);
			continue;
		}
		if (n - p < size)
			return *pos = op, zstd_ERR_TRUNCATED;
		if (type == BLOCK_RAW) {
			if (size > (size_t)(out_end - op))
				return *pos = op, zstd_ERR_OUTPUT_FULL;
			__builtin_memcpy(op, in + p, size);
			op += size;
		} else {
			r = compressed_block(w, in + p, size, in + n, out, frame_start, &op, out_end);
			if (r != zstd_OK)
				return *pos = op, r;
			if ((size_t)(op - block_start) > block_max)
				return *pos = op, zstd_ERR_BLOCK_SIZE;
		}
		p += size;
		/* hashed block by block while the block is still in the cache */
		if (h.checksum)
			zs_xxh64_update(&w->xxh, block_start, (size_t)(op - block_start));
	} while (!last);
	*pos = op;
	if (h.has_size && (uint64_t)(op - frame_start) != h.content_size)
		return zstd_ERR_CONTENT_SIZE;
	if (h.checksum) {
		/* 3.1.1 Content_Checksum: low 32 bits of XXH64(content, seed 0), little-endian */
		if (n - p < 4)
			return zstd_ERR_TRUNCATED;
		if ((uint32_t)zs_xxh64_digest(&w->xxh) != zs_load32(in + p))
			return zstd_ERR_CHECKSUM;
		p += 4;
	}
	*used = p;
	return zstd_OK;
}

enum zstd_result zstd_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			     uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	struct zs_work *w = work;
	uint8_t *op = out, *out_end = out + out_cap;
	size_t p = 0, used;
	enum zstd_result r = zstd_OK;

	if (in_len == 0)
		r = zstd_ERR_TRUNCATED;
	while (r == zstd_OK && p < in_len) {
		uint32_t magic;

		if (in_len - p < 4) {
			r = zstd_ERR_TRUNCATED;
			break;
		}
		magic = zs_load32(in + p);
		if ((magic & 0xFFFFFFF0u) == ZS_SKIP_MAGIC) {
			/* 3.1.2 skippable frame: magic, Frame_Size (4 bytes), user data */
			uint32_t size;
			if (in_len - p < 8) {
				r = zstd_ERR_TRUNCATED;
				break;
			}
			size = zs_load32(in + p + 4);
			if (in_len - p - 8 < size) {
				r = zstd_ERR_SKIPPABLE_SIZE;
				break;
			}
			p += 8 + (size_t)size;
			continue;
		}
		if (magic != ZS_MAGIC) {
			r = zstd_ERR_MAGIC;
			break;
		}
		r = one_frame(w, in + p, in_len - p, &used, out, &op, out_end);
		if (r == zstd_OK)
			p += used;
	}
	if (in_used)
		*in_used = p;
	if (out_len)
		*out_len = (size_t)(op - out);
	return r;
}
