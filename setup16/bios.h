/* bios.h: register image for BIOS calls from setup16 (real mode), and the one helper that makes them. */
#ifndef SETUP16_BIOS_H
#define SETUP16_BIOS_H
#include <stdint.h>

/* The layout matches what intcall.asm pops: PUSHAD order (EDI lowest), then DS, ES, FS, GS, EFLAGS. */
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
_Static_assert(sizeof(struct biosregs) == 44, "intcall.asm copies 11 dwords");

#define EFLAGS_CF 0x0001
#define EFLAGS_IF 0x0200

/* Zeroes *r and presets CF (and IF): a BIOS that does not implement a call and returns without
 * touching the flags then reads as "failed". Segment registers default to 0 (our DS = ES = 0). */
void initregs(struct biosregs *r);

/* Runs INT int_no with the registers in *in; stores the registers the BIOS returns in *out
 * (out may be NULL or equal to in). The only place in setup16 that executes an INT instruction. */
void intcall(uint8_t int_no, const struct biosregs *in, struct biosregs *out);

#endif
