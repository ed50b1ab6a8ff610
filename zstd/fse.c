/* fse.c: FSE table descriptions (RFC 8878 4.1.1): reading the normalized probabilities and
 * spreading them into decoding tables, for the sequences codes and the Huffman weights. */
#include "zstd_internal.h"

/* 4.1.1: the description is a forward little-endian bitstream. Bits past n read as zero; the
 * bytes it took are checked against n at the end, like a reader that stops at the end would. */
static inline unsigned peek_fwd(const uint8_t *src, size_t n, size_t bitpos, unsigned nbits)
{
	size_t byte = bitpos >> 3;
	uint64_t v = 0;
	unsigned i;

	if (byte + 8 <= n) {
		v = zs_load64(src + byte);
	} else {
		for (i = 0; i < 8 && byte + i < n; i++)
			v |= (uint64_t)src[byte + i] << (8 * i);
	}
	return (unsigned)(v >> (bitpos & 7)) & ((1u << nbits) - 1);
}

enum zstd_result zs_fse_read_counts(const uint8_t *src, size_t n, unsigned max_log,
				    unsigned max_symbol, int16_t *norm, unsigned *nsym,
				    unsigned *log, size_t *used)
{
	size_t pos = 0;
	unsigned al, sym = 0, nbits;
	int remaining, threshold;

	if (n == 0)
		return zstd_ERR_FSE_HEADER_SIZE;
	al = peek_fwd(src, n, 0, 4) + 5;          /* Accuracy_Log = low 4 bits + 5 */
	pos = 4;
	if (al > max_log)
		return zstd_ERR_FSE_ACCURACY_LOG;
	remaining = (1 << al) + 1;
	threshold = 1 << al;
	nbits = al + 1;
	while (remaining > 1) {
		int max, v, count;
		unsigned low;

		if (sym > max_symbol)
			return zstd_ERR_FSE_TOO_MANY_SYMBOLS;
		/* a value below max fits in nbits - 1 bits; the others take nbits */
		max = 2 * threshold - 1 - remaining;
		low = peek_fwd(src, n, pos, nbits);
		if ((int)(low & (unsigned)(threshold - 1)) < max) {
			v = (int)(low & (unsigned)(threshold - 1));
			pos += nbits - 1;
		} else {
			v = (int)low;
			if (v >= threshold)
				v -= max;
			pos += nbits;
		}
		count = v - 1;                    /* -1: "less than 1", one cell */
		remaining -= count < 0 ? -count : count;
		norm[sym++] = (int16_t)count;
		if (count == 0) {
			/* 2-bit repeat flags: that many more zeros; 3 means another flag follows */
			unsigned rep, k;
			do {
				rep = peek_fwd(src, n, pos, 2);
				pos += 2;
				if (sym + rep > max_symbol + 1)
					return zstd_ERR_FSE_TOO_MANY_SYMBOLS;
				for (k = 0; k < rep; k++)
					norm[sym++] = 0;
			} while (rep == 3);
		}
		if (remaining < threshold) {
			if (remaining <= 1)
				break;
			nbits = zs_highbit32((uint32_t)remaining) + 1;
			threshold = 1 << (nbits - 1);
		}
	}
	if (remaining != 1)
		return zstd_ERR_FSE_PROBABILITIES;
	if ((pos + 7) / 8 > n)
		return zstd_ERR_FSE_HEADER_SIZE;
	*used = (pos + 7) / 8;
	*nsym = sym;
	*log = al;
	return zstd_OK;
}

/* 4.1.1 "FSE decoding: from normalized distribution to decoding tables": the symbols' cells,
 * spread by step (size >> 1) + (size >> 3) + 3 over the cells left by the "less than 1"
 * symbols (which sit at the end); returns the symbol of each cell in sym[]. */
static void spread(uint8_t *sym, uint16_t *next, const int16_t *norm, unsigned nsym, unsigned log)
{
	unsigned size = 1u << log, mask = size - 1, step = (size >> 1) + (size >> 3) + 3;
	unsigned high = size - 1, pos = 0, s;
	int i;

	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			sym[high--] = (uint8_t)s;
			next[s] = 1;
		} else {
			next[s] = (uint16_t)norm[s];
		}
	}
	for (s = 0; s < nsym; s++) {
		for (i = 0; i < norm[s]; i++) {
			sym[pos] = (uint8_t)s;
			do
				pos = (pos + step) & mask;
			while (pos > high);
		}
	}
}

/* A state's cell: its symbol's next counter gives the bits to read and the base to add. */
static inline void cell_state(uint16_t *next, unsigned s, unsigned log, uint8_t *nbits,
			      uint16_t *base)
{
	unsigned x = next[s]++;
	unsigned nb = log - zs_highbit32(x);

	*nbits = (uint8_t)nb;
	*base = (uint16_t)((x << nb) - (1u << log));
}

void zs_fse_build_seq(struct zs_seq_cell *t, const int16_t *norm, unsigned nsym, unsigned log,
		      const uint32_t *base, const uint8_t *extra)
{
	uint8_t sym[1u << ZS_LL_LOG_MAX];
	uint16_t next[ZS_ML_CODES];
	unsigned i, size = 1u << log;

	_Static_assert(ZS_LL_LOG_MAX >= ZS_ML_LOG_MAX && ZS_LL_LOG_MAX >= ZS_OF_LOG_MAX, "sym[]");
	_Static_assert(ZS_ML_CODES >= ZS_LL_CODES && ZS_ML_CODES >= ZS_OF_CODES, "next[]");
	spread(sym, next, norm, nsym, log);
	for (i = 0; i < size; i++) {
		unsigned s = sym[i];
		cell_state(next, s, log, &t[i].nbits, &t[i].next_base);
		t[i].base = base[s];
		t[i].extra = extra[s];
	}
}

void zs_fse_build_weights(struct zs_fse_cell *t, const int16_t *norm, unsigned nsym, unsigned log)
{
	uint8_t sym[1u << ZS_HUF_WEIGHT_LOG];
	uint16_t next[ZS_HUF_LOG_MAX + 2];   /* weights 0..12 may be described */
	unsigned i, size = 1u << log;

	spread(sym, next, norm, nsym, log);
	for (i = 0; i < size; i++) {
		t[i].symbol = sym[i];
		cell_state(next, sym[i], log, &t[i].nbits, &t[i].next_base);
	}
}
