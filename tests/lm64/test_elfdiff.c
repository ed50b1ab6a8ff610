/* test_elfdiff.c: mkdisk and lm64 agree on every kernel payload. The same mutated ELF files and
 * relocation tables go to mkdisk's acceptance (disk/elf.c: payload_check) and to lm64's loader
 * path (the calls lm64/main.c makes, in its order: kelf_parse on the inflated payload, the
 * segments clear of low memory at their link address, the patch-table facts mkdisk wrote,
 * kelf_move, reloc_apply, kelf_zero_bss); the verdict and the message must be the same, and the
 * expected ones. mkdisk alone refuses what only the host can tell (host_only()). */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "kernel_elf.h"
#include "mkdisk.h"
#include "reloc.h"

#define MAX_PH 64
#define BASE 0x200000ull

struct spec {
	unsigned nph, phnum, phentsize;
	uint8_t cls, data, ident0;
	uint16_t type, machine;
	uint64_t entry, phoff;
	struct { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz; } ph[MAX_PH];
	uint64_t file_len;            /* 0: up to the end of the last segment's data (base()) */
	const uint32_t *relocs;       /* the relocation table after the ELF (bzImage payload) */
	unsigned nrelocs;
	unsigned reloc_extra;         /* bytes after the table (a size not a multiple of 4) */
};

/* n PT_LOADs, RX then RW: segment i at BASE + i * 0x1000 (file offset 0x1000 + i * 0x1000),
 * 0x100 bytes of file data, 0x200 in memory. Entry BASE + 0x10. */
static struct spec base(unsigned n)
{
	struct spec s;
	memset(&s, 0, sizeof s);
	s.nph = s.phnum = n, s.phentsize = 56, s.cls = 2, s.data = 1, s.ident0 = 0x7f;
	s.type = 2, s.machine = 62, s.entry = BASE + 0x10, s.phoff = 64;
	for (unsigned i = 0; i < n; i++) {
		s.ph[i].type = 1, s.ph[i].flags = i ? 6 : 5;
		s.ph[i].offset = 0x1000 + i * 0x1000ull;
		s.ph[i].vaddr = s.ph[i].paddr = BASE + i * 0x1000ull;
		s.ph[i].filesz = 0x100, s.ph[i].memsz = 0x200;
	}
	return s;
}

static uint8_t *build(const struct spec *s, size_t *elf_len, size_t *total)
{
	size_t n = (size_t)s->nph * 0x1000 + 0x100; /* ends with the last segment's data */
	if (s->file_len)
		n = s->file_len;
	size_t all = n + s->nrelocs * 4 + s->reloc_extra;
	uint8_t *p = calloc(1, all + 1);
	uint8_t h[64] = { s->ident0, 'E', 'L', 'F', s->cls, s->data, 1 };
	memcpy(h + 16, &s->type, 2), memcpy(h + 18, &s->machine, 2);
	memcpy(h + 24, &s->entry, 8), memcpy(h + 32, &s->phoff, 8);
	uint16_t ehsize = 64, phentsize = (uint16_t)s->phentsize, phnum = (uint16_t)s->phnum;
	memcpy(h + 52, &ehsize, 2), memcpy(h + 54, &phentsize, 2), memcpy(h + 56, &phnum, 2);
	memcpy(p, h, n < 64 ? n : 64);
	for (unsigned i = 0; i < s->nph; i++) {
		uint8_t ph[56] = { 0 };
		memcpy(ph, &s->ph[i].type, 4), memcpy(ph + 4, &s->ph[i].flags, 4);
		memcpy(ph + 8, &s->ph[i].offset, 8), memcpy(ph + 16, &s->ph[i].vaddr, 8);
		memcpy(ph + 24, &s->ph[i].paddr, 8), memcpy(ph + 32, &s->ph[i].filesz, 8);
		memcpy(ph + 40, &s->ph[i].memsz, 8);
		size_t at = 64 + 56 * (size_t)i;
		if (at < n)
			memcpy(p + at, ph, n - at < 56 ? n - at : 56);
	}
	for (size_t i = 0x1000; i < n; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	if (s->nrelocs)
		memcpy(p + n, s->relocs, s->nrelocs * 4);
	*elf_len = n, *total = all;
	return p;
}

/* lm64: what main.c does with a payload of elf_size + reloc_size bytes inflated at dest, and
 * with the patch table mkdisk wrote for it (load address, window). */
static int lm64_path(const uint8_t *payload, uint64_t elf_size, uint64_t reloc_size,
		     const struct payload *mk, int mk_ok, char *err, size_t errlen)
{
	struct kimage ki;
	if (kelf_parse(payload, elf_size, &ki, err, errlen))
		return -1;
	if (kelf_check_low(&ki, ki.link_base, err, errlen)) /* check_free at boot: the same words */
		return -1;
	uint64_t span = ki.link_end - ki.link_base, payload_len = elf_size + reloc_size;
	uint64_t window = kernel_window(span, payload_len, 0); /* no image: room for both */
	if (mk_ok) { /* the patch table mkdisk wrote: load_segments' and inflate_kernel's checks */
		window = kernel_window(mk->ki.link_end - mk->ki.link_base, payload_len, 0);
		CHECK(ki.link_base == mk->ki.link_base, "load address: lm64 0x%llx, mkdisk 0x%llx",
		      (unsigned long long)ki.link_base, (unsigned long long)mk->ki.link_base);
		CHECK(span <= window && payload_len <= window, "span 0x%llx, payload 0x%llx, window 0x%llx",
		      (unsigned long long)span, (unsigned long long)payload_len,
		      (unsigned long long)window);
	}
	if (window > 64 * MiB)
		return 0;
	uint8_t *dest = calloc(1, window);
	memcpy(dest, payload, elf_size + reloc_size);
	kelf_move(dest, &ki);
	int r = 0;
	if (reloc_size)
		r = reloc_apply(dest, ki.data_end - ki.link_base, ki.vbase, dest + elf_size, reloc_size,
				0x40000000, 0, err, errlen);
	if (!r)
		kelf_zero_bss(dest, &ki);
	free(dest);
	return r;
}

static unsigned cases;

/* want: NULL to accept, else the whole message both must give. */
static void same(const char *name, const struct spec *s, const char *want)
{
	size_t elf_len, total;
	uint8_t *p = build(s, &elf_len, &total);
	int bz = s->nrelocs || s->reloc_extra;
	struct payload mk;
	char mk_err[256] = "", lm_err[256] = "";
	int mk_r = payload_check(p, total, bz, &mk, mk_err, sizeof mk_err);
	if (!mk_r && bz)
		CHECK_EQ(mk.elf_size, elf_len);
	int lm_r = lm64_path(p, elf_len, total - elf_len, &mk, mk_r == 0, lm_err, sizeof lm_err);
	CHECK(mk_r == lm_r && !strcmp(mk_err, lm_err), "%s: mkdisk %d '%s', lm64 %d '%s'", name, mk_r,
	      mk_err, lm_r, lm_err);
	if (want)
		CHECK(mk_r == -1 && !strcmp(mk_err, want), "%s: '%s', want '%s'", name, mk_err, want);
	else
		CHECK(mk_r == 0, "%s: refused: '%s'", name, mk_err);
	cases++;
	free(p);
}

/* One field of the ELF header changed: the header checks, in lm64's order. */
enum field { IDENT0, CLASS, DATA, MACHINE, TYPE, PHENTSIZE, FILE_LEN, PHOFF };
static const struct {
	const char *name;
	unsigned nph;
	enum field field;
	uint64_t value;
	const char *want;
} header[] = {
	{ "magic", 1, IDENT0, 0x7e, "not an ELF file: magic 7e 45 4c 46" },
	{ "class 32", 1, CLASS, 1, "ELF class 1, want 2 (64-bit)" },
	{ "big-endian", 1, DATA, 2, "ELF data encoding 2, want 1 (little-endian)" },
	{ "i386", 1, MACHINE, 3, "ELF machine 3, want 62 (x86-64)" },
	{ "ET_DYN", 1, TYPE, 3, "ELF type 3, want 2 (ET_EXEC)" },
	{ "phentsize", 1, PHENTSIZE, 32, "ELF program header size 32, want 56" },
	{ "header cut", 1, FILE_LEN, 40, "ELF file of 40 bytes is shorter than its 64-byte header" },
	{ "phdr table cut", 3, FILE_LEN, 64 + 56 * 3 - 8,
	  "ELF program headers at 0x40 (3 of them) lie outside the 224-byte file" },
	{ "phoff wraps", 1, PHOFF, ~0ull - 10,
	  "ELF program headers at 0xfffffffffffffff5 (1 of them) lie outside the 4352-byte file" },
};

static void header_cases(void)
{
	for (unsigned i = 0; i < sizeof header / sizeof header[0]; i++) {
		struct spec s = base(header[i].nph);
		uint64_t v = header[i].value;
		switch (header[i].field) {
		case IDENT0: s.ident0 = (uint8_t)v; break;
		case CLASS: s.cls = (uint8_t)v; break;
		case DATA: s.data = (uint8_t)v; break;
		case MACHINE: s.machine = (uint16_t)v; break;
		case TYPE: s.type = (uint16_t)v; break;
		case PHENTSIZE: s.phentsize = (unsigned)v; break;
		case FILE_LEN: s.file_len = v; break;
		case PHOFF: s.phoff = v; break;
		}
		same(header[i].name, &s, header[i].want);
	}
}

static void elf_cases(void)
{
	struct spec s;
	s = base(1), s.ph[0].type = 4;
	same("0 PT_LOADs", &s, "ELF file has no PT_LOAD segment");
	s = base(1), s.phnum = 0;
	same("no program headers", &s, "ELF file has no program headers");
	s = base(1);
	same("1 PT_LOAD", &s, NULL);
	s = base(16);
	same("16 PT_LOADs", &s, NULL);
	s = base(17);
	same("17 PT_LOADs", &s, "more than 16 PT_LOAD segments");
	s = base(64);
	same("64 PT_LOADs", &s, "more than 16 PT_LOAD segments");
	s = base(17), s.ph[16].memsz = s.ph[16].filesz = 0;
	same("16 PT_LOADs and an empty one", &s, NULL);
	s = base(2), s.ph[1].filesz = 0x300;
	same("p_filesz > p_memsz", &s, "PT_LOAD 1: file size 0x300 exceeds memory size 0x200");

	/* A PT_LOAD of no size just below the first: it must not become the load address (mkdisk
	 * once wrote 0x1ff800 into the patch table, and lm64, which skips it, refused the boot). */
	s = base(3), s.ph[2].paddr = s.ph[2].vaddr = BASE - 0x800, s.ph[2].filesz = s.ph[2].memsz = 0;
	same("empty PT_LOAD below the first", &s, NULL);
	struct payload mk;
	size_t a, b;
	char e[200];
	uint8_t *p = build(&s, &a, &b);
	CHECK(payload_check(p, b, 0, &mk, e, sizeof e) == 0 && mk.ki.link_base == BASE,
	      "load address 0x%llx, want 0x%llx (%s)", (unsigned long long)mk.ki.link_base, BASE, e);
	free(p);
	/* Bss only, below the first: it is the load address, and the others cannot move down. */
	s = base(2), s.ph[1].paddr = s.ph[1].vaddr = 0x1f0000, s.ph[1].filesz = 0;
	same("bss-only PT_LOAD below the first", &s, "PT_LOAD at 0x200000: file data at offset 0x1000 "
	     "lies below its destination offset 0x10000 (cannot be moved down in place)");

	s = base(2), s.ph[1].paddr = s.ph[1].vaddr = BASE + 0x80;
	same("overlap", &s, "PT_LOAD at 0x200000+0x200 overlaps the one at 0x200080");
	s = base(2), s.ph[1].offset = 0x800;
	same("move down", &s, "PT_LOAD at 0x201000: file data at offset 0x800 lies below its "
	     "destination offset 0x1000 (cannot be moved down in place)");
	s = base(2);
	for (unsigned i = 0; i < 2; i++)
		s.ph[i].paddr = s.ph[i].vaddr = 0x1000 + i * 0x1000ull;
	s.entry = 0x1010;
	same("below 1 MiB", &s, "kernel PT_LOAD at 0x1000+0x200 overlaps the loader's low memory "
	     "(below 0x100000)");
	s = base(2), s.ph[1].paddr = s.ph[1].vaddr = 0xF0000, s.ph[1].offset = 0x1000;
	s.ph[0].offset = 0x1000 + 0x110000;
	s.file_len = 0x111100;
	same("one segment below 1 MiB", &s, "kernel PT_LOAD at 0xf0000+0x200 overlaps the loader's low "
	     "memory (below 0x100000)");
	s = base(2), s.ph[1].offset = 0x2080;
	same("data past the end", &s, "PT_LOAD 1: file data 0x2080+0x100 lies outside the 8448-byte file");
	s = base(2), s.ph[1].offset = ~0ull - 0x10;
	same("offset wraps", &s, "PT_LOAD 1: file data 0xffffffffffffffef+0x100 lies outside the "
	     "8448-byte file");
	s = base(2), s.ph[1].paddr = ~0ull - 0x10;
	same("paddr wraps", &s, "PT_LOAD 1: 0xffffffffffffffef+0x200 wraps around");
	s = base(2), s.ph[1].vaddr = ~0ull - 0x10;
	same("vaddr wraps", &s, "PT_LOAD 1: virtual 0xffffffffffffffef+0x200 wraps around");
	s = base(2), s.ph[1].paddr = s.ph[1].vaddr = BASE + (5ull << 30), s.ph[1].filesz = 0;
	same("span over 4 GiB", &s, "PT_LOAD segments span 0x140000200 bytes from the load address "
	     "0x200000, more than 4 GiB");

	s = base(2), s.entry = 0x900000;
	same("entry outside", &s, "entry point 0x900000 lies outside every executable PT_LOAD");
	s = base(2), s.entry = BASE + 0x1010;
	same("entry in data", &s, "entry point 0x201010 lies outside every executable PT_LOAD");
	s = base(2), s.entry = BASE + 0x180;
	same("entry in bss", &s, "entry point 0x200180 lies in the zero-filled part of an executable PT_LOAD");
	s = base(2), s.ph[0].vaddr = 0xffffffff80200000ull, s.entry = 0xffffffff80200020ull;
	same("entry by vaddr", &s, NULL);

	header_cases();
}

/* Relocation entries: link-time virtual addresses (here = physical, vbase BASE). */
#define R(off) ((uint32_t)(BASE + (off)))

static void reloc_cases(void)
{
	/* read backwards: 32-bit list, 0, inverse list, 0, 64-bit list, 0 */
	static const uint32_t good[] = { 0, R(0x1040), R(0x10), 0, R(0x1020), 0, R(0x20), R(0x24) };
	static const uint32_t empty[] = { 0, 0, 0 };
	static const uint32_t no_term[] = { 0, 0 };
	static const uint32_t r32_out[] = { 0, 0, 0, R(0x1100) };           /* past data_end */
	static const uint32_t r64_straddle[] = { 0, R(0x10fc), 0, 0 };     /* 8 bytes from 0x10fc */
	static const uint32_t inv_below[] = { 0, 0, 0x7fff0000, 0 };        /* sign-extends below */
	static const uint32_t neg[] = { 0, 0, 0, 0x80000000 };              /* sign-extends high */
#define T(t) t, sizeof t / 4
	static const struct {
		const char *name;
		const uint32_t *table;
		unsigned n, extra;
		const char *want;
	} c[] = {
		{ "good relocation table", T(good), 0, NULL },
		{ "empty relocation lists", T(empty), 0, NULL },
		{ "no terminator", T(no_term), 0,
		  "relocation table (8 bytes) ends inside the 64-bit list (no zero terminator)" },
		{ "cut table", good, 5, 0,
		  "relocation table (20 bytes) ends inside the 64-bit list (no zero terminator)" },
		{ "odd size", T(good), 2, "relocation table size 34 is not a multiple of 4" },
		{ "32-bit past the data", T(r32_out), 0, "32-bit relocation at 0x201100 (entry "
		  "0x00201100) lies outside the kernel image 0x200000+0x1100" },
		{ "64-bit straddles the end", T(r64_straddle), 0, "64-bit relocation at 0x2010fc (entry "
		  "0x002010fc) lies outside the kernel image 0x200000+0x1100" },
		{ "inverse below", T(inv_below), 0, "inverse 32-bit relocation at 0x7fff0000 (entry "
		  "0x7fff0000) lies outside the kernel image 0x200000+0x1100" },
		{ "sign-extended", T(neg), 0, "32-bit relocation at 0xffffffff80000000 (entry 0x80000000) "
		  "lies outside the kernel image 0x200000+0x1100" },
	};
#undef T
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct spec s = base(2);
		s.relocs = c[i].table, s.nrelocs = c[i].n, s.reloc_extra = c[i].extra;
		same(c[i].name, &s, c[i].want);
	}
}

/* What only the host can tell: a file cut short (its section headers run past its end). lm64
 * takes elf_size from the patch table and never reads section headers: it would load it. */
static void host_only(void)
{
	struct spec s = base(1);
	size_t elf_len, total;
	uint8_t *p = build(&s, &elf_len, &total);
	uint64_t shoff = 0x1080;
	uint16_t shentsize = 64, shnum = 4;
	memcpy(p + 40, &shoff, 8), memcpy(p + 58, &shentsize, 2), memcpy(p + 60, &shnum, 2);
	struct payload mk;
	char mk_err[256] = "", lm_err[256] = "";
	CHECK(payload_check(p, total, 0, &mk, mk_err, sizeof mk_err) == -1 &&
	      !strcmp(mk_err, "section headers at 0x1080 (4 x 64 bytes) run past the end of the file "
		      "(4352 bytes)"), "cut file: mkdisk '%s'", mk_err);
	CHECK(lm64_path(p, elf_len, 0, &mk, 0, lm_err, sizeof lm_err) == 0, "cut file: lm64 '%s'", lm_err);
	free(p);
}

void test_elfdiff(void)
{
	elf_cases();
	reloc_cases();
	host_only();
	printf("test-lm64: mkdisk and lm64 compared on %u payloads\n", cases);
}
