/* timing.c: the boot timing line at handoff (64-bit long mode), from the TSC marks setup16,
 * pm32 and lm64 took (handoff->tsc[]) and the TSC frequency setup16 calibrated. */
#include "lm64.h"

typedef unsigned long long ull;

/* No phase of a boot takes this long (the slowest disk read of the largest initrd included):
 * a longer one means the CPU was stopped in between (a debugger) or the TSC did not run at
 * the calibrated rate, and the line says so. */
#define PHASE_MAX_MS 120000u

/* Cycles from the previous taken mark to mark i (0 when either is missing). */
static uint64_t step(const struct handoff *h, int i)
{
	if (!h->tsc[i])
		return 0;
	for (int j = i - 1; j >= 0; j--)
		if (h->tsc[j])
			return h->tsc[i] > h->tsc[j] ? h->tsc[i] - h->tsc[j] : 0;
	return 0;
}

static int implausible; /* a phase over PHASE_MAX_MS, or marks out of order */

static void put_ms(const struct handoff *h, const char *what, uint64_t cycles, uint64_t bytes,
		   const char *sep)
{
	uint64_t us = cycles / h->tsc_khz * 1000 + cycles % h->tsc_khz * 1000 / h->tsc_khz;
	if (us / 1000 > PHASE_MAX_MS)
		implausible = 1;
	con_printf("%s %llu.%llu ms", what, (ull)(us / 1000), (ull)(us % 1000 / 100));
	if (bytes && us) {
		uint64_t tenths = bytes * 10000000 / us >> 20; /* MiB/s x 10 */
		con_printf(" (%llu.%llu MiB/s)", (ull)(tenths / 10), (ull)(tenths % 10));
	}
	con_printf("%s", sep);
}

void timing_print(const struct handoff *h, uint64_t inflate_start)
{
	if (!h->tsc_khz) {
		con_printf("lm64: no timing line (TSC frequency unknown: no TSC, or setup16's "
			   "calibration was not plausible)\n");
		return;
	}
	implausible = 0;
	for (int i = MARK_SETUP16 + 1; i <= MARK_HANDOFF; i++)
		for (int j = MARK_SETUP16; j < i; j++)
			if (h->tsc[i] && h->tsc[j] && h->tsc[i] < h->tsc[j])
				implausible = 1; /* a later mark before an earlier one */
	const struct loader_patch *p = (const struct loader_patch *)(uintptr_t)h->patch;
	uint64_t out_bytes = (uint64_t)p->elf_size + p->reloc_size;
	uint64_t total = h->tsc[MARK_HANDOFF] > h->tsc[MARK_SETUP16] && h->tsc[MARK_SETUP16]
		? h->tsc[MARK_HANDOFF] - h->tsc[MARK_SETUP16] : 0;
	con_printf("longboot timing: ");
	put_ms(h, "read kernel", step(h, MARK_KERNEL_READ), h->read_bytes[0], ", ");
	put_ms(h, "read initrd", step(h, MARK_INITRD_READ), h->read_bytes[1], ", ");
	put_ms(h, "e820", step(h, MARK_E820), 0, ", ");
	put_ms(h, "a20", step(h, MARK_A20), 0, ", ");
	uint64_t inflate = h->tsc[MARK_INFLATE] > inflate_start ? h->tsc[MARK_INFLATE] - inflate_start : 0;
	put_ms(h, "inflate", inflate, out_bytes, ", ");
	put_ms(h, "elf", step(h, MARK_ELF), 0, ", ");
	put_ms(h, "reloc", step(h, MARK_RELOC), 0, ", ");
	put_ms(h, "total", total, 0, implausible ? "" : "\n");
	if (implausible)
		con_printf(" (not plausible: the CPU was stopped, by a debugger?, or the TSC rate "
			   "changed; do not trust these times)\n");
}
