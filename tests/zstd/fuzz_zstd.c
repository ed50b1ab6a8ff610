/* fuzz_zstd.c: libFuzzer target (host): our zstd decoder against libzstd's ZSTD_decompressDCtx,
 * the input and the output each ending right at a PROT_NONE guard page. First byte: bit 0
 * structure-aware (the rest is content, compressed by libzstd, then up to 15 bytes changed),
 * bits 1-3 output capacity. Ours must accept exactly what libzstd accepts, with the same bytes,
 * except where zstddec.h says it is stricter (those results are allowed to refuse). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zstd.h>
#include "zstddec.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 20)

static uint8_t *guarded(size_t max)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = (max + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE))
		abort();
	return m + len;
}

/* the results zstddec.h documents as stricter than libzstd's one-shot decoder */
static int stricter(enum zstd_result r, size_t n)
{
	return r == zstd_ERR_BLOCK_SIZE || r == zstd_ERR_SEQ_RESERVED || r == zstd_ERR_SEQ_OVERREAD ||
	       r == zstd_ERR_OFFSET_ZERO || r == zstd_ERR_SEQ_TRAILING_BITS ||
	       r == zstd_ERR_HUF_STREAM_SIZE || (n == 0 && r == zstd_ERR_TRUNCATED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *in_end, *out_end, *ref, *tmp;
	static void *work;
	static ZSTD_DCtx *dctx;
	static ZSTD_CCtx *cctx;
	static const size_t caps[8] = { 0, 1, 7, 300, 4096, 65536, 200000, OUT_MAX };
	static const int levels[8] = { -3, 1, 2, 3, 6, 12, 19, 22 };
	const uint8_t *src;
	uint8_t *in, *out;
	size_t n, cap, olen = 0, used = 0, rn;
	enum zstd_result r;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX);
		tmp = malloc(IN_MAX + 1024);
		work = malloc(zstd_WORK_BYTES);
		dctx = ZSTD_createDCtx();
		cctx = ZSTD_createCCtx();
	}
	if (size < 1 || size - 1 > 65536)
		return 0;
	cap = caps[(data[0] >> 1) & 7];
	src = data + 1;
	n = size - 1;
	if (data[0] & 1) {
		/* structure-aware: libzstd's frame of the content, a few bytes changed */
		unsigned flips, i, seed = 0x9e3779b9u;
		if (n < 1)
			return 0;
		flips = src[0] >> 4;
		ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, levels[src[0] & 7]);
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, (src[0] >> 3) & 1);
		for (i = 0; i < n; i++)
			seed = (seed ^ src[i]) * 0x01000193u;
		rn = ZSTD_compress2(cctx, tmp, IN_MAX, src + 1, n - 1);
		if (ZSTD_isError(rn))
			return 0;
		for (i = 0; i < flips && rn > 0; i++) {
			seed = seed * 1103515245u + 12345u;
			tmp[(seed >> 8) % rn] ^= (uint8_t)(1 + (seed >> 24) % 255);
		}
		if (data[0] & 0x10)
			cap = n - 1;    /* exactly the content size */
		src = tmp;
		n = rn;
	}
	in = in_end - n;
	memcpy(in, src, n);
	out = out_end - cap;
	r = zstd_decode(in, n, &used, out, cap, &olen, work);
	if (olen > cap)
		abort();
	rn = ZSTD_decompressDCtx(dctx, ref, cap, in, n);
#ifdef FUZZ_DEBUG
	{ FILE *df = fopen("/tmp/fuzz_last.zst", "wb"); fwrite(in, 1, n, df); fclose(df); }
	fprintf(stderr, "ours: %s (%zu bytes, %zu used); libzstd: %s (%zu), cap %zu, in %zu\n",
		zstd_strerror(r), olen, used, ZSTD_isError(rn) ? ZSTD_getErrorName(rn) : "ok",
		ZSTD_isError(rn) ? 0 : rn, cap, n);
#endif
	if (!ZSTD_isError(rn)) {
		if (r != zstd_OK) {
			if (stricter(r, n))
				return 0;
			abort();     /* libzstd accepts what we refuse */
		}
		if (olen != rn || memcmp(out, ref, rn) != 0 || used != n)
			abort();     /* different bytes */
	} else if (r == zstd_OK) {
		abort();             /* we accept what libzstd refuses */
	}
	return 0;
}
