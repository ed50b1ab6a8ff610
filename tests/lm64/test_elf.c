/* test_elf.c: kelf_parse / kelf_move / kelf_zero_bss on synthetic ELF64 images (and on the
 * Debian vmlinux when build/linux has it). */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "kernel_elf.h"

#define FILE_SIZE 0x4000

struct ehdr { uint8_t ident[16]; uint16_t type, machine; uint32_t version;
	      uint64_t entry, phoff, shoff; uint32_t flags;
	      uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } __attribute__((packed));
struct phdr { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; }
	__attribute__((packed));

static uint8_t file[FILE_SIZE];

static struct ehdr *eh(void) { return (struct ehdr *)file; }
static struct phdr *ph(int i) { return (struct phdr *)(file + 64 + 56 * i); }

/* Two PT_LOADs listed data first: text RX 0x200000 (file 0x1000, 0x100 bytes),
 * data RW 0x201000 (file 0x2000, 0x80 bytes, 0x200 in memory). Entry 0x200010. */
static void make_elf(void)
{
	memset(file, 0, sizeof file);
	memcpy(eh()->ident, "\177ELF\2\1\1", 7);
	eh()->type = 2, eh()->machine = 62, eh()->version = 1, eh()->entry = 0x200010;
	eh()->phoff = 64, eh()->ehsize = 64, eh()->phentsize = 56, eh()->phnum = 3;
	*ph(0) = (struct phdr){ 1, 6, 0x2000, 0x201000, 0x201000, 0x80, 0x200, 0x1000 };
	*ph(1) = (struct phdr){ 4, 4, 0x3000, 0, 0, 0x10, 0x10, 4 }; /* PT_NOTE: ignored */
	*ph(2) = (struct phdr){ 1, 5, 0x1000, 0x200000, 0x200000, 0x100, 0x100, 0x1000 };
	for (int i = 0; i < 0x100; i++)
		file[0x1000 + i] = (uint8_t)i;
	for (int i = 0; i < 0x80; i++)
		file[0x2000 + i] = (uint8_t)(0xA0 ^ i);
	memset(file + 0x2080, 0xEE, 0x180); /* garbage where the bss will be */
}

static void expect_error(const char *what, const char *needle)
{
	struct kimage ki;
	char err[200] = "";
	int r = kelf_parse(file, FILE_SIZE, &ki, err, sizeof err);
	CHECK(r == -1 && strstr(err, needle), "%s: result %d, error '%s', want '%s'", what, r, err, needle);
}

static void test_good(void)
{
	struct kimage ki;
	char err[200] = "";
	make_elf();
	CHECK(kelf_parse(file, FILE_SIZE, &ki, err, sizeof err) == 0, "parse: %s", err);
	CHECK_EQ(ki.nseg, 2);
	CHECK_EQ(ki.seg[0].paddr, 0x200000);
	CHECK_EQ(ki.seg[1].paddr, 0x201000);
	CHECK_EQ(ki.link_base, 0x200000);
	CHECK_EQ(ki.link_end, 0x201200);
	CHECK_EQ(ki.data_end, 0x201080);
	CHECK_EQ(ki.vbase, 0x200000);
	CHECK_EQ(ki.entry, 0x200010);

	/* Aligned buffers take the 16-byte block copy, misaligned ones the byte-wise memmove. */
	static uint8_t space[FILE_SIZE + 16] __attribute__((aligned(16)));
	for (int shift = 0; shift <= 1; shift++) {
		uint8_t *buf = space + shift;
		memcpy(buf, file, FILE_SIZE);
		kelf_move(buf, &ki);
		kelf_zero_bss(buf, &ki);
		CHECK(!memcmp(buf, file + 0x1000, 0x100), "text moved to offset 0 (shift %d)", shift);
		CHECK(!memcmp(buf + 0x1000, file + 0x2000, 0x80), "data moved to offset 0x1000 (shift %d)",
		      shift);
		int zero = 1;
		for (int i = 0x1080; i < 0x1200; i++)
			zero &= buf[i] == 0;
		CHECK(zero, "bss zeroed (shift %d)", shift);
		CHECK(buf[0x1200] == file[0x1200], "nothing written past the last segment (shift %d)", shift);
	}

	/* Odd lengths: the 16-byte block loop plus a byte tail. */
	make_elf();
	ph(2)->offset = 0x1000, ph(2)->filesz = ph(2)->memsz = 0x1f3;
	ph(0)->offset = 0x1000 + 0x1010, ph(0)->paddr = ph(0)->vaddr = 0x201000;
	ph(0)->filesz = 0x107, ph(0)->memsz = 0x107;
	for (int i = 0; i < 0x107; i++)
		file[0x2010 + i] = (uint8_t)(0x55 ^ (i * 3));
	CHECK(kelf_parse(file, FILE_SIZE, &ki, err, sizeof err) == 0, "parse: %s", err);
	memcpy(space, file, FILE_SIZE);
	kelf_move(space, &ki);
	CHECK(!memcmp(space + 0x1000, file + 0x2010, 0x107), "odd-length move down");

	/* Entry given as a virtual address (vaddr != paddr) is translated to physical. */
	make_elf();
	ph(2)->vaddr = 0xffffffff80200000ull, eh()->entry = 0xffffffff80200020ull;
	CHECK(kelf_parse(file, FILE_SIZE, &ki, err, sizeof err) == 0, "parse: %s", err);
	CHECK_EQ(ki.entry, 0x200020);
	CHECK_EQ(ki.vbase, 0xffffffff80200000ull);
}

static void test_bad(void)
{
	make_elf(); file[1] = 'F';            expect_error("magic", "magic");
	make_elf(); file[4] = 1;              expect_error("class", "class 1");
	make_elf(); file[5] = 2;              expect_error("big-endian", "little-endian");
	make_elf(); eh()->machine = 3;        expect_error("machine", "machine 3");
	make_elf(); eh()->type = 3;           expect_error("ET_DYN", "ET_EXEC");
	make_elf(); eh()->phentsize = 32;     expect_error("phentsize", "header size 32");
	make_elf(); eh()->phoff = FILE_SIZE - 100; expect_error("phdrs out of file", "outside");
	make_elf(); eh()->phoff = ~0ull - 10; expect_error("phoff wraps", "outside");
	make_elf(); eh()->phnum = 0;          expect_error("no phdrs", "no program headers");
	make_elf(); ph(0)->type = 4, ph(2)->type = 4; expect_error("no PT_LOAD", "no PT_LOAD");
	make_elf(); ph(0)->filesz = 0x300;    expect_error("filesz > memsz", "exceeds memory size");
	make_elf(); ph(0)->offset = FILE_SIZE - 0x10; expect_error("data past EOF", "outside");
	make_elf(); ph(0)->paddr = ~0ull - 0x10; expect_error("wrap", "wraps");
	make_elf(); ph(0)->paddr = 0x200080;  expect_error("overlap", "overlaps");
	make_elf(); ph(0)->offset = 0x800;    expect_error("file below destination", "below its destination");
	make_elf(); eh()->entry = 0x201010;   expect_error("entry in data", "entry point");
	make_elf(); eh()->entry = 0x100;      expect_error("entry nowhere", "entry point");
	struct kimage ki;
	char err[200];
	CHECK(kelf_parse(file, 40, &ki, err, sizeof err) == -1 && strstr(err, "shorter"), "%s", err);
}

/* The Debian kernel's vmlinux, when tests/linux/fetch-kernel.sh has run. */
static void test_vmlinux(void)
{
	FILE *f = fopen("build/linux/vmlinux-cloud-amd64", "rb");
	if (!f) {
		printf("test-lm64: build/linux/vmlinux-cloud-amd64 absent, Debian ELF case skipped\n");
		return;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *p = malloc(n);
	CHECK(p && fread(p, 1, n, f) == (size_t)n, "read vmlinux");
	fclose(f);
	struct kimage ki;
	char err[200] = "";
	CHECK(kelf_parse(p, n, &ki, err, sizeof err) == 0, "vmlinux: %s", err);
	CHECK_EQ(ki.link_base, 0x1000000);
	CHECK_EQ(ki.entry, 0x1000000);
	CHECK_EQ(ki.vbase, 0xffffffff81000000ull);
	CHECK(ki.nseg >= 3, "vmlinux has %u PT_LOADs", ki.nseg);
	free(p);
}

void test_elf(void)
{
	test_good();
	test_bad();
	test_vmlinux();
}
