/* elfcheck.h: the one checker of a kernel's ELF64 file and Linux relocation table, shared by
 * lm64 (at boot) and mkdisk (when it builds an image): whatever mkdisk accepts, lm64 loads.
 * Freestanding (no libc, no allocation); messages are one line each, the same in both. */
#ifndef ELFCHECK_H
#define ELFCHECK_H
#include <stddef.h>
#include <stdint.h>

#define KELF_MAX_SEGS 16
#define KELF_MAX_SPAN 0x100000000ull /* segments span at most 4 GiB from the load address */

struct kseg {
	uint64_t offset, paddr, vaddr, filesz, memsz;
	uint32_t flags; /* PF_X 1, PF_W 2, PF_R 4 */
};

struct kimage {
	uint64_t entry;     /* physical entry as linked (e_entry, or its p_vaddr translated) */
	uint64_t link_base; /* lowest PT_LOAD p_paddr: file image offset 0 goes here */
	uint64_t link_end;  /* highest PT_LOAD p_paddr + p_memsz */
	uint64_t vbase;     /* p_vaddr of the lowest segment: what relocation entries are relative to */
	uint64_t data_end;  /* highest p_paddr + p_filesz (relocation targets lie below) */
	unsigned nseg;
	struct kseg seg[KELF_MAX_SEGS]; /* PT_LOAD with p_memsz != 0, ascending p_paddr */
};

/* Checks the ELF64 header (size, magic, class 64, little-endian, x86-64, ET_EXEC, program
 * headers in bounds) and the PT_LOADs with p_memsz != 0 (at most KELF_MAX_SEGS, file data in
 * the file and no more than p_memsz, no wrap-around, no overlap, file data at or after its
 * destination offset so moving down in ascending order is safe, a span of at most 4 GiB), and
 * that the entry lies in the file data of an executable PT_LOAD. 0 and *ki filled, or -1 with a
 * one-line reason in err. */
int kelf_parse(const uint8_t *elf, uint64_t size, struct kimage *ki, char *err, size_t errlen);

/* The segments placed from base (base + p_paddr - link_base) clear of the loader's low memory
 * (below LB_HIGH_MIN). lm64 checks this together with the E820 map when it places them. */
int kelf_check_low(const struct kimage *ki, uint64_t base, char *err, size_t errlen);

/* ---- the Linux x86-64 relocation table (arch/x86/tools/relocs output after vmlinux.bin) ----
 * An array of 32-bit little-endian entries read backwards from its end:
 *   32-bit list, 0, inverse 32-bit list, 0, 64-bit list, 0   (the last zero comes first).
 * Each entry is a link-time virtual address, sign-extended to 64 bits. */
enum { RELOC_32, RELOC_INV32, RELOC_64, RELOC_NR_LISTS };
struct reloc_counts { uint64_t r32, inv32, r64; };
typedef void (*reloc_fn)(uint64_t offset, int list, void *ctx);

/* Walks the table of an image linked at virtual vbase, whose targets must lie in
 * [0, image_len): the size a multiple of 4, each list zero-terminated, each target inside.
 * With fn, calls fn(target offset, list, ctx) for each entry, but only after the whole table
 * passed the checks. 0 and *n filled (n may be NULL), or -1 with a reason in err. */
int reloc_walk(uint64_t image_len, uint64_t vbase, const uint8_t *table, uint64_t table_len,
	       reloc_fn fn, void *ctx, struct reloc_counts *n, char *err, size_t errlen);

#endif
