/* bzip2_internal.h: the decoder's shared pieces: format constants, the MSB-first bit reader, the
 * Huffman table layout and the workspace layout. Freestanding; 64-bit little-endian only. */
#ifndef BZIP2_INTERNAL_H
#define BZIP2_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "bzip2.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bzip2 assumes a little-endian CPU"
#endif

/* Format limits (bzip2 1.0.x, bzlib_private.h names in brackets). */
#define BZ_BLOCK_UNIT     100000u  /* block size per level digit */
#define BZ_MAX_BLOCK      900000u  /* level 9 */
#define BZ_MAX_GROUPS     6        /* Huffman tables per block [BZ_N_GROUPS] */
#define BZ_MIN_GROUPS     2
#define BZ_GROUP_SIZE     50       /* symbols coded with one selector [BZ_G_SIZE] */
#define BZ_MAX_SELECTORS  (2 + BZ_MAX_BLOCK / BZ_GROUP_SIZE) /* 18002, kept as libbz2 keeps */
#define BZ_MAX_ALPHA      258      /* RUNA, RUNB, 255 MTF values, EOB [BZ_MAX_ALPHA_SIZE] */
#define BZ_MAX_CODE_LEN   20       /* longest Huffman code libbz2 reads */
#define BZ_MAX_RUN_SYMS   21       /* RUNA/RUNB in a row before libbz2's 2M bound trips */
#define BZ_RUNA           0
#define BZ_RUNB           1

/* Magic numbers: 48 bits each, read as two 24-bit halves. */
#define BZ_BLOCK_MAGIC_HI 0x314159u
#define BZ_BLOCK_MAGIC_LO 0x265359u
#define BZ_EOS_MAGIC_HI   0x177245u
#define BZ_EOS_MAGIC_LO   0x385090u

_Static_assert(BZ_MAX_BLOCK <= (1u << 24), "tt entries hold an index in 24 bits");

/* ---- the bit reader: MSB first, a 64-bit buffer with the next bit at bit 63 ---- */
typedef uint64_t bz_u64_un __attribute__((aligned(1), may_alias));
static inline uint64_t bz_load_be64(const uint8_t *p)
{
	return __builtin_bswap64(*(const bz_u64_un *)p);
}

/* Invariant: bits [63, 64 - bc] of bb are the next input bits; the bits below are zero or the
 * true values of the following input bytes, so or-ing a byte in again is harmless. */
struct bz_bits {
	const uint8_t *p, *end;
	uint64_t bb;
	unsigned bc;
	size_t phantom; /* zero bytes supplied after the end of the input */
};

/* Word refill: needs end - p >= 8; leaves 56..63 bits. */
#define BZ_REFILL_FAST(bb, bc, p) do {                  \
	(bb) |= bz_load_be64(p) >> (bc);                \
	(p) += (63 - (bc)) >> 3;                        \
	(bc) |= 56;                                     \
} while (0)

/* Refill to 56..63 bits: a word while 8 input bytes remain, else bytes, then zero bytes past
 * the end (counted in phantom). */
#define BZ_REFILL(bb, bc, p, end, phantom) do {         \
	if ((end) - (p) >= 8) {                         \
		BZ_REFILL_FAST(bb, bc, p);              \
	} else {                                        \
		while ((bc) < 56) {                     \
			if ((p) < (end))                \
				(bb) |= (uint64_t)*(p)++ << (56 - (bc)); \
			else                            \
				(phantom)++;            \
			(bc) += 8;                      \
		}                                       \
	}                                               \
} while (0)

/* True once a consumed bit lies past the real input. */
#define BZ_OVERRUN(bc, phantom) ((phantom) * 8 > (bc))

/* The next n bits (1 <= n <= 32) as a number, consumed. */
static inline uint32_t bz_get(struct bz_bits *b, unsigned n)
{
	uint32_t v;

	if (b->bc < n)
		BZ_REFILL(b->bb, b->bc, b->p, b->end, b->phantom);
	v = (uint32_t)(b->bb >> (64 - n));
	b->bb <<= n;
	b->bc -= n;
	return v;
}

/* An error found at this point, or BZIP2_ERR_TRUNCATED when the bits read so far already
 * reach past the input (a proper prefix of a valid stream always fails as truncated). */
static inline enum bzip2_result bz_fail(const struct bz_bits *b, enum bzip2_result r)
{
	return BZ_OVERRUN(b->bc, b->phantom) ? BZIP2_ERR_TRUNCATED : r;
}

/* ---- Huffman tables (huffman.c) ----
 * Codes are canonical (by length, then symbol, MSB first) and decoded the way libbz2 decodes
 * them: take min_len bits, then one more bit at a time until the value is <= limit[len]; the
 * symbol is perm[value - base[len]]. For complete and incomplete codes that is plain canonical
 * decoding; for over-subscribed ones it is what libbz2 makes of them, so we accept the same
 * streams. One lookup of the top BZ_FAST_BITS bits gives the result of that loop when it ends
 * within them. */
#define BZ_FAST_BITS 10
/* fast[] entry: symbol in bits 0..8, code length in bits 9..13; 0 = take the slow loop. */
#define BZ_FAST_SYM(e) ((e) & 511u)
#define BZ_FAST_LEN(e) ((e) >> 9)
struct bz_huff {
	uint16_t fast[1u << BZ_FAST_BITS];
	int32_t limit[BZ_MAX_CODE_LEN + 1]; /* largest value of each length; 0 past max_len */
	int32_t base[BZ_MAX_CODE_LEN + 1];
	uint16_t perm[BZ_MAX_ALPHA];        /* symbols by length, then value */
	unsigned min_len, alpha;
};

enum bzip2_result bz_huff_build(struct bz_huff *h, const uint8_t *len, unsigned n);

/* libbz2's decoding loop on the top 20 bits v: the symbol and its length in *len; -1 for a
 * codeword no length accepts (an incomplete code's unused one), -2 for one whose index falls
 * past the alphabet (over-subscribed codes only: libbz2 would read stale table entries). */
static inline int bz_huff_slow(const struct bz_huff *h, uint32_t v, unsigned *len)
{
	for (unsigned l = h->min_len; l <= BZ_MAX_CODE_LEN; l++) {
		int32_t z = (int32_t)(v >> (BZ_MAX_CODE_LEN - l));

		if (z <= h->limit[l]) {
			z -= h->base[l];
			if (z < 0 || (uint32_t)z >= h->alpha)
				return -2;
			*len = l;
			return h->perm[z];
		}
	}
	return -1;
}

/* One block as its header and MTF/Huffman stage leave it (block.c). */
struct bz_block {
	uint32_t crc;          /* stored block CRC */
	uint32_t orig_ptr;
	uint32_t n;            /* bytes in tt[] */
	uint32_t count[256];   /* occurrences of each byte value in tt[] */
};

/* ---- the workspace ---- */
#define BZ_MAX_SEGMENTS 1024 /* pieces the inverse BWT's walk is cut into (bwt.c) */
struct bz_work {
	uint32_t crc[8][256];                  /* bzip2 CRC-32 slice-by-8 tables (crc.c) */
	struct bz_block blk;                   /* the block being decoded (stream.c) */
	struct bz_huff huff[BZ_MAX_GROUPS];
	uint8_t len[BZ_MAX_GROUPS][BZ_MAX_ALPHA]; /* code lengths as read */
	uint8_t selector[BZ_MAX_SELECTORS];
	uint32_t seg_len[BZ_MAX_SEGMENTS], seg_succ[BZ_MAX_SEGMENTS], seg_off[BZ_MAX_SEGMENTS];
	uint32_t tt[BZ_MAX_BLOCK];             /* the block's bytes, then the links (bwt.c) */
	uint8_t s[BZ_MAX_BLOCK];               /* the block's text before the initial RLE is undone */
};
_Static_assert(sizeof(struct bz_work) <= BZIP2_WORK_BYTES, "BZIP2_WORK_BYTES too small");

/* bzip2 CRC-32 (polynomial 0x04c11db7, MSB first, no reflection; crc.c). */
void bz_crc_init(uint32_t t[8][256]);
uint32_t bz_crc_update(const uint32_t t[8][256], uint32_t crc, const uint8_t *p, size_t n);

/* Block header after the magic, then its symbols into w->tt (block.c). */
enum bzip2_result bz_read_block(struct bz_bits *b, struct bz_work *w, unsigned level,
				struct bz_block *blk);

/* Inverse BWT and the initial run-length decoding into out[*pos..cap) (bwt.c). */
enum bzip2_result bz_unbwt(struct bz_work *w, const struct bz_block *blk,
			   uint8_t *out, size_t cap, size_t *pos);

#endif
