/* cpu.c: CPUID feature checks for the optional PCLMULQDQ CRC-32 and the BMI2 inflate loop.
 * Freestanding 64-bit code. CPUID can cost microseconds under a hypervisor, so it is asked once
 * per process (once per boot in lm64) and the answer kept; every input size gets the same paths. */
#include <cpuid.h>
#include "crc32_internal.h"

#define CPU_UNKNOWN 0x80000000u /* not asked yet (initialised, so it lives in .data) */
static unsigned cpu_cache = CPU_UNKNOWN;

static unsigned cpu_query(void)
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

unsigned inflate_cpu_features(void)
{
	/* Two threads racing here both store the same answer. */
	unsigned f = __atomic_load_n(&cpu_cache, __ATOMIC_RELAXED);

	if (f == CPU_UNKNOWN) {
		f = cpu_query();
		__atomic_store_n(&cpu_cache, f, __ATOMIC_RELAXED);
	}
	return f;
}

void inflate_cpu_restrict(unsigned mask)
{
	__atomic_store_n(&cpu_cache, inflate_cpu_features() & mask, __ATOMIC_RELAXED);
}

const char *inflate_loop_name(unsigned features)
{
	return (features & CPU_BMI2) ? "bmi2" : "generic";
}
