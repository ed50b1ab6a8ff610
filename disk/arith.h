/* arith.h: mkdisk's size arithmetic, written once: units, rounding, sectors and the kernel
 * window (host). */
#ifndef ARITH_H
#define ARITH_H
#include <stdint.h>
#include "layout.h"

#define KiB 1024ull
#define MiB (1024ull * KiB)
#define ALIGN_SECTORS 8u /* payloads start on 4 KiB boundaries (disks with 4 KiB sectors) */

static inline uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static inline uint64_t round4k(uint64_t x)
{
	return align_up(x, 4 * KiB);
}

static inline uint64_t sectors_of(uint64_t bytes)
{
	return (bytes + LB_SECTOR - 1) / LB_SECTOR;
}

/* Bytes lm64 needs from the load address: the largest of the segments' span, the decompressed
 * payload (ELF + relocations, inflated there first) and the kernel's own init_size (0 for a
 * plain ELF), in whole pages. */
static inline uint64_t kernel_window(uint64_t span, uint64_t payload, uint64_t init_size)
{
	uint64_t w = span > payload ? span : payload;
	return round4k(w > init_size ? w : init_size);
}

#endif
