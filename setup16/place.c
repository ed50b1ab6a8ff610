/* place.c: where the kernel, the initrd and the compressed kernel go above 1 MiB, chosen from the
 * E820 map with common/memmap (real mode C; no constant addresses). */
#include "setup16.h"
#include "memmap.h"

#define MIB            0x100000ull
#define GIB4           0x100000000ull
#define PAGE           0x1000ull
#define RELOC_MIN      (16 * MIB)   /* a relocated kernel goes at or above 16 MiB if it can */
#define INITRD_MAX_DEF 0x37ffffffu  /* Linux's default initrd_addr_max */

static uint64_t page_up(uint64_t v) { return (v + PAGE - 1) & ~(PAGE - 1); }

/* Bytes of E820 RAM inside [base, base+size) (for the error message). */
static uint64_t ram_within(const struct memmap *m, uint64_t base, uint64_t size)
{
	uint64_t sum = 0, end = base + size;
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->map[i];
		uint64_t lo = e->addr, hi = e->addr + e->size;
		if (e->type != E820_RAM)
			continue;
		if (lo < base)
			lo = base;
		if (hi > end)
			hi = end;
		if (lo < hi)
			sum += hi - lo;
	}
	return sum;
}

static void too_little(const struct memmap *m, const char *what, uint64_t need)
{
	fatal("not enough RAM for the %s: it needs %lu KiB free below 4 GiB, the E820 map has "
	      "%lu KiB of RAM in all (kernel window %lu KiB, initrd %lu KiB, compressed kernel %lu KiB)",
	      what, (unsigned long)(need >> 10), (unsigned long)(memmap_ram_bytes(m) >> 10),
	      (unsigned long)(handoff.used[0].size >> 10), (unsigned long)(page_up(loader_patch.initrd.bytes) >> 10),
	      (unsigned long)(page_up(loader_patch.kernel.bytes) >> 10));
}

/* place_payloads() adds at most these ranges: the kernel window, the initrd, the compressed kernel. */
#define PLACE_MAX_USED 3
_Static_assert(PLACE_MAX_USED <= HANDOFF_MAX_USED, "handoff.used[] holds every range place.c adds");

static void add_used(uint64_t base, uint64_t size)
{
	if (handoff.nr_used >= PLACE_MAX_USED)
		fatal("place: more than %d payload ranges (PLACE_MAX_USED)", PLACE_MAX_USED);
	handoff.used[handoff.nr_used].base = base;
	handoff.used[handoff.nr_used].size = size;
	handoff.nr_used++;
}

void place_payloads(void)
{
	const struct loader_patch *p = &loader_patch;
	struct memmap m = { zero_page->e820_table, zero_page->e820_entries, handoff.used, 0 };
	uint64_t window = page_up(p->kernel_window), align = p->kernel_align ? p->kernel_align : 2 * MIB;
	uint64_t want = p->kernel_load_addr, dest;

	if (!window || !p->kernel.bytes)
		fatal("patch table: no kernel (kernel.bytes %lu, kernel_window %llu): run mkdisk",
		      (unsigned long)p->kernel.bytes, (unsigned long long)p->kernel_window);
	if (align & (align - 1))
		fatal("patch table: kernel_align 0x%llx is not a power of two", (unsigned long long)align);

	/* 1. the kernel window: its link address if that is RAM, else the lowest aligned fit */
	if (want >= LB_HIGH_MIN && memmap_is_ram(&m, want, window)) {
		dest = want;
	} else if (!(p->flags & LBF_RELOCATABLE)) {
		fatal("kernel needs %lu KiB at 0x%llx but the E820 map has %lu KiB of RAM there "
		      "(total RAM %lu MiB)", (unsigned long)(window >> 10), (unsigned long long)want,
		      (unsigned long)(ram_within(&m, want, window) >> 10),
		      (unsigned long)(memmap_ram_bytes(&m) >> 20));
	} else if (memmap_alloc_bottom(&m, window, align, RELOC_MIN, GIB4, &dest) &&
		   memmap_alloc_bottom(&m, window, align, LB_HIGH_MIN, GIB4, &dest)) {
		fatal("kernel needs %lu KiB (aligned to 0x%llx) but no such free RAM range exists below 4 GiB "
		      "(total RAM %lu MiB)", (unsigned long)(window >> 10), (unsigned long long)align,
		      (unsigned long)(memmap_ram_bytes(&m) >> 20));
	}
	handoff.kernel_dest = dest;
	add_used(dest, window);
	m.navoid = handoff.nr_used;

	/* 2. the initrd: as high as its limit allows */
	uint64_t at = 0;
	handoff.initrd = 0;
	if (p->initrd.bytes) {
		uint64_t size = page_up(p->initrd.bytes);
		uint64_t max = (uint64_t)(p->initrd_addr_max ? p->initrd_addr_max : INITRD_MAX_DEF) + 1;
		if (max > GIB4)
			max = GIB4;
		if (memmap_alloc_top(&m, size, PAGE, LB_HIGH_MIN, max, &at))
			too_little(&m, "initrd", size);
		handoff.initrd = at;
		add_used(at, size);
		m.navoid = handoff.nr_used;
	}

	/* 3. the compressed kernel: as high as possible below 4 GiB */
	uint64_t gz = page_up(p->kernel.bytes);
	if (memmap_alloc_top(&m, gz, PAGE, LB_HIGH_MIN, GIB4, &at))
		too_little(&m, "compressed kernel", gz);
	handoff.kernel_gz = at;
	add_used(at, gz);

	printf16("place: kernel 0x%llx+0x%llx%s, compressed kernel 0x%llx+0x%lx", (unsigned long long)dest,
		 (unsigned long long)window, dest == want ? "" : " (relocated)",
		 (unsigned long long)handoff.kernel_gz, (unsigned long)p->kernel.bytes);
	if (p->initrd.bytes)
		printf16(", initrd 0x%llx+0x%lx\n", (unsigned long long)handoff.initrd, (unsigned long)p->initrd.bytes);
	else
		printf16(", no initrd\n");
}
