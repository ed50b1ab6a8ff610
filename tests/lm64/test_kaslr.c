/* test_kaslr.c: command-line word matching and the physical/virtual KASLR slot choice over
 * an E820 map (the real memmap.c underneath). */
#include <stdint.h>
#include "check.h"
#include "kaslr.h"

#define MIB (1ull << 20)

static const struct e820_entry map[] = {
	{ 0, 0x9fc00, E820_RAM },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ MIB, 127 * MIB, E820_RAM },          /* 1 MiB .. 128 MiB */
	{ 0xfffc0000, 0x40000, E820_RESERVED },
};
static const struct lb_range avoid[] = {
	{ 0, MIB },            /* the loader's low memory */
	{ 16 * MIB, 4 * MIB }, /* a payload at 16..20 MiB */
};

static void test_cmdline(void)
{
	CHECK(cmdline_has_word("root=/dev/sda nokaslr quiet", "nokaslr"), "middle word");
	CHECK(cmdline_has_word("nokaslr", "nokaslr"), "only word");
	CHECK(cmdline_has_word("quiet\tnokaslr", "nokaslr"), "after a tab");
	CHECK(cmdline_has_word("nokaslr=1", "nokaslr"), "word=value");
	CHECK(!cmdline_has_word("nokaslrx quiet", "nokaslr"), "longer word");
	CHECK(!cmdline_has_word("xnokaslr", "nokaslr"), "suffix");
	CHECK(!cmdline_has_word("init=nokaslr", "nokaslr"), "inside a value");
	CHECK(!cmdline_has_word("", "nokaslr"), "empty line");
}

static void test_mem_limit(void)
{
	CHECK_EQ(cmdline_mem_limit("console=ttyS0 mem=128M quiet"), 128 * MIB);
	CHECK_EQ(cmdline_mem_limit("mem=4g"), 4096 * MIB);
	CHECK_EQ(cmdline_mem_limit("mem=0x8000000"), 128 * MIB);
	CHECK_EQ(cmdline_mem_limit("mem=65536k"), 64 * MIB);
	CHECK_EQ(cmdline_mem_limit("mem=1G mem=512M"), 512 * MIB); /* the last one wins */
	CHECK_EQ(cmdline_mem_limit("mem=nopentium"), 0);
	CHECK_EQ(cmdline_mem_limit("mem=12Q"), 0);
	CHECK_EQ(cmdline_mem_limit("xmem=1G nomem=2G"), 0);
	CHECK_EQ(cmdline_mem_limit(""), 0);
}

static void test_phys(void)
{
	struct memmap m = { map, sizeof map / sizeof map[0], avoid, 2 };
	uint64_t size = 32 * MIB, align = 2 * MIB, slots, out, seen = 0;
	/* Slots: a = 20 MiB .. 96 MiB in 2 MiB steps (the payload blocks 16..20, RAM ends at 128). */
	for (uint64_t r = 0; r < 39; r++) {
		CHECK(kaslr_phys(&m, size, align, 16 * MIB, 128 * MIB, r, &slots, &out) == 0, "slot %llu",
		      (unsigned long long)r);
		CHECK_EQ(slots, 39);
		CHECK_EQ(out, 20 * MIB + r * align);
		seen |= out == 96 * MIB;
	}
	CHECK(seen, "the highest slot is reachable");
	CHECK(kaslr_phys(&m, size, align, 16 * MIB, 128 * MIB, 39 + 5, &slots, &out) == 0 &&
	      out == 30 * MIB, "rnd wraps modulo the slot count: 0x%llx", (unsigned long long)out);
	CHECK(kaslr_phys(&m, 200 * MIB, align, 16 * MIB, 128 * MIB, 7, &slots, &out) == -1 &&
	      slots == 0, "no slot for a kernel larger than RAM");
	CHECK(kaslr_phys(&m, size, align, 16 * MIB, 40 * MIB, 7, &slots, &out) == -1,
	      "no slot below a low max");
}

/* Slot counts are arithmetic per free run: alignment 1 over 512 MiB answers at once (a walk
 * took minutes in lm64), and counts and the k-th slot agree with a brute-force check. */
static void test_slot_arithmetic(void)
{
	static const struct e820_entry big[] = { { 0, 0x9fc00, E820_RAM }, { MIB, 511 * MIB, E820_RAM } };
	static const struct lb_range holes[] = { { 0, MIB }, { 16 * MIB, 4 * MIB }, { 100 * MIB + 5, 3 } };
	struct memmap m = { big, 2, holes, 3 };
	uint64_t size = 32 * MIB, slots, out;
	/* [20 MiB, 100 MiB+5) and [100 MiB+8, 512 MiB) hold 32 MiB windows at any byte */
	uint64_t want = (100 * MIB + 5 - size - 20 * MIB + 1) + (512 * MIB - size - (100 * MIB + 8) + 1);
	CHECK_EQ(memmap_count_slots(&m, size, 1, 16 * MIB, 512 * MIB), want);
	CHECK(kaslr_phys(&m, size, 1, 16 * MIB, 512 * MIB, want - 1, &slots, &out) == 0 &&
	      out == 512 * MIB - size, "last byte-aligned slot 0x%llx", (unsigned long long)out);
	CHECK(memmap_nth_slot(&m, size, 1, 16 * MIB, 512 * MIB, 100 * MIB + 5 - size - 20 * MIB + 1, &out) == 0 &&
	      out == 100 * MIB + 8, "first slot after the 3-byte hole 0x%llx", (unsigned long long)out);
	for (uint64_t align = 4096; align <= 8 * MIB; align <<= 1) {
		uint64_t n = 0, first = 0, k = 0;
		for (uint64_t a = 0; a + size <= 512 * MIB; a += align) {
			int free = a >= 20 * MIB && (a + size <= 100 * MIB + 5 || a >= 100 * MIB + 8);
			if (free && !n++)
				first = a;
		}
		CHECK(memmap_count_slots(&m, size, align, 16 * MIB, 512 * MIB) == n, "align 0x%llx: %llu slots",
		      (unsigned long long)align, (unsigned long long)n);
		CHECK(memmap_nth_slot(&m, size, align, 16 * MIB, 512 * MIB, k, &out) == 0 && out == first,
		      "align 0x%llx: first slot", (unsigned long long)align);
	}
}

static void test_virt(void)
{
	uint64_t slots;
	CHECK_EQ(kaslr_virt(16 * MIB, 64 * MIB, 2 * MIB, 0, &slots), 0);
	CHECK_EQ(slots, 473); /* 1 + (1024 - 16 - 64) / 2 */
	CHECK_EQ(kaslr_virt(16 * MIB, 64 * MIB, 2 * MIB, 472, &slots), 944 * MIB);
	CHECK_EQ(kaslr_virt(16 * MIB, 64 * MIB, 2 * MIB, 473 + 3, &slots), 6 * MIB);
	for (uint64_t r = 0; r < 2000; r += 37) {
		uint64_t v = kaslr_virt(16 * MIB, 70 * MIB, 2 * MIB, r * 0x9E3779B97F4A7C15ull, &slots);
		CHECK(v % (2 * MIB) == 0 && 16 * MIB + v + 70 * MIB <= KASLR_IMAGE_AREA,
		      "offset 0x%llx keeps the kernel in the 1 GiB area", (unsigned long long)v);
	}
	CHECK_EQ(kaslr_virt(16 * MIB, 1024 * MIB, 2 * MIB, 12345, &slots), 0);
	CHECK_EQ(slots, 1);
}

void test_kaslr(void)
{
	test_cmdline();
	test_mem_limit();
	test_phys();
	test_slot_arithmetic();
	test_virt();
}
