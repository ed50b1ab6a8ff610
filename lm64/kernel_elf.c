/* kernel_elf.c: ELF64 kernel checks and segment placement (pure C, any 64-bit environment:
 * lm64 in long mode and the host tests). */
#include "kernel_elf.h"
#include "fmt.h"
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
	if (p->offset > size || p->filesz > size - p->offset)
		FAIL("PT_LOAD %u: file data 0x%llx+0x%llx lies outside the %llu-byte file", idx,
		     (ull)p->offset, (ull)p->filesz, (ull)size);
	if (p->paddr + p->memsz < p->paddr)
		FAIL("PT_LOAD %u: 0x%llx+0x%llx wraps around", idx, (ull)p->paddr, (ull)p->memsz);
	if (ki->nseg == KELF_MAX_SEGS)
		FAIL("more than %u PT_LOAD segments", KELF_MAX_SEGS);
	unsigned j = ki->nseg++;
	for (; j > 0 && ki->seg[j - 1].paddr > p->paddr; j--) /* insertion sort by paddr */
		ki->seg[j] = ki->seg[j - 1];
	ki->seg[j] = (struct kseg){ p->offset, p->paddr, p->vaddr, p->filesz, p->memsz, p->flags };
	return 0;
}

/* Entry as a physical address inside an executable segment: by p_paddr, else by p_vaddr. */
static int find_entry(struct kimage *ki, uint64_t e, char *err, size_t errlen)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if ((s->flags & PF_X) && e >= s->paddr && e - s->paddr < s->memsz)
			return ki->entry = e, 0;
	}
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if ((s->flags & PF_X) && e >= s->vaddr && e - s->vaddr < s->memsz)
			return ki->entry = e - s->vaddr + s->paddr, 0;
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
		if (p.type == PT_LOAD && p.memsz && add_segment(ki, &p, size, i, err, errlen))
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
	return find_entry(ki, h.entry, err, errlen);
}

/* memmove for dst < src in 8-byte words (emulators such as QEMU TCG and Bochs run rep movsb
 * a byte at a time; this is several times faster there). Forward word copies are safe for
 * any overlap when dst < src. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
static void copy_down(uint8_t *dst, const uint8_t *src, uint64_t n)
{
	if (((uintptr_t)dst | (uintptr_t)src) & 15) {
		memmove(dst, src, n);
		return;
	}
	typedef uint64_t v2 __attribute__((vector_size(16)));
	v2 *d = (v2 *)dst;
	const v2 *s = (const v2 *)src;
	uint64_t blocks = n / 16, i = 0;
	for (; i + 4 <= blocks; i += 4) { /* all four loads before the stores: still dst < src safe */
		v2 a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
		d[i] = a, d[i + 1] = b, d[i + 2] = c, d[i + 3] = e;
	}
	for (; i < blocks; i++)
		d[i] = s[i];
	for (uint64_t i = n & ~15ull; i < n; i++)
		dst[i] = src[i];
}

void kelf_move(uint8_t *dest, const struct kimage *ki)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		uint64_t to = s->paddr - ki->link_base;
		if (s->filesz && to != s->offset)
			copy_down(dest + to, dest + s->offset, s->filesz);
	}
}

void kelf_zero_bss(uint8_t *dest, const struct kimage *ki)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if (s->memsz > s->filesz)
			memset(dest + (s->paddr - ki->link_base) + s->filesz, 0, s->memsz - s->filesz);
	}
}
