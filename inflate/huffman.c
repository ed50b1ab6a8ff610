/* huffman.c: builds the canonical Huffman decode tables of RFC 1951 3.2.2, with zlib's rules
 * for over-subscribed and incomplete codes. Freestanding; any 64-bit mode. */
#include "huffman.h"

static const enum inflate_result err_over[] = {
	[HUFF_PRECODE] = INFLATE_ERR_PRECODE_OVER,
	[HUFF_LITLEN] = INFLATE_ERR_LITLEN_OVER,
	[HUFF_DIST] = INFLATE_ERR_DIST_OVER,
};
static const enum inflate_result err_incomplete[] = {
	[HUFF_PRECODE] = INFLATE_ERR_PRECODE_INCOMPLETE,
	[HUFF_LITLEN] = INFLATE_ERR_LITLEN_INCOMPLETE,
	[HUFF_DIST] = INFLATE_ERR_DIST_INCOMPLETE,
};
static const enum inflate_result err_unused[] = {
	[HUFF_LITLEN] = INFLATE_ERR_LITLEN_UNUSED,
	[HUFF_DIST] = INFLATE_ERR_DIST_UNUSED,
};

/* rev8[b] is byte b with its bit order reversed. */
#define R2(n) n, n + 2 * 64, n + 1 * 64, n + 3 * 64
#define R4(n) R2(n), R2(n + 2 * 16), R2(n + 1 * 16), R2(n + 3 * 16)
#define R6(n) R4(n), R4(n + 2 * 4), R4(n + 1 * 4), R4(n + 3 * 4)
static const uint8_t rev8[256] = { R6(0), R6(2), R6(1), R6(3) };

/* The low len (1..15) bits of code in reverse order: deflate sends codewords MSB first. */
static unsigned reverse_bits(unsigned code, unsigned len)
{
	return ((unsigned)rev8[code & 0xff] << 8 | rev8[(code >> 8) & 0xff]) >> (16 - len);
}

typedef uint32_t v4_un __attribute__((vector_size(16), aligned(1), may_alias));

/* t[half .. 2 * half) = t[0 .. half), half >= 1 a power of two. Entries not yet final are
 * copied too: every such slot is the prefix of a longer codeword and is written later. Four
 * entries per SSE2 move (the halves never overlap): the scalar loop was 2.6 % of all
 * instructions on a tar of shared libraries at gzip -9 (a table per 48 KB of output). */
static void double_table(uint32_t *t, unsigned half)
{
	if (half < 4) {
		for (unsigned i = 0; i < half; i++)
			t[half + i] = t[i];
		return;
	}
	for (unsigned i = 0; i < half; i += 4)
		*(v4_un *)(t + half + i) = *(const v4_un *)(t + i);
}

static void fill(uint32_t *t, unsigned n, uint32_t entry)
{
	for (unsigned i = 0; i < n; i++)
		t[i] = entry;
}

/* Bits of the subtable that starts with a codeword of length len, given how many codewords
 * of each length are still to be placed (rem): grow it until those codes fill it. */
static unsigned sub_bits(const uint16_t *rem, unsigned len, unsigned max, unsigned tb)
{
	unsigned sb = len - tb;
	int left = 1 << sb;

	while (sb + tb < max) {
		left -= rem[sb + tb];
		if (left <= 0)
			break;
		sb++;
		left <<= 1;
	}
	return sb;
}

enum inflate_result huff_build(uint32_t *table, unsigned capacity, unsigned tb,
			       const uint8_t *lens, unsigned nsyms, const uint32_t *tmpl,
			       enum huff_kind kind)
{
	uint16_t count[HUFF_MAXLEN + 1] = { 0 }, rem[HUFF_MAXLEN + 1], offs[HUFF_MAXLEN + 2];
	uint16_t sorted[288];
	unsigned max = 0, len, s, code = 0, next = 1u << tb, cur_pfx = ~0u, sub_off = 0, sb = 0;
	int left = 1;

	if (nsyms > 288 || capacity < (1u << tb))
		return INFLATE_ERR_INTERNAL;
	for (s = 0; s < nsyms; s++)
		count[lens[s]]++;
	for (len = 1; len <= HUFF_MAXLEN; len++)
		if (count[len])
			max = len;
	for (len = 1; len <= HUFF_MAXLEN; len++) {
		left = 2 * left - count[len];
		if (left < 0)
			return err_over[kind];
	}
	if (left > 0) {
		/* zlib: an all-zero code-length code decodes every codeword as length 0 (1 bit);
		 * a literal/length or distance code may be incomplete only with a single
		 * 1-bit codeword (or, for distances, none); its holes are invalid codewords. */
		if (kind == HUFF_PRECODE) {
			if (max != 0)
				return err_incomplete[kind];
			fill(table, 1u << tb, tmpl[0] + 1 + (1u << 8));
			return INFLATE_OK;
		}
		if (max > 1)
			return err_incomplete[kind];
		fill(table, 1u << tb, HUFF_EXC | HUFF_VALUE(err_unused[kind]) | 1 | (1u << 8));
	}
	offs[1] = 0;
	for (len = 1; len <= HUFF_MAXLEN; len++) {
		offs[len + 1] = offs[len] + count[len];
		rem[len] = count[len];
	}
	for (s = 0; s < nsyms; s++)
		if (lens[s])
			sorted[offs[lens[s]]++] = (uint16_t)s;
	/* offs[len] now ends the run of length len; rewind to the starts. */
	for (len = HUFF_MAXLEN; len >= 1; len--)
		offs[len] -= count[len];
	/* Codewords of at most tb bits: place each once in a table of 2^len entries, then
	 * double the table for the next length (a len-bit codeword repeats every 2^len). */
	for (len = 1; len <= tb; len++, code <<= 1) {
		if (len > 1)
			double_table(table, 1u << (len - 1));
		for (unsigned k = offs[len]; k < offs[len] + count[len]; k++, code++)
			table[reverse_bits(code, len)] = tmpl[sorted[k]] + len + (len << 8);
	}
	/* Longer codewords: subtables behind main-table pointers. */
	for (; len <= max; len++, code <<= 1) {
		for (unsigned k = offs[len]; k < offs[len] + count[len]; k++, code++) {
			unsigned rev = reverse_bits(code, len), i;
			uint32_t e = tmpl[sorted[k]];

			if ((rev & ((1u << tb) - 1)) != cur_pfx) {
				cur_pfx = rev & ((1u << tb) - 1);
				sb = sub_bits(rem, len, max, tb);
				sub_off = next;
				next += 1u << sb;
				if (next > capacity)
					return INFLATE_ERR_INTERNAL;
				table[cur_pfx] = HUFF_SUB | HUFF_VALUE(sub_off) | (sb << 8) | tb;
			}
			e += (len - tb) + ((len - tb) << 8);
			for (i = rev >> tb; i < (1u << sb); i += 1u << (len - tb))
				table[sub_off + i] = e;
			rem[len]--;
		}
	}
	return INFLATE_OK;
}
