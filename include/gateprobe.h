/* gateprobe.h: the BIOS services the loader uses, called once in real mode by setup16 (intcall)
 * and once from long mode by lm64 (through the gate), with --test-flag gate-test: both print
 * "gate-test: <mode> <probe>: <registers>" so a test can see the gate return what real mode
 * returns. One list for both stages; each gives its own way to make the call. Buffers (the
 * disk address packet, INT 13h AH=48h's block, one sector) at LB_PROBE_BUF, below 64 KiB, free
 * after setup16's video detection; lines go through a printf-like callback. */
#ifndef LB_GATEPROBE_H
#define LB_GATEPROBE_H
#include <stdint.h>
#include "biosregs.h"
#include "layout.h"

#define GATE_PROBE_DAP    (LB_PROBE_BUF)          /* 16 bytes: INT 13h AH=42h packet */
#define GATE_PROBE_EDD    (LB_PROBE_BUF + 0x40)   /* 30 bytes: INT 13h AH=48h block */
#define GATE_PROBE_SECTOR (LB_PROBE_BUF + 0x200)  /* 512 bytes: LBA 0 */

static const char *const gate_probe_names[] = {
	"int10 ah=0f", "int12", "int13 ah=41", "int13 ah=48", "int13 ah=42 lba0", "int13 ah=08",
	"int15 e820 0", "int15 e820 1", "int16 ah=01", "int16 ah=02",
};
#define GATE_PROBES (sizeof gate_probe_names / sizeof gate_probe_names[0])

/* The registers of probe i (and its buffers filled); returns its INT vector. */
static inline uint8_t gate_probe_setup(unsigned i, uint8_t drive, struct biosregs *r)
{
	volatile uint8_t *dap = (volatile uint8_t *)(uintptr_t)GATE_PROBE_DAP;
	volatile uint8_t *edd = (volatile uint8_t *)(uintptr_t)GATE_PROBE_EDD;
	initregs(r);
	switch (i) {
	case 0: r->ah = 0x0f; return 0x10;
	case 1: return 0x12;
	case 2: r->ah = 0x41; r->bx = 0x55aa; r->dl = drive; return 0x13;
	case 3:
		for (unsigned k = 0; k < 30; k++)
			edd[k] = 0;
		edd[0] = 30;
		r->ah = 0x48; r->dl = drive; r->si = GATE_PROBE_EDD; return 0x13;
	case 4:
		for (unsigned k = 0; k < 16; k++)
			dap[k] = 0;
		dap[0] = 16; dap[2] = 1;                    /* 1 sector, LBA 0 */
		dap[4] = GATE_PROBE_SECTOR & 0xff; dap[5] = (GATE_PROBE_SECTOR >> 8) & 0xff;
		r->ah = 0x42; r->dl = drive; r->si = GATE_PROBE_DAP; return 0x13;
	case 5: r->ah = 0x08; r->dl = drive; return 0x13;
	case 6: case 7:
		r->eax = 0xe820; r->edx = 0x534d4150; r->ecx = 24; r->ebx = i - 6;
		r->di = GATE_PROBE_DAP; return 0x15;
	case 8: r->ah = 0x01; return 0x16;
	default: r->ah = 0x02; return 0x16;
	}
}

/* A sum over the probe's buffer after the call (0 for probes without one). */
static inline uint32_t gate_probe_sum(unsigned i)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)
		(i == 3 ? GATE_PROBE_EDD : i == 4 ? GATE_PROBE_SECTOR : GATE_PROBE_DAP);
	unsigned n = i == 3 ? 30 : i == 4 ? 512 : i == 6 || i == 7 ? 20 : 0;
	uint32_t a = 1, b = 0;
	for (unsigned k = 0; k < n; k++) {
		a = (a + p[k]) % 65521u;
		b = (b + a) % 65521u;
	}
	return n ? b << 16 | a : 0;
}

#endif
