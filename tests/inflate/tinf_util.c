/* tinf_util.c: helpers for the host inflate tests: counters, bit writer, canonical codes,
 * dynamic headers, and zlib as the reference decoder (host). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "tinf.h"

int tinf_passed, tinf_failed, tinf_verbose;

int tinf_check(int cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		tinf_passed++;
		if (tinf_verbose)
			printf("ok   %s\n", name);
		return 1;
	}
	tinf_failed++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 0;
}

void bw_init(struct bw *w) { memset(w, 0, sizeof *w); }

void bw_put(struct bw *w, unsigned v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, w->nbits++)
		w->buf[w->nbits >> 3] |= ((v >> i) & 1) << (w->nbits & 7);
}

void bw_code(struct bw *w, unsigned code, unsigned len)
{
	while (len--)
		bw_put(w, (code >> len) & 1, 1);
}

void bw_align(struct bw *w) { w->nbits = (w->nbits + 7) & ~(size_t)7; }
void bw_byte(struct bw *w, uint8_t b) { bw_put(w, b, 8); }
size_t bw_len(const struct bw *w) { return (w->nbits + 7) / 8; }

void canon_codes(const uint8_t *lens, unsigned n, unsigned *codes)
{
	unsigned count[16] = { 0 }, next[16], code = 0;

	for (unsigned s = 0; s < n; s++)
		count[lens[s]]++;
	count[0] = 0;
	for (unsigned len = 1; len < 16; len++) {
		code = (code + count[len - 1]) << 1;
		next[len] = code;
	}
	for (unsigned s = 0; s < n; s++)
		codes[s] = lens[s] ? next[lens[s]]++ : 0;
}

void put_dynamic(struct bw *w, int final, unsigned nlit, unsigned ndist, const uint8_t *lens,
		 unsigned *litcodes, unsigned *distcodes)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2,
					   14, 1, 15 };

	bw_put(w, final, 1);
	bw_put(w, 2, 2);
	bw_put(w, nlit - 257, 5);
	bw_put(w, ndist - 1, 5);
	bw_put(w, 19 - 4, 4);
	for (int i = 0; i < 19; i++)
		bw_put(w, order[i] < 16 ? 4 : 0, 3);
	/* Symbols 0..15 all four bits long: the canonical code of symbol s is s. */
	for (unsigned i = 0; i < nlit + ndist; i++)
		bw_code(w, lens[i], 4);
	if (litcodes)
		canon_codes(lens, nlit, litcodes);
	if (distcodes)
		canon_codes(lens + nlit, ndist, distcodes);
}

struct ref_result ref_inflate(int gzip, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	struct ref_result r = { REF_OK, NULL, 0, 0 };
	z_stream z;
	int ret;

	memset(&z, 0, sizeof z);
	inflateInit2(&z, gzip ? 15 + 16 : -15);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	ret = inflate(&z, Z_FINISH);
	r.out_len = z.total_out;
	r.in_used = z.total_in;
	if (ret == Z_STREAM_END) {
		r.kind = REF_OK;
	} else if (ret == Z_DATA_ERROR) {
		r.kind = REF_DATA_ERROR;
		r.msg = z.msg;
	} else if (z.avail_out == 0) {
		r.kind = REF_OUTPUT_FULL;
	} else {
		r.kind = REF_NEED_INPUT;
	}
	if (r.msg) {
		/* z.msg points into zlib's static strings; safe to keep after inflateEnd. */
	}
	inflateEnd(&z);
	return r;
}

int agree_with_zlib(const char *name, int gzip, const uint8_t *in, size_t n, size_t cap)
{
	uint8_t *a = malloc(cap + 1), *b = malloc(cap + 1);
	size_t olen = 0, used = 0;
	enum inflate_result r;
	struct ref_result z;
	int ok = 1;

	r = gzip ? inflate_gzip_member(in, n, &used, a, cap, &olen)
		 : inflate_raw(in, n, &used, a, cap, &olen);
	z = ref_inflate(gzip, in, n, b, cap);
	if (r == INFLATE_OK) {
		ok = z.kind == REF_OK && z.out_len == olen && !memcmp(a, b, olen) && z.in_used == used;
	} else if (r == INFLATE_ERR_OUTPUT_FULL || z.kind == REF_OUTPUT_FULL) {
		/* Which limit is met first may differ; both must have produced the same bytes. */
		size_t m = olen < z.out_len ? olen : z.out_len;
		ok = (r == INFLATE_ERR_OUTPUT_FULL || r == INFLATE_ERR_TRUNCATED ||
		      z.kind == REF_OUTPUT_FULL) && !memcmp(a, b, m);
	} else if (r == INFLATE_ERR_TRUNCATED) {
		ok = z.kind == REF_NEED_INPUT;
	} else {
		ok = z.kind == REF_DATA_ERROR && z.msg &&
		     !strncmp(inflate_strerror(r), z.msg, strlen(z.msg));
	}
	if (!ok)
		tinf_check(0, name, "ours %s (out %zu, in %zu); zlib kind %d '%s' (out %zu, in %zu)",
			   inflate_strerror(r), olen, used, z.kind, z.msg ? z.msg : "", z.out_len,
			   z.in_used);
	free(a);
	free(b);
	return ok;
}

size_t wrap_gzip(uint8_t *dst, const uint8_t *body, size_t n, const uint8_t *data, size_t dlen)
{
	static const uint8_t hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	uint32_t crc = (uint32_t)crc32(0, data, (uInt)dlen), isz = (uint32_t)dlen;

	memcpy(dst, hdr, 10);
	memcpy(dst + 10, body, n);
	for (int i = 0; i < 4; i++) {
		dst[10 + n + i] = (uint8_t)(crc >> (8 * i));
		dst[14 + n + i] = (uint8_t)(isz >> (8 * i));
	}
	return n + 18;
}

size_t tinf_zlib_gzip(const uint8_t *in, size_t n, int level, int strategy, uint8_t *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, strategy);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return z.total_out;
}
