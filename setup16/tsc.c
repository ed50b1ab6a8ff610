/* tsc.c: timestamp marks for the boot log, real mode: RDTSC, and the start of its calibration
 * against PIT channel 2. The calibration costs no waiting of its own: tsc_init() starts channel
 * 2 counting down from 0xFFFF (55 ms) and takes a first sample into the handoff; lm64's tsc.c,
 * after the configuration is read, takes a second and divides.
 * A sample reads the TSC between two latches of the count and is kept only when they are close:
 * under an emulator (QEMU's I/O takes a lock a busy host may hold) or an SMI the CPU can stop
 * between a PIT read and the TSC read, and that time would count on one side only. */
#include "setup16.h"
#include "pit.h"

static int have_tsc;

static uint64_t tsc_now(void)
{
	return have_tsc ? x86_rdtsc() : 0;
}

void tsc_init(int tsc)
{
	struct pit_sample first;
	have_tsc = tsc && pit_start(&first);
	if (have_tsc) {
		handoff.have_tsc = 1;
		handoff.cal_tsc = first.tsc;
		handoff.cal_ticks = first.ticks;
		handoff.cal_gap = first.gap;
	}
	tsc_mark(MARK_SETUP16);
}

void tsc_mark(enum lb_mark m)
{
	handoff.tsc[m] = tsc_now();
}

