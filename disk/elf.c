/* elf.c: checks that an ELF64 file is an x86-64 executable lm64 can place (host). Each failed
 * check dies with its own message naming the offending value. */
#include <stdlib.h>
#include <string.h>
#include "mkdisk.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_LOAD 1
#define PF_X 1

struct seg {
	uint64_t offset, paddr, vaddr, filesz, memsz;
	uint32_t flags;
	unsigned index;
};

static int by_paddr(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;
	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

static void check_header(const char *what, const uint8_t *p, size_t n)
{
	if (n < 4 || memcmp(p, "\x7f" "ELF", 4))
		die(what, "not an ELF file (no \\x7fELF magic)");
	if (n < EHDR_SIZE)
		die(what, "truncated ELF header: %zu bytes, need %d", n, EHDR_SIZE);
	if (p[4] != 2)
		die(what, "ELF class %u, need ELFCLASS64 (2): a 64-bit kernel", p[4]);
	if (p[5] != 1)
		die(what, "ELF data encoding %u, need little-endian (1)", p[5]);
	if (le16(p + 18) != EM_X86_64)
		die(what, "e_machine %u, need EM_X86_64 (62)", le16(p + 18));
	if (le16(p + 16) != ET_EXEC)
		die(what, "e_type %u, need ET_EXEC (2)", le16(p + 16));
}

/* Reads the program headers into segs[] (PT_LOAD only); returns how many. */
static unsigned read_loads(const char *what, const uint8_t *p, size_t n, struct seg *segs,
			   unsigned *nr_ph)
{
	uint64_t phoff = le64(p + 32);
	unsigned phentsize = le16(p + 54), phnum = le16(p + 56), nr = 0;
	if (phnum == 0)
		die(what, "no program headers (e_phnum 0)");
	if (phentsize != PHDR_SIZE)
		die(what, "e_phentsize %u, need %d", phentsize, PHDR_SIZE);
	if (phoff > n || (uint64_t)phnum * PHDR_SIZE > n - phoff)
		die(what, "program headers at 0x%llx (%u x %u bytes) run past the end of the file (%zu bytes)",
		    (unsigned long long)phoff, phnum, phentsize, n);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = p + phoff + (uint64_t)i * PHDR_SIZE;
		if (le32(ph) != PT_LOAD)
			continue;
		struct seg *s = &segs[nr++];
		s->index = i;
		s->flags = le32(ph + 4);
		s->offset = le64(ph + 8);
		s->vaddr = le64(ph + 16);
		s->paddr = le64(ph + 24);
		s->filesz = le64(ph + 32);
		s->memsz = le64(ph + 40);
		if (s->offset > n || s->filesz > n - s->offset)
			die(what, "PT_LOAD %u: file bytes 0x%llx+0x%llx run past the end of the file (%zu bytes)",
			    i, (unsigned long long)s->offset, (unsigned long long)s->filesz, n);
		if (s->filesz > s->memsz)
			die(what, "PT_LOAD %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
			    (unsigned long long)s->filesz, (unsigned long long)s->memsz);
		if (s->paddr < LB_HIGH_MIN)
			die(what, "PT_LOAD %u: p_paddr 0x%llx is below 1 MiB (would overwrite the loader)", i,
			    (unsigned long long)s->paddr);
		if (s->paddr + s->memsz < s->paddr || s->vaddr + s->memsz < s->vaddr)
			die(what, "PT_LOAD %u: p_paddr 0x%llx + p_memsz 0x%llx wraps around", i,
			    (unsigned long long)s->paddr, (unsigned long long)s->memsz);
	}
	*nr_ph = phnum;
	if (nr == 0)
		die(what, "no PT_LOAD program header");
	return nr;
}

void elf_check(const char *what, const uint8_t *p, size_t n, struct elf_info *out)
{
	unsigned nr_ph;
	check_header(what, p, n);
	struct seg *segs = xmalloc(sizeof(struct seg) * le16(p + 56));
	unsigned nr = read_loads(what, p, n, segs, &nr_ph);
	uint64_t entry = le64(p + 24), end = 0, file_end = le64(p + 32) + (uint64_t)nr_ph * PHDR_SIZE;
	int entry_ok = 0;

	qsort(segs, nr, sizeof *segs, by_paddr);
	uint64_t load = segs[0].paddr;
	for (unsigned i = 0; i < nr; i++) {
		const struct seg *s = &segs[i];
		if (i && s->paddr < segs[i - 1].paddr + segs[i - 1].memsz)
			die(what, "PT_LOAD %u (p_paddr 0x%llx) overlaps PT_LOAD %u (ends at 0x%llx)", s->index,
			    (unsigned long long)s->paddr, segs[i - 1].index,
			    (unsigned long long)(segs[i - 1].paddr + segs[i - 1].memsz));
		/* lm64 inflates the whole file at the load address and moves segments down
		 * (a segment without file bytes has nothing to move: it is only zeroed). */
		if (s->filesz && s->offset < s->paddr - load)
			die(what, "PT_LOAD %u: p_offset 0x%llx < p_paddr - load address 0x%llx, cannot be moved down in place",
			    s->index, (unsigned long long)s->offset, (unsigned long long)(s->paddr - load));
		if ((s->flags & PF_X) && ((entry >= s->paddr && entry - s->paddr < s->filesz) ||
					  (entry >= s->vaddr && entry - s->vaddr < s->filesz)))
			entry_ok = 1;
		if (s->paddr + s->memsz - load > end)
			end = s->paddr + s->memsz - load;
		if (s->offset + s->filesz > file_end)
			file_end = s->offset + s->filesz;
	}
	if (!entry_ok)
		die(what, "entry point 0x%llx is not inside an executable PT_LOAD", (unsigned long long)entry);

	uint64_t shoff = le64(p + 40);
	unsigned shnum = le16(p + 60), shentsize = le16(p + 58);
	if (shnum) {
		if (shentsize != SHDR_SIZE)
			die(what, "e_shentsize %u, need %d", shentsize, SHDR_SIZE);
		if (shoff > n || (uint64_t)shnum * SHDR_SIZE > n - shoff)
			die(what, "section headers at 0x%llx (%u x %u bytes) run past the end of the file (%zu bytes)",
			    (unsigned long long)shoff, shnum, shentsize, n);
		if (shoff + (uint64_t)shnum * SHDR_SIZE > file_end)
			file_end = shoff + (uint64_t)shnum * SHDR_SIZE;
	}
	if (end > 0xFFFFFFFFull)
		die(what, "segments span 0x%llx bytes from the load address, more than 4 GiB",
		    (unsigned long long)end);
	out->entry = entry;
	out->load_addr = load;
	out->span = end;
	out->file_size = file_end;
	out->nr_load = nr;
	free(segs);
}
