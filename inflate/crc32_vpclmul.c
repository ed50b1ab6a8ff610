/* crc32_vpclmul.c: CRC-32 with VPCLMULQDQ on 512-bit registers (AVX-512F): four ZMM
 * accumulators (16 lanes of 128 bits) fold 256 bytes per step; the result goes on to the
 * 128-bit PCLMULQDQ code. Freestanding 64-bit code, only called after cpu.c saw VPCLMULQDQ,
 * AVX-512F and ZMM state enabled in XCR0 (lm64 enables only SSE, so there it never runs). */
#include "crc32_internal.h"
#include "crc32_table.h"

typedef long long v8di __attribute__((vector_size(64)));
typedef long long v8di_un __attribute__((vector_size(64), aligned(1), may_alias));

#define TARGET_VPCLMUL __attribute__((target("avx512f,vpclmulqdq")))

TARGET_VPCLMUL static inline v8di load512(const uint8_t *p) { return *(const v8di_un *)p; }

/* Every 128-bit lane moved forward by the distance k was made for (see crc32_clmul.c). */
#ifdef __clang__ /* the same instruction under clang's builtin name */
#define VPCLMUL(a, b, imm) __builtin_ia32_pclmulqdq512((a), (b), (imm))
#else
#define VPCLMUL(a, b, imm) __builtin_ia32_vpclmulqdq_v8di((a), (b), (imm))
#endif

TARGET_VPCLMUL static inline v8di fold512(v8di x, v8di k)
{
	return VPCLMUL(x, k, 0x00) ^ VPCLMUL(x, k, 0x11);
}

#define BROADCAST(lo, hi) \
	((v8di){ (long long)(lo), (long long)(hi), (long long)(lo), (long long)(hi), \
		 (long long)(lo), (long long)(hi), (long long)(lo), (long long)(hi) })

TARGET_VPCLMUL
uint32_t crc32_vpclmul_raw(uint32_t s, const uint8_t *p, size_t n)
{
	const v8di k2048 = BROADCAST(CRC32_FOLD2048_LO, CRC32_FOLD2048_HI);
	const v8di k1536 = BROADCAST(CRC32_FOLD1536_LO, CRC32_FOLD1536_HI);
	const v8di k1024 = BROADCAST(CRC32_FOLD1024_LO, CRC32_FOLD1024_HI);
	const v8di k512 = BROADCAST(CRC32_FOLD512_LO, CRC32_FOLD512_HI);
	v8di z0 = load512(p) ^ (v8di){ (long long)s, 0, 0, 0, 0, 0, 0, 0 };
	v8di z1 = load512(p + 64), z2 = load512(p + 128), z3 = load512(p + 192);
	uint8_t last[64] __attribute__((aligned(64)));

	p += 256;
	n -= 256;
	for (; n >= 256; n -= 256, p += 256) {
		z0 = fold512(z0, k2048) ^ load512(p);
		z1 = fold512(z1, k2048) ^ load512(p + 64);
		z2 = fold512(z2, k2048) ^ load512(p + 128);
		z3 = fold512(z3, k2048) ^ load512(p + 192);
	}
	z0 = fold512(z0, k1536) ^ fold512(z1, k1024) ^ fold512(z2, k512) ^ z3;
	for (; n >= 64; n -= 64, p += 64)
		z0 = fold512(z0, k512) ^ load512(p);
	*(v8di *)last = z0;
	/* The 64 bytes are congruent to everything folded so far: their CRC is the state. */
	s = crc32_clmul_raw(0, last, 64);
	return n >= 64 ? crc32_clmul_raw(s, p, n) : crc32_table_raw(s, p, n);
}
