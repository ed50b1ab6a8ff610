/* elf.c: mkdisk's acceptance of a kernel payload (host). The ELF file and its relocation table
 * are checked by common/elfcheck.c, the code lm64 runs at boot, on the very bytes lm64 will
 * see; mkdisk adds what only the host can tell: where the ELF file ends (inside a bzImage
 * payload: where its relocation table starts) and whether its section headers are all there. */
#include <stdio.h>
#include <string.h>
#include "mkdisk.h"

#define SHDR_SIZE 64

/* End of the ELF file: program headers, segment data and section headers. Section headers
 * outside the file mean a file cut short: lm64 never reads them, only the host can tell. */
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
			snprintf(err, errlen, "e_shentsize %u, need %d", shentsize, SHDR_SIZE);
			return -1;
		}
		if (shoff > n || (uint64_t)shnum * SHDR_SIZE > n - shoff) {
			snprintf(err, errlen, "section headers at 0x%llx (%u x %u bytes) run past the end of "
				 "the file (%zu bytes)", (unsigned long long)shoff, shnum, shentsize, n);
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
	uint64_t end;
	if (has_relocs) { /* a plain ELF file is all ELF (elf_size n), whatever follows its end */
		if (elf_file_end(p, n, ki, &end, err, errlen))
			return -1;
		out->elf_size = end;
		out->reloc_size = n - end;
		if (kelf_parse(p, out->elf_size, ki, err, errlen)) /* what lm64 parses: elf_size bytes */
			return -1;
	}
	/* In lm64's order: the ELF, its segments at their link address, the relocations; then
	 * what lm64 cannot see. */
	if (kelf_check_low(ki, ki->link_base, err, errlen))
		return -1;
	if (out->reloc_size &&
	    reloc_walk(ki->data_end - ki->link_base, ki->vbase, p + out->elf_size, out->reloc_size,
		       0, 0, &out->relocs, err, errlen))
		return -1;
	if (!has_relocs && elf_file_end(p, n, ki, &end, err, errlen))
		return -1;
	return 0;
}
