/* strip.c: of a plain ELF kernel, keep only what lm64 reads: the ELF header, the program
 * headers and the PT_LOAD file data (host). An unstripped vmlinux (Debian's -dbg package) is
 * mostly section headers, symbols and debug info that nobody at boot reads: the file is cut
 * after the last byte lm64 reads, the bytes between what it reads are zeroed (they then cost
 * almost nothing compressed), and the section header fields are cleared. Offsets stay as they
 * are, so the program headers need no change. Below STRIP_MIN of such bytes (a stripped
 * kernel: a few KiB of section headers) the file is packed byte for byte as it came. */
#include <string.h>
#include "mkdisk.h"

#define PHDR_SIZE 56
#define MAX_KEEP (KELF_MAX_SEGS + 2)
#define STRIP_MIN (1 * MiB)

struct span {
	uint64_t start, end;
};

uint64_t elf_keep_loaded(struct buf *elf, const struct kimage *ki)
{
	struct span keep[MAX_KEEP];
	unsigned n = 0;
	keep[n++] = (struct span){ 0, 64 };
	uint64_t phoff = le64(elf->p + 32);
	keep[n++] = (struct span){ phoff, phoff + (uint64_t)le16(elf->p + 56) * PHDR_SIZE };
	for (unsigned i = 0; i < ki->nseg; i++)
		keep[n++] = (struct span){ ki->seg[i].offset, ki->seg[i].offset + ki->seg[i].filesz };
	for (unsigned i = 1; i < n; i++) /* by start */
		for (unsigned j = i; j > 0 && keep[j].start < keep[j - 1].start; j--) {
			struct span t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	uint64_t dropped = 0;
	for (int pass = 0; pass < 2; pass++) { /* 0: count, 1: drop */
		uint64_t at = 0; /* end of what is kept so far */
		for (unsigned i = 0; i < n; i++) {
			if (keep[i].start > at && pass)
				memset(elf->p + at, 0, keep[i].start - at);
			else if (keep[i].start > at)
				dropped += keep[i].start - at;
			if (keep[i].end > at)
				at = keep[i].end;
		}
		if (!pass)
			dropped += elf->n - at;
		if (!pass && dropped < STRIP_MIN)
			return 0;
		if (pass)
			elf->n = at;
	}
	memset(elf->p + 40, 0, 8);  /* e_shoff */
	memset(elf->p + 58, 0, 6);  /* e_shentsize, e_shnum, e_shstrndx */
	return dropped;
}
