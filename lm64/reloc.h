/* reloc.h: applying the Linux x86-64 relocation table (arch/x86/tools/relocs output appended
 * to vmlinux.bin) to a kernel image in place (pure C: lm64 and the host tests). */
#ifndef RELOC_H
#define RELOC_H
#include <stddef.h>
#include <stdint.h>

/* The table is an array of 32-bit little-endian entries read backwards from its end:
 *   32-bit list, 0, inverse 32-bit list, 0, 64-bit list, 0   (the last zero comes first).
 * Each entry is a link-time virtual address, sign-extended to 64 bits. */
struct reloc_counts { uint64_t r32, inv32, r64; };

/* image[0] is linked at virtual vbase; targets must lie in image[0 .. image_len). Adds delta
 * to each 32-bit and 64-bit target and subtracts it from each inverse target. All entries
 * are checked before anything is written. 0, or -1 with a reason in err. */
int reloc_apply(uint8_t *image, uint64_t image_len, uint64_t vbase, const uint8_t *table,
		uint64_t table_len, uint64_t delta, struct reloc_counts *n, char *err, size_t errlen);

#endif
