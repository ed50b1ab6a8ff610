/* tsc.c: timestamp marks for the boot log, real mode: RDTSC, calibrated against PIT channel 2. */
#include "setup16.h"
#include "io.h"
#include "x86.h"

#define CAL_MS        10u
#define CAL_TICKS     (X86_PIT_HZ * CAL_MS / 1000u) /* 11931 */
#define PORT_B        X86_PORT_B
#define PIT_CH2       X86_PIT_CH2
#define PIT_CMD       X86_PIT_CMD
/* A TSC rate outside these bounds is no CPU's: the calibration was disturbed (a debugger
 * stopped the CPU inside it, or an emulator's clocks do not keep pace); no timing then.
 * The floor is low for emulators: Bochs' TSC runs at its configured ips (50 MHz here). */
#define TSC_KHZ_MIN   1000u      /* 1 MHz */
#define TSC_KHZ_MAX   20000000u  /* 20 GHz */

static int have_tsc;

uint64_t tsc_now(void)
{
	return have_tsc ? x86_rdtsc() : 0;
}

/* Counts TSC ticks while PIT channel 2 counts down CAL_TICKS in mode 0 (output rises at zero). */
void tsc_init(int tsc)
{
	have_tsc = tsc;
	if (!tsc)
		return;
	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);  /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);                          /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, CAL_TICKS & 0xff);
	outb(PIT_CH2, CAL_TICKS >> 8);
	uint64_t t0 = tsc_now();
	for (uint32_t spin = 0; spin < 50000000u && !(inb(PORT_B) & 0x20); spin++)
		;
	uint64_t dt = tsc_now() - t0;
	if (!(inb(PORT_B) & 0x20))
		return; /* no PIT output: leave tsc_khz at 0 */
	uint32_t khz = dt >> 32 ? 0xffffffffu : (uint32_t)dt / CAL_MS;
	if (khz < TSC_KHZ_MIN || khz > TSC_KHZ_MAX) {
		printf16("tsc: calibration gave %lu kHz, not a CPU's rate (stopped by a debugger?): "
			 "no timing line\n", (unsigned long)khz);
		return;
	}
	handoff.tsc_khz = khz;
}

void tsc_mark(enum lb_mark m)
{
	handoff.tsc[m] = tsc_now();
}

uint32_t tsc_ms_since(uint64_t t0)
{
	if (!handoff.tsc_khz)
		return 0;
	uint64_t dt = tsc_now() - t0;
	/* ms = dt / khz without 64-bit division: scale down until the quotient fits 32-bit math */
	uint32_t khz = handoff.tsc_khz;
	while (dt >> 32) {
		dt >>= 1;
		khz >>= 1;
		if (!khz)
			return 0;
	}
	return (uint32_t)dt / khz;
}
