/* elf.c: mkdisk's acceptance of a kernel payload (host). The ELF file and its relocation table
 * are checked by common/elfcheck.c, the code lm64 runs at boot, on the very bytes lm64 will
 * see; mkdisk adds what only the host needs: where the ELF file ends inside a bzImage payload
 * (so where its relocation table starts). */
#include <stdio.h>
#include <string.h>
#include "mkdisk.h"

#define SHDR_SIZE 64

/* End of the ELF file: program headers, segment data and section headers. */
static int elf_file_end(const uint8_t *p, size_t n, const struct kimage *ki, uint64_t *end,
			char *err, size_t errlen)
{
	uint64_t e = le64(p + 32) + (uint64_t)le16(p + 56) * 56, shoff = le64(p + 40);
	unsigned shnum = le16(p + 60), shentsize = le16(p + 58);
	for (unsigned i = 0; i < ki->nseg; i++)
		if (ki->seg[i].offset + ki->seg[i].filesz > e)
			e = ki->seg[i].offset + ki->seg[i].filesz;
	if (shnum) {
		if (shentsize != SHDR_SIZE) {
			snprintf(err, errlen, "ELF section header size %u, want %d", shentsize, SHDR_SIZE);
			return -1;
		}
		if (shoff > n || (uint64_t)shnum * SHDR_SIZE > n - shoff) {
			snprintf(err, errlen, "ELF section headers at 0x%llx (%u of them) lie outside the "
				 "%zu-byte payload", (unsigned long long)shoff, shnum, n);
			return -1;
		}
		if (shoff + (uint64_t)shnum * SHDR_SIZE > e)
			e = shoff + (uint64_t)shnum * SHDR_SIZE;
	}
	*end = e;
	return 0;
}

int payload_check(const uint8_t *p, size_t n, int has_relocs, struct payload *out, char *err,
		  size_t errlen)
{
	struct kimage *ki = &out->ki;
	memset(out, 0, sizeof *out);
	out->elf_size = n;
	if (kelf_parse(p, n, ki, err, errlen))
		return -1;
	if (has_relocs) {
		if (elf_file_end(p, n, ki, &out->elf_size, err, errlen))
			return -1;
		out->reloc_size = n - out->elf_size;
		if (kelf_parse(p, out->elf_size, ki, err, errlen)) /* what lm64 parses: elf_size bytes */
			return -1;
	}
	/* In lm64's order: the ELF, its segments at their link address, the relocations. */
	if (kelf_check_low(ki, ki->link_base, err, errlen))
		return -1;
	if (out->reloc_size &&
	    reloc_walk(ki->data_end - ki->link_base, ki->vbase, p + out->elf_size, out->reloc_size,
		       0, 0, &out->relocs, err, errlen))
		return -1;
	return 0;
}
