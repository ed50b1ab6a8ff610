/* memmap.h: questions about the E820 map, and placement of payloads in it. Pure C (no
 * division: usable under -m16), shared by setup16, lm64 and the host tests.
 * A byte is usable RAM when an E820_RAM entry covers it and no other-type entry does.
 * Alignments must be powers of two. */
#ifndef MEMMAP_H
#define MEMMAP_H
#include <stdint.h>
#include "bootparams.h"
#include "handoff.h"

struct memmap {
	const struct e820_entry *map;
	unsigned n;
	const struct lb_range *avoid; /* ranges already taken (payloads, loader, kernel window) */
	unsigned navoid;
};

/* 1 when [base, base+size) is wholly usable RAM (ignores avoid). */
int memmap_is_ram(const struct memmap *m, uint64_t base, uint64_t size);

/* Highest a, a % align == 0, with [a, a+size) usable RAM, clear of every avoid range, and
 * min <= a, a + size <= max. Returns 0 and sets *out, or -1 when nothing fits. */
int memmap_alloc_top(const struct memmap *m, uint64_t size, uint64_t align,
		     uint64_t min, uint64_t max, uint64_t *out);

/* Lowest such a (same rules). */
int memmap_alloc_bottom(const struct memmap *m, uint64_t size, uint64_t align,
			uint64_t min, uint64_t max, uint64_t *out);

/* Number of such a (for KASLR), and the k-th of them in ascending order (0 or -1). */
uint64_t memmap_count_slots(const struct memmap *m, uint64_t size, uint64_t align,
			    uint64_t min, uint64_t max);
int memmap_nth_slot(const struct memmap *m, uint64_t size, uint64_t align,
		    uint64_t min, uint64_t max, uint64_t k, uint64_t *out);

/* Bytes of usable RAM in total, and the end of the highest usable RAM byte + 1. */
uint64_t memmap_ram_bytes(const struct memmap *m);
uint64_t memmap_ram_end(const struct memmap *m);

#endif
