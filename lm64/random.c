/* random.c: entropy for KASLR in 64-bit long mode: RDRAND when CPUID offers it, else RDTSC
 * mixed with the PIT channel 0 counter (sampled a few times for jitter). */
#include "lm64.h"
#include "io.h"
#include "x86.h"

static int rdrand64(uint64_t *v)
{
	unsigned char ok;
	for (int tries = 0; tries < 10; tries++) { /* Intel: retry up to 10 times on CF = 0 */
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 1;
	}
	return 0;
}

static uint16_t pit_counter(void)
{
	outb(X86_PIT_CMD, 0x00); /* latch channel 0 */
	uint8_t lo = inb(X86_PIT_CH0), hi = inb(X86_PIT_CH0);
	return (uint16_t)(lo | (hi << 8));
}

/* A 64-bit mixing step (multiply by the golden ratio, fold the high bits down). */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

uint64_t random_u64(const char **source)
{
	uint32_t a, b, c, d, v = 0;
	uint64_t r = 0, h = 0x6c6f6e67626f6f74ull; /* "longboot" */
	x86_cpuid(0, &a, &b, &c, &d);
	if (a >= 1)
		x86_cpuid(1, &a, &b, &c, &d), v = c;
	if ((v & X86_CPUID_1_ECX_RDRAND) && rdrand64(&r)) {
		*source = "rdrand";
		return mix(h, r);
	}
	for (int i = 0; i < 4; i++) {
		h = mix(h, rdtsc());
		h = mix(h, pit_counter());
		io_delay();
	}
	*source = "rdtsc+pit";
	return h;
}
