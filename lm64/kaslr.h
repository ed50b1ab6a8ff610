/* kaslr.h: choosing the kernel's physical slot and virtual offset from a random number, the
 * way the kernel's own decompressor does (pure C: lm64 and the host tests). */
#ifndef KASLR_H
#define KASLR_H
#include <stdint.h>
#include "memmap.h"

#define KASLR_IMAGE_AREA 0x40000000ull /* CONFIG_RANDOMIZE_BASE: 1 GiB kernel image area */

/* 1 when word appears in the command line as a whole space-separated word (or word=...). */
int cmdline_has_word(const char *cmdline, const char *word);

/* The limit "mem=SIZE[KMGTPE]" sets (the last one wins), or 0 when there is none (or it is
 * "mem=nopentium"): KASLR must keep the kernel below it, as the kernel's decompressor does. */
uint64_t cmdline_mem_limit(const char *cmdline);

/* A random align-aligned slot for size bytes of usable RAM in [min, max), clear of m->avoid:
 * slot number rnd % count. 0 and *out, or -1 when none; *slots gets the count. */
int kaslr_phys(const struct memmap *m, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
	       uint64_t rnd, uint64_t *slots, uint64_t *out);

/* Virtual offset (a multiple of align) such that link_phys + offset + size stays within the
 * 1 GiB image area: offset = (rnd % slots) * align; 0 when nothing but 0 fits. */
uint64_t kaslr_virt(uint64_t link_phys, uint64_t size, uint64_t align, uint64_t rnd,
		    uint64_t *slots);

#endif
