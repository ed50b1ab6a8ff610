/* block.c: one bzip2 block after its magic: the block CRC, the randomised flag, origPtr, the
 * symbol map, the Huffman tables and their selectors (MTF-coded), then the MTF/Huffman stage
 * with its RUNA/RUNB run lengths, which leaves the block's bytes in w->tt. */
#include "bzip2_internal.h"

/* The symbol map: 16 bits say which ranges of 16 byte values are used, then 16 bits for each
 * used range. seq[0..*n_used) gets the used byte values in increasing order. */
static enum bzip2_result read_symbol_map(struct bz_bits *b, uint8_t seq[256], unsigned *n_used)
{
	uint32_t ranges = bz_get(b, 16);
	unsigned n = 0;

	for (unsigned i = 0; i < 16; i++) {
		if (!(ranges & (0x8000u >> i)))
			continue;
		uint32_t used = bz_get(b, 16);
		for (unsigned j = 0; j < 16; j++)
			if (used & (0x8000u >> j))
				seq[n++] = (uint8_t)(i * 16 + j);
	}
	*n_used = n;
	return n ? BZIP2_OK : bz_fail(b, BZIP2_ERR_NO_SYMBOLS);
}

/* The number of tables, the selectors (unary MTF indexes, then undone), the code lengths of
 * each table (a 5-bit start, then per symbol: 0 = done, 10 = +1, 11 = -1), the tables. */
static enum bzip2_result read_tables(struct bz_bits *b, struct bz_work *w, unsigned alpha,
				     unsigned *n_sel_used)
{
	unsigned groups = bz_get(b, 3), n_sel, kept, named = 0;
	uint8_t mtf[BZ_MAX_GROUPS];
	enum bzip2_result r;

	if (groups < BZ_MIN_GROUPS || groups > BZ_MAX_GROUPS)
		return bz_fail(b, BZIP2_ERR_GROUPS);
	n_sel = bz_get(b, 15);
	if (n_sel == 0)
		return bz_fail(b, BZIP2_ERR_NO_SELECTORS);
	kept = n_sel < BZ_MAX_SELECTORS ? n_sel : BZ_MAX_SELECTORS;
	for (unsigned i = 0; i < groups; i++)
		mtf[i] = (uint8_t)i;
	for (unsigned i = 0; i < n_sel; i++) {
		unsigned j = 0;

		while (bz_get(b, 1))
			if (++j >= groups)
				return bz_fail(b, BZIP2_ERR_SELECTOR);
		if (i < kept) {
			uint8_t t = mtf[j];

			for (; j > 0; j--)
				mtf[j] = mtf[j - 1];
			mtf[0] = t;
			w->selector[i] = t;
			named |= 1u << t;
		}
	}
	*n_sel_used = kept;
	for (unsigned t = 0; t < groups; t++) {
		unsigned cur = bz_get(b, 5);

		for (unsigned s = 0; s < alpha; s++) {
			for (;;) {
				if (cur < 1 || cur > BZ_MAX_CODE_LEN)
					return bz_fail(b, BZIP2_ERR_CODE_LENGTH);
				if (!bz_get(b, 1))
					break;
				cur = bz_get(b, 1) ? cur - 1 : cur + 1;
			}
			w->len[t][s] = (uint8_t)cur;
		}
		if (b->phantom && BZ_OVERRUN(b->bc, b->phantom))
			return BZIP2_ERR_TRUNCATED;
		if (!(named & (1u << t)))
			continue; /* no selector names it: its lengths are read, no table is built */
		r = bz_huff_build(&w->huff[t], w->len[t], alpha);
		if (r != BZIP2_OK)
			return bz_fail(b, r);
	}
	return BZIP2_OK;
}

typedef uint64_t bz_u64w __attribute__((aligned(1), may_alias));

/* Move-to-front: the byte at index i goes to the front, the ones before it move up one: 8 bytes
 * at a time from the top (each word is loaded before the one below is stored), then the first
 * word shifted up a byte with v below it, keeping its bytes above the remaining i. */
static inline uint8_t mtf_take(uint8_t *m, unsigned i)
{
	uint8_t v = m[i];
	uint64_t x, keep;

	for (; i >= 8; i -= 8)
		*(bz_u64w *)(m + i - 7) = *(const bz_u64w *)(m + i - 8);
	x = *(const bz_u64w *)m;
	keep = ~0ull >> (56 - 8 * i); /* bytes 0..i */
	*(bz_u64w *)m = ((x << 8 | v) & keep) | (x & ~keep);
	return v;
}

/* The MTF/Huffman stage (bzip2's decoding of the MTF values): symbols in groups of 50, each
 * group decoded with the table its selector names; RUNA/RUNB give a bijective base-2 run of the
 * front byte, 2..n_used the MTF index + 1, n_used + 1 the end of the block. */
static enum bzip2_result read_symbols(struct bz_bits *br, struct bz_work *w, const uint8_t *seq,
				      unsigned n_used, unsigned n_sel, uint32_t max,
				      struct bz_block *blk)
{
	const uint8_t *p = br->p, *end = br->end;
	uint64_t bb = br->bb;
	unsigned bc = br->bc, eob = n_used + 1, runs = 0;
	size_t phantom = br->phantom;
	uint32_t *tt = w->tt, n = 0, run = 0;
	uint8_t mtf[256];
	enum bzip2_result r = BZIP2_OK;

	__builtin_memset(mtf, 0, sizeof mtf); /* mtf_take reads whole words */
	__builtin_memcpy(mtf, seq, n_used);
	__builtin_memset(blk->count, 0, sizeof blk->count);
	for (unsigned g = 0;; g++) {
		const struct bz_huff *h;

		if (g >= n_sel) {
			r = BZIP2_ERR_SELECTORS_USED_UP;
			goto out;
		}
		h = &w->huff[w->selector[g]];
		for (unsigned k = 0; k < BZ_GROUP_SIZE; k++) {
			unsigned e, len, sym;

			if (bc < BZ_MAX_CODE_LEN) {
				if (end - p >= 8)
					BZ_REFILL_FAST(bb, bc, p);
				else
					BZ_REFILL(bb, bc, p, end, phantom);
			}
			e = h->fast[bb >> (64 - BZ_FAST_BITS)];
			if (e) {
				sym = BZ_FAST_SYM(e);
				len = BZ_FAST_LEN(e);
			} else {
				int s = bz_huff_slow(h, (uint32_t)(bb >> (64 - BZ_MAX_CODE_LEN)), &len);

				if (s < 0) {
					/* The 20 bits looked at reach past the input: truncated. */
					r = phantom * 8 + BZ_MAX_CODE_LEN > bc ? BZIP2_ERR_TRUNCATED
					    : s == -1 ? BZIP2_ERR_CODE_UNUSED
						      : BZIP2_ERR_CODE_PAST_ALPHABET;
					goto out;
				}
				sym = (unsigned)s;
			}
			bb <<= len;
			bc -= len;
			if (phantom && BZ_OVERRUN(bc, phantom)) {
				r = BZIP2_ERR_TRUNCATED;
				goto out;
			}
			if (sym <= BZ_RUNB) {
				/* Run length in bijective base 2: RUNA adds 1 << i, RUNB 2 << i. */
				if (runs >= BZ_MAX_RUN_SYMS) {
					r = BZIP2_ERR_RUN_OVERFLOW;
					goto out;
				}
				run += (uint32_t)(sym + 1) << runs;
				runs++;
				continue;
			}
			if (runs) {
				uint8_t v = mtf[0];

				if (run > max - n) {
					r = BZIP2_ERR_BLOCK_TOO_LONG;
					goto out;
				}
				blk->count[v] += run;
				for (uint32_t i = 0; i < run; i++)
					tt[n + i] = v;
				n += run;
				run = 0;
				runs = 0;
			}
			if (sym == eob)
				goto out;
			if (n >= max) {
				r = BZIP2_ERR_BLOCK_TOO_LONG;
				goto out;
			}
			{
				uint8_t v = mtf_take(mtf, sym - 1);

				blk->count[v]++;
				tt[n++] = v;
			}
		}
	}
out:
	br->p = p;
	br->bb = bb;
	br->bc = bc;
	br->phantom = phantom;
	blk->n = n;
	if (r != BZIP2_OK)
		return r == BZIP2_ERR_TRUNCATED ? r : bz_fail(br, r);
	if (blk->orig_ptr >= n)
		return BZIP2_ERR_ORIGPTR;
	return BZIP2_OK;
}

enum bzip2_result bz_read_block(struct bz_bits *b, struct bz_work *w, unsigned level,
				struct bz_block *blk)
{
	uint8_t seq[256];
	unsigned n_used, n_sel;
	enum bzip2_result r;

	blk->crc = bz_get(b, 32);
	if (bz_get(b, 1))
		return bz_fail(b, BZIP2_ERR_RANDOMISED);
	blk->orig_ptr = bz_get(b, 24);
	r = read_symbol_map(b, seq, &n_used);
	if (r != BZIP2_OK)
		return r;
	r = read_tables(b, w, n_used + 2, &n_sel);
	if (r != BZIP2_OK)
		return r;
	return read_symbols(b, w, seq, n_used, n_sel, level * BZ_BLOCK_UNIT, blk);
}
