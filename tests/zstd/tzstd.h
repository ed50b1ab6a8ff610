/* tzstd.h: what the zstd host tests share: decoding with ours into an exact-size buffer
 * (so ASan sees any write past out_cap) from an exact-size copy of the input, and libzstd. */
#ifndef TZSTD_H
#define TZSTD_H
#include <stddef.h>
#include <stdint.h>
#include "../lib/check.h"
#include "zstddec.h"

/* ours on a malloc'd copy of in[0..n) into a malloc'd buffer of cap bytes; *out (may be NULL)
 * gets that buffer (free it) and *out_len the bytes produced. */
enum zstd_result tz_decode(const uint8_t *in, size_t n, size_t cap, uint8_t **out, size_t *out_len);

/* libzstd compression with a level, window log (0: the level's), long-distance matching,
 * checksum and content-size flags; returns a malloc'd buffer, *len its size. */
uint8_t *tz_compress(const uint8_t *src, size_t n, int level, int wlog, int ldm, int checksum,
		     int content_size, size_t *len);

/* Checks that ours decodes c[0..clen) to want[0..n) exactly, also into a buffer of exactly n
 * bytes, and fails with output-full one byte short (when n > 0). */
void tz_check_roundtrip(const char *what, const uint8_t *c, size_t clen, const uint8_t *want, size_t n);

uint32_t tz_rand(uint32_t *s);

void test_diff(void);
void test_edge(void);
#endif
