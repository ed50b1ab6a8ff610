/* checks.c: the test kernel's checks of what the loader handed over (64-bit long mode): E820
 * sanity, RAM coverage, and a write/read-back test of RAM above 4 GiB. */
#include "tk.h"

typedef unsigned long long ull;
#define GIB4 0x100000000ull

/* 1 when every byte of [base, base+size) lies in some E820_RAM entry. */
int tk_range_is_ram(const struct boot_params *bp, uint64_t base, uint64_t size)
{
	uint64_t pos = base, end = base + size;
	if (end < base)
		return 0;
	while (pos < end) {
		uint64_t next = pos;
		for (unsigned i = 0; i < bp->e820_entries; i++) {
			const struct e820_entry *e = &bp->e820_table[i];
			if (e->type == E820_RAM && e->addr <= pos && pos - e->addr < e->size)
				next = e->addr + e->size;
		}
		if (next == pos)
			return 0;
		pos = next;
	}
	return 1;
}

void tk_check_e820(const struct boot_params *bp)
{
	unsigned n = bp->e820_entries, order[E820_MAX_ZEROPAGE], k = 0;
	if (!n || n > E820_MAX_ZEROPAGE) {
		tk_fail("e820: %u entries", n);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct e820_entry *e = &bp->e820_table[i];
		if (!e->size) {
			if (e->type == E820_RAM)
				tk_fail("e820: entry %u is zero-length RAM at 0x%llx", i, (ull)e->addr);
			continue;
		}
		unsigned j = k++;
		for (; j > 0 && bp->e820_table[order[j - 1]].addr > e->addr; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (unsigned i = 0; i + 1 < k; i++) {
		const struct e820_entry *a = &bp->e820_table[order[i]], *b = &bp->e820_table[order[i + 1]];
		if (a->addr + a->size > b->addr)
			tk_fail("e820: entries %u (0x%llx+0x%llx) and %u (0x%llx) overlap", order[i],
				(ull)a->addr, (ull)a->size, order[i + 1], (ull)b->addr);
	}
}

static int probe(uint64_t addr)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)addr;
	uint64_t saved = *p, pattern = 0x5a5aa5a5c3c33c3cull ^ addr;
	*p = pattern;
	int ok = *p == pattern;
	*p = ~pattern;
	ok = ok && *p == ~pattern;
	*p = saved;
	return ok;
}

/* "ok" / "skipped" (no RAM above 4 GiB) / 0 after tk_fail. */
const char *tk_high_memory_check(const struct boot_params *bp)
{
	int any = 0;
	for (unsigned i = 0; i < bp->e820_entries; i++) {
		const struct e820_entry *e = &bp->e820_table[i];
		uint64_t end = e->addr + e->size;
		if (e->type != E820_RAM || end <= GIB4)
			continue;
		uint64_t lo = (e->addr < GIB4 ? GIB4 : e->addr + 7) & ~7ull, hi = (end & ~7ull) - 8;
		if (hi < lo)
			continue;
		uint64_t at[3] = { lo, lo + ((hi - lo) / 2 & ~7ull), hi };
		for (int k = 0; k < 3; k++)
			if (!probe(at[k])) {
				tk_fail("high memory: pattern did not read back at 0x%llx", (ull)at[k]);
				return 0;
			}
		any = 1;
	}
	return any ? "ok" : "skipped";
}
