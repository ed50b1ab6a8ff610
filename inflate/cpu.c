/* cpu.c: CPUID feature checks for the optional PCLMULQDQ CRC-32 and the BMI2 inflate loop.
 * Freestanding 64-bit code. CPUID can cost microseconds under a hypervisor, so callers ask
 * once per decode, and only for inputs large enough to gain from it. */
#include <cpuid.h>
#include "crc32_internal.h"

unsigned inflate_cpu_features(void)
{
	unsigned a, b, c, d, max, f = 0;

	max = __get_cpuid_max(0, 0);
	if (max < 1)
		return 0;
	__cpuid(1, a, b, c, d);
	if (c & bit_PCLMUL)
		f |= CPU_PCLMUL;
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		if (b & bit_BMI2)
			f |= CPU_BMI2;
	}
	return f;
}
