/* cpu.c: CPU checks, real mode; runs first and must not fault on a 386/486 (no CPUID there). */
#include "setup16.h"
#include "bios.h"

/* 1 when EFLAGS.ID can be toggled, i.e. the CPUID instruction exists (late 486 and later). */
static int have_cpuid(void)
{
	uint32_t before, after;
	__asm__ volatile("pushfl\n\t"
			 "pushfl\n\t"
			 "popl %0\n\t"
			 "movl %0, %1\n\t"
			 "xorl %2, %0\n\t"
			 "pushl %0\n\t"
			 "popfl\n\t"
			 "pushfl\n\t"
			 "popl %0\n\t"
			 "popfl"
			 : "=&r"(after), "=&r"(before) : "i"(EFLAGS_ID));
	return ((after ^ before) & EFLAGS_ID) != 0;
}

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

#define CPUID_1_EDX_TSC  (1u << 4)
#define CPUID_X1_EDX_LM  (1u << 29)

int cpu_check(void)
{
	uint32_t a, b, c, d, vendor[4] = { 0 };
	if (!have_cpuid())
		fatal("this CPU cannot run a 64-bit kernel (no long mode): no CPUID instruction");
	cpuid(0, &a, &vendor[0], &vendor[2], &vendor[1]);
	uint32_t max = a;
	cpuid(0x80000000u, &a, &b, &c, &d);
	uint32_t ext = a;
	d = 0;
	if (ext >= 0x80000001u)
		cpuid(0x80000001u, &a, &b, &c, &d);
	if (!(d & CPUID_X1_EDX_LM))
		fatal("this CPU cannot run a 64-bit kernel (no long mode)");
	int tsc = 0;
	if (max >= 1) {
		cpuid(1, &a, &b, &c, &d);
		tsc = (d & CPUID_1_EDX_TSC) != 0;
	}
	printf16("cpu: %s, long mode, %s\n", (const char *)vendor, tsc ? "tsc" : "no tsc");
	return tsc;
}
