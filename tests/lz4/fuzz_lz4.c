/* fuzz_lz4.c: libFuzzer target (host): our lz4 decoder against liblz4, the input and the output
 * each ending right at a PROT_NONE guard page. First byte: bits 0-1 the mode, bits 2-4 the output
 * capacity. Modes: 0 the bytes as frames (lz4_decode vs lz4 -d's reading by liblz4), 1 the bytes
 * as one raw block (lz4_decode_block vs LZ4_decompress_safe, same capacity), 2 and 3 structure-
 * aware: the bytes after 8 parameter bytes are content, compressed by liblz4 (2: a standard or
 * legacy frame with parameters from the fuzz bytes, 3: one HC block), then 0-7 bytes changed at
 * positions from the parameters, then decoded as in modes 0 and 1. Aborts unless both agree
 * (ours may refuse where lz4.h says it is stricter) and produce the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <lz4.h>
#include <lz4hc.h>
#include "tlz4.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 20)

/* A buffer of max bytes whose end touches an inaccessible page. */
static uint8_t *guarded(size_t max)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = (max + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE))
		abort();
	return m + len; /* callers use end - n */
}

/* Build a valid stream from p[0..8) parameters and content c[0..n) into z; returns its length. */
static size_t build(const uint8_t *p, const uint8_t *c, size_t n, int block, uint8_t *z, size_t cap)
{
	if (block) {
		int r = LZ4_compress_HC((const char *)c, (char *)z, (int)n, (int)cap, 1 + p[1] % 12);
		return r > 0 ? (size_t)r : 0;
	}
	if (p[1] & 0x80)
		return make_legacy(c, n, p[1] % 13, z, cap);
	LZ4F_preferences_t pr;
	memset(&pr, 0, sizeof pr);
	pr.frameInfo.blockSizeID = (LZ4F_blockSizeID_t)(4 + (p[2] & 3));
	pr.frameInfo.blockMode = p[2] & 4 ? LZ4F_blockIndependent : LZ4F_blockLinked;
	pr.frameInfo.blockChecksumFlag = (LZ4F_blockChecksum_t)(p[2] >> 3 & 1);
	pr.frameInfo.contentChecksumFlag = (LZ4F_contentChecksum_t)(p[2] >> 4 & 1);
	pr.frameInfo.contentSize = p[2] & 0x20 ? n : 0;
	pr.compressionLevel = p[1] % 13;
	return make_frame(c, n, &pr, z, cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *in_end, *out_end, *ref, *z;
	static const size_t caps[8] = { 0, 1, 7, 300, 4096, 65536, 200000, OUT_MAX };
	uint8_t *in, *out;
	size_t n, cap, olen = 0, rlen = 0;
	enum lz4_result r;
	int mode, ok, rv;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX);
		z = malloc(2 * IN_MAX);
	}
	if (size < 1 || size - 1 > IN_MAX / 2)
		return 0;
	mode = data[0] & 3;
	cap = caps[(data[0] >> 2) & 7];
	n = size - 1;
	if (mode >= 2) {
		const uint8_t *p = data + 1;
		uint32_t seed;

		if (n < 8)
			return 0;
		seed = (uint32_t)p[3] | (uint32_t)p[4] << 8 | (uint32_t)p[5] << 16 | 1;
		n = build(p, data + 9, size - 9, mode == 3, z, 2 * IN_MAX);
		if (n == 0 || n > IN_MAX)
			return 0;
		for (unsigned k = p[6] & 7; k && n; k--)
			z[rnd(&seed) % n] ^= (uint8_t)(1 + rnd(&seed) % 255);
		if (p[7] & 1)
			n -= rnd(&seed) % (n + 1); /* cut short */
		mode -= 2;
		in = in_end - n;
		memcpy(in, z, n);
	} else {
		in = in_end - n;
		memcpy(in, data + 1, n);
	}
	out = out_end - cap;
	if (mode == 1) {
		int d = LZ4_decompress_safe((const char *)in, (char *)ref, (int)n, (int)cap);

		r = lz4_decode_block(in, n, out, cap, &olen);
		rv = d, rlen = d < 0 ? 0 : (size_t)d;
		if (olen > cap)
			abort();
		if (d >= 0)
			ok = (r == LZ4_OK && olen == (size_t)d && !memcmp(out, ref, olen)) || lz4_stricter(r);
		else
			ok = r != LZ4_OK;
	} else {
		enum ref_kind k = ref_decode(in, n, ref, OUT_MAX, &rlen);
		size_t used = 0;

		r = lz4_decode(in, n, &used, out, cap, &olen, NULL);
		rv = k;
		if (olen > cap || used > n || (r == LZ4_OK && used != n))
			abort();
		if (k == REF_OK && rlen <= cap)
			ok = (r == LZ4_OK && olen == rlen && !memcmp(out, ref, olen)) || lz4_stricter(r);
		else if (k == REF_OK)
			ok = r == LZ4_ERR_OUTPUT_FULL || lz4_stricter(r);
		else if (k == REF_TRUNCATED)
			ok = r == LZ4_ERR_TRUNCATED || lz4_stricter(r) || (r == LZ4_ERR_OUTPUT_FULL && rlen > cap);
		else if (k == REF_ERROR)
			ok = r != LZ4_OK && r != LZ4_ERR_TRUNCATED;
		else
			ok = r != LZ4_OK;
	}
	if (!ok) {
		fprintf(stderr, "fuzz_lz4: mode %d, %zu bytes in, cap %zu: ours '%s' (%zu bytes), "
			"reference %d (%zu bytes)\n", mode, n, cap, lz4_strerror(r), olen, rv, rlen);
		abort();
	}
	return 0;
}
