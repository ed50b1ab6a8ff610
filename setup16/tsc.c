/* tsc.c: timestamp marks for the boot log, real mode: RDTSC, calibrated against PIT channel 2.
 * The calibration costs no waiting of its own: tsc_init() starts channel 2 counting down from
 * 0xFFFF (55 ms) and setup16 goes on with its work; tsc_calibrate(), before the kernel is read,
 * latches the count and divides. It waits only until CAL_MIN_TICKS have passed, and starts
 * again when the count ran out (setup16 took longer than 55 ms: slow serial output, a debugger). */
#include "setup16.h"
#include "io.h"
#include "x86.h"

#define CAL_MIN_TICKS (X86_PIT_HZ / 500u) /* 2 ms: 2386 ticks, the rate to 0.05 % */
#define CAL_FULL      0xffffu
#define PORT_B        X86_PORT_B
#define PIT_CH2       X86_PIT_CH2
#define PIT_CMD       X86_PIT_CMD
#define PORT_B_OUT2   0x20 /* channel 2's output: high once the count reached zero */
/* A TSC rate outside these bounds is no CPU's: the calibration was disturbed (a debugger
 * stopped the CPU inside it, or an emulator's clocks do not keep pace); no timing then.
 * The floor is low for emulators: Bochs' TSC runs at its configured ips (50 MHz here). */
#define TSC_KHZ_MIN   1000u      /* 1 MHz */
#define TSC_KHZ_MAX   20000000u  /* 20 GHz */

static int have_tsc;
static uint64_t cal_t0; /* TSC when channel 2 was loaded */

uint64_t tsc_now(void)
{
	return have_tsc ? x86_rdtsc() : 0;
}

/* Channel 2, mode 0 (output rises at zero), loaded with 0xFFFF; speaker off. */
static void pit_start(void)
{
	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);  /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);                          /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, CAL_FULL & 0xff);
	outb(PIT_CH2, CAL_FULL >> 8);
	cal_t0 = x86_rdtsc();
}

/* PIT ticks since pit_start(), from the latched count. */
static uint32_t pit_elapsed(void)
{
	outb(PIT_CMD, 0x80);                          /* latch channel 2 */
	uint32_t lo = inb(PIT_CH2);
	return CAL_FULL - (lo | (uint32_t)inb(PIT_CH2) << 8);
}

void tsc_init(int tsc)
{
	have_tsc = tsc;
	if (tsc)
		pit_start();
	tsc_mark(MARK_SETUP16);
}

void tsc_calibrate(void)
{
	uint32_t ticks = 0, spin = 0;
	uint64_t t1 = 0;
	if (!have_tsc)
		return;
	if (inb(PORT_B) & PORT_B_OUT2)
		pit_start();                          /* 55 ms passed: the count wrapped */
	while (ticks < CAL_MIN_TICKS && !(inb(PORT_B) & PORT_B_OUT2) && spin++ < 50000000u) {
		t1 = x86_rdtsc();
		ticks = pit_elapsed();
	}
	if (ticks < CAL_MIN_TICKS || (inb(PORT_B) & PORT_B_OUT2))
		return; /* no PIT, or stopped past the count: leave tsc_khz at 0 */
	uint64_t dt = t1 - cal_t0;
	/* khz = dt * PIT_HZ / 1000 / ticks in 32-bit steps (no 64-bit division in real mode) */
	uint32_t d = dt >> 32 ? 0xffffffffu : (uint32_t)dt, q = d / ticks, r = d % ticks;
	uint32_t khz = q * (X86_PIT_HZ / 1000u) + q * (X86_PIT_HZ % 1000u) / 1000u +
		       r * (X86_PIT_HZ / 1000u) / ticks;
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
