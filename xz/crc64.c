/* crc64.c: CRC-64 of the .xz check (ID 4, xz file format 3.4): ECMA-182 polynomial, reflected,
 * initial and final value all ones; slice-by-8 tables from crc64_table.h, PCLMULQDQ folding
 * (crc64_clmul.c) for long buffers when CPUID reports it. Freestanding. */
#include "xz_internal.h"
#include "crc64_table.h"
#include "crc32_internal.h"   /* inflate_cpu_features, CPU_PCLMUL */

/* Below this many bytes the tables are faster than setting up the folds. */
#define CRC64_CLMUL_MIN 256

uint64_t xz_crc64(uint64_t crc, const void *buf, size_t n)
{
	if (n >= CRC64_CLMUL_MIN && (inflate_cpu_features() & CPU_PCLMUL))
		return ~crc64_clmul_raw(~crc, buf, n);
	return ~crc64_table_raw(~crc, buf, n);
}

/* Raw state in and out (no inversion). */
uint64_t crc64_table_raw(uint64_t s, const uint8_t *p, size_t n)
{
	const uint64_t (*t)[256] = crc64_slice8;

	while (n && ((uintptr_t)p & 7)) {
		s = t[0][(s ^ *p++) & 0xFF] ^ (s >> 8);
		n--;
	}
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w;
		__builtin_memcpy(&w, p, 8);   /* x86-64: little endian */
		s ^= w;
		s = t[7][s & 0xFF] ^ t[6][(s >> 8) & 0xFF] ^ t[5][(s >> 16) & 0xFF] ^
		    t[4][(s >> 24) & 0xFF] ^ t[3][(s >> 32) & 0xFF] ^ t[2][(s >> 40) & 0xFF] ^
		    t[1][(s >> 48) & 0xFF] ^ t[0][s >> 56];
	}
	while (n--)
		s = t[0][(s ^ *p++) & 0xFF] ^ (s >> 8);
	return s;
}
