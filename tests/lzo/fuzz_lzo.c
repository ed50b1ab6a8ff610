/* fuzz_lzo.c: libFuzzer target (host): our lzo decoder against liblzo2, the input and the output
 * each ending right at a PROT_NONE guard page. First byte: bits 0-1 the mode, bits 2-4 the output
 * capacity. Modes: 0 the bytes as a raw LZO1X stream (lzo_decode_block vs lzo1x_decompress_safe,
 * same capacity), 1 the bytes as an lzop file (lzo_decode vs lzop's reading by liblzo2), 2 and 3
 * structure-aware: the bytes after 8 parameter bytes are content, compressed by liblzo2 (2: a raw
 * stream, 3: an lzop file with method, level, checksum flags and block size from the parameters),
 * then 0-7 bytes changed at positions from the parameters, maybe cut short, then decoded as in
 * modes 0 and 1. Aborts unless both agree and produce the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tlzo.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 20)

static uint8_t *guarded(size_t max)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = (max + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE))
		abort();
	return m + len; /* callers use end - n */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *in_end, *out_end, *ref, *z;
	static const size_t caps[8] = { 0, 1, 7, 300, 4096, 65536, 200000, OUT_MAX };
	uint8_t *in, *out;
	size_t n, cap, olen = 0, rlen = 0;
	enum lzo_result r;
	enum ref_kind k;
	int mode, ok;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX);
		z = malloc(2 * IN_MAX);
	}
	if (size < 1 || size - 1 > IN_MAX / 4)
		return 0;
	mode = data[0] & 3;
	cap = caps[(data[0] >> 2) & 7];
	n = size - 1;
	if (mode >= 2) {
		const uint8_t *p = data + 1;
		uint32_t seed;
		int method, level;

		if (n < 8)
			return 0;
		seed = (uint32_t)p[3] | (uint32_t)p[4] << 8 | (uint32_t)p[5] << 16 | 1;
		method = 1 + p[1] % 3, level = 1 + (p[1] >> 2) % 9;
		n = mode == 2 ? ref_compress(data + 9, size - 9, method, level, z)
			      : make_lzop(data + 9, size - 9, method, level, (uint32_t)(p[2] & 3) |
					  (uint32_t)(p[2] & 0x1C) << 6, (size_t)64 << (p[7] >> 4 & 7), z);
		for (unsigned c = p[6] & 7; c && n; c--)
			z[rnd(&seed) % n] ^= (uint8_t)(1 + rnd(&seed) % 255);
		if (p[7] & 1)
			n -= rnd(&seed) % (n + 1);
		mode -= 2;
		in = in_end - n;
		memcpy(in, z, n);
	} else {
		in = in_end - n;
		memcpy(in, data + 1, n);
	}
	out = out_end - cap;
	if (mode == 0) {
		r = lzo_decode_block(in, n, out, cap, &olen);
		k = ref_block(in, n, ref, cap, &rlen);
	} else {
		size_t used = 0;

		r = lzo_decode(in, n, &used, out, cap, &olen, NULL);
		if (used > n || (r == LZO_OK && used != n))
			abort();
		k = ref_lzop(in, n, ref, cap, &rlen);
	}
	if (olen > cap)
		abort();
	if (k == REF_OK)
		ok = r == LZO_OK && olen == rlen && !memcmp(out, ref, olen);
	else if (k == REF_OUTPUT_FULL)
		ok = r == LZO_ERR_OUTPUT_FULL || (mode == 1 && r != LZO_OK);
	else
		ok = r != LZO_OK;
	if (!ok) {
		fprintf(stderr, "fuzz_lzo: mode %d, %zu bytes in, cap %zu: ours '%s' (%zu bytes), "
			"reference %d (%zu bytes)\n", mode, n, cap, lzo_strerror(r), olen, k, rlen);
		abort();
	}
	return 0;
}
