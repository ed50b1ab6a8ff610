/* highmap.c: identity-map the E820 RAM above 4 GiB (64-bit long mode; pm32 mapped the first
 * 4 GiB). 1 GiB pages when CPUID 0x80000001 EDX bit 26 says so, else 2 MiB pages; new table
 * pages come from a static pool, or from RAM below 4 GiB when a machine needs more. */
#include "lm64.h"
#include "mem.h"
#include "x86.h"

#define PTE_P  ((uint64_t)X86_PTE_P)
#define PTE_W  ((uint64_t)X86_PTE_W)
#define PTE_PS ((uint64_t)X86_PTE_PS)
#define PTE_ADDR X86_PTE_ADDR
#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define POOL_PAGES 4  /* 16 KiB: 2 MiB pages up to 8 GiB (1 GiB pages up to 512 GiB); more from RAM */

typedef unsigned long long ull;
static uint64_t pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static struct { uint64_t *next, *end; } alloc;

static uint64_t *new_table(void)
{
	if (alloc.next == alloc.end)
		fatal("page tables above 4 GiB: ran out of table pages (internal count wrong)");
	uint64_t *t = alloc.next;
	alloc.next += 512;
	memset(t, 0, 4096);
	return t;
}

/* The table entry e points at, creating it when absent; 0 when e is a large page. */
static uint64_t *next_level(uint64_t *e)
{
	if (!(*e & PTE_P))
		*e = (uint64_t)(uintptr_t)new_table() | PTE_P | PTE_W;
	else if (*e & PTE_PS)
		return 0;
	return (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
}

static void map_2m(uint64_t *pml4, uint64_t a)
{
	uint64_t *pdpt = next_level(&pml4[(a >> 39) & 511]);
	uint64_t *pd = pdpt ? next_level(&pdpt[(a >> 30) & 511]) : 0;
	if (pd && !(pd[(a >> 21) & 511] & PTE_P))
		pd[(a >> 21) & 511] = a | PTE_P | PTE_W | PTE_PS;
}

static void map_1g(uint64_t *pml4, uint64_t a)
{
	uint64_t *pdpt = next_level(&pml4[(a >> 39) & 511]);
	if (!pdpt)
		return;
	uint64_t *e = &pdpt[(a >> 30) & 511];
	if (!(*e & PTE_P))
		*e = a | PTE_P | PTE_W | PTE_PS;
	else if (!(*e & PTE_PS)) /* a page directory is there already: fill its holes */
		for (uint64_t m = a; m < a + GIB; m += MIB2)
			map_2m(pml4, m);
}

static int has_1g_pages(void)
{
	uint32_t a, b, c, d;
	x86_cpuid(0x80000000u, &a, &b, &c, &d);
	if (a < 0x80000001u)
		return 0;
	x86_cpuid(0x80000001u, &a, &b, &c, &d);
	return (d & X86_CPUID_X1_EDX_1GB) != 0;
}

/* [*lo, *hi) of entry i above 4 GiB rounded out to step; 0 when it has none. */
static int high_part(const struct e820_entry *x, uint64_t step, uint64_t *lo, uint64_t *hi)
{
	uint64_t end = x->addr + x->size;
	if (x->type != E820_RAM || !x->size || end <= 4 * GIB || end < x->addr)
		return 0;
	*lo = (x->addr < 4 * GIB ? 4 * GIB : x->addr) & ~(step - 1);
	*hi = (end + step - 1) & ~(step - 1);
	return *hi > *lo;
}

struct lb_range highmap_map_ram(const struct memmap *m)
{
	struct lb_range taken = { 0, 0 };
	int big = has_1g_pages();
	uint64_t step = big ? GIB : MIB2, lo, hi, pages = 0;
	/* Upper bound on new tables: a PDPT per 512 GiB touched, a PD per GiB touched (2 MiB). */
	for (unsigned i = 0; i < m->n; i++) {
		if (!high_part(&m->map[i], step, &lo, &hi))
			continue;
		pages += ((hi - 1) >> 39) - (lo >> 39) + 1;
		if (!big)
			pages += ((hi - 1) >> 30) - (lo >> 30) + 1;
	}
	if (!pages)
		return taken;
	if (pages <= POOL_PAGES) {
		alloc.next = pool[0], alloc.end = pool[0] + 512 * POOL_PAGES;
	} else {
		uint64_t at;
		if (memmap_alloc_top(m, pages * 4096, 4096, LB_HIGH_MIN, 4 * GIB, &at))
			fatal("page tables above 4 GiB: no room for %llu table pages below 4 GiB",
			      (ull)pages);
		alloc.next = (uint64_t *)(uintptr_t)at, alloc.end = alloc.next + 512 * pages;
		taken.base = at, taken.size = pages * 4096;
	}
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	for (unsigned i = 0; i < m->n; i++) {
		if (!high_part(&m->map[i], step, &lo, &hi))
			continue;
		for (uint64_t a = lo; a < hi && a >= lo; a += step)
			big ? map_1g(pml4, a) : map_2m(pml4, a);
	}
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory"); /* flush the TLB */
	con_note("lm64: identity map above 4 GiB with %s pages up to 0x%llx\n",
		   big ? "1 GiB" : "2 MiB", (ull)memmap_ram_end(m));
	return taken;
}
