/* reloc.h: applying the Linux x86-64 relocation table (arch/x86/tools/relocs output appended
 * to vmlinux.bin) to a kernel image in place (pure C: lm64 and the host tests). The table's
 * format and its checks: common/elfcheck.h, shared with mkdisk. */
#ifndef RELOC_H
#define RELOC_H
#include <stddef.h>
#include <stdint.h>
#include "elfcheck.h"

/* image[0] is linked at virtual vbase; targets must lie in image[0 .. image_len). Adds delta
 * to each 32-bit and 64-bit target and subtracts it from each inverse target. All entries
 * are checked (reloc_walk) before anything is written. 0, or -1 with a reason in err. */
int reloc_apply(uint8_t *image, uint64_t image_len, uint64_t vbase, const uint8_t *table,
		uint64_t table_len, uint64_t delta, struct reloc_counts *n, char *err, size_t errlen);

#endif
