/* trap.c: lm64's CPU exception report (64-bit long mode): vector, error code, RIP, CR2 and the
 * registers on COM1 and screen, then halt; a fault must never triple-fault silently. */
#include "lm64.h"

struct trap_frame { /* pushed by entry.asm's exc_common, lowest address first */
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

static const char *const names[] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
	"device not available", "double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection", "page fault", "reserved",
	"x87 floating point", "alignment check", "machine check", "SIMD floating point",
	"virtualization", "control protection",
};

int lm64_handed_off; /* set just before the jump: a later fault is the kernel's */

void trap_report(const struct trap_frame *t) __attribute__((noreturn));
void trap_report(const struct trap_frame *t)
{
	uint64_t cr2;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	const char *name = t->vector < sizeof names / sizeof names[0] ? names[t->vector] : "reserved";
	con_printf("\nlm64: CPU exception %llu (%s)%s: error 0x%llx rip 0x%llx cr2 0x%llx\n",
		   (unsigned long long)t->vector, name,
		   lm64_handed_off ? " in the kernel (lm64's IDT still loaded)" : "", (unsigned long long)t->error,
		   (unsigned long long)t->rip, (unsigned long long)cr2);
	static const char *const regs[15] = { "r15", "r14", "r13", "r12", "r11", "r10", "r9",
		"r8", "rbp", "rdi", "rsi", "rdx", "rcx", "rbx", "rax" };
	const uint64_t *v = &t->r15;
	for (int i = 14, col = 0; i >= 0; i--) /* rax first, three per line (fits 80 columns) */
		con_printf("%3s=%016llx%s", regs[i], (unsigned long long)v[i], ++col % 3 ? "  " : "\n");
	con_printf("rsp=%016llx  rflags=%08llx  cs=%llx\n", (unsigned long long)t->rsp,
		   (unsigned long long)t->rflags, (unsigned long long)t->cs);
	halt_forever();
}
