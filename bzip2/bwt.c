/* bwt.c: the inverse Burrows-Wheeler transform of a block, walked from both ends at once (two
 * independent chains of dependent loads, so two cache misses are in flight instead of one),
 * then the undoing of the initial run-length coding (4 equal bytes, then a count byte 0..255 of
 * further copies) into the output. */
#include "bzip2_internal.h"

typedef uint32_t bz_u32_un __attribute__((aligned(1), may_alias));

/* tt[] holds the block's bytes (the last column L of the sorted rotations). Afterwards:
 * tt[j] = next(j) << 8 | L[j] and bk[i] = prev(i) << 8 | L[prev(i)], where next() walks the
 * text forwards and prev() = next^-1 backwards; s[0..n) gets the block's text. */
static void unbwt(struct bz_work *w, const struct bz_block *blk)
{
	uint32_t *tt = w->tt, *bk = w->bk, cf[256], sum = 0, n = blk->n, f, b, h = n / 2;
	uint8_t *s = w->s;

	/* cf[c]: where the first c sits in the sorted first column. The i-th c of the last
	 * column is the i-th c of the first: row cf[c]++ is followed, in the text, by row i. */
	for (unsigned c = 0; c < 256; c++) {
		cf[c] = sum;
		sum += blk->count[c];
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = cf[tt[i] & 0xff]++;

		tt[j] |= i << 8;
		bk[i] = j << 8 | (tt[j] & 0xff);
	}
	/* The text starts at next(origPtr) and, the walk being one cycle, ends at origPtr:
	 * the forward chain writes s[0..h), the backward chain s[n-1] down to s[n-h]. */
	f = b = tt[blk->orig_ptr] >> 8;
	for (uint32_t k = 0; k < h; k++) {
		uint32_t e = tt[f], g = bk[b];

		s[k] = (uint8_t)e;
		f = e >> 8;
		s[n - 1 - k] = (uint8_t)g;
		b = g >> 8;
	}
	if (n & 1)
		s[h] = (uint8_t)tt[f];
}

enum bzip2_result bz_unbwt(struct bz_work *w, const struct bz_block *blk,
			   uint8_t *out, size_t cap, size_t *pos)
{
	const uint8_t *s = w->s;
	uint8_t *o = out + *pos, *oend = out + cap;
	uint32_t n = blk->n, i = 0;
	enum bzip2_result r = BZIP2_OK;

	unbwt(w, blk);
	/* A run starts only where 4 equal bytes follow a byte written alone (or a count), so
	 * testing 4 bytes at each such position finds every run the encoder made. */
	while (i < n) {
		unsigned c = s[i];

		if (n - i >= 4 && *(const bz_u32_un *)(s + i) == c * 0x01010101u) {
			size_t len;

			if (n - i == 4) {
				r = BZIP2_ERR_RUN_NO_COUNT;
				break;
			}
			len = 4 + (size_t)s[i + 4];
			if (len > (size_t)(oend - o)) {
				r = BZIP2_ERR_OUTPUT_FULL;
				break;
			}
			__builtin_memset(o, (int)c, len);
			o += len;
			i += 5;
			continue;
		}
		if (o == oend) {
			r = BZIP2_ERR_OUTPUT_FULL;
			break;
		}
		*o++ = (uint8_t)c;
		i++;
	}
	*pos = (size_t)(o - out);
	return r;
}
