/* seq_tables.c: the sequences section header (RFC 8878 3.1.1.3.2.1): Number_of_Sequences,
 * Symbol_Compression_Modes, and the literal length / offset / match length decoding tables
 * in predefined, RLE, FSE-compressed or repeat mode, with the codes' baselines and extra bits
 * (3.1.1.3.2.1.1) and the predefined distributions (3.1.1.3.2.2). */
#include "zstd_internal.h"

/* 3.1.1.3.2.1.1 Literals_Length_Code: baseline and extra bits */
static const uint32_t ll_base[ZS_LL_CODES] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
	8192, 16384, 32768, 65536 };
static const uint8_t ll_extra[ZS_LL_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
/* Match_Length_Code */
static const uint32_t ml_base[ZS_ML_CODES] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
	35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
	4099, 8195, 16387, 32771, 65539 };
static const uint8_t ml_extra[ZS_ML_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
	12, 13, 14, 15, 16 };
/* Offset_Code N: Offset_Value = (1 << N) + N extra bits */
static const uint32_t of_base[ZS_OF_CODES] = {
	1u << 0, 1u << 1, 1u << 2, 1u << 3, 1u << 4, 1u << 5, 1u << 6, 1u << 7,
	1u << 8, 1u << 9, 1u << 10, 1u << 11, 1u << 12, 1u << 13, 1u << 14, 1u << 15,
	1u << 16, 1u << 17, 1u << 18, 1u << 19, 1u << 20, 1u << 21, 1u << 22, 1u << 23,
	1u << 24, 1u << 25, 1u << 26, 1u << 27, 1u << 28, 1u << 29, 1u << 30, 1u << 31 };
static const uint8_t of_extra[ZS_OF_CODES] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };

/* 3.1.1.3.2.2 predefined distributions */
#define LL_DEFAULT_LOG 6
#define ML_DEFAULT_LOG 6
#define OF_DEFAULT_LOG 5
static const int16_t ll_default[ZS_LL_CODES] = {
	4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
	-1, -1, -1, -1 };
static const int16_t ml_default[ZS_ML_CODES] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
	-1, -1, -1, -1, -1 };
static const int16_t of_default[29] = {
	1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1 };

enum seq_mode { MODE_PREDEFINED = 0, MODE_RLE = 1, MODE_FSE = 2, MODE_REPEAT = 3 };

struct code_kind {
	const uint32_t *base;
	const uint8_t *extra;
	const int16_t *dflt;
	unsigned dflt_n, dflt_log, max_log, nsym;
};
static const struct code_kind kinds[3] = {
	{ ll_base, ll_extra, ll_default, ZS_LL_CODES, LL_DEFAULT_LOG, ZS_LL_LOG_MAX, ZS_LL_CODES },
	{ of_base, of_extra, of_default, 29, OF_DEFAULT_LOG, ZS_OF_LOG_MAX, ZS_OF_CODES },
	{ ml_base, ml_extra, ml_default, ZS_ML_CODES, ML_DEFAULT_LOG, ZS_ML_LOG_MAX, ZS_ML_CODES },
};

/* One table (kind 0 literal lengths, 1 offsets, 2 match lengths) in its mode. */
static enum zstd_result one_table(struct zs_work *w, unsigned kind, unsigned mode,
				  const uint8_t *src, size_t n, size_t *used)
{
	const struct code_kind *k = &kinds[kind];
	struct zs_seq_cell *t = kind == 0 ? w->ll : kind == 1 ? w->of : w->ml;
	unsigned *log = kind == 0 ? &w->ll_log : kind == 1 ? &w->of_log : &w->ml_log;
	int *have = kind == 0 ? &w->have_ll : kind == 1 ? &w->have_of : &w->have_ml;
	int *predef = kind == 0 ? &w->ll_predef : kind == 1 ? &w->of_predef : &w->ml_predef;
	int16_t norm[ZS_ML_CODES];
	unsigned nsym, al;
	enum zstd_result r;

	*used = 0;
	switch (mode) {
	case MODE_PREDEFINED:
		/* built once per frame while no other table replaces it */
		if (!*predef)
			zs_fse_build_seq(t, k->dflt, k->dflt_n, k->dflt_log, k->base, k->extra);
		*log = k->dflt_log;
		*predef = 1;
		*have = 1;
		return zstd_OK;
	case MODE_RLE:
		if (n < 1)
			return zstd_ERR_SEQ_HEADER;
		if (src[0] >= k->nsym)
			return zstd_ERR_SEQ_RLE_SYMBOL;
		t[0].next_base = 0;
		t[0].nbits = 0;
		t[0].base = k->base[src[0]];
		t[0].extra = k->extra[src[0]];
		*log = 0;
		*used = 1;
		break;
	case MODE_FSE:
		r = zs_fse_read_counts(src, n, k->max_log, k->nsym - 1, norm, &nsym, &al, used);
		if (r != zstd_OK)
			return r;
		zs_fse_build_seq(t, norm, nsym, al, k->base, k->extra);
		*log = al;
		break;
	default:
		if (!*have)
			return zstd_ERR_SEQ_REPEAT_NO_TABLE;
		return zstd_OK;
	}
	*have = 1;
	*predef = 0;
	return zstd_OK;
}

/* Parses the section header and sets up the three tables; *nseq gets Number_of_Sequences
 * and *used the header's bytes (the bitstream follows). */
enum zstd_result zs_seq_header(struct zs_work *w, const uint8_t *src, size_t n,
			       unsigned *nseq, size_t *used)
{
	size_t p = 0, u;
	unsigned b0, modes;
	enum zstd_result r;

	if (n < 1)
		return zstd_ERR_SEQ_HEADER;
	b0 = src[p++];
	if (b0 == 0) {
		*nseq = 0;
		*used = 1;
		return n == 1 ? zstd_OK : zstd_ERR_SEQ_NO_SEQUENCES_SIZE;
	}
	if (b0 < 128) {
		*nseq = b0;
	} else if (b0 < 255) {
		if (n < 2)
			return zstd_ERR_SEQ_HEADER;
		*nseq = ((b0 - 128) << 8) + src[p++];
	} else {
		if (n < 3)
			return zstd_ERR_SEQ_HEADER;
		*nseq = zs_load16(src + 1) + 0x7F00;
		p += 2;
	}
	if (p >= n)
		return zstd_ERR_SEQ_HEADER;
	modes = src[p++];
	if (modes & 3)
		return zstd_ERR_SEQ_RESERVED;
	r = one_table(w, 0, modes >> 6, src + p, n - p, &u);
	if (r != zstd_OK)
		return r;
	p += u;
	r = one_table(w, 1, (modes >> 4) & 3, src + p, n - p, &u);
	if (r != zstd_OK)
		return r;
	p += u;
	r = one_table(w, 2, (modes >> 2) & 3, src + p, n - p, &u);
	if (r != zstd_OK)
		return r;
	p += u;
	*used = p;
	return zstd_OK;
}
