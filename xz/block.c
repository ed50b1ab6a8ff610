/* block.c: one .xz block (xz file format 3): the block header with its sizes and filter flags,
 * the LZMA2 data into the output, the other filters undone in place, block padding and the
 * check (CRC32, CRC64, SHA-256). Freestanding. */
#include "xz_internal.h"
#include "xz_container.h"

#define BLOCK_FLAG_FILTERS   0x03  /* 3.1.2: number of filters - 1 */
#define BLOCK_FLAG_RESERVED  0x3C
#define BLOCK_FLAG_CSIZE     0x40  /* compressed size present */
#define BLOCK_FLAG_USIZE     0x80  /* uncompressed size present */
#define XZ_FILTERS_MAX       4
#define LZMA2_DICT_PROPS_MAX 40    /* 5.3.1: dictionary size byte, 40 = 4 GiB - 1 */

/* 1.2: a multibyte integer, 7 bits a byte, low first, at most 9 bytes, no trailing 0 byte. */
enum xz_result xz_vli(const uint8_t *in, size_t len, size_t *i, uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned k = 0; k < XZ_VLI_BYTES_MAX; k++) {
		uint8_t b;
		if (*i >= len)
			return XZ_ERR_TRUNCATED;
		b = in[(*i)++];
		x |= (uint64_t)(b & 0x7F) << (7 * k);
		if (!(b & 0x80)) {
			if (b == 0 && k > 0)
				return XZ_ERR_VLI;
			*v = x;
			return XZ_OK;
		}
	}
	return XZ_ERR_VLI;
}

/* 3.4: bytes of the check of each check ID (0 for the reserved ones this decoder refuses). */
size_t xz_check_size(unsigned id)
{
	switch (id) {
	case XZ_CHECK_NONE:   return 0;
	case XZ_CHECK_CRC32:  return 4;
	case XZ_CHECK_CRC64:  return 8;
	case XZ_CHECK_SHA256: return 32;
	default:              return 0;
	}
}

struct filter {
	uint64_t id;
	uint32_t arg;   /* LZMA2: dictionary size; Delta: distance; BCJ: start offset */
};

/* 3.1.4-3.1.5: the filter flags of the header h[0..hlen) (hlen excludes the CRC32). */
static enum xz_result filter_flags(struct xz_work *w, const uint8_t *h, size_t hlen, size_t *i,
				   unsigned n, struct filter *f)
{
	for (unsigned k = 0; k < n; k++) {
		uint64_t id, psize;
		enum xz_result r = xz_vli(h, hlen, i, &id);
		if (r == XZ_OK)
			r = xz_vli(h, hlen, i, &psize);
		if (r != XZ_OK)
			return r == XZ_ERR_TRUNCATED ? XZ_ERR_BLOCK_HEADER_PADDING : r;
		if (psize > hlen - *i)
			return XZ_ERR_BLOCK_HEADER_PADDING;
		const uint8_t *p = h + *i;
		*i += (size_t)psize;
		f[k].id = id;
		f[k].arg = 0;
		switch (id) {
		case XZ_FILTER_LZMA2:
			if (psize != 1 || (p[0] & 0xC0) || p[0] > LZMA2_DICT_PROPS_MAX)
				return XZ_ERR_FILTER_PROPS;
			f[k].arg = p[0] == LZMA2_DICT_PROPS_MAX ? 0xFFFFFFFFu
				: (uint32_t)(2 | (p[0] & 1)) << (p[0] / 2 + 11);
			break;
		case XZ_FILTER_DELTA:
			if (psize != 1)
				return XZ_ERR_FILTER_PROPS;
			f[k].arg = (uint32_t)p[0] + 1;
			break;
		case XZ_FILTER_X86: case XZ_FILTER_POWERPC: case XZ_FILTER_IA64: case XZ_FILTER_ARM:
		case XZ_FILTER_ARMTHUMB: case XZ_FILTER_SPARC: case XZ_FILTER_ARM64:
			if (psize != 0 && psize != 4)
				return XZ_ERR_FILTER_PROPS;
			f[k].arg = psize ? xz_le32(p) : 0;
			break;
		default:
			w->failed_filter = id;
			return XZ_ERR_FILTER_UNSUPPORTED;
		}
		/* 3.1.4: LZMA2 only last; the others only before it */
		if ((id == XZ_FILTER_LZMA2) != (k == n - 1))
			return XZ_ERR_FILTER_CHAIN;
	}
	return XZ_OK;
}

enum xz_result xz_block(struct xz_work *w, const uint8_t *in, size_t in_len, size_t *in_used,
			uint8_t *out, size_t *pos, size_t out_cap, unsigned check,
			struct xz_record *rec)
{
	struct filter f[XZ_FILTERS_MAX];
	size_t hsize, i = 2, used = 0, start = *pos, cap = out_cap, csize_max, nchk, pad, at;
	uint64_t csize = UINT64_MAX, usize = UINT64_MAX;
	unsigned flags, n;
	enum xz_result r;
	uint8_t sum[32];

	*in_used = 0;
	hsize = ((size_t)in[0] + 1) * 4;          /* 3.1.1: the header size byte */
	if (in_len < hsize)
		return XZ_ERR_TRUNCATED;
	if (crc32_update(0, in, hsize - 4) != xz_le32(in + hsize - 4))
		return XZ_ERR_BLOCK_HEADER_CRC;
	flags = in[1];
	if (flags & BLOCK_FLAG_RESERVED)
		return XZ_ERR_BLOCK_FLAGS;
	n = (flags & BLOCK_FLAG_FILTERS) + 1;
	if (flags & BLOCK_FLAG_CSIZE) {          /* 3.1.3 */
		r = xz_vli(in, hsize - 4, &i, &csize);
		if (r != XZ_OK)
			return r == XZ_ERR_TRUNCATED ? XZ_ERR_BLOCK_HEADER_PADDING : r;
		if (csize == 0)
			return XZ_ERR_COMPRESSED_SIZE;
	}
	if (flags & BLOCK_FLAG_USIZE) {
		r = xz_vli(in, hsize - 4, &i, &usize);
		if (r != XZ_OK)
			return r == XZ_ERR_TRUNCATED ? XZ_ERR_BLOCK_HEADER_PADDING : r;
	}
	r = filter_flags(w, in, hsize - 4, &i, n, f);
	if (r != XZ_OK)
		return r;
	for (; i < hsize - 4; i++)                /* 3.1.6: header padding */
		if (in[i])
			return XZ_ERR_BLOCK_HEADER_PADDING;

	/* 3.2: the compressed data, at most csize bytes; at most usize bytes out */
	csize_max = in_len - hsize;
	if (csize < csize_max)
		csize_max = (size_t)csize;
	if (usize < cap - start)
		cap = start + (size_t)usize;
	r = lzma2_decode(w, f[n - 1].arg, in + hsize, csize_max, &used, out, pos, cap);
	if (r == XZ_ERR_TRUNCATED && csize_max < in_len - hsize)
		r = XZ_ERR_COMPRESSED_SIZE;
	if (r == XZ_ERR_OUTPUT_FULL && cap < out_cap)
		r = XZ_ERR_UNCOMPRESSED_SIZE;
	if (r == XZ_OK && csize != UINT64_MAX && used != csize)
		r = XZ_ERR_COMPRESSED_SIZE;
	if (r == XZ_OK && usize != UINT64_MAX && *pos - start != usize)
		r = XZ_ERR_UNCOMPRESSED_SIZE;
	*in_used = hsize + used;
	if (r != XZ_OK)
		return r;
	for (unsigned k = n - 1; k-- > 0;)       /* the filters, last applied first */
		xz_unfilter(f[k].id, f[k].arg, out + start, *pos - start);

	/* 3.3: block padding to a multiple of 4, zeros; 3.4: the check */
	at = hsize + used;
	pad = (4 - (used & 3)) & 3;
	nchk = xz_check_size(check);
	if (in_len - at < pad + nchk)
		return XZ_ERR_TRUNCATED;
	for (size_t k = 0; k < pad; k++)
		if (in[at + k])
			return XZ_ERR_BLOCK_PADDING;
	at += pad;
	switch (check) {
	case XZ_CHECK_CRC32:
		xz_put_le32(sum, crc32_update(0, out + start, *pos - start));
		break;
	case XZ_CHECK_CRC64: {
		uint64_t c = xz_crc64(0, out + start, *pos - start);
		xz_put_le32(sum, (uint32_t)c);
		xz_put_le32(sum + 4, (uint32_t)(c >> 32));
		break;
	}
	case XZ_CHECK_SHA256:
		xz_sha256(out + start, *pos - start, sum);
		break;
	default:
		break;
	}
	if (nchk && __builtin_memcmp(sum, in + at, nchk))
		return XZ_ERR_CHECK;
	*in_used = at + nchk;
	rec->unpadded = hsize + used + nchk;
	rec->uncompressed = *pos - start;
	return XZ_OK;
}
