/* pit.h: PIT channel 2 as the TSC's reference clock, any CPU mode: setup16 starts it and takes
 * the first sample (tsc_init), lm64 takes the second and divides (lm64/tsc.c). A sample reads
 * the TSC between two latches of the count and is kept only when they are close: under an
 * emulator (QEMU's I/O takes a lock a busy host may hold) or an SMI the CPU can stop between a
 * PIT read and the TSC read, and that time would count on one side only. */
#ifndef LB_PIT_H
#define LB_PIT_H
#include <stdint.h>
#include "io.h"
#include "x86.h"

#define PIT_CAL_FULL   0xffffu          /* channel 2 counts down from here: 55 ms */
#define PIT_GAP_MAX    16u              /* ticks (13 us) between a sample's two latches */
#define PIT_PORT_B_OUT2 0x20            /* port B: channel 2's output, high once the count is 0 */

struct pit_sample {
	uint32_t ticks; /* since the count was loaded: the midpoint of the two latches */
	uint32_t gap;   /* ticks between the two latches */
	uint64_t tsc;
};

/* PIT ticks since the count was loaded, from the latched count. */
static inline uint32_t pit_elapsed(void)
{
	outb(X86_PIT_CMD, 0x80);                      /* latch channel 2 */
	uint32_t lo = inb(X86_PIT_CH2);
	return PIT_CAL_FULL - (lo | (uint32_t)inb(X86_PIT_CH2) << 8);
}

/* A sample; 0 when its latches are more than PIT_GAP_MAX apart (or the count wrapped between). */
static inline int pit_sample(struct pit_sample *s)
{
	uint32_t a = pit_elapsed();
	s->tsc = x86_rdtsc();
	uint32_t b = pit_elapsed();
	s->gap = b - a;
	s->ticks = a + s->gap / 2;
	return s->gap <= PIT_GAP_MAX;
}

/* Channel 2, mode 0 (output rises at zero), loaded with 0xFFFF, speaker off; the first sample.
 * 0 when no good sample came (no PIT, or the CPU is stopped at every try). */
static inline int pit_start(struct pit_sample *first)
{
	outb(X86_PORT_B, (inb(X86_PORT_B) & ~0x02) | 0x01); /* gate on, speaker off */
	outb(X86_PIT_CMD, 0xb0);                      /* channel 2, lo/hi byte, mode 0, binary */
	outb(X86_PIT_CH2, PIT_CAL_FULL & 0xff);
	outb(X86_PIT_CH2, PIT_CAL_FULL >> 8);
	for (unsigned tries = 0; tries < 100; tries++)
		if (pit_sample(first))
			return 1;
	return 0;
}

#endif
