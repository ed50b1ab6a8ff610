/* xz_internal.h: what the xz/ sources share: the LZMA probability model and decoder state (in
 * the caller's workspace), the LZMA2 and filter entry points, little helpers. Not for callers. */
#ifndef XZ_INTERNAL_H
#define XZ_INTERNAL_H
#include "xz.h"

#define XZ_INLINE static inline __attribute__((always_inline))

/* LZMA model sizes (the LZMA specification, "lzma-specification.txt" of the LZMA SDK). */
#define LZMA_STATES          12     /* the literal/match/rep/short-rep history state */
#define LZMA_POS_STATES_MAX  16     /* 1 << pb, pb <= 4 */
#define LZMA_LCLP_MAX        4      /* lc + lp, as LZMA2 requires (liblzma too for .lzma) */
#define LZMA_LIT_SIZE        0x300  /* probabilities per literal coder (plain + matched) */
#define LZMA_DIST_STATES     4      /* distance slot trees chosen by min(len - 2, 3) */
#define LZMA_DIST_SLOT_BITS  6
#define LZMA_DIST_MODEL_START 4     /* slots 0-3 are the distance itself */
#define LZMA_DIST_MODEL_END  14     /* slots 4-13 use reverse bit trees, 14-63 direct + align */
#define LZMA_FULL_DISTANCES  128
#define LZMA_ALIGN_BITS      4
#define LZMA_LEN_LOW_BITS    3
#define LZMA_LEN_MID_BITS    3
#define LZMA_LEN_HIGH_BITS   8
#define LZMA_MATCH_LEN_MIN   2
#define LZMA_MATCH_LEN_MAX   273
#define LZMA_PROB_INIT       1024   /* 0.5 of the 11-bit probability */

struct lzma_len_probs {
	uint16_t choice, choice2;
	uint16_t low[LZMA_POS_STATES_MAX][1 << LZMA_LEN_LOW_BITS];
	uint16_t mid[LZMA_POS_STATES_MAX][1 << LZMA_LEN_MID_BITS];
	uint16_t high[1 << LZMA_LEN_HIGH_BITS];
};

struct lzma_probs {
	uint16_t is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t is_rep[LZMA_STATES], is_rep0[LZMA_STATES], is_rep1[LZMA_STATES];
	uint16_t is_rep2[LZMA_STATES];
	uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t dist_slot[LZMA_DIST_STATES][1 << LZMA_DIST_SLOT_BITS];
	uint16_t dist_special[LZMA_FULL_DISTANCES - LZMA_DIST_MODEL_END];
	uint16_t align[1 << LZMA_ALIGN_BITS];
	struct lzma_len_probs match_len, rep_len;
	uint16_t literal[1 << LZMA_LCLP_MAX][LZMA_LIT_SIZE]; /* only (1 << (lc + lp)) used */
};

/* One LZMA decoder: range coder, dictionary (= the output buffer) and symbol state. */
struct lzma_dec {
	const uint8_t *in, *in_end;  /* range coder input; never read at or past in_end */
	uint32_t range, code;
	uint8_t *out;                /* the whole output buffer */
	size_t pos;                  /* next byte to write */
	size_t dict_start;           /* position of the latest dictionary reset */
	size_t out_cap;              /* never write at or past out + out_cap */
	size_t dict_size;            /* distances reach back at most this far (liblzma's rounding) */
	uint32_t state, rep0, rep1, rep2, rep3;
	unsigned lc, lp, pb;
	int eopm;                    /* set when the end marker was decoded */
};

/* The workspace. */
struct xz_work {
	struct lzma_probs probs;
	struct lzma_dec dec;
	uint64_t failed_filter;
};
_Static_assert(sizeof(struct xz_work) <= XZ_WORK_BYTES, "XZ_WORK_BYTES too small");

/* lzma_dec.c */
enum xz_result lzma_props(struct lzma_dec *d, unsigned byte);
void lzma_reset_state(struct lzma_dec *d, struct lzma_probs *p);
enum xz_result lzma_rc_init(struct lzma_dec *d);
/* Decode symbols until pos reaches `end` (<= out_cap is not required: output full is reported
 * when out_cap comes first). allow_eopm: an end marker stops the loop (d->eopm set). */
enum xz_result lzma_decode(struct lzma_dec *d, struct lzma_probs *p, size_t end, int allow_eopm);

/* lzma2.c: the LZMA2 data of one block at in[0..in_len) into out[*pos..out_cap). */
enum xz_result lzma2_decode(struct xz_work *w, uint32_t dict_size, const uint8_t *in,
			    size_t in_len, size_t *in_used, uint8_t *out, size_t *pos,
			    size_t out_cap);

/* filters.c: the non-last filters of .xz (3.1.4.1), decoding in place. */
#define XZ_FILTER_DELTA    0x03
#define XZ_FILTER_X86      0x04
#define XZ_FILTER_POWERPC  0x05
#define XZ_FILTER_IA64     0x06
#define XZ_FILTER_ARM      0x07
#define XZ_FILTER_ARMTHUMB 0x08
#define XZ_FILTER_SPARC    0x09
#define XZ_FILTER_ARM64    0x0A
#define XZ_FILTER_LZMA2    0x21
/* Undo filter `id` (props already checked: start offset or delta distance in arg) on
 * buf[0..n). */
void xz_unfilter(uint64_t id, uint32_t arg, uint8_t *buf, size_t n);

/* crc64.c, crc64_clmul.c: raw CRC-64 state in and out; the fold needs n >= 64 and PCLMULQDQ. */
uint64_t crc64_table_raw(uint64_t s, const uint8_t *p, size_t n);
uint64_t crc64_clmul_raw(uint64_t s, const uint8_t *p, size_t n);

/* Little-endian / big-endian loads and stores. */
XZ_INLINE uint32_t xz_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
XZ_INLINE void xz_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
XZ_INLINE uint32_t xz_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
XZ_INLINE void xz_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
