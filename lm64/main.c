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
#define MAX_AVOID (HANDOFF_MAX_USED + 6)

static struct lb_range avoid[MAX_AVOID];
static struct memmap mm;
static char err[160];

void lm64_main(struct handoff *h) __attribute__((noreturn));

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

static void check_initrd(const struct handoff *h, const struct loader_patch *p)
{
	if (!p->initrd.bytes)
		return;
	if (!h->initrd)
		fatal("initrd: %u bytes in the patch table but setup16 loaded none", p->initrd.bytes);
	uint32_t crc = crc32_update(0, (const void *)(uintptr_t)h->initrd, p->initrd.bytes);
	if (crc != p->initrd.crc32)
		fatal("initrd CRC mismatch: stored 0x%08x computed 0x%08x (%u bytes at 0x%llx)",
		      p->initrd.crc32, crc, p->initrd.bytes, (ull)h->initrd);
	con_printf("lm64: initrd at 0x%llx, %u bytes, CRC-32 0x%08x ok\n", (ull)h->initrd,
		   p->initrd.bytes, crc);
}

/* Physical load address, and the virtual offset (KASLR) for a relocatable Linux kernel. */
static uint64_t place_kernel(const struct handoff *h, const struct loader_patch *p,
			     uint64_t *virt, int *kaslr)
{
	const char *cmdline = (const char *)(uintptr_t)LB_CMDLINE, *src;
	uint64_t dest = h->kernel_dest, pslots, vslots;
	*virt = 0, *kaslr = 0;
	if ((p->flags & (LBF_LINUX | LBF_RELOCATABLE)) != (LBF_LINUX | LBF_RELOCATABLE))
		return dest;
	if (cmdline_has_word(cmdline, "nokaslr")) {
		con_printf("lm64: KASLR off (nokaslr)\n");
		return dest;
	}
	uint64_t align = p->kernel_align ? p->kernel_align : 0x200000;
	uint64_t rnd = random_u64(&src), max = memmap_ram_end(&mm), mem = cmdline_mem_limit(cmdline);
	if (mem && mem < max)
		max = mem; /* the kernel ignores RAM above mem=: it must not sit there */
	if (kaslr_phys(&mm, p->kernel_window, align, p->kernel_load_addr, max, rnd, &pslots, &dest))
		dest = h->kernel_dest;
	if (p->flags & LBF_RELOCS)
		*virt = kaslr_virt(p->kernel_load_addr, p->kernel_window, align,
				   random_u64(&src) ^ (rnd >> 32), &vslots);
	else
		vslots = 1;
	*kaslr = 1;
	con_printf("lm64: KASLR (%s): %llu physical slots, %llu virtual slots\n", src, (ull)pslots,
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

static void inflate_kernel(const struct handoff *h, const struct loader_patch *p, uint64_t dest)
{
	uint64_t want = (uint64_t)p->elf_size + p->reloc_size;
	size_t got = 0;
	if (want > p->kernel_window)
		fatal("kernel payload: %u ELF + %u relocation bytes exceed the kernel window 0x%llx",
		      p->elf_size, p->reloc_size, (ull)p->kernel_window);
	enum inflate_result r = inflate_gzip((const uint8_t *)(uintptr_t)h->kernel_gz, p->kernel.bytes,
					     (uint8_t *)(uintptr_t)dest, p->kernel_window, &got);
	if (r != INFLATE_OK)
		fatal("kernel payload: %s (%sresult %d; %u compressed bytes at 0x%llx, %llu bytes decoded "
		      "to 0x%llx)", inflate_strerror(r), trailer_note(r), (int)r, p->kernel.bytes,
		      (ull)h->kernel_gz, (ull)got, (ull)dest);
	if (got != want)
		fatal("kernel payload: decompressed %llu bytes, the patch table says %u ELF + %u "
		      "relocation bytes", (ull)got, p->elf_size, p->reloc_size);
}

/* Segments: in RAM, clear of the loader (at their link address unless the kernel is
 * relocatable, at the window otherwise); then moved into place. */
static void load_segments(const struct loader_patch *p, const struct kimage *ki, uint64_t dest)
{
	int relocatable = p->flags & LBF_RELOCATABLE;
	uint64_t base = relocatable ? dest : ki->link_base;
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		check_free("kernel PT_LOAD", base + (s->paddr - ki->link_base), s->memsz);
	}
	if (!relocatable && dest != ki->link_base)
		fatal("kernel ELF: not relocatable, linked at 0x%llx but its window is at 0x%llx",
		      (ull)ki->link_base, (ull)dest);
	if (ki->link_base != p->kernel_load_addr)
		fatal("kernel ELF: lowest PT_LOAD at 0x%llx, the patch table says 0x%llx",
		      (ull)ki->link_base, (ull)p->kernel_load_addr);
	if (ki->link_end - ki->link_base > p->kernel_window)
		fatal("kernel ELF: segments span 0x%llx bytes, more than the kernel window 0x%llx",
		      (ull)(ki->link_end - ki->link_base), (ull)p->kernel_window);
	kelf_move((uint8_t *)(uintptr_t)dest, ki);
}

static void relocate(const struct loader_patch *p, const struct kimage *ki, uint64_t dest,
		     uint64_t virt)
{
	/* x86-64 Linux fixes up its physical placement itself: only the virtual offset is applied.
	 * Other relocatable kernels are identity-linked: the physical delta is applied. */
	uint64_t delta = (p->flags & LBF_LINUX) ? virt : dest - ki->link_base;
	if (!(p->flags & LBF_RELOCS) || !p->reloc_size) {
		if (delta)
			fatal("kernel relocations: none in the payload, yet 0x%llx must be applied",
			      (ull)delta);
		return;
	}
	uint8_t *image = (uint8_t *)(uintptr_t)dest;
	struct reloc_counts n;
	if (reloc_apply(image, ki->data_end - ki->link_base, ki->vbase, image + p->elf_size,
			p->reloc_size, delta, &n, err, sizeof err))
		fatal("kernel relocations: %s", err);
	con_printf("lm64: relocations: %llu 32-bit, %llu inverse, %llu 64-bit, delta 0x%llx\n",
		   (ull)n.r32, (ull)n.inv32, (ull)n.r64, (ull)delta);
}

/* The ranges the kernel must not take (low memory, payloads, used[]), and the identity map
 * above 4 GiB, whose table pages must not land in the default kernel window either. */
static void reserve_and_map(const struct handoff *h, const struct loader_patch *p)
{
	add_avoid(0, LB_HIGH_MIN);
	add_avoid(h->kernel_gz, p->kernel.bytes);
	if (p->initrd.bytes)
		add_avoid(h->initrd, p->initrd.bytes);
	for (unsigned i = 0; i < h->nr_used && i < HANDOFF_MAX_USED; i++)
		if (h->used[i].base != h->kernel_dest) /* the kernel window itself is ours */
			add_avoid(h->used[i].base, h->used[i].size);
	unsigned navoid = mm.navoid;
	add_avoid(h->kernel_dest, p->kernel_window); /* page tables must not land in it */
	struct lb_range pt = highmap_map_ram(&mm);
	mm.navoid = navoid;
	add_avoid(pt.base, pt.size);
}

void lm64_main(struct handoff *h)
{
	static struct boot_params blank; /* for the console when the handoff is bad */
	uint64_t t_entry = rdtsc();
	if (h->magic != HANDOFF_MAGIC) {
		con_init(&blank);
		fatal("handoff at 0x%llx: magic 0x%08x, want 0x%08x", (ull)(uintptr_t)h, h->magic,
		      HANDOFF_MAGIC);
	}
	struct boot_params *bp = (struct boot_params *)(uintptr_t)h->boot_params;
	struct loader_patch *p = (struct loader_patch *)(uintptr_t)h->patch;
	con_init(bp);
	con_printf("longboot lm64\n");
	if (!h->tsc[MARK_LM64])
		h->tsc[MARK_LM64] = t_entry;
	if (p->magic != LOADER_PATCH_MAGIC || p->version != LOADER_PATCH_VERSION)
		fatal("patch table at 0x%llx: magic 0x%08x version %u, want 0x%08x version %u",
		      (ull)(uintptr_t)p, p->magic, p->version, LOADER_PATCH_MAGIC, LOADER_PATCH_VERSION);
	if (!bp->e820_entries || bp->e820_entries > E820_MAX_ZEROPAGE)
		fatal("boot_params: %u E820 entries", bp->e820_entries);
	mm = (struct memmap){ bp->e820_table, bp->e820_entries, avoid, 0 };

	reserve_and_map(h, p);
	check_initrd(h, p);

	uint64_t virt;
	int kaslr;
	uint64_t dest = place_kernel(h, p, &virt, &kaslr);
	check_free("kernel window", dest, p->kernel_window);
	uint64_t inflate_start = rdtsc();
	inflate_kernel(h, p, dest);
	h->tsc[MARK_INFLATE] = rdtsc();

	struct kimage ki;
	if (kelf_parse((const uint8_t *)(uintptr_t)dest, p->elf_size, &ki, err, sizeof err))
		fatal("kernel ELF: %s", err);
	load_segments(p, &ki, dest);
	h->tsc[MARK_ELF] = rdtsc();
	relocate(p, &ki, dest, virt);
	kelf_zero_bss((uint8_t *)(uintptr_t)dest, &ki); /* after relocating: bss may cover the table */
	h->tsc[MARK_RELOC] = rdtsc();

	uint64_t entry = ki.entry - ki.link_base + dest;
	bootparams_fill(bp, h, p, dest, virt, kaslr);
	con_printf("lm64: kernel at phys 0x%llx virt offset 0x%llx, entry 0x%llx\n", (ull)dest,
		   (ull)virt, (ull)entry);
	h->tsc[MARK_HANDOFF] = rdtsc();
	if (!(p->flags & LBF_NO_TIMING))
		timing_print(h, inflate_start);
	con_sync_cursor(bp);
	serial_drain();
	lm64_handed_off = 1;
	lm64_jump_kernel(entry, (uint64_t)(uintptr_t)bp);
}
