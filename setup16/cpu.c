/* cpu.c: CPU checks, real mode; runs first and must not fault on a 386/486 (no CPUID there). */
#include "setup16.h"
#include "x86.h"

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
			 : "=&r"(after), "=&r"(before) : "i"(X86_EFLAGS_ID));
	return ((after ^ before) & X86_EFLAGS_ID) != 0;
}

uint32_t cpu_vendor[4]; /* CPUID 0's vendor string, NUL-terminated */

int cpu_check(void)
{
	uint32_t a, b, c, d, *vendor = cpu_vendor;
	if (!have_cpuid())
		fatal("this CPU cannot run a 64-bit kernel (no long mode): no CPUID instruction");
	x86_cpuid(0, &a, &vendor[0], &vendor[2], &vendor[1]);
	uint32_t max = a;
	x86_cpuid(0x80000000u, &a, &b, &c, &d);
	uint32_t ext = a;
	d = 0;
	if (ext >= 0x80000001u)
		x86_cpuid(0x80000001u, &a, &b, &c, &d);
	if (!(d & X86_CPUID_X1_EDX_LM))
		fatal("this CPU cannot run a 64-bit kernel (no long mode)");
	int tsc = 0;
	if (max >= 1) {
		x86_cpuid(1, &a, &b, &c, &d);
		tsc = (d & X86_CPUID_1_EDX_TSC) != 0;
	}
	return tsc;
}
