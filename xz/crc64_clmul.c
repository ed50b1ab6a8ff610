/* crc64_clmul.c: CRC-64 (the .xz check) by carry-less multiplication (PCLMULQDQ): four 128-bit
 * lanes folded 512 bits at a time, merged into one, whose 16 bytes the slice-by-8 code then
 * finishes; the way inflate/crc32_clmul.c does CRC-32. Freestanding 64-bit code; called only
 * after inflate/cpu.c's CPUID check said PCLMULQDQ. */
#include "xz_internal.h"
#include "crc64_table.h"

typedef long long v2di __attribute__((vector_size(16)));
typedef long long v2di_un __attribute__((vector_size(16), aligned(1), may_alias));

static inline v2di load128(const uint8_t *p) { return *(const v2di_un *)p; }

/* The lane x moved forward by D bits: low qword * x^(63+D) + high qword * x^(D-1), mod P. */
__attribute__((target("pclmul,sse2")))
static inline v2di fold(v2di x, v2di k)
{
	return __builtin_ia32_pclmulqdq128(x, k, 0x00) ^ __builtin_ia32_pclmulqdq128(x, k, 0x11);
}

__attribute__((target("pclmul,sse2")))
uint64_t crc64_clmul_raw(uint64_t s, const uint8_t *p, size_t n)
{
	const v2di k512 = { (long long)CRC64_FOLD512_LO, (long long)CRC64_FOLD512_HI };
	const v2di k384 = { (long long)CRC64_FOLD384_LO, (long long)CRC64_FOLD384_HI };
	const v2di k256 = { (long long)CRC64_FOLD256_LO, (long long)CRC64_FOLD256_HI };
	const v2di k128 = { (long long)CRC64_FOLD128_LO, (long long)CRC64_FOLD128_HI };
	/* Bytes from state s are the bytes from state 0 with s xored into the first eight. */
	v2di x0 = load128(p) ^ (v2di){ (long long)s, 0 };
	v2di x1 = load128(p + 16), x2 = load128(p + 32), x3 = load128(p + 48);
	v2di last;

	p += 64;
	n -= 64;
	for (; n >= 64; n -= 64, p += 64) {
		x0 = fold(x0, k512) ^ load128(p);
		x1 = fold(x1, k512) ^ load128(p + 16);
		x2 = fold(x2, k512) ^ load128(p + 32);
		x3 = fold(x3, k512) ^ load128(p + 48);
	}
	x0 = fold(x0, k384) ^ fold(x1, k256) ^ fold(x2, k128) ^ x3;
	for (; n >= 16; n -= 16, p += 16)
		x0 = fold(x0, k128) ^ load128(p);
	last = x0;
	/* The lane is congruent to everything folded so far: its CRC from state 0 is the state. */
	return crc64_table_raw(crc64_table_raw(0, (const uint8_t *)&last, 16), p, n);
}
