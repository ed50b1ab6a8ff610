/* lzma_alone.c: the legacy .lzma format (LZMA SDK "lzma-alone", as Linux's CONFIG_KERNEL_LZMA
 * builds it with `lzma -9`): a 13-byte header, then one LZMA stream that ends at the known size
 * or with the end marker. Freestanding. */
#include "xz_internal.h"

#define LZMA_ALONE_HEADER  13          /* properties 1, dictionary size 4, uncompressed size 8 */
#define LZMA_SIZE_UNKNOWN  UINT64_MAX  /* all ones: the stream ends with the end marker */

static size_t dict_limit(uint32_t dict_size)
{
	size_t n = dict_size < 4096 ? 4096 : dict_size;   /* liblzma's dictionary rounding */

	return (n + 15) & ~(size_t)15;
}

enum xz_result xz_decode_lzma(const uint8_t *in, size_t in_len, size_t *in_used,
			      uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	struct xz_work *w = work;
	struct lzma_dec *d;
	uint64_t usize;
	enum xz_result r;

	*out_len = 0;
	if (in_used)
		*in_used = 0;
	if (!work || ((uintptr_t)work & 15))
		return XZ_ERR_BAD_ARGUMENT;
	w->failed_filter = 0;
	d = &w->dec;
	if (in_len < LZMA_ALONE_HEADER)
		return XZ_ERR_TRUNCATED;
	r = lzma_props(d, in[0]);
	if (r != XZ_OK)
		return r;
	d->dict_size = dict_limit(xz_le32(in + 1));
	usize = (uint64_t)xz_le32(in + 5) | (uint64_t)xz_le32(in + 9) << 32;
	d->out = out;
	d->out_cap = out_cap;
	d->pos = d->dict_start = 0;
	d->in = in + LZMA_ALONE_HEADER;
	d->in_end = in + in_len;
	lzma_reset_state(d, &w->probs);
	r = lzma_rc_init(d);
	if (r == XZ_OK) {
		if (usize == LZMA_SIZE_UNKNOWN) {
			r = lzma_decode(d, &w->probs, SIZE_MAX, 1);
		} else {
			size_t end = usize < SIZE_MAX ? (size_t)usize : SIZE_MAX - 1;
			r = lzma_decode(d, &w->probs, end, 0);
			/* the known size reached: the end marker may follow (liblzma 5.4 accepts both) */
			if (r == XZ_OK && d->code != 0) {
				r = lzma_decode(d, &w->probs, end + 1, 1);
				if (r == XZ_OK && !d->eopm)
					r = XZ_ERR_LZMA_DATA_AFTER_SIZE;
				if (d->pos > end)
					d->pos = end;
			}
		}
	}
	if (r == XZ_OK && d->code != 0)
		r = XZ_ERR_LZMA_RC_END;
	*out_len = d->pos;
	if (in_used)
		*in_used = (size_t)(d->in - in);
	return r;
}
