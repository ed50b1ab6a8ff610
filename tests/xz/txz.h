/* txz.h: what the xz host tests share: liblzma as the reference encoder and decoder, input
 * generators, our decoder with its workspace. */
#ifndef TXZ_H
#define TXZ_H
#include <lzma.h>
#include <stddef.h>
#include <stdint.h>
#include "xz.h"

/* Inputs the tests compress (seeded, the same on every run). */
enum gen_kind { GEN_TEXT, GEN_BINARY, GEN_RANDOM, GEN_RUNS, GEN_LONG, GEN_ZEROS, GEN_MIXED, GEN_COUNT };
extern const char *const gen_names[GEN_COUNT];
void gen_fill(enum gen_kind k, uint8_t *buf, size_t n, uint32_t seed);

/* A .xz stream of in[0..n) from liblzma: preset (| LZMA_PRESET_EXTREME), check, up to 3
 * filters before LZMA2 (pre, npre), lc/lp/pb overrides when lclppb >= 0 (lc | lp << 4 | pb << 8).
 * Returns a malloc'd buffer (*len), NULL on failure. */
uint8_t *ref_xz(const uint8_t *in, size_t n, size_t *len, uint32_t preset, lzma_check check,
		const lzma_filter *pre, int npre, int lclppb);
/* Several blocks: LZMA_FULL_FLUSH every `every` bytes (single-threaded encoder, no sizes in
 * the headers), or the multi-threaded encoder with block_size `every` (sizes in the headers). */
uint8_t *ref_xz_blocks(const uint8_t *in, size_t n, size_t *len, size_t every, int mt);
/* A .lzma stream (unknown size, end marker) at preset, lc/lp/pb overrides as above. */
uint8_t *ref_lzma(const uint8_t *in, size_t n, size_t *len, uint32_t preset, int lclppb);
/* A .lzma stream with the known size in its header and no end marker (LZMA1EXT). */
uint8_t *ref_lzma_sized(const uint8_t *in, size_t n, size_t *len, uint32_t preset);

/* liblzma decoding: .xz streams (concatenated, padding) or one .lzma stream. */
lzma_ret ref_xz_decode(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
		       size_t *out_len);
lzma_ret ref_lzma_decode(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
			 size_t *out_len);

/* Our decoder with a static workspace; the input copied to an exact-size heap buffer so ASan
 * sees any read past its end. */
enum xz_result ours_xz(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
		       size_t *out_len);
enum xz_result ours_lzma(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
			 size_t *out_len);
void *txz_work(void);

/* Recompute the CRC32 at in[at + len .. +4) of in[at .. at + len). */
void fix_crc32(uint8_t *in, size_t at, size_t len);

void test_diff(void);
void test_edge(void);
#endif
