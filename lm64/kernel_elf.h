/* kernel_elf.h: moving an ELF64 kernel's PT_LOAD segments into place (pure C: built into lm64
 * and into the host tests). struct kimage and kelf_parse, the checks shared with mkdisk, are
 * in common/elfcheck.h. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>
#include "elfcheck.h"

/* The ELF file lies at dest: move each segment to dest + (p_paddr - link_base). */
void kelf_move(uint8_t *dest, const struct kimage *ki);

/* Zero each segment's [p_filesz, p_memsz) part at its destination. */
void kelf_zero_bss(uint8_t *dest, const struct kimage *ki);

#endif
