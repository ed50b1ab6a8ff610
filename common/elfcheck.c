/* elfcheck.c: the ELF64 checks of elfcheck.h (freestanding: lm64 in long mode, mkdisk and the
 * host tests). */
#include "elfcheck.h"
#include "fmt.h"
#include "layout.h"
#include "mem.h"

#define PT_LOAD 1
#define PF_X 1
#define ET_EXEC 2
#define EM_X86_64 62

struct ehdr64 {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} __attribute__((packed));

struct phdr64 {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
} __attribute__((packed));

_Static_assert(sizeof(struct ehdr64) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct phdr64) == 56, "ELF64 program header is 56 bytes");

#define FAIL(...) do { fmt_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)
typedef unsigned long long ull;

static int check_header(const struct ehdr64 *h, uint64_t size, char *err, size_t errlen)
{
	if (memcmp(h->ident, "\177ELF", 4))
		FAIL("not an ELF file: magic %02x %02x %02x %02x", h->ident[0], h->ident[1],
		     h->ident[2], h->ident[3]);
	if (h->ident[4] != 2)
		FAIL("ELF class %u, want 2 (64-bit)", h->ident[4]);
	if (h->ident[5] != 1)
		FAIL("ELF data encoding %u, want 1 (little-endian)", h->ident[5]);
	if (h->machine != EM_X86_64)
		FAIL("ELF machine %u, want 62 (x86-64)", h->machine);
	if (h->type != ET_EXEC)
		FAIL("ELF type %u, want 2 (ET_EXEC)", h->type);
	if (h->phentsize != sizeof(struct phdr64))
		FAIL("ELF program header size %u, want 56", h->phentsize);
	if (!h->phnum)
		FAIL("ELF file has no program headers");
	if (h->phoff > size || (uint64_t)h->phnum * sizeof(struct phdr64) > size - h->phoff)
		FAIL("ELF program headers at 0x%llx (%u of them) lie outside the %llu-byte file",
		     (ull)h->phoff, h->phnum, (ull)size);
	return 0;
}

static int add_segment(struct kimage *ki, const struct phdr64 *p, uint64_t size, unsigned idx,
		       char *err, size_t errlen)
{
	if (p->filesz > p->memsz)
		FAIL("PT_LOAD %u: file size 0x%llx exceeds memory size 0x%llx", idx, (ull)p->filesz,
		     (ull)p->memsz);
	if (!p->memsz)
		return 0; /* occupies nothing: neither placed nor counted */
	if (p->offset > size || p->filesz > size - p->offset)
		FAIL("PT_LOAD %u: file data 0x%llx+0x%llx lies outside the %llu-byte file", idx,
		     (ull)p->offset, (ull)p->filesz, (ull)size);
	if (p->paddr + p->memsz < p->paddr)
		FAIL("PT_LOAD %u: 0x%llx+0x%llx wraps around", idx, (ull)p->paddr, (ull)p->memsz);
	if (p->vaddr + p->memsz < p->vaddr)
		FAIL("PT_LOAD %u: virtual 0x%llx+0x%llx wraps around", idx, (ull)p->vaddr, (ull)p->memsz);
	if (ki->nseg == KELF_MAX_SEGS)
		FAIL("more than %u PT_LOAD segments", KELF_MAX_SEGS);
	unsigned j = ki->nseg++;
	for (; j > 0 && ki->seg[j - 1].paddr > p->paddr; j--) /* insertion sort by paddr */
		ki->seg[j] = ki->seg[j - 1];
	ki->seg[j] = (struct kseg){ p->offset, p->paddr, p->vaddr, p->filesz, p->memsz, p->flags };
	return 0;
}

/* Whether e lies in [base, base + n). */
static int inside(uint64_t e, uint64_t base, uint64_t n)
{
	return e >= base && e - base < n;
}

/* Entry as a physical address in the file data of an executable segment: by p_paddr, else by
 * p_vaddr. */
static int find_entry(struct kimage *ki, uint64_t e, char *err, size_t errlen)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if ((s->flags & PF_X) && inside(e, s->paddr, s->filesz))
			return ki->entry = e, 0;
	}
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if ((s->flags & PF_X) && inside(e, s->vaddr, s->filesz))
			return ki->entry = e - s->vaddr + s->paddr, 0;
	}
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if ((s->flags & PF_X) && (inside(e, s->paddr, s->memsz) || inside(e, s->vaddr, s->memsz)))
			FAIL("entry point 0x%llx lies in the zero-filled part of an executable PT_LOAD",
			     (ull)e);
	}
	FAIL("entry point 0x%llx lies outside every executable PT_LOAD", (ull)e);
}

int kelf_parse(const uint8_t *elf, uint64_t size, struct kimage *ki, char *err, size_t errlen)
{
	struct ehdr64 h;
	memset(ki, 0, sizeof *ki);
	if (size < sizeof h)
		FAIL("ELF file of %llu bytes is shorter than its 64-byte header", (ull)size);
	memcpy(&h, elf, sizeof h);
	if (check_header(&h, size, err, errlen))
		return -1;
	for (unsigned i = 0; i < h.phnum; i++) {
		struct phdr64 p;
		memcpy(&p, elf + h.phoff + (uint64_t)i * sizeof p, sizeof p);
		if (p.type == PT_LOAD && add_segment(ki, &p, size, i, err, errlen))
			return -1;
	}
	if (!ki->nseg)
		FAIL("ELF file has no PT_LOAD segment");
	ki->link_base = ki->seg[0].paddr;
	ki->vbase = ki->seg[0].vaddr;
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		uint64_t end = s->paddr + s->memsz, dest_off = s->paddr - ki->link_base;
		if (i + 1 < ki->nseg && end > ki->seg[i + 1].paddr)
			FAIL("PT_LOAD at 0x%llx+0x%llx overlaps the one at 0x%llx", (ull)s->paddr,
			     (ull)s->memsz, (ull)ki->seg[i + 1].paddr);
		if (s->filesz && s->offset < dest_off)
			FAIL("PT_LOAD at 0x%llx: file data at offset 0x%llx lies below its destination "
			     "offset 0x%llx (cannot be moved down in place)", (ull)s->paddr,
			     (ull)s->offset, (ull)dest_off);
		if (end > ki->link_end)
			ki->link_end = end;
		if (s->paddr + s->filesz > ki->data_end)
			ki->data_end = s->paddr + s->filesz;
	}
	if (ki->link_end - ki->link_base > KELF_MAX_SPAN)
		FAIL("PT_LOAD segments span 0x%llx bytes from the load address 0x%llx, more than 4 GiB",
		     (ull)(ki->link_end - ki->link_base), (ull)ki->link_base);
	return find_entry(ki, h.entry, err, errlen);
}

int kelf_check_low(const struct kimage *ki, uint64_t base, char *err, size_t errlen)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		uint64_t at = base + (s->paddr - ki->link_base);
		if (at < LB_HIGH_MIN)
			FAIL("kernel PT_LOAD at 0x%llx+0x%llx overlaps the loader's low memory (below 0x%x)",
			     (ull)at, (ull)s->memsz, LB_HIGH_MIN);
	}
	return 0;
}
