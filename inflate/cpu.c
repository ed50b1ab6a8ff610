/* cpu.c: CPUID feature checks for the optional PCLMULQDQ CRC-32 and the BMI2 inflate loop.
 * Freestanding 64-bit code. CPUID can cost microseconds under a hypervisor, so callers ask
 * once per decode, and only for inputs large enough to gain from it. */
#include <cpuid.h>
#include "crc32_internal.h"

unsigned inflate_cpu_features(void)
{
	unsigned a, b, c, d, max, f = 0;
	int xcr0_zmm = 0;

	max = __get_cpuid_max(0, 0);
	if (max < 1)
		return 0;
	__cpuid(1, a, b, c, d);
	if (c & bit_PCLMUL)
		f |= CPU_PCLMUL;
	/* XGETBV only exists when the OS set CR4.OSXSAVE (CPUID.1:ECX bit 27). */
	if (c & bit_OSXSAVE) {
		unsigned lo, hi;

		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		xcr0_zmm = (lo & 0xe6) == 0xe6; /* SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM state */
	}
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		if (b & bit_BMI2)
			f |= CPU_BMI2;
		if (xcr0_zmm && (b & bit_AVX512F) && (c & bit_VPCLMULQDQ))
			f |= CPU_VPCLMUL512;
	}
	return f;
}
