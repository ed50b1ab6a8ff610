/* crc32.c: CRC-32 (gzip/zlib polynomial) by slice-by-16 tables, dispatching large buffers to the
 * PCLMULQDQ folding in crc32_clmul.c when CPUID reports it. Freestanding; any 64-bit mode. */
#include "inflate.h"
#include "crc32_internal.h"
#include "crc32_table.h"

typedef uint64_t u64_unaligned __attribute__((aligned(1), may_alias));

/* Raw state in, raw state out (no pre/post inversion). */
uint32_t crc32_table_raw(uint32_t s, const uint8_t *p, size_t n)
{
	const uint32_t (*t)[256] = crc32_slice16;

	while (n && ((uintptr_t)p & 7)) {
		s = t[0][(s ^ *p++) & 0xff] ^ (s >> 8);
		n--;
	}
	/* 16 bytes per step (slice-by-16), two bytes per 16-bit shift through the low and high
	 * byte registers: 44 instructions per 16 bytes (slice-by-8 in C: 56). This is the CRC of
	 * lm64 on a CPU without PCLMULQDQ (QEMU's default), where instructions are the cost. */
	if (n >= 16) {
		const uint8_t *last = p + (n & ~(size_t)15);
		uint64_t acc = s, i;

		__asm__("1:\n\t"
			"mov (%[p]), %%rax\n\t"
			"mov 8(%[p]), %%rdx\n\t"
			"xor %[s], %%rax\n\t"
			"movzbl %%al, %k[i]\n\t" "mov 15*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%ah, %k[i]\n\t" "xor 14*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rax\n\t"
			"movzbl %%al, %k[i]\n\t" "xor 13*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%ah, %k[i]\n\t" "xor 12*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rax\n\t"
			"movzbl %%al, %k[i]\n\t" "xor 11*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%ah, %k[i]\n\t" "xor 10*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rax\n\t"
			"movzbl %%al, %k[i]\n\t" "xor 9*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%ah, %k[i]\n\t" "xor 8*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%dl, %k[i]\n\t" "xor 7*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%dh, %k[i]\n\t" "xor 6*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rdx\n\t"
			"movzbl %%dl, %k[i]\n\t" "xor 5*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%dh, %k[i]\n\t" "xor 4*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rdx\n\t"
			"movzbl %%dl, %k[i]\n\t" "xor 3*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%dh, %k[i]\n\t" "xor 2*1024(%[t],%q[i],4), %k[s]\n\t"
			"shr $16, %%rdx\n\t"
			"movzbl %%dl, %k[i]\n\t" "xor 1*1024(%[t],%q[i],4), %k[s]\n\t"
			"movzbl %%dh, %k[i]\n\t" "xor 0*1024(%[t],%q[i],4), %k[s]\n\t"
			"add $16, %[p]\n\t"
			"cmp %[last], %[p]\n\t"
			"jb 1b"
			: [s] "+r"(acc), [p] "+r"(p), [i] "=&Q"(i) /* movzbl %ah needs a register without REX */
			: [t] "r"(t), [last] "r"(last), "m"(*(const uint8_t(*)[n & ~(size_t)15])p)
			: "rax", "rdx", "cc");
		s = (uint32_t)acc;
		n &= 15;
	}
	if (n >= 8) {
		uint64_t v = *(const u64_unaligned *)p;
		uint32_t lo = s ^ (uint32_t)v, hi = (uint32_t)(v >> 32);

		s = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^
		    t[4][lo >> 24] ^ t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		    t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
		n -= 8;
		p += 8;
	}
	while (n--)
		s = t[0][(s ^ *p++) & 0xff] ^ (s >> 8);
	return s;
}

uint32_t crc32_update_table(uint32_t crc, const void *p, size_t n)
{
	return ~crc32_table_raw(~crc, p, n);
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
	static const char *const names[] = { "slice16", "pclmul", "vpclmul512" };

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
		return ~crc32_table_raw(~crc, p, n);
	}
}

uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	return crc32_update_cpu(crc, p, n, inflate_cpu_features());
}
