/* huffman.c: a block's canonical Huffman tables from their code lengths (bzip2 assigns codes in
 * order of length, then symbol, MSB first): a BZ_FAST_BITS lookup table and, for longer codes,
 * the left-aligned end of each length's codes. */
#include "bzip2_internal.h"

_Static_assert(BZ_MAX_ALPHA < 512, "a fast entry holds the symbol in 9 bits");
_Static_assert(BZ_MAX_CODE_LEN < 32, "a fast entry holds the length in 5 bits");
_Static_assert(BZ_FAST_BITS <= BZ_MAX_CODE_LEN, "the fast table indexes the top bits");

/* len[0..n): lengths 1..20 (the reader checked them). Over-subscribed lengths are refused;
 * incomplete ones leave codewords that decode to nothing (fast entry 0, no slow match). */
enum bzip2_result bz_huff_build(struct bz_huff *h, const uint8_t *len, unsigned n)
{
	unsigned count[BZ_MAX_CODE_LEN + 1] = { 0 }, start[BZ_MAX_CODE_LEN + 2];
	uint32_t code = 0, next[BZ_MAX_CODE_LEN + 1];
	int32_t left = 1;

	for (unsigned i = 0; i < n; i++)
		count[len[i]]++;
	/* Kraft: each length doubles the codewords left; the codes of that length use some. */
	for (unsigned l = 1; l <= BZ_MAX_CODE_LEN; l++) {
		left = 2 * left - (int32_t)count[l];
		if (left < 0)
			return BZIP2_ERR_CODE_OVERSUBSCRIBED;
	}
	/* perm: the symbols sorted by length, then by value. */
	start[1] = 0;
	for (unsigned l = 1; l <= BZ_MAX_CODE_LEN; l++)
		start[l + 1] = start[l] + count[l];
	h->max_len = 0;
	for (unsigned l = 1; l <= BZ_MAX_CODE_LEN; l++) {
		next[l] = code;               /* first code of length l */
		if (count[l])
			h->max_len = l;
		h->end[l] = (code + count[l]) << (BZ_MAX_CODE_LEN - l);
		h->offs[l] = (int32_t)start[l] - (int32_t)(code);
		code = (code + count[l]) << 1;
	}
	{
		unsigned pos[BZ_MAX_CODE_LEN + 1];

		__builtin_memcpy(pos, start, sizeof pos);
		for (unsigned i = 0; i < n; i++)
			h->perm[pos[len[i]]++] = (uint16_t)i;
	}
	/* The fast table: every entry whose top bits start a code of length <= BZ_FAST_BITS. */
	__builtin_memset(h->fast, 0, sizeof h->fast);
	for (unsigned l = 1; l <= BZ_FAST_BITS; l++)
		for (unsigned k = 0; k < count[l]; k++) {
			unsigned sym = h->perm[start[l] + k], c = next[l] + k;
			unsigned shift = BZ_FAST_BITS - l, first = c << shift;
			uint16_t e = (uint16_t)(l << 9 | sym);

			for (unsigned j = 0; j < (1u << shift); j++)
				h->fast[first + j] = e;
		}
	return BZIP2_OK;
}
