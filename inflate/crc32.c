/* crc32.c: CRC-32 (gzip/zlib polynomial) by slice-by-8 tables, dispatching large buffers to the
 * PCLMULQDQ folding in crc32_clmul.c when CPUID reports it. Freestanding; any 64-bit mode. */
#include "inflate.h"
#include "crc32_internal.h"
#include "crc32_table.h"

typedef uint64_t u64_unaligned __attribute__((aligned(1), may_alias));

/* Raw state in, raw state out (no pre/post inversion). */
uint32_t crc32_slice8_raw(uint32_t s, const uint8_t *p, size_t n)
{
	const uint32_t (*t)[256] = crc32_slice8;

	while (n && ((uintptr_t)p & 7)) {
		s = t[0][(s ^ *p++) & 0xff] ^ (s >> 8);
		n--;
	}
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t v = *(const u64_unaligned *)p;
		uint32_t lo = s ^ (uint32_t)v, hi = (uint32_t)(v >> 32);

		s = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^
		    t[4][lo >> 24] ^ t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		    t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
	}
	while (n--)
		s = t[0][(s ^ *p++) & 0xff] ^ (s >> 8);
	return s;
}

uint32_t crc32_update_slice8(uint32_t crc, const void *p, size_t n)
{
	return ~crc32_slice8_raw(~crc, p, n);
}

enum crc32_path { CRC_SLICE8, CRC_PCLMUL, CRC_VPCLMUL512 };

static enum crc32_path crc32_path(size_t n, unsigned features)
{
	if (n >= CRC32_VPCLMUL_MIN && (features & CPU_VPCLMUL512) && (features & CPU_PCLMUL))
		return CRC_VPCLMUL512;
	if (n >= CRC32_CLMUL_MIN && (features & CPU_PCLMUL))
		return CRC_PCLMUL;
	return CRC_SLICE8;
}

const char *crc32_path_name(size_t n, unsigned features)
{
	static const char *const names[] = { "slice8", "pclmul", "vpclmul512" };

	return names[crc32_path(n, features)];
}

uint32_t crc32_update_cpu(uint32_t crc, const void *p, size_t n, unsigned features)
{
	switch (crc32_path(n, features)) {
	case CRC_VPCLMUL512:
		return ~crc32_vpclmul_raw(~crc, p, n);
	case CRC_PCLMUL:
		return ~crc32_clmul_raw(~crc, p, n);
	default:
		return ~crc32_slice8_raw(~crc, p, n);
	}
}

uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	return crc32_update_cpu(crc, p, n, inflate_cpu_features());
}
