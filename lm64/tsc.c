/* tsc.c: the TSC rate, 64-bit: setup16 started PIT channel 2 and took the first sample
 * (handoff.cal_*); this takes the second once enough time has passed (the configuration was
 * read in between, so it rarely waits) and divides. It starts again when the count ran out. */
#include "lm64.h"
#include "pit.h"

#define CAL_MIN_TICKS (X86_PIT_HZ / 500u) /* 2 ms: 2386 ticks */
#define GAP_SCALE     500u                /* window >= 500 x the gaps: the rate to 0.1 % */
/* A TSC rate outside these bounds is no CPU's: the calibration was disturbed (a debugger
 * stopped the CPU inside it, or an emulator's clocks do not keep pace); no timing then.
 * The floor is low for emulators: Bochs' TSC runs at its configured ips (50 MHz here). */
#define TSC_KHZ_MIN   1000u      /* 1 MHz */
#define TSC_KHZ_MAX   20000000u  /* 20 GHz */

uint32_t tsc_khz;

void tsc_calibrate(const struct handoff *h)
{
	struct pit_sample first = { h->cal_ticks, h->cal_gap, h->cal_tsc }, last;
	uint32_t restarts = 0, spin = 0, ticks = 0;
	if (!h->have_tsc)
		return;
	for (;;) {
		if (++spin > 500000u)
			return;                               /* no PIT: leave tsc_khz at 0 */
		if (inb(X86_PORT_B) & PIT_PORT_B_OUT2) {      /* 55 ms passed: the count ran out */
			if (++restarts > 3 || !pit_start(&first))
				return;
			continue;
		}
		if (!pit_sample(&last) || last.ticks <= first.ticks)
			continue;
		ticks = last.ticks - first.ticks;
		uint32_t need = (first.gap + last.gap) * GAP_SCALE;
		if (ticks >= CAL_MIN_TICKS && ticks >= need)
			break;
	}
	uint64_t khz = (last.tsc - first.tsc) * X86_PIT_HZ / 1000u / ticks;
	if (khz < TSC_KHZ_MIN || khz > TSC_KHZ_MAX) {
		con_printf("tsc: calibration gave %llu kHz, not a CPU's rate (stopped by a debugger?): "
			   "no timing line\n", (unsigned long long)khz);
		return;
	}
	tsc_khz = (uint32_t)khz;
}

uint32_t tsc_ms_since(uint64_t t0)
{
	if (!tsc_khz || !t0)
		return 0;
	return (uint32_t)((rdtsc() - t0) / tsc_khz);
}
