/* tzstd_util.c: helpers of the zstd host tests: exact-size decoding with ours, compression
 * with libzstd, and the round-trip check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include "tzstd.h"

static void *work;

uint32_t tz_rand(uint32_t *s) { return *s = *s * 1103515245u + 12345u, *s >> 16; }

enum zstd_result tz_decode(const uint8_t *in, size_t n, size_t cap, uint8_t **out, size_t *out_len)
{
	uint8_t *i = malloc(n ? n : 1), *o = malloc(cap ? cap : 1);
	size_t used = 0;
	enum zstd_result r;

	if (!work)
		work = malloc(zstd_WORK_BYTES);
	memcpy(i, in, n);
	*out_len = 0;
	r = zstd_decode(i, n, &used, o, cap, out_len, work);
	if (r == zstd_OK && used != n)
		printf("FAIL in_used %zu of %zu\n", used, n), checks_failed++;
	if (*out_len > cap)
		printf("FAIL out_len %zu > cap %zu\n", *out_len, cap), checks_failed++;
	free(i);
	if (out)
		*out = o;
	else
		free(o);
	return r;
}

uint8_t *tz_compress(const uint8_t *src, size_t n, int level, int wlog, int ldm, int checksum,
		     int content_size, size_t *len)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), r;
	uint8_t *dst = malloc(cap);

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	if (wlog)
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, wlog);
	if (ldm)
		ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, content_size);
	if (content_size) {
		r = ZSTD_compress2(c, dst, cap, src, n);
	} else {
		/* streaming with a flush every 100 KB: no content size, window descriptor, many blocks */
		ZSTD_outBuffer ob = { dst, cap, 0 };
		size_t off = 0;
		/* the size sizes the tables (level 22 would allocate 2^27-entry ones) but is
		 * not written: contentSizeFlag is 0 */
		ZSTD_CCtx_setPledgedSrcSize(c, n);
		r = 0;
		while (off < n) {
			size_t k = n - off < 100000 ? n - off : 100000;
			ZSTD_inBuffer ib = { src + off, k, 0 };
			r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_flush);
			if (ZSTD_isError(r))
				break;
			off += k;
		}
		if (!ZSTD_isError(r)) {
			ZSTD_inBuffer ib = { NULL, 0, 0 };
			do
				r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
			while (r > 0 && !ZSTD_isError(r));
		}
		if (!ZSTD_isError(r))
			r = ob.pos;
	}
	ZSTD_freeCCtx(c);
	if (ZSTD_isError(r)) {
		printf("FAIL libzstd compress: %s\n", ZSTD_getErrorName(r));
		checks_failed++;
		r = 0;
	}
	*len = r;
	return dst;
}

void tz_check_roundtrip(const char *what, const uint8_t *c, size_t clen, const uint8_t *want, size_t n)
{
	uint8_t *o;
	size_t ol;
	enum zstd_result r;

	r = tz_decode(c, clen, n + 1000, &o, &ol);
	CHECK(r == zstd_OK && ol == n && memcmp(o, want, n) == 0, "%s: %s, %zu of %zu bytes",
	      what, zstd_strerror(r), ol, n);
	free(o);
	r = tz_decode(c, clen, n, &o, &ol);
	CHECK(r == zstd_OK && ol == n && memcmp(o, want, n) == 0, "%s exact buffer: %s", what,
	      zstd_strerror(r));
	free(o);
	if (n > 0) {
		r = tz_decode(c, clen, n - 1, NULL, &ol);
		CHECK(r == zstd_ERR_OUTPUT_FULL, "%s one byte short: %s", what, zstd_strerror(r));
	}
}
