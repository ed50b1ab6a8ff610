/* huffman.c: a block's Huffman tables from their code lengths, built the way libbz2 builds its
 * decoding tables (limit, base, perm: see bzip2_internal.h), plus a BZ_FAST_BITS lookup table
 * holding the outcome of libbz2's decoding loop for every codeword that ends within it. */
#include "bzip2_internal.h"

_Static_assert(BZ_MAX_ALPHA < 512, "a fast entry holds the symbol in 9 bits");
_Static_assert(BZ_MAX_CODE_LEN < 32, "a fast entry holds the length in 5 bits");
_Static_assert(BZ_FAST_BITS <= BZ_MAX_CODE_LEN, "the fast table indexes the top bits");

/* len[0..n): lengths 1..20 (the reader checked them), 3 <= n <= BZ_MAX_ALPHA. */
enum bzip2_result bz_huff_build(struct bz_huff *h, const uint8_t *len, unsigned n)
{
	unsigned count[BZ_MAX_CODE_LEN + 2] = { 0 }, below = 0, min = BZ_MAX_CODE_LEN, max = 1;
	unsigned pos[BZ_MAX_CODE_LEN + 1];
	int32_t vec = 0;

	for (unsigned i = 0; i < n; i++) {
		count[len[i]]++;
		min = len[i] < min ? len[i] : min;
		max = len[i] > max ? len[i] : max;
	}
	/* perm: the symbols by length, then value; base[l] first holds the symbols shorter
	 * than l; limit[l] the largest code value of length l (-1 + the codes so far). */
	for (unsigned l = 0; l <= BZ_MAX_CODE_LEN; l++) {
		pos[l] = below;
		h->base[l] = (int32_t)below;
		h->limit[l] = 0;
		below += count[l];
	}
	for (unsigned i = 0; i < n; i++)
		h->perm[pos[len[i]]++] = (uint16_t)i;
	for (unsigned l = min; l <= max; l++) {
		vec += (int32_t)count[l];
		h->limit[l] = vec - 1;
		vec <<= 1;
	}
	/* base[l]: the first code value of length l minus the symbols shorter than l. */
	for (unsigned l = max; l > min; l--)
		h->base[l] = ((h->limit[l - 1] + 1) << 1) - h->base[l];
	h->min_len = min;
	h->alpha = n;
	/* The fast table: for each top-bits value, libbz2's loop if it ends within them. */
	for (uint32_t v = 0; v < (1u << BZ_FAST_BITS); v++) {
		uint16_t e = 0;

		for (unsigned l = min; l <= BZ_FAST_BITS; l++) {
			int32_t z = (int32_t)(v >> (BZ_FAST_BITS - l));

			if (z <= h->limit[l]) {
				z -= h->base[l];
				if (z >= 0 && (uint32_t)z < n)
					e = (uint16_t)(l << 9 | h->perm[z]);
				break;
			}
		}
		h->fast[v] = e;
	}
	return BZIP2_OK;
}
