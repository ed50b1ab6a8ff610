/* biosregs.h: the register image of a BIOS call, the same in setup16 (real mode: intcall) and
 * in lm64 (long mode: through the BIOS gate, gate_call), and the two entry points. */
#ifndef LB_BIOSREGS_H
#define LB_BIOSREGS_H
#include <stdint.h>

/* The layout matches what intcall.asm and gate.asm pop: PUSHAD order (EDI lowest), then DS, ES,
 * FS, GS, EFLAGS. */
struct biosregs {
	union {
		struct { uint32_t edi, esi, ebp, _esp, ebx, edx, ecx, eax; };
		struct { uint16_t di, hdi, si, hsi, bp, hbp, _sp, _hsp, bx, hbx, dx, hdx, cx, hcx, ax, hax; };
		struct {
			uint8_t dil, dih, _d2, _d3, sil, sih, _s2, _s3, bpl, bph, _b2, _b3, _p0, _p1, _p2, _p3;
			uint8_t bl, bh, _x2, _x3, dl, dh, _y2, _y3, cl, ch, _z2, _z3, al, ah, _a2, _a3;
		};
	};
	uint16_t ds, es, fs, gs;
	uint32_t eflags;
};
_Static_assert(sizeof(struct biosregs) == 44, "intcall.asm and gate.asm copy 11 dwords");
#define BIOSREGS_SIZE 44

#define EFLAGS_CF 0x0001
#define EFLAGS_IF 0x0200

/* Zeroes *r and presets CF (and IF): a BIOS that does not implement a call and returns without
 * touching the flags then reads as "failed". Segment registers default to 0 (our DS = ES = 0). */
void initregs(struct biosregs *r);

/* setup16 (real mode): runs INT int_no with the registers in *in; stores the registers the BIOS
 * returns in *out (out may be NULL or equal to in). The only INT instruction of setup16. */
void intcall(uint8_t int_no, const struct biosregs *in, struct biosregs *out);

/* lm64 (long mode): the BIOS gate (pm32/gate.asm), at the address struct handoff.gate carries.
 * op 0..255: INT op with *in's registers, in real mode with interrupts as in->eflags says (IF
 * on from initregs); GATE_IDLE: STI; HLT in real mode (until the next interrupt: the BIOS's
 * timer and keyboard handlers run), registers ignored. *out (may be NULL or in) gets what the
 * BIOS returned. Segment registers are real-mode segments: buffers must be below 1 MiB (the
 * bounce buffer LB_BOUNCE). Returns with lm64's GDT, IDT, paging and interrupt flag as before. */
#define GATE_IDLE 0x100
typedef void gate_fn(uint32_t op, const struct biosregs *in, struct biosregs *out);

#endif
