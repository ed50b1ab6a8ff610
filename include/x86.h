/* x86.h: x86 architectural constants every stage uses (GDT selectors, control-register, EFER
 * and page-table bits, COM1, the PIT), and the cpuid/rdtsc helpers. C (-m16, -m64, host) and,
 * through the generated build/gen/abi.inc, NASM. Constants: plain integer expressions. */
#ifndef X86_H
#define X86_H

/* GDT selectors (pm32.asm's lb_gdt and lm64/entry.asm's gdt lay them out at these offsets);
 * the Linux 64-bit boot protocol wants flat code at 0x10 and flat data at 0x18. */
#define X86_SEL_CODE64      0x10
#define X86_SEL_DATA        0x18
#define X86_SEL_CODE32      0x20    /* pm32 and the BIOS gate: flat 32-bit code */
#define X86_SEL_CODE16      0x28    /* the BIOS gate: 16-bit code, base 0, limit 64 KiB */
#define X86_SEL_DATA16      0x30    /* the BIOS gate: 16-bit data, base 0, limit 64 KiB (real-mode limits) */

#define X86_CR0_PE          (1u << 0)   /* protected mode */
#define X86_CR0_MP          (1u << 1)   /* monitor coprocessor (SSE: 1) */
#define X86_CR0_EM          (1u << 2)   /* x87 emulation (SSE: 0) */
#define X86_CR0_NW          (1u << 29)  /* not write-through */
#define X86_CR0_CD          (1u << 30)  /* cache disable */
#define X86_CR0_PG          (1u << 31)  /* paging */
#define X86_CR4_PAE         (1u << 5)
#define X86_CR4_OSFXSR      (1u << 9)   /* FXSAVE/SSE enabled by the OS */
#define X86_CR4_OSXMMEXCPT  (1u << 10)  /* SSE exceptions as #XM */
#define X86_MSR_EFER        0xC0000080u
#define X86_EFER_LME        (1u << 8)   /* long mode enable */
#define X86_EFER_LMA        (1u << 10)  /* long mode active (read-only) */
#define X86_EFLAGS_ID       (1u << 21)  /* toggles when CPUID exists */

/* Page-table entry bits (every level), and the address field of an entry. */
#define X86_PTE_P           0x001u      /* present */
#define X86_PTE_W           0x002u      /* writable */
#define X86_PTE_PS          0x080u      /* large page (PD: 2 MiB, PDPT: 1 GiB) */
#define X86_PTE_ADDR        0x000FFFFFFFFFF000ull

/* CPUID feature bits. */
#define X86_CPUID_1_EDX_TSC     (1u << 4)
#define X86_CPUID_1_ECX_RDRAND  (1u << 30)
#define X86_CPUID_X1_EDX_1GB    (1u << 26)  /* leaf 0x80000001: 1 GiB pages */
#define X86_CPUID_X1_EDX_LM     (1u << 29)  /* leaf 0x80000001: long mode */

/* COM1, a 16550 UART. */
#define X86_COM1            0x3F8
#define X86_UART_LSR        5           /* line status register (offset from the base) */
#define X86_UART_LSR_DR     0x01        /* a received byte waits */
#define X86_UART_LSR_THRE   0x20        /* transmit holding register empty */
#define X86_UART_LSR_TEMT   0x40        /* transmitter empty */
#define X86_UART_IIR        2           /* interrupt identification (read; FCR when written) */
#define X86_UART_IIR_FIFO   0xC0        /* both bits set: the 16-byte FIFOs are on (16550A) */
#define X86_UART_FIFO       16          /* bytes the transmit FIFO holds */

/* PIT (8254) and port B (8255) for channel 2's gate. */
#define X86_PIT_HZ          1193182u
#define X86_PIT_CH0         0x40
#define X86_PIT_CH2         0x42
#define X86_PIT_CMD         0x43
#define X86_PORT_B          0x61        /* bit 0: channel 2 gate, bit 1: speaker, bit 5: channel 2 output */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* CPUID leaf (subleaf 0). Only where CPUID exists (setup16 checks EFLAGS.ID first). */
static inline void x86_cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* The time-stamp counter (only where CPUID.1:EDX.TSC says it exists). */
static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#endif

#endif
