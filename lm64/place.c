/* place.c: checks an entry's kernel description (the configuration table), copies it into
 * struct boot and chooses where the kernel window, the initrd and the compressed kernel go
 * above 1 MiB, from the E820 map with common/memmap (64-bit; no constant addresses), clear of
 * what lm64 holds (the memmap's avoid list). The window's address is the kernel's default
 * placement; kernel.c moves the kernel only for KASLR. */
#include "lm64.h"
#include "memmap.h"
#include "fmt.h"
#include "config.h"

#define MIB            0x100000ull
#define GIB4           0x100000000ull
#define PAGE           0x1000ull
#define RELOC_MIN      (16 * MIB)   /* a relocated kernel goes at or above 16 MiB if it can */
#define LINUX_ALIGN    (2 * MIB)    /* x86-64 Linux runs only at 2 MiB-aligned physical addresses */
#define INITRD_MAX_DEF 0x37ffffffu  /* Linux's default initrd_addr_max */

typedef unsigned long long ull;

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

/* where: "in RAM", or the initrd's range up to its limit. */
static int too_little(const struct boot *b, const struct memmap *m, const struct lb_cfg_entry *e,
		      const char *what, uint64_t need, const char *where)
{
	return entry_fail("not enough RAM for the %s: it needs %llu KiB free %s, the E820 map has "
	      "%llu KiB of RAM in all (kernel window %llu KiB, initrd %llu KiB, compressed kernel %llu KiB)",
	      what, (ull)(need >> 10), where, (ull)(memmap_ram_bytes(m) >> 10),
	      (ull)(b->placed[PLACED_WINDOW].size >> 10), (ull)(page_up(e->initrd.bytes) >> 10),
	      (ull)(page_up(e->kernel.bytes) >> 10));
}

/* The kernel fields of struct boot, from the entry, after the checks the kernel path relies on. */
static int describe_kernel(struct boot *b, const struct lb_cfg_header *h, const struct lb_cfg_entry *p)
{
	uint64_t align = p->align ? p->align : LINUX_ALIGN;
	uint32_t flags = p->kflags & (LBK_LINUX | LBK_RELOCATABLE | LBK_RELOCS);
	if (p->window > ~0ull - (PAGE - 1) || p->load_addr + page_up(p->window) < p->load_addr)
		return entry_fail("config table: kernel window of 0x%llx bytes at 0x%llx overflows the 64-bit address space",
		      (ull)p->window, (ull)p->load_addr);
	if (!p->window || !p->kernel.bytes)
		return entry_fail("config table: no kernel (kernel.bytes %lu, kernel_window %llu): run mkdisk",
		      (unsigned long)p->kernel.bytes, (ull)p->window);
	if (align & (align - 1))
		return entry_fail("config table: kernel_align 0x%llx is not a power of two", (ull)align);
	if ((flags & (LBK_LINUX | LBK_RELOCATABLE)) == (LBK_LINUX | LBK_RELOCATABLE) && align < LINUX_ALIGN)
		return entry_fail("config table: kernel_align 0x%llx is below 2 MiB: a relocatable x86-64 Linux kernel "
		      "runs only at 2 MiB-aligned addresses", (ull)align);
	b->kflags = flags;
	b->timing = !(h->flags & LBC_NO_TIMING) && (con_verbose || (h->flags & LBC_TIMING));
	b->elf_size = p->elf_size;
	b->reloc_size = p->reloc_size;
	b->kernel_load_addr = p->load_addr;
	b->kernel_window = p->window;
	b->kernel_align = align;
	b->kernel_gz_bytes = p->kernel.bytes;
	b->initrd_bytes = p->initrd.bytes;
	return 0;
}

/* The ranges the placement must keep clear of: what lm64 holds (mm's avoid list) and what
 * this entry placed so far. */
#define MAX_TAKEN 8
static struct lb_range taken[MAX_TAKEN + PLACED_COUNT];

static void set_placed(struct boot *b, struct memmap *m, enum lb_placed i, uint64_t base, uint64_t size)
{
	b->placed[i].base = base;
	b->placed[i].size = size;
	taken[m->navoid++] = b->placed[i];
}

int place_payloads(struct boot *b, const struct memmap *held, const struct lb_cfg_header *h,
		   const struct lb_cfg_entry *p)
{
	for (unsigned i = 0; i < PLACED_COUNT; i++)
		b->placed[i] = (struct lb_range){ 0, 0 };
	if (describe_kernel(b, h, p))
		return -1;
	if (held->navoid > MAX_TAKEN)
		fatal("place: %u reserved ranges, at most %u (internal)", held->navoid, MAX_TAKEN);
	struct memmap mm = { held->map, held->n, taken, held->navoid }, *m = &mm;
	for (unsigned i = 0; i < held->navoid; i++)
		taken[i] = held->avoid[i];
	uint64_t window = page_up(p->window), align = b->kernel_align;
	uint64_t want = p->load_addr, dest;

	/* 1. the kernel window: its link address if that is RAM, else the lowest aligned fit */
	if (want >= LB_HIGH_MIN && memmap_is_ram(m, want, window)) {
		dest = want;
	} else if (!(p->kflags & LBK_RELOCATABLE) && want < LB_HIGH_MIN) {
		return entry_fail("kernel window at 0x%llx+0x%llx overlaps the loader's low memory (below 0x%lx): "
		      "a kernel that is not relocatable must be linked at or above 1 MiB", (ull)want,
		      (ull)window, (unsigned long)LB_HIGH_MIN);
	} else if (!(p->kflags & LBK_RELOCATABLE)) {
		return entry_fail("kernel needs %llu KiB at 0x%llx but the E820 map has %llu KiB of RAM there "
		      "(total RAM %llu MiB)", (ull)(window >> 10), (ull)want,
		      (ull)(ram_within(m, want, window) >> 10), (ull)(memmap_ram_bytes(m) >> 20));
	} else if (memmap_alloc_bottom(m, window, align, RELOC_MIN, GIB4, &dest) &&
		   memmap_alloc_bottom(m, window, align, LB_HIGH_MIN, GIB4, &dest)) {
		return entry_fail("kernel needs %llu KiB (aligned to 0x%llx) but no such free RAM range exists below 4 GiB "
		      "(total RAM %llu MiB)", (ull)(window >> 10), (ull)align, (ull)(memmap_ram_bytes(m) >> 20));
	}
	set_placed(b, m, PLACED_WINDOW, dest, window);

	/* 2. the initrd: as high as its limit allows */
	uint64_t at = 0;
	if (p->initrd.bytes) {
		uint64_t size = page_up(p->initrd.bytes);
		uint32_t limit = p->initrd_addr_max ? p->initrd_addr_max : INITRD_MAX_DEF;
		uint64_t max = (uint64_t)limit + 1;
		if (max > GIB4)
			max = GIB4;
		if (memmap_alloc_top(m, size, PAGE, LB_HIGH_MIN, max, &at)) {
			char where[64];
			fmt_snprintf(where, sizeof where, "from 0x%lx to initrd_addr_max 0x%lx",
			     (unsigned long)LB_HIGH_MIN, (unsigned long)limit);
			return too_little(b, m, p, "initrd", size, where);
		}
		set_placed(b, m, PLACED_INITRD, at, size);
	}

	/* 3. the compressed kernel: as high as possible in RAM (lm64 reaches all of it) */
	uint64_t gz = page_up(p->kernel.bytes);
	if (memmap_alloc_top(m, gz, PAGE, LB_HIGH_MIN, memmap_ram_end(m), &at))
		return too_little(b, m, p, "compressed kernel", gz, "in RAM");
	set_placed(b, m, PLACED_KERNEL_GZ, at, gz);

	con_note("place: kernel 0x%llx+0x%llx%s, compressed kernel 0x%llx+0x%lx", (ull)dest, (ull)window,
		 dest == want ? "" : " (relocated)", (ull)at, (unsigned long)p->kernel.bytes);
	if (p->initrd.bytes)
		con_note(", initrd 0x%llx+0x%lx\n", (ull)b->placed[PLACED_INITRD].base,
			 (unsigned long)p->initrd.bytes);
	else
		con_note(", no initrd\n");
	return 0;
}
