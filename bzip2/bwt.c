/* bwt.c: the inverse Burrows-Wheeler transform of a block (tt[] holds the last column; each
 * entry gets the link to the next position in its upper 24 bits) fused with the undoing of the
 * initial run-length coding (4 equal bytes, then a count byte 0..255 of further copies). */
#include "bzip2_internal.h"

enum bzip2_result bz_unbwt(struct bz_work *w, const struct bz_block *blk,
			   uint8_t *out, size_t cap, size_t *pos)
{
	uint32_t *tt = w->tt, cf[256], sum = 0, n = blk->n, at;
	uint8_t *o = out + *pos, *oend = out + cap;
	unsigned prev = 256, same = 0;
	enum bzip2_result r = BZIP2_OK;

	/* cf[c]: where the first c of the sorted first column sits. The i-th c of the last column
	 * is the i-th c of the first: its row's successor is the row of that last-column c. */
	for (unsigned c = 0; c < 256; c++) {
		cf[c] = sum;
		sum += blk->count[c];
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t c = tt[i] & 0xff;

		tt[cf[c]++] |= i << 8;
	}
	/* Walk from the original row: n steps visit the whole block in text order. */
	at = tt[blk->orig_ptr] >> 8;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t e = tt[at];
		unsigned c = e & 0xff;

		at = e >> 8;
		if (same == 4) {
			/* The count byte after 4 equal bytes: that many more copies. */
			if (c > (size_t)(oend - o)) {
				r = BZIP2_ERR_OUTPUT_FULL;
				break;
			}
			__builtin_memset(o, (int)prev, c);
			o += c;
			same = 0;
			prev = 256;
			continue;
		}
		if (o == oend) {
			r = BZIP2_ERR_OUTPUT_FULL;
			break;
		}
		*o++ = (uint8_t)c;
		same = c == prev ? same + 1 : 1;
		prev = c;
	}
	if (r == BZIP2_OK && same == 4)
		r = BZIP2_ERR_RUN_NO_COUNT;
	*pos = (size_t)(o - out);
	return r;
}
