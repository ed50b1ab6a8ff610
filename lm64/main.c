/* main.c: lm64_main (64-bit long mode): check the handoff, map RAM above 4 GiB, check the
 * initrd, place, inflate, load and relocate the kernel, fill boot_params, jump. */
#include "lm64.h"
#include "inflate.h"
#include "kaslr.h"
#include "kernel_elf.h"
#include "reloc.h"
#include "mem.h"
#include "serial.h"

typedef unsigned long long ull;
#define MAX_AVOID (PLACED_COUNT + 2) /* low memory, placed[], the page-table block */

static struct lb_range avoid[MAX_AVOID];
static struct memmap mm;
static char err[160];

void lm64_main(const struct handoff *h) __attribute__((noreturn));

static void add_avoid(uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (mm.navoid == MAX_AVOID)
		fatal("more than %d reserved ranges (internal)", MAX_AVOID);
	avoid[mm.navoid++] = (struct lb_range){ base, size };
}

static int overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return an && bn && a < b + bn && b < a + an;
}

/* Fatal when [base, base+size) is not usable RAM or meets a range the loader holds. */
static void check_free(const char *what, uint64_t base, uint64_t size)
{
	if (base < LB_HIGH_MIN)
		fatal("%s at 0x%llx+0x%llx overlaps the loader's low memory (below 0x%x)", what,
		      (ull)base, (ull)size, LB_HIGH_MIN);
	if (!memmap_is_ram(&mm, base, size))
		fatal("%s at 0x%llx+0x%llx is not RAM in the E820 map", what, (ull)base, (ull)size);
	for (unsigned i = 0; i < mm.navoid; i++)
		if (overlaps(base, size, avoid[i].base, avoid[i].size))
			fatal("%s at 0x%llx+0x%llx overlaps loader data at 0x%llx+0x%llx", what,
			      (ull)base, (ull)size, (ull)avoid[i].base, (ull)avoid[i].size);
}

static void check_initrd(const struct handoff *h)
{
	uint64_t at = h->placed[PLACED_INITRD].base;
	if (!h->initrd_bytes)
		return;
	if (h->placed[PLACED_INITRD].size < h->initrd_bytes)
		fatal("initrd: %u bytes but setup16 placed %llu", h->initrd_bytes,
		      (ull)h->placed[PLACED_INITRD].size);
	uint32_t crc = crc32_update(0, (const void *)(uintptr_t)at, h->initrd_bytes);
	if (crc != h->initrd_crc32)
		fatal("initrd CRC mismatch: stored 0x%08x computed 0x%08x (%u bytes at 0x%llx)",
		      h->initrd_crc32, crc, h->initrd_bytes, (ull)at);
	con_note("lm64: initrd at 0x%llx, %u bytes, CRC-32 0x%08x ok\n", (ull)at, h->initrd_bytes, crc);
}

/* Physical load address, and the virtual offset (KASLR) for a relocatable Linux kernel.
 * setup16's window is the fallback: KASLR off, or no slot found. */
static uint64_t place_kernel(const struct handoff *h, uint64_t *virt, int *kaslr)
{
	const char *cmdline = (const char *)(uintptr_t)h->cmdline, *src;
	uint64_t fallback = h->placed[PLACED_WINDOW].base, dest = fallback, pslots, vslots;
	*virt = 0, *kaslr = 0;
	if ((h->flags & (LBF_LINUX | LBF_RELOCATABLE)) != (LBF_LINUX | LBF_RELOCATABLE))
		return dest;
	if (cmdline_has_word(cmdline, "nokaslr")) {
		con_note("lm64: KASLR off (nokaslr)\n");
		return dest;
	}
	uint64_t align = h->kernel_align;
	uint64_t rnd = random_u64(&src), max = memmap_ram_end(&mm), mem = cmdline_mem_limit(cmdline);
	if (mem && mem < max)
		max = mem; /* the kernel ignores RAM above mem=: it must not sit there */
	if (kaslr_phys(&mm, h->kernel_window, align, h->kernel_load_addr, max, rnd, &pslots, &dest))
		dest = fallback;
	if (h->flags & LBF_RELOCS)
		*virt = kaslr_virt(h->kernel_load_addr, h->kernel_window, align,
				   random_u64(&src) ^ (rnd >> 32), &vslots);
	else
		vslots = 1;
	*kaslr = 1;
	con_note("lm64: KASLR (%s): %llu physical slots, %llu virtual slots\n", src, (ull)pslots,
		   (ull)vslots);
	return dest;
}

/* What a gzip trailer failure means for the boot (inflate's reason names only the check). */
static const char *trailer_note(enum inflate_result r)
{
	if (r == INFLATE_ERR_GZIP_CRC)
		return "gzip CRC-32 mismatch: the kernel was damaged on disk or in memory; ";
	if (r == INFLATE_ERR_GZIP_ISIZE)
		return "gzip ISIZE mismatch: the kernel's length is wrong; ";
	return "";
}

static void inflate_kernel(const struct handoff *h, uint64_t dest)
{
	uint64_t want = (uint64_t)h->elf_size + h->reloc_size, gz = h->placed[PLACED_KERNEL_GZ].base;
	size_t got = 0;
	if (want > h->kernel_window)
		fatal("kernel payload: %u ELF + %u relocation bytes exceed the kernel window 0x%llx",
		      h->elf_size, h->reloc_size, (ull)h->kernel_window);
	enum inflate_result r = inflate_gzip((const uint8_t *)(uintptr_t)gz, h->kernel_gz_bytes,
					     (uint8_t *)(uintptr_t)dest, h->kernel_window, &got);
	if (r != INFLATE_OK)
		fatal("kernel payload: %s (%sresult %d; %u compressed bytes at 0x%llx, %llu bytes decoded "
		      "to 0x%llx)", inflate_strerror(r), trailer_note(r), (int)r, h->kernel_gz_bytes,
		      (ull)gz, (ull)got, (ull)dest);
	if (got != want)
		fatal("kernel payload: decompressed %llu bytes, mkdisk recorded %u ELF + %u "
		      "relocation bytes", (ull)got, h->elf_size, h->reloc_size);
}

/* Segments: in RAM, clear of the loader (at their link address unless the kernel is
 * relocatable, at the window otherwise); then moved into place. */
static void load_segments(const struct handoff *h, const struct kimage *ki, uint64_t dest)
{
	int relocatable = h->flags & LBF_RELOCATABLE;
	uint64_t base = relocatable ? dest : ki->link_base;
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		check_free("kernel PT_LOAD", base + (s->paddr - ki->link_base), s->memsz);
	}
	if (!relocatable && dest != ki->link_base)
		fatal("kernel ELF: not relocatable, linked at 0x%llx but its window is at 0x%llx",
		      (ull)ki->link_base, (ull)dest);
	if (ki->link_base != h->kernel_load_addr)
		fatal("kernel ELF: lowest PT_LOAD at 0x%llx, mkdisk recorded 0x%llx",
		      (ull)ki->link_base, (ull)h->kernel_load_addr);
	if (ki->link_end - ki->link_base > h->kernel_window)
		fatal("kernel ELF: segments span 0x%llx bytes, more than the kernel window 0x%llx",
		      (ull)(ki->link_end - ki->link_base), (ull)h->kernel_window);
	kelf_move((uint8_t *)(uintptr_t)dest, ki);
}

static void relocate(const struct handoff *h, const struct kimage *ki, uint64_t dest,
		     uint64_t virt)
{
	/* x86-64 Linux fixes up its physical placement itself: only the virtual offset is applied.
	 * Other relocatable kernels are identity-linked: the physical delta is applied. */
	uint64_t delta = (h->flags & LBF_LINUX) ? virt : dest - ki->link_base;
	if (!(h->flags & LBF_RELOCS) || !h->reloc_size) {
		if (delta)
			fatal("kernel relocations: none in the payload, yet 0x%llx must be applied",
			      (ull)delta);
		return;
	}
	uint8_t *image = (uint8_t *)(uintptr_t)dest;
	struct reloc_counts n;
	if (reloc_apply(image, ki->data_end - ki->link_base, ki->vbase, image + h->elf_size,
			h->reloc_size, delta, &n, err, sizeof err))
		fatal("kernel relocations: %s", err);
	con_note("lm64: relocations: %llu 32-bit, %llu inverse, %llu 64-bit, delta 0x%llx\n",
		   (ull)n.r32, (ull)n.inv32, (ull)n.r64, (ull)delta);
}

/* The ranges the kernel must not take (low memory, what setup16 placed but the window), and
 * the identity map above 4 GiB, whose table pages must not land in the window either. */
static void reserve_and_map(const struct handoff *h)
{
	add_avoid(0, LB_HIGH_MIN);
	for (unsigned i = 0; i < PLACED_COUNT; i++)
		if (i != PLACED_WINDOW) /* the window is the kernel's */
			add_avoid(h->placed[i].base, h->placed[i].size);
	unsigned navoid = mm.navoid;
	add_avoid(h->placed[PLACED_WINDOW].base, h->placed[PLACED_WINDOW].size);
	struct lb_range pt = highmap_map_ram(&mm);
	mm.navoid = navoid;
	add_avoid(pt.base, pt.size);
}

void lm64_main(const struct handoff *h)
{
	static struct boot_params blank; /* for the console when the handoff is bad */
	struct lm64_marks t = { 0 };
	if (h->magic != HANDOFF_MAGIC || h->size != sizeof *h) {
		con_init(&blank);
		fatal("handoff at 0x%llx: magic 0x%08x size %u, want 0x%08x size %u", (ull)(uintptr_t)h,
		      h->magic, h->size, HANDOFF_MAGIC, (unsigned)sizeof *h);
	}
	struct boot_params *bp = (struct boot_params *)(uintptr_t)h->boot_params;
	con_init(bp);
	con_verbose = (h->flags & LBF_VERBOSE) != 0;
	con_printf("longboot lm64\n");
	if (!bp->e820_entries || bp->e820_entries > E820_MAX_ZEROPAGE)
		fatal("boot_params: %u E820 entries", bp->e820_entries);
	mm = (struct memmap){ bp->e820_table, bp->e820_entries, avoid, 0 };

	reserve_and_map(h);
	check_initrd(h);

	uint64_t virt;
	int kaslr;
	uint64_t dest = place_kernel(h, &virt, &kaslr);
	check_free("kernel window", dest, h->kernel_window);
	t.inflate_start = rdtsc();
	inflate_kernel(h, dest);
	t.inflate = rdtsc();

	struct kimage ki;
	if (kelf_parse((const uint8_t *)(uintptr_t)dest, h->elf_size, &ki, err, sizeof err))
		fatal("kernel ELF: %s", err);
	load_segments(h, &ki, dest);
	t.elf = rdtsc();
	relocate(h, &ki, dest, virt);
	kelf_zero_bss((uint8_t *)(uintptr_t)dest, &ki); /* after relocating: bss may cover the table */
	t.reloc = rdtsc();

	uint64_t entry = ki.entry - ki.link_base + dest;
	bootparams_fill(bp, h, dest, virt, kaslr);
	con_note("lm64: kernel at phys 0x%llx virt offset 0x%llx, entry 0x%llx\n", (ull)dest,
		   (ull)virt, (ull)entry);
	t.handoff = rdtsc();
	if (!(h->flags & LBF_NO_TIMING))
		timing_print(h, &t);
	con_sync_cursor(bp);
	serial_drain();
	lm64_handed_off = 1;
	lm64_jump_kernel(entry, (uint64_t)(uintptr_t)bp);
}
