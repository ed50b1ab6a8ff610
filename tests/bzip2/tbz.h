/* tbz.h: shared helpers of the bzip2 host tests (host C, libc and libbz2 allowed): a small
 * bzip2 encoder that can write malformed streams on purpose, libbz2 as the reference, sample
 * data generators. */
#ifndef TBZ_H
#define TBZ_H
#include <stddef.h>
#include <stdint.h>
#include "bzip2.h"

/* What the test encoder writes; zero = a valid stream. */
struct tbz_opts {
	int level;           /* 1..9 (0 = 9) */
	int level_char;      /* if nonzero, written after "BZh" instead of '0' + level */
	size_t block_bytes;  /* input bytes per block (0 = all in one block) */
	int randomised;      /* set the randomised flag */
	uint32_t block_crc_xor, stream_crc_xor;
	int orig_ptr_delta;  /* added to origPtr */
	int empty_map;       /* write a symbol map with no byte used */
	int groups;          /* Huffman tables written (0 = 2); 0..7 */
	int sel_delta;       /* selectors written minus those needed */
	int bad_selector;    /* selector 0's MTF index = groups (out of range) */
	int len_mode;        /* 0 complete, 1 incomplete, 2 over-subscribed, 3 deep (lengths 1..20) */
	int bad_len;         /* 1: a start length of 0, 2: a length stepped up to 21 */
	int runs_before_eob; /* RUNA symbols written just before EOB */
	int raw_block;       /* the input is one block's bytes after the initial RLE (not applied) */
	int eos_magic_xor;   /* xor into the end-of-stream magic's low byte */
	int emit_unused;     /* 20 one bits before the first symbol (unused with len_mode 1) */
	int raw_l;           /* with raw_block: the bytes are the last column itself (no sorting),
	                      * origPtr = orig_ptr_delta: blocks that are no rotation's sort */
};

/* The bzip2 CRC-32 register after p[0..n) (start with ~0, invert at the end). */
uint32_t tbz_crc(uint32_t crc, const uint8_t *p, size_t n);

/* Compress in[0..n) into out (cap bytes); returns the stream's length, 0 if it does not fit. */
size_t tbz_encode(const uint8_t *in, size_t n, const struct tbz_opts *o, uint8_t *out, size_t cap);

/* libbz2's verdict on one stream (BZ2_bzDecompress): */
enum ref_kind { REF_OK, REF_DATA_ERROR, REF_MAGIC, REF_NEED_INPUT, REF_OUTPUT_FULL, REF_OTHER };
struct ref_result {
	enum ref_kind kind;
	size_t in_used, out_len;
};
struct ref_result ref_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
/* libbz2 compression (BZ2_bzBuffToBuffCompress); returns the length, 0 on failure. */
size_t ref_encode(const uint8_t *in, size_t n, int level, uint8_t *out, size_t cap);

/* Sample data: kind 0 text, 1 binary (structured), 2 random, 3 repetitive, 4 long runs,
 * 5 few symbols, 6 all one byte. */
void tbz_sample(uint8_t *d, size_t n, int kind, uint32_t seed);
uint32_t tbz_rnd(uint32_t *s);

/* A workspace for our decoder, allocated once. */
void *tbz_work(void);

#endif
