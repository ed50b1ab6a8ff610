/* kernel_elf.h: checking an ELF64 kernel image and moving its PT_LOAD segments into place
 * (pure C: built into lm64 and into the host tests). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>

#define KELF_MAX_SEGS 16

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

/* Checks the ELF64 header (magic, class 64, little-endian, x86-64, ET_EXEC, program headers
 * in bounds), the PT_LOADs (data in the file, no overlap, file data at or after its
 * destination offset so moving down in ascending order is safe) and that the entry lies in
 * an executable PT_LOAD. 0 and *ki filled, or -1 with a one-line reason in err. */
int kelf_parse(const uint8_t *elf, uint64_t size, struct kimage *ki, char *err, size_t errlen);

/* The ELF file lies at dest: move each segment to dest + (p_paddr - link_base). */
void kelf_move(uint8_t *dest, const struct kimage *ki);

/* Zero each segment's [p_filesz, p_memsz) part at its destination. */
void kelf_zero_bss(uint8_t *dest, const struct kimage *ki);

#endif
