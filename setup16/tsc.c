/* tsc.c: timestamp marks for the boot log, real mode: RDTSC, calibrated against PIT channel 2.
 * The calibration costs no waiting of its own: tsc_init() starts channel 2 counting down from
 * 0xFFFF (55 ms) and takes a first sample; setup16 goes on with its work; tsc_calibrate(), before
 * the kernel is read, takes a second and divides. It waits only until the two are far enough
 * apart, and starts again when the count ran out (setup16 took longer than 55 ms).
 * A sample reads the TSC between two latches of the count and is kept only when they are close:
 * under an emulator (QEMU's I/O takes a lock a busy host may hold) or an SMI the CPU can stop
 * between a PIT read and the TSC read, and that time would count on one side only. */
#include "setup16.h"
#include "io.h"
#include "x86.h"

#define CAL_MIN_TICKS (X86_PIT_HZ / 500u) /* 2 ms: 2386 ticks */
#define GAP_MAX       16u                 /* ticks (13 us) between a sample's two latches */
#define GAP_SCALE     500u                /* window >= 500 x the gaps: the rate to 0.1 % */
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

struct sample {
	uint32_t ticks; /* since the count was loaded: the midpoint of the two latches */
	uint32_t gap;   /* ticks between the two latches */
	uint64_t tsc;
};

static int have_tsc;
static struct sample first;

uint64_t tsc_now(void)
{
	return have_tsc ? x86_rdtsc() : 0;
}

/* PIT ticks since the count was loaded, from the latched count. */
static uint32_t pit_elapsed(void)
{
	outb(PIT_CMD, 0x80);                          /* latch channel 2 */
	uint32_t lo = inb(PIT_CH2);
	return CAL_FULL - (lo | (uint32_t)inb(PIT_CH2) << 8);
}

/* A sample; 0 when its latches are more than GAP_MAX apart (or the count wrapped between). */
static int sample(struct sample *s)
{
	uint32_t a = pit_elapsed();
	s->tsc = x86_rdtsc();
	uint32_t b = pit_elapsed();
	s->gap = b - a;
	s->ticks = a + s->gap / 2;
	return s->gap <= GAP_MAX;
}

/* Channel 2, mode 0 (output rises at zero), loaded with 0xFFFF, speaker off; the first sample.
 * 0 when no good sample came (no PIT, or the CPU is stopped at every try). */
static int pit_start(void)
{
	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);  /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);                          /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, CAL_FULL & 0xff);
	outb(PIT_CH2, CAL_FULL >> 8);
	for (unsigned tries = 0; tries < 100; tries++)
		if (sample(&first))
			return 1;
	return 0;
}

void tsc_init(int tsc)
{
	have_tsc = tsc && pit_start();
	tsc_mark(MARK_SETUP16);
}

void tsc_calibrate(void)
{
	struct sample last;
	uint32_t restarts = 0, spin = 0, ticks = 0;
	if (!have_tsc)
		return;
	for (;;) {
		if (++spin > 500000u)
			return;                               /* no PIT: leave tsc_khz at 0 */
		if (inb(PORT_B) & PORT_B_OUT2) {              /* 55 ms passed: the count ran out */
			if (++restarts > 3 || !pit_start())
				return;
			continue;
		}
		if (!sample(&last) || last.ticks <= first.ticks)
			continue;
		ticks = last.ticks - first.ticks;
		uint32_t need = (first.gap + last.gap) * GAP_SCALE;
		if (ticks >= CAL_MIN_TICKS && ticks >= need)
			break;
	}
	uint64_t dt = last.tsc - first.tsc;
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
