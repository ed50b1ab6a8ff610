/* test_place.c: host unit tests of lm64's payload placement (lm64/place.c, the loader's own
 * source) over E820 maps of 48 MiB, 128 MiB and 8 GiB: where the kernel window, the initrd and
 * the compressed kernel go, and the message of every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "lm64.h"
#include "config.h"
#include "check.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* ---- what place.c links against, host versions ---- */
static struct boot_params host_zero_page;
static char fatal_msg[512];
static jmp_buf fatal_jmp;
int con_verbose = 1;
void con_note(const char *f, ...) { (void)f; }
void fatal(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(fatal_msg, sizeof fatal_msg, f, ap);
	va_end(ap);
	longjmp(fatal_jmp, 1);
}
int entry_fail(const char *f, ...) /* the entry cannot be booted: place_payloads returns -1 */
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(fatal_msg, sizeof fatal_msg, f, ap);
	va_end(ap);
	return -1;
}
static struct lb_cfg_header cfg_header;
static struct lb_cfg_entry cfg_entry;

/* ---- place.c ---- */
static void set_map(const struct e820_entry *m, unsigned n)
{
	memset(&host_zero_page, 0, sizeof host_zero_page);
	memcpy(host_zero_page.e820_table, m, n * sizeof *m);
	host_zero_page.e820_entries = (uint8_t)n;
}

static struct boot b;
static const struct lb_range held[] = { { 0, 0x100000 } }; /* lm64's own: low memory */

static int place(void)
{
	memset(&b, 0, sizeof b);
	fatal_msg[0] = 0;
	if (setjmp(fatal_jmp))
		return -1;
	struct memmap m = { host_zero_page.e820_table, host_zero_page.e820_entries, held, 1 };
	return place_payloads(&b, &m, &cfg_header, &cfg_entry);
}

#define WINDOW    b.placed[PLACED_WINDOW].base
#define INITRD    b.placed[PLACED_INITRD].base
#define KERNEL_GZ b.placed[PLACED_KERNEL_GZ].base

static int overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs) { return a < b + bs && b < a + as; }

void test_place(void)
{
	static const struct e820_entry m128[] = {
		{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x7ee0000, 1 }, { 0x7fe0000, 0x20000, 2 }, { 0xfffc0000, 0x40000, 2 },
	};
	static const struct e820_entry m8g[] = {
		{ 0, 0x9fc00, 1 }, { 0x100000, 0xbfee0000 - 0x100000, 1 }, { 0xbfee0000, 0x20000, 2 },
		{ 0xfffc0000, 0x40000, 2 }, { 0x100000000ull, 5 * GiB, 1 },
	};
	struct lb_cfg_entry *p = &cfg_entry;
	memset(p, 0, sizeof *p);
	p->kernel.bytes = 10 * MiB;
	p->initrd.bytes = 30 * MiB + 123;
	p->load_addr = 16 * MiB;
	p->window = 40 * MiB;
	p->align = 2 * MiB;
	p->kflags = LBK_RELOCATABLE;

	set_map(m128, 6);
	CHECK(place() == 0, "fits in 128 MiB: %s", fatal_msg);
	CHECK(WINDOW == 16 * MiB, "kernel at its load address: %llx", (unsigned long long)WINDOW);
	CHECK(INITRD == ((0x7fe0000 - (30 * MiB + 4096)) & ~0xfffull), "initrd at the top: %llx",
	      (unsigned long long)INITRD);
	CHECK(KERNEL_GZ + 10 * MiB <= INITRD && KERNEL_GZ >= 56 * MiB,
	      "compressed kernel below the initrd, clear of the window: %llx", (unsigned long long)KERNEL_GZ);
	CHECK(b.placed[PLACED_WINDOW].base == 16 * MiB && b.placed[PLACED_WINDOW].size == 40 * MiB &&
	      b.placed[PLACED_INITRD].size == 30 * MiB + 4096 && b.placed[PLACED_KERNEL_GZ].size == 10 * MiB,
	      "placed[] records the three ranges");
	CHECK(!overlaps(INITRD, 30 * MiB + 123, KERNEL_GZ, 10 * MiB), "no overlap");
	CHECK(b.kernel_window == 40 * MiB && b.kernel_align == 2 * MiB && b.kflags == LBK_RELOCATABLE &&
	      b.kernel_gz_bytes == 10 * MiB && b.initrd_bytes == 30 * MiB + 123,
	      "the kernel description is copied into struct boot");

	/* the load address is not RAM: relocatable -> lowest aligned fit >= 16 MiB */
	p->load_addr = 0x1000000000ull;
	CHECK(place() == 0 && WINDOW == 16 * MiB, "relocated to 16 MiB: %llx %s",
	      (unsigned long long)WINDOW, fatal_msg);
	/* ... not relocatable -> the message of the README's fault table: size, address, RAM there */
	p->kflags = 0;
	CHECK(place() == -1 && strstr(fatal_msg, "kernel needs 40960 KiB at 0x1000000000 but the E820 map has 0 KiB of RAM there (total RAM 127 MiB)"),
	      "non-relocatable message: %s", fatal_msg);
	p->kflags = LBK_RELOCATABLE;
	p->load_addr = 16 * MiB;

	/* initrd_addr_max honoured; the compressed kernel at the top of RAM, above 4 GiB too */
	set_map(m8g, 5);
	p->initrd_addr_max = 0x37ffffff;
	CHECK(place() == 0 && INITRD + 30 * MiB + 123 <= 0x38000000ull &&
	      INITRD == ((0x38000000ull - (30 * MiB + 4096)) & ~0xfffull), "initrd below initrd_addr_max: %llx",
	      (unsigned long long)INITRD);
	CHECK(KERNEL_GZ == 0x100000000ull + 5 * GiB - 10 * MiB,
	      "compressed kernel at the top of RAM, above 4 GiB: %llx", (unsigned long long)KERNEL_GZ);
	p->initrd_addr_max = 0;
	CHECK(place() == 0 && INITRD + 30 * MiB + 123 <= 0x38000000ull, "initrd_addr_max 0 means 0x37ffffff");
	/* a limit too low for the initrd: the message names it */
	p->initrd_addr_max = 0x1fffff;
	CHECK(place() == -1 && strstr(fatal_msg, "not enough RAM for the initrd: it needs 30724 KiB free from "
				       "0x100000 to initrd_addr_max 0x1fffff, the E820 map has"),
	      "initrd_addr_max named: %s", fatal_msg);
	p->initrd_addr_max = 0;

	/* too little RAM */
	static const struct e820_entry m48[] = { { 0, 0x9fc00, 1 }, { 0x100000, 47 * MiB, 1 } };
	set_map(m48, 2);
	CHECK(place() == -1 && strstr(fatal_msg, "not enough RAM for the initrd") && strstr(fatal_msg, "E820 map has"),
	      "too little RAM: %s", fatal_msg);
	p->initrd.bytes = 0;
	CHECK(place() == -1 && strstr(fatal_msg, "compressed kernel"), "no room for the compressed kernel: %s", fatal_msg);
	p->window = 4 * MiB;
	CHECK(place() == 0 && INITRD == 0 && b.placed[PLACED_INITRD].size == 0 && b.placed[PLACED_WINDOW].size &&
	      b.placed[PLACED_KERNEL_GZ].size, "no initrd: two ranges");

	/* bad patch values */
	p->align = 3 * MiB;
	CHECK(place() == -1 && strstr(fatal_msg, "not a power of two"), "bad align: %s", fatal_msg);
	p->align = 1;
	CHECK(place() == 0, "alignment 1 for a relocatable ELF kernel: %s", fatal_msg);
	p->kflags = LBK_LINUX | LBK_RELOCATABLE;
	CHECK(place() == -1 && !strcmp(fatal_msg, "config table: kernel_align 0x1 is below 2 MiB: a relocatable "
				       "x86-64 Linux kernel runs only at 2 MiB-aligned addresses"), "Linux align 1: %s", fatal_msg);
	p->align = 2 * MiB;
	CHECK(place() == 0, "Linux align 2 MiB: %s", fatal_msg);

	/* windows the 32-bit arithmetic got wrong, and ones that overflow */
	p->kflags = 0;
	p->window = 1ull << 44;
	CHECK(place() == -1 && !strcmp(fatal_msg, "kernel needs 17179869184 KiB at 0x1000000 but the E820 map has "
				       "32768 KiB of RAM there (total RAM 47 MiB)"), "2^44 window: %s", fatal_msg);
	p->window = ~0ull;
	CHECK(place() == -1 && !strcmp(fatal_msg, "config table: kernel window of 0xffffffffffffffff bytes at 0x1000000 "
				       "overflows the 64-bit address space"), "window wraps: %s", fatal_msg);
	p->window = 1ull << 40;
	p->load_addr = ~0ull << 39;
	CHECK(place() == -1 && strstr(fatal_msg, "overflows the 64-bit address space"), "window end wraps: %s", fatal_msg);

	/* a kernel linked over the loader (or at 0) */
	p->window = 52 * 1024;
	p->load_addr = 0x8000;
	CHECK(place() == -1 && !strcmp(fatal_msg, "kernel window at 0x8000+0xd000 overlaps the loader's low memory "
				       "(below 0x100000): a kernel that is not relocatable must be linked at or above 1 MiB"),
	      "kernel over the loader: %s", fatal_msg);
	p->load_addr = 0;
	CHECK(place() == -1 && strstr(fatal_msg, "kernel window at 0x0+0xd000 overlaps the loader's low memory"),
	      "kernel at 0: %s", fatal_msg);
}

