/* bios.c: BIOS calls from long mode (64-bit), through the gate setup16 linked below 64 KiB
 * (pm32/gate.asm) at the address the handoff carries; initregs presets CF as setup16's does. */
#include "lm64.h"
#include "biosregs.h"
#include "mem.h"

static gate_fn *gate;
static uint32_t crossings;

void bios_init(const struct handoff *h)
{
	gate = (gate_fn *)(uintptr_t)h->gate;
}

void initregs(struct biosregs *r)
{
	memset(r, 0, sizeof *r);
	r->eflags = EFLAGS_CF | EFLAGS_IF; /* CF: "failed" unless the BIOS clears it; IF: on in the call */
}

void bios_call(uint8_t int_no, const struct biosregs *in, struct biosregs *out)
{
	crossings++;
	gate(int_no, in, out);
}

void bios_idle(void)
{
	struct biosregs r;
	initregs(&r);
	crossings++;
	gate(GATE_IDLE, &r, 0);
}

uint32_t bios_crossings(void)
{
	return crossings;
}
