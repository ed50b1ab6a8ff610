/* zstd_internal.h: what the zstd/ sources share: RFC 8878's limits as named constants, the
 * workspace layout (entropy tables and the literals buffer of one block), word access and the
 * backward bit reader of Huffman and FSE bitstreams (4.1, 4.2.2). Little-endian, 64-bit. */
#ifndef LB_ZSTD_INTERNAL_H
#define LB_ZSTD_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "zstddec.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "zstd assumes a little-endian CPU"
#endif

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* RFC 8878 limits */
#define ZS_MAGIC            0xFD2FB528u
#define ZS_SKIP_MAGIC       0x184D2A50u     /* ..0x184D2A5F: low 4 bits free */
#define ZS_WINDOWLOG_MIN    10              /* 3.1.1.1.2 */
#define ZS_WINDOWLOG_MAX    31              /* 64-bit libzstd's limit */
#define ZS_BLOCK_MAX        (128u * 1024u)  /* 3.1.1.2.4 Block_Maximum_Size cap */
#define ZS_HUF_LOG_MAX      12              /* 4.2.1 Max_Number_of_Bits is 11; libzstd accepts 12 */
#define ZS_HUF_SYMBOLS      256
#define ZS_HUF_WEIGHT_LOG   6               /* 4.2.1.2 weights' FSE Accuracy_Log max */
#define ZS_LL_LOG_MAX       9               /* 3.1.1.3.2.2 */
#define ZS_ML_LOG_MAX       9
#define ZS_OF_LOG_MAX       8
#define ZS_LL_CODES         36
#define ZS_ML_CODES         53
#define ZS_OF_CODES         32              /* offset codes 0..31 */
#define ZS_FSE_SYMBOLS      256             /* largest alphabet an FSE description may hold */
#define ZS_MIN_LIT_4STREAMS 6
#define ZS_LIT_SLACK        32              /* readable bytes after the literals */

typedef uint64_t zs_u64_un __attribute__((aligned(1), may_alias));
typedef uint32_t zs_u32_un __attribute__((aligned(1), may_alias));
typedef uint16_t zs_u16_un __attribute__((aligned(1), may_alias));
static inline uint64_t zs_load64(const uint8_t *p) { return *(const zs_u64_un *)p; }
static inline uint32_t zs_load32(const uint8_t *p) { return *(const zs_u32_un *)p; }
static inline unsigned zs_load16(const uint8_t *p) { return *(const zs_u16_un *)p; }
static inline unsigned zs_load24(const uint8_t *p) { return zs_load16(p) | (unsigned)p[2] << 16; }
static inline void zs_store64(uint8_t *p, uint64_t v) { *(zs_u64_un *)p = v; }
static inline unsigned zs_highbit32(uint32_t v) { return 31u - (unsigned)__builtin_clz(v); }

/* One cell of a sequences decoding table (FSE state + the code's value), pre-resolved so a
 * sequence needs no second lookup: value = base + read(extra); next = next_base + read(nbits). */
struct zs_seq_cell {
	uint16_t next_base;
	uint8_t nbits;
	uint8_t extra;
	uint32_t base;
};

/* One cell of the Huffman weights' FSE table. */
struct zs_fse_cell {
	uint16_t next_base;
	uint8_t nbits;
	uint8_t symbol;
};

/* One Huffman decoding entry: the symbol and its code length, indexed by the next Huffman
 * log bits of the stream. */
struct zs_huf_cell {
	uint8_t symbol;
	uint8_t nbits;
};

/* XXH64 state streamed over the blocks of a frame (xxhash64.c). */
struct zs_xxh64 {
	uint64_t v[4], seed, total;
	uint8_t buf[32];
	unsigned n;
};
void zs_xxh64_init(struct zs_xxh64 *s, uint64_t seed);
void zs_xxh64_update(struct zs_xxh64 *s, const uint8_t *p, size_t n);
uint64_t zs_xxh64_digest(const struct zs_xxh64 *s);

/* A two-symbol Huffman entry, pre-resolved from the one-symbol table: the symbols whose codes
 * fit together in the next Huffman log bits (sym[1] valid when len is 2) and their bits. */
struct zs_huf2_cell {
	uint8_t sym[2];
	uint8_t nbits;
	uint8_t len;
};

/* The workspace: everything that lives across the blocks of a frame. */
struct zs_work {
	struct zs_seq_cell ll[1u << ZS_LL_LOG_MAX];
	struct zs_seq_cell ml[1u << ZS_ML_LOG_MAX];
	struct zs_seq_cell of[1u << ZS_OF_LOG_MAX];
	struct zs_huf_cell huf[1u << ZS_HUF_LOG_MAX];
	struct zs_huf2_cell huf2[1u << ZS_HUF_LOG_MAX];
	struct zs_fse_cell wfse[1u << ZS_HUF_WEIGHT_LOG];
	unsigned ll_log, ml_log, of_log, huf_log;
	int have_ll, have_ml, have_of, have_huf;  /* tables set earlier in this frame */
	int have_huf2;                             /* huf2 is built from the current huf */
	uint32_t rep[3];                           /* 3.1.1.5 repeat offsets */
	int ll_predef, ml_predef, of_predef;       /* the table holds the predefined one */
	struct zs_xxh64 xxh;                       /* content checksum so far */
	uint8_t lit[ZS_BLOCK_MAX + ZS_LIT_SLACK];  /* decoded literals of the block */
};
_Static_assert(sizeof(struct zs_work) <= zstd_WORK_BYTES, "zstd_WORK_BYTES too small");
_Static_assert(sizeof(struct zs_seq_cell) == 8, "sequence cell is one word");
_Static_assert(sizeof(struct zs_huf2_cell) == 4, "two-symbol cell is one 32-bit load");

/* Backward bit reader (4.1 "FSE bitstreams are read backward"): the container holds the 8
 * bytes at ptr (or all of a shorter stream); `used` bits at its top are consumed. Reading
 * past the start keeps counting, so used > 64 marks an over-read (the values read then are
 * garbage and only have to be caught, not exact). */
struct zs_bits {
	uint64_t c;
	unsigned used;
	const uint8_t *ptr, *start;
};

/* Set up over src[0..n), n >= 1; returns 0 when the last byte has no start marker. */
static inline int zs_bits_init(struct zs_bits *b, const uint8_t *src, size_t n)
{
	unsigned last = src[n - 1];
	size_t i;

	if (last == 0)
		return 0;
	b->start = src;
	if (n >= 8) {
		b->ptr = src + n - 8;
		b->c = zs_load64(b->ptr);
		b->used = 8 - zs_highbit32(last);
	} else {
		b->ptr = src;
		b->c = 0;
		for (i = 0; i < n; i++)
			b->c |= (uint64_t)src[i] << (8 * i);
		b->used = (unsigned)(8 - n) * 8 + 8 - zs_highbit32(last);
	}
	return 1;
}

/* The next n bits (0 <= n <= 56 and at most the bits the last refill left). */
static inline uint64_t zs_bits_peek(const struct zs_bits *b, unsigned n)
{
	return (b->c << (b->used & 63)) >> 1 >> (63 - n);
}
static inline uint64_t zs_bits_read(struct zs_bits *b, unsigned n)
{
	uint64_t v = zs_bits_peek(b, n);
	b->used += n;
	return v;
}

/* Refill: afterwards at least 57 bits are readable unless the start is near. */
static inline void zs_bits_refill(struct zs_bits *b)
{
	size_t nb;

	/* 8 bytes behind ptr: used <= 64 here (no reader takes more than 57 bits between
	 * refills, and only a reader at the start cannot refill) */
	if (LIKELY(b->ptr - b->start >= 8)) {
		b->ptr -= b->used >> 3;
		b->used &= 7;
		b->c = zs_load64(b->ptr);
		return;
	}
	if (b->used > 64)
		return;
	if (b->ptr == b->start)
		return;
	nb = b->used >> 3;
	if (nb > (size_t)(b->ptr - b->start))
		nb = (size_t)(b->ptr - b->start);
	b->ptr -= nb;
	b->used -= (unsigned)nb * 8;
	b->c = zs_load64(b->ptr);
}

/* 1 when every bit was consumed exactly; over-read is used > 64. */
static inline int zs_bits_done(const struct zs_bits *b)
{
	return b->ptr == b->start && b->used == 64;
}
static inline int zs_bits_overread(const struct zs_bits *b)
{
	return b->used > 64;
}

/* fse.c */
enum zstd_result zs_fse_read_counts(const uint8_t *src, size_t n, unsigned max_log,
				    unsigned max_symbol, int16_t *norm, unsigned *nsym,
				    unsigned *log, size_t *used);
void zs_fse_build_seq(struct zs_seq_cell *t, const int16_t *norm, unsigned nsym, unsigned log,
		      const uint32_t *base, const uint8_t *extra);
void zs_fse_build_weights(struct zs_fse_cell *t, const int16_t *norm, unsigned nsym, unsigned log);

/* huffman.c */
enum zstd_result zs_huf_read_table(struct zs_work *w, const uint8_t *src, size_t n, size_t *used);
enum zstd_result zs_huf_decode(struct zs_work *w, uint8_t *dst, size_t count,
			       const uint8_t *src, size_t n, int four_streams);

/* literals.c: decodes the literals section; *lit points at the literals (in the workspace or
 * in the input, with ZS_LIT_SLACK readable bytes after them). */
enum zstd_result zs_literals(struct zs_work *w, const uint8_t *src, size_t n, size_t *used,
			     const uint8_t **lit, size_t *lit_len, const uint8_t *in_end);

/* seq_tables.c: the sequences section header and its three tables. */
enum zstd_result zs_seq_header(struct zs_work *w, const uint8_t *src, size_t n,
			       unsigned *nseq, size_t *used);

/* sequences.c: decodes and executes the sequences section of a block at out + *pos. */
enum zstd_result zs_sequences(struct zs_work *w, const uint8_t *src, size_t n,
			      const uint8_t *lit, size_t lit_len,
			      uint8_t *out, uint8_t *frame_start, uint8_t **pos, uint8_t *out_end);

#endif
