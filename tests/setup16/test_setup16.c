/* test_setup16.c: host unit tests of setup16's memory detection (memory.c), the loader's own
 * source, against a scripted BIOS (INT 12h, INT 15h E820/E801/88h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h> /* libc: -Icommon has no string.h */
#include "setup16.h"
#include "config.h"
#include "biosregs.h"

#include "../lib/check.h"

int checks_passed, checks_failed;

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* ---- what setup16 links against, host versions ---- */
struct boot_params host_zero_page;
struct loader_patch loader_patch;
struct handoff handoff;
static char fatal_msg[512];
static jmp_buf fatal_jmp;

void printf16(const char *f, ...) { (void)f; }
void note16(const char *f, ...) { (void)f; }
void fatal(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(fatal_msg, sizeof fatal_msg, f, ap);
	va_end(ap);
	longjmp(fatal_jmp, 1);
}
void initregs(struct biosregs *r)
{
	memset(r, 0, sizeof *r);
	r->eflags = EFLAGS_CF | EFLAGS_IF;
}

/* ---- the scripted BIOS ---- */
struct e820_answer { uint64_t addr, size; uint32_t type, ext; unsigned bytes; };
static struct {
	const struct e820_answer *e820; unsigned n820; /* n820 == 0: E820 unsupported */
	int smap_broken;                  /* answer without "SMAP" in EAX */
	int e801; uint16_t ax, bx, cx, dx;
	int has88; uint16_t k88;
	uint16_t low_k;
	unsigned e820_calls;
} bios;

void intcall(uint8_t n, const struct biosregs *in, struct biosregs *out)
{
	struct biosregs r = *in;
	if (n == 0x12) {
		r.ax = bios.low_k;
	} else if (n == 0x15 && r.eax == 0xe820) {
		bios.e820_calls++;
		uint32_t i = r.ebx;
		if (!bios.n820 || i >= bios.n820) {
			r.eflags |= EFLAGS_CF;
		} else {
			const struct e820_answer *a = &bios.e820[i];
			unsigned char e[24];
			memcpy(e, &a->addr, 8), memcpy(e + 8, &a->size, 8), memcpy(e + 16, &a->type, 4);
			memcpy(e + 20, &a->ext, 4);
			memcpy(e820_buf, e, a->bytes); /* what ES:DI points at */
			r.ecx = a->bytes;
			r.eax = bios.smap_broken ? 0 : 0x534d4150;
			r.ebx = i + 1 < bios.n820 ? i + 1 : 0;
			r.eflags &= ~EFLAGS_CF;
		}
	} else if (n == 0x15 && r.ax == 0xe801 && bios.e801) {
		r.ax = bios.ax, r.bx = bios.bx, r.cx = bios.cx, r.dx = bios.dx;
		r.eflags &= ~EFLAGS_CF;
	} else if (n == 0x15 && r.ah == 0x88 && bios.has88) {
		r.ax = bios.k88;
		r.eflags &= ~EFLAGS_CF;
	}
	if (out)
		*out = r;
}

static void bios_reset(void)
{
	memset(&bios, 0, sizeof bios);
	memset(&host_zero_page, 0, sizeof host_zero_page);
	bios.low_k = 639;
}

/* Runs memory_detect; returns the method, or -1 with fatal_msg set. */
static int detect(uint32_t flags)
{
	fatal_msg[0] = 0;
	if (setjmp(fatal_jmp))
		return -1;
	return memory_detect(flags);
}

static const struct e820_answer qemu128[] = { /* SeaBIOS, -m 128M: 20-byte entries */
	{ 0, 0x9fc00, 1, 0, 20 }, { 0x9fc00, 0x400, 2, 0, 20 }, { 0xf0000, 0x10000, 2, 0, 20 },
	{ 0x100000, 0x7ee0000, 1, 0, 20 }, { 0x7fe0000, 0x20000, 2, 0, 20 }, { 0xfffc0000, 0x40000, 2, 0, 20 },
};

static void test_memory(void)
{
	struct boot_params *bp = &host_zero_page;

	bios_reset();
	bios.e820 = qemu128, bios.n820 = 6;
	bios.e801 = 1, bios.ax = bios.cx = 15 * 1024, bios.bx = bios.dx = 0x7ee;
	bios.has88 = 1, bios.k88 = 0xfc00;
	CHECK(detect(0) == MEM_E820, "E820 used: %s", fatal_msg);
	CHECK(bp->e820_entries == 6 && bp->e820_table[3].addr == 0x100000 &&
	      bp->e820_table[3].size == 0x7ee0000 && bp->e820_table[3].type == 1, "E820 copied as given");
	CHECK(bios.e820_calls == 6, "continuation followed to EBX = 0 (%u calls)", bios.e820_calls);
	CHECK(bp->alt_mem_k == 15 * 1024 + 0x7ee * 64, "alt_mem_k from E801: %u", bp->alt_mem_k);
	CHECK(bp->screen_info.ext_mem_k == 0xfc00, "ext_mem_k from AH=88h");

	/* 24-byte entries: ext bit 0 clear means "ignore"; zero-sized entries are dropped */
	static const struct e820_answer acpi3[] = {
		{ 0, 0x9f000, 1, 1, 24 }, { 0x100000, 0x1000000, 1, 0, 24 }, { 0x100000, 0x7f00000, 1, 1, 24 },
		{ 0x8000000, 0, 1, 1, 24 }, { 0xfec00000, 0x1000, 2, 1, 24 },
	};
	bios_reset();
	bios.e820 = acpi3, bios.n820 = 5;
	CHECK(detect(0) == MEM_E820, "E820 with 24-byte entries");
	CHECK(bp->e820_entries == 3 && bp->e820_table[1].size == 0x7f00000 && bp->e820_table[2].type == 2,
	      "ignored and empty entries dropped (%u kept)", bp->e820_entries);

	/* no "SMAP" on return: E820 is treated as missing, E801 synthesizes a map */
	bios_reset();
	bios.e820 = qemu128, bios.n820 = 6, bios.smap_broken = 1;
	bios.e801 = 1, bios.ax = 15 * 1024, bios.bx = 0x7ee; /* answer in AX/BX, CX/DX zero */
	CHECK(detect(0) == MEM_E801, "E801 fallback");
	CHECK(bp->e820_entries == 3 && bp->e820_table[0].size == 639 * 1024 &&
	      bp->e820_table[1].addr == MiB && bp->e820_table[1].size == 15 * MiB &&
	      bp->e820_table[2].addr == 16 * MiB && bp->e820_table[2].size == 0x7ee * 0x10000ull,
	      "E801 map synthesized from AX/BX");

	/* test flags: NO_E820 -> E801; NO_E801 too -> AH=88h */
	bios_reset();
	bios.e820 = qemu128, bios.n820 = 6, bios.e801 = 1, bios.cx = 1024, bios.dx = 0, bios.has88 = 1, bios.k88 = 3072;
	CHECK(detect(LBT_NO_E820) == MEM_E801 && bios.e820_calls == 0, "LBT_NO_E820 skips E820");
	CHECK(bp->e820_entries == 2 && bp->e820_table[1].size == MiB, "E801 with CX/DX, nothing above 16 MiB");
	bios_reset();
	bios.e820 = qemu128, bios.n820 = 6, bios.e801 = 1, bios.cx = 1024, bios.has88 = 1, bios.k88 = 3072;
	CHECK(detect(LBT_NO_E820 | LBT_NO_E801) == MEM_88, "LBT_NO_E801 -> AH=88h");
	CHECK(bp->e820_entries == 2 && bp->e820_table[1].addr == MiB && bp->e820_table[1].size == 3 * MiB,
	      "AH=88h map synthesized");

	/* nothing works, and too little conventional memory: clear messages */
	bios_reset();
	CHECK(detect(0) == -1 && strstr(fatal_msg, "E820, E801 and AH=88h all failed"), "no map: %s", fatal_msg);
	bios_reset();
	bios.low_k = 256, bios.e820 = qemu128, bios.n820 = 6;
	CHECK(detect(0) == -1 && strstr(fatal_msg, "256 KiB of conventional memory"), "low memory: %s", fatal_msg);

	/* a BIOS that never ends the list stops at the table size */
	static struct e820_answer many[200];
	for (unsigned i = 0; i < 200; i++)
		many[i] = (struct e820_answer){ 0x100000ull * (i + 1), 0x1000, 1, 1, 20 };
	bios_reset();
	bios.e820 = many, bios.n820 = 200;
	CHECK(detect(0) == MEM_E820 && bp->e820_entries == E820_MAX_ZEROPAGE, "at most %u entries (%u)",
	      E820_MAX_ZEROPAGE, bp->e820_entries);
}

int main(void)
{
	test_memory();
	printf("setup16: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
