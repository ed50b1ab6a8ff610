/* lzma2.c: the LZMA2 chunk layer (xz file format 5.3.1; liblzma's lzma2_decoder semantics):
 * uncompressed chunks and LZMA chunks with dictionary reset, state reset and new properties,
 * decoded into the flat output buffer, which is the dictionary. Freestanding. */
#include "xz_internal.h"

/* Control byte (first byte of every chunk). */
#define LZMA2_END              0x00  /* end of the LZMA2 data */
#define LZMA2_COPY_RESET       0x01  /* uncompressed chunk, dictionary reset */
#define LZMA2_COPY             0x02  /* uncompressed chunk */
#define LZMA2_LZMA             0x80  /* bit 7: LZMA chunk; bits 5-6 the reset, 0-4 size bits 16-20 */
#define LZMA2_RESET_STATE      1     /* bits 5-6 = 1: state reset */
#define LZMA2_RESET_PROPS      2     /* 2: state reset and new properties */
#define LZMA2_RESET_DICT       3     /* 3: all of it and a dictionary reset */

/* liblzma's dictionary: at least 4 KiB, a multiple of 16; distances reach that far at most. */
static size_t dict_limit(uint32_t dict_size)
{
	size_t n = dict_size < 4096 ? 4096 : dict_size;

	return (n + 15) & ~(size_t)15;
}

enum xz_result lzma2_decode(struct xz_work *w, uint32_t dict_size, const uint8_t *in,
			    size_t in_len, size_t *in_used, uint8_t *out, size_t *pos,
			    size_t out_cap)
{
	struct lzma_dec *d = &w->dec;
	size_t i = 0;
	int need_dict = 1, need_props = 1;
	enum xz_result r;

	d->out = out;
	d->out_cap = out_cap;
	d->pos = d->dict_start = *pos;
	d->dict_size = dict_limit(dict_size);
	for (;;) {
		unsigned ctl;
		size_t usize, csize;

		*in_used = i;
		*pos = d->pos;
		if (i >= in_len)
			return XZ_ERR_TRUNCATED;
		ctl = in[i];
		if (ctl == LZMA2_END) {
			*in_used = i + 1;
			return XZ_OK;
		}
		if (ctl > LZMA2_COPY && ctl < LZMA2_LZMA)
			return XZ_ERR_LZMA2_CONTROL;
		if (ctl >= 0xE0 || ctl == LZMA2_COPY_RESET) {
			need_props = 1;
			need_dict = 0;
			d->dict_start = d->pos;
		} else if (need_dict) {
			return XZ_ERR_LZMA2_DICT_RESET;
		}
		if (ctl < LZMA2_LZMA) {
			/* uncompressed chunk: 2 bytes big-endian size - 1, then the bytes */
			if (in_len - i < 3)
				return XZ_ERR_TRUNCATED;
			usize = ((size_t)in[i + 1] << 8 | in[i + 2]) + 1;
			i += 3;
			if (in_len - i < usize) {
				size_t n = in_len - i < out_cap - d->pos ? in_len - i : out_cap - d->pos;
				__builtin_memcpy(out + d->pos, in + i, n);
				*pos = d->pos + n;
				*in_used = i + n;
				return n < in_len - i ? XZ_ERR_OUTPUT_FULL : XZ_ERR_TRUNCATED;
			}
			if (usize > out_cap - d->pos) {
				__builtin_memcpy(out + d->pos, in + i, out_cap - d->pos);
				*pos = out_cap;
				*in_used = i + (out_cap - d->pos);
				return XZ_ERR_OUTPUT_FULL;
			}
			__builtin_memcpy(out + d->pos, in + i, usize);
			d->pos += usize;
			i += usize;
			continue;
		}
		/* LZMA chunk: size bits 16-20 in ctl, 2 bytes of the size - 1, 2 bytes of the compressed
		 * size - 1, a properties byte when bits 5-6 >= 2 */
		if (in_len - i < 5)
			return XZ_ERR_TRUNCATED;
		usize = ((size_t)(ctl & 0x1F) << 16 | (size_t)in[i + 1] << 8 | in[i + 2]) + 1;
		csize = ((size_t)in[i + 3] << 8 | in[i + 4]) + 1;
		i += 5;
		if (((ctl >> 5) & 3) >= LZMA2_RESET_PROPS) {
			if (i >= in_len)
				return XZ_ERR_TRUNCATED;
			r = lzma_props(d, in[i++]);
			if (r != XZ_OK)
				return r;
			need_props = 0;
		} else if (need_props) {
			return XZ_ERR_LZMA2_NO_PROPS;
		}
		if (((ctl >> 5) & 3) >= LZMA2_RESET_STATE)
			lzma_reset_state(d, &w->probs);
		d->in = in + i;
		d->in_end = in + (csize < in_len - i ? i + csize : in_len);
		r = lzma_rc_init(d);
		if (r == XZ_OK)
			r = lzma_decode(d, &w->probs, d->pos + usize, 0);
		if (r == XZ_ERR_TRUNCATED && csize <= in_len - i)
			r = XZ_ERR_LZMA2_COMPRESSED;     /* ran past the chunk, not the input */
		if (r == XZ_OK && (size_t)(d->in - in) != i + csize)
			r = XZ_ERR_LZMA2_COMPRESSED;     /* the chunk has bytes left over */
		if (r == XZ_OK && d->code != 0)
			r = XZ_ERR_LZMA_RC_END;
		if (r != XZ_OK) {
			*pos = d->pos;
			*in_used = (size_t)(d->in - in);
			return r;
		}
		i += csize;
	}
}
