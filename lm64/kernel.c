/* kernel.c: one entry's kernel, 64-bit, after its payloads were placed and read: choose the
 * load address (KASLR), inflate, check the ELF, move the segments into place, relocate, zero
 * the bss, fill boot_params. Every fault is the entry's (entry_fail): the menu, or the next
 * entry, follows; nothing here halts. */
#include "lm64.h"
#include "inflate.h"
#include "unpack.h"
#include "kaslr.h"
#include "kernel_elf.h"
#include "reloc.h"
#include "config.h"

typedef unsigned long long ull;

static char err[160];

static int overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return an && bn && a < b + bn && b < a + an;
}

/* -1 (entry_fail) when [base, base+size) is not usable RAM or meets a range the loader holds
 * (m's avoid list: low memory, the page tables) or the entry's other payloads. */
static int check_free(const struct boot *b, const struct memmap *m, const char *what, uint64_t base,
		      uint64_t size)
{
	if (base < LB_HIGH_MIN)
		return entry_fail("%s at 0x%llx+0x%llx overlaps the loader's low memory (below 0x%x)", what,
				  (ull)base, (ull)size, LB_HIGH_MIN);
	if (!memmap_is_ram(m, base, size))
		return entry_fail("%s at 0x%llx+0x%llx is not RAM in the E820 map", what, (ull)base, (ull)size);
	for (unsigned i = 0; i < m->navoid; i++)
		if (overlaps(base, size, m->avoid[i].base, m->avoid[i].size))
			return entry_fail("%s at 0x%llx+0x%llx overlaps loader data at 0x%llx+0x%llx", what,
					  (ull)base, (ull)size, (ull)m->avoid[i].base, (ull)m->avoid[i].size);
	for (unsigned i = PLACED_INITRD; i < PLACED_COUNT; i++)
		if (overlaps(base, size, b->placed[i].base, b->placed[i].size))
			return entry_fail("%s at 0x%llx+0x%llx overlaps loader data at 0x%llx+0x%llx", what,
					  (ull)base, (ull)size, (ull)b->placed[i].base, (ull)b->placed[i].size);
	return 0;
}

/* Physical load address, and the virtual offset (KASLR) for a relocatable Linux kernel. The
 * window place.c chose is the fallback: KASLR off, or no slot found. */
static uint64_t place_kernel(const struct boot *b, const struct memmap *held, uint64_t *virt, int *kaslr)
{
	const char *cmdline = (const char *)(uintptr_t)b->cmdline, *src;
	uint64_t fallback = b->placed[PLACED_WINDOW].base, dest = fallback, pslots, vslots;
	*virt = 0, *kaslr = 0;
	if ((b->kflags & (LBK_LINUX | LBK_RELOCATABLE)) != (LBK_LINUX | LBK_RELOCATABLE))
		return dest;
	if (cmdline_has_word(cmdline, "nokaslr")) {
		con_note("lm64: KASLR off (nokaslr)\n");
		return dest;
	}
	struct lb_range avoid[8 + PLACED_COUNT];
	struct memmap m = { held->map, held->n, avoid, 0 };
	for (unsigned i = 0; i < held->navoid && m.navoid < 8; i++)
		avoid[m.navoid++] = held->avoid[i];
	avoid[m.navoid++] = b->placed[PLACED_INITRD];
	avoid[m.navoid++] = b->placed[PLACED_KERNEL_GZ];
	uint64_t align = b->kernel_align;
	uint64_t rnd = random_u64(&src), max = memmap_ram_end(&m), mem = cmdline_mem_limit(cmdline);
	if (mem && mem < max)
		max = mem; /* the kernel ignores RAM above mem=: it must not sit there */
	if (kaslr_phys(&m, b->kernel_window, align, b->kernel_load_addr, max, rnd, &pslots, &dest))
		dest = fallback;
	if (b->kflags & LBK_RELOCS)
		*virt = kaslr_virt(b->kernel_load_addr, b->kernel_window, align,
				   random_u64(&src) ^ (rnd >> 32), &vslots);
	else
		vslots = 1;
	*kaslr = 1;
	con_note("lm64: KASLR (%s): %llu physical slots, %llu virtual slots\n", src, (ull)pslots,
		 (ull)vslots);
	return dest;
}

/* What a gzip trailer failure means for the boot (inflate's reason names only the check). */
static const char *trailer_note(const struct unpack_result *r)
{
	if (r->format == UNPACK_GZIP && r->code == INFLATE_ERR_GZIP_CRC)
		return "gzip CRC-32 mismatch: the kernel was damaged on disk or in memory; ";
	if (r->format == UNPACK_GZIP && r->code == INFLATE_ERR_GZIP_ISIZE)
		return "gzip ISIZE mismatch: the kernel's length is wrong; ";
	return "";
}

/* The payload (gzip, or a bzImage's own xz, lzma, bzip2, lz4, lzo or zstd payload with its
 * size after it) decoded into the window by our decoders (unpack/). */
static int decode_kernel(struct boot *b, uint64_t dest)
{
	uint64_t want = (uint64_t)b->elf_size + b->reloc_size, gz = b->placed[PLACED_KERNEL_GZ].base;
	const uint8_t *in = (const uint8_t *)(uintptr_t)gz;
	struct unpack_result r;
	if (want > b->kernel_window)
		return entry_fail("kernel payload: %u ELF + %u relocation bytes exceed the kernel window 0x%llx",
				  b->elf_size, b->reloc_size, (ull)b->kernel_window);
	enum unpack_format f = unpack_detect(in, b->kernel_gz_bytes);
	b->format = unpack_format_name(f);
	if (unpack(in, b->kernel_gz_bytes, (uint8_t *)(uintptr_t)dest, b->kernel_window, b->work,
		   f == UNPACK_GZIP ? 0 : UNPACK_SIZE_TRAILER, &r)) {
		if (f == UNPACK_GZIP && r.code > 0)
			return entry_fail("kernel payload: %s (%sresult %d; %u compressed bytes at 0x%llx, %llu bytes "
					  "decoded to 0x%llx)", r.reason, trailer_note(&r), r.code,
					  b->kernel_gz_bytes, (ull)gz, (ull)r.out_len, (ull)dest);
		return entry_fail("kernel payload: %s: %s (result %d; %u compressed bytes at 0x%llx, %llu bytes "
				  "decoded to 0x%llx)", b->format, r.reason, r.code, b->kernel_gz_bytes, (ull)gz,
				  (ull)r.out_len, (ull)dest);
	}
	if (r.out_len != want)
		return entry_fail("kernel payload: decompressed %llu bytes, mkdisk recorded %u ELF + %u "
				  "relocation bytes", (ull)r.out_len, b->elf_size, b->reloc_size);
	con_note("lm64: kernel payload: %s, %u bytes -> %llu\n", b->format, b->kernel_gz_bytes, (ull)r.out_len);
	return 0;
}

/* Segments: in RAM, clear of the loader (at their link address unless the kernel is
 * relocatable, at the window otherwise); then moved into place. */
static int load_segments(const struct boot *b, const struct memmap *m, const struct kimage *ki,
			 uint64_t dest)
{
	int relocatable = b->kflags & LBK_RELOCATABLE;
	uint64_t base = relocatable ? dest : ki->link_base;
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if (check_free(b, m, "kernel PT_LOAD", base + (s->paddr - ki->link_base), s->memsz))
			return -1;
	}
	if (!relocatable && dest != ki->link_base)
		return entry_fail("kernel ELF: not relocatable, linked at 0x%llx but its window is at 0x%llx",
				  (ull)ki->link_base, (ull)dest);
	if (ki->link_base != b->kernel_load_addr)
		return entry_fail("kernel ELF: lowest PT_LOAD at 0x%llx, mkdisk recorded 0x%llx",
				  (ull)ki->link_base, (ull)b->kernel_load_addr);
	if (ki->link_end - ki->link_base > b->kernel_window)
		return entry_fail("kernel ELF: segments span 0x%llx bytes, more than the kernel window 0x%llx",
				  (ull)(ki->link_end - ki->link_base), (ull)b->kernel_window);
	kelf_move((uint8_t *)(uintptr_t)dest, ki);
	return 0;
}

static int relocate(const struct boot *b, const struct kimage *ki, uint64_t dest, uint64_t virt)
{
	/* x86-64 Linux fixes up its physical placement itself: only the virtual offset is applied.
	 * Other relocatable kernels are identity-linked: the physical delta is applied. */
	uint64_t delta = (b->kflags & LBK_LINUX) ? virt : dest - ki->link_base;
	if (!(b->kflags & LBK_RELOCS) || !b->reloc_size) {
		if (delta)
			return entry_fail("kernel relocations: none in the payload, yet 0x%llx must be applied",
					  (ull)delta);
		return 0;
	}
	uint8_t *image = (uint8_t *)(uintptr_t)dest;
	struct reloc_counts n;
	if (reloc_apply(image, ki->data_end - ki->link_base, ki->vbase, image + b->elf_size,
			b->reloc_size, delta, &n, err, sizeof err))
		return entry_fail("kernel relocations: %s", err);
	con_note("lm64: relocations: %llu 32-bit, %llu inverse, %llu 64-bit, delta 0x%llx\n",
		 (ull)n.r32, (ull)n.inv32, (ull)n.r64, (ull)delta);
	return 0;
}

uint64_t kernel_load(struct boot *b, struct memmap *m)
{
	struct boot_params *bp = (struct boot_params *)(uintptr_t)b->h->boot_params;
	uint64_t virt;
	int kaslr;
	uint64_t dest = place_kernel(b, m, &virt, &kaslr);
	if (check_free(b, m, "kernel window", dest, b->kernel_window))
		return 0;
	b->t_inflate_start = rdtsc();
	if (decode_kernel(b, dest))
		return 0;
	b->t_inflate = rdtsc();

	struct kimage ki;
	if (kelf_parse((const uint8_t *)(uintptr_t)dest, b->elf_size, &ki, err, sizeof err)) {
		entry_fail("kernel ELF: %s", err);
		return 0;
	}
	if (load_segments(b, m, &ki, dest))
		return 0;
	b->t_elf = rdtsc();
	if (relocate(b, &ki, dest, virt))
		return 0;
	kelf_zero_bss((uint8_t *)(uintptr_t)dest, &ki); /* after relocating: bss may cover the table */
	b->t_reloc = rdtsc();

	uint64_t entry = ki.entry - ki.link_base + dest;
	bootparams_fill(bp, b, dest, virt, kaslr);
	con_note("lm64: kernel at phys 0x%llx virt offset 0x%llx, entry 0x%llx\n", (ull)dest,
		 (ull)virt, (ull)entry);
	return entry;
}
