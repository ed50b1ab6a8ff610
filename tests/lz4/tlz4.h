/* tlz4.h: shared helpers of the host lz4 tests (tests/lz4): sample data, liblz4 as the reference
 * decoder and encoder, a legacy-frame writer. */
#ifndef TLZ4_H
#define TLZ4_H
#include <stddef.h>
#include <stdint.h>
#include <lz4frame.h>
#include "lz4.h"

/* The reference's verdict on a whole input: every frame decoded, an error, or more input needed;
 * REF_OUTPUT_FULL: the output did not fit cap. */
enum ref_kind { REF_OK, REF_ERROR, REF_TRUNCATED, REF_OUTPUT_FULL };

/* liblz4's decode of in[0..n) as lz4 -d reads it: standard and skippable frames by LZ4F,
 * legacy frames block by block with LZ4_decompress_safe (capacity 8 MiB, as lz4io and Linux).
 * Bytes after a frame that are not a frame: REF_ERROR. *out_len: bytes produced. */
enum ref_kind ref_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len);

/* The results by which we refuse streams liblz4 accepts (lz4.h: the end-of-block rules). */
int lz4_stricter(enum lz4_result r);

/* src[0..n) as a legacy frame (lz4 -l): 8 MiB blocks by LZ4_compress_HC at level (level < 3:
 * LZ4_compress_default); returns its length (0: does not fit cap). */
size_t make_legacy(const uint8_t *src, size_t n, int level, uint8_t *dst, size_t cap);

/* src[0..n) as one standard frame with prefs; returns its length (0: error). */
size_t make_frame(const uint8_t *src, size_t n, const LZ4F_preferences_t *prefs, uint8_t *dst,
		  size_t cap);

/* Sample data of kind 0..5: text, binary (structured), random, repetitive, long runs, mixed. */
#define SAMPLE_KINDS 6
void sample(uint8_t *d, size_t n, int kind, uint32_t seed);
extern const char *const sample_names[SAMPLE_KINDS];
uint32_t rnd(uint32_t *s);

#endif
