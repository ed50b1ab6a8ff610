/* bios.c: register-image setup for intcall(), real mode. */
#include "biosregs.h"
#include "mem.h"

void initregs(struct biosregs *r)
{
	memset(r, 0, sizeof *r);
	r->eflags = EFLAGS_CF | EFLAGS_IF; /* CF: "failed" unless the BIOS clears it */
}
