/* tinf.h: shared helpers of the host inflate tests (the tests/inflate sources): counters, a deflate
 * bit writer for hand-built streams, canonical codes, and zlib as the reference decoder. */
#ifndef TINF_H
#define TINF_H
#include <stddef.h>
#include <stdint.h>
#include "inflate.h"

extern int tinf_passed, tinf_failed, tinf_verbose;

/* One test case: prints the reason on failure; returns cond. */
int tinf_check(int cond, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* in[0..n) as one gzip member by zlib at level and strategy (Z_DEFAULT_STRATEGY, ...) into
 * out[0..cap); returns its length. */
size_t tinf_zlib_gzip(const uint8_t *in, size_t n, int level, int strategy, uint8_t *out, size_t cap);

/* LSB-first bit writer (RFC 1951 3.1.1). */
struct bw {
	uint8_t buf[8192];
	size_t nbits;
};
void bw_init(struct bw *w);
void bw_put(struct bw *w, unsigned v, unsigned n);        /* data bits, LSB first */
void bw_code(struct bw *w, unsigned code, unsigned len);  /* Huffman code, MSB first */
void bw_align(struct bw *w);
void bw_byte(struct bw *w, uint8_t b);
size_t bw_len(const struct bw *w);

/* Canonical codes (RFC 1951 3.2.2) for lens[0..n). */
void canon_codes(const uint8_t *lens, unsigned n, unsigned *codes);
/* Dynamic block header sending nlit+ndist lengths lens[] through a code-length code that
 * gives symbols 0..15 four bits each; codes get the canonical codes of both codes. */
void put_dynamic(struct bw *w, int final, unsigned nlit, unsigned ndist, const uint8_t *lens,
		 unsigned *litcodes, unsigned *distcodes);

/* zlib's verdict on a raw (gzip = 0) or gzip (gzip = 1) stream decoded into cap bytes. */
enum ref_kind { REF_OK, REF_DATA_ERROR, REF_NEED_INPUT, REF_OUTPUT_FULL };
struct ref_result {
	enum ref_kind kind;
	const char *msg;  /* zlib's message for REF_DATA_ERROR */
	size_t out_len;   /* bytes produced */
	size_t in_used;   /* bytes consumed */
};
struct ref_result ref_inflate(int gzip, const uint8_t *in, size_t n, uint8_t *out, size_t cap);

/* Compare our decode with zlib's on one stream (gzip: one member); name labels failures.
 * Returns 1 when they agree. */
int agree_with_zlib(const char *name, int gzip, const uint8_t *in, size_t n, size_t cap);

/* Gzip wrapper around a raw deflate body: 10-byte header, body, CRC32, ISIZE. */
size_t wrap_gzip(uint8_t *dst, const uint8_t *body, size_t n, const uint8_t *data, size_t dlen);

void test_reject(void);
void test_diff(void);
void test_stress(void);
void test_path(void); /* restricts the CPU features: run it last */

#endif
