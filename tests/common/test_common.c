/* test_common.c: host unit tests for common/memmap.c and common/fmt.c (the loader's sources). */
#include <stdio.h>
#include <string.h> /* libc: -Icommon has no string.h */
#include "fmt.h"
#include "memmap.h"

#include "../lib/check.h"

int checks_passed, checks_failed;

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* What SeaBIOS gives QEMU -M pc -m 4G: low RAM, holes, RAM up to 3 GiB, RAM above 4 GiB. */
static const struct e820_entry pc4g[] = {
	{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
	{ 0x100000, 0xbfee0000 - 0x100000, 1 }, { 0xbfee0000, 0x20000, 2 },
	{ 0xfeffc000, 0x4000, 2 }, { 0xfffc0000, 0x40000, 2 }, { 0x100000000ull, 0x40000000, 1 },
};

static void test_memmap(void)
{
	struct memmap m = { pc4g, sizeof pc4g / sizeof pc4g[0], 0, 0 };
	uint64_t a = 0;
	CHECK(memmap_is_ram(&m, 0x100000, 16 * MiB), "1 MiB..17 MiB is RAM");
	CHECK(!memmap_is_ram(&m, 0x9f000, 0x2000), "range into the EBDA is not RAM");
	CHECK(!memmap_is_ram(&m, 0xbfe00000, 4 * MiB), "range past the end of low RAM is not RAM");
	CHECK(memmap_is_ram(&m, 0x100000000ull, GiB), "high RAM is RAM");
	CHECK(memmap_ram_end(&m) == 0x140000000ull, "ram end %llx", (unsigned long long)memmap_ram_end(&m));
	CHECK(memmap_ram_bytes(&m) == 0x9fc00 + 0xbfee0000 - 0x100000 + 0x40000000ull, "ram bytes");

	CHECK(!memmap_alloc_top(&m, 8 * MiB, 4096, MiB, 4 * GiB, &a) && a == 0xbfee0000 - 8 * MiB,
	      "top below 4 GiB: %llx", (unsigned long long)a);
	struct lb_range avoid[] = { { 0xbfee0000 - 4 * MiB, 4 * MiB } };
	m.avoid = avoid, m.navoid = 1;
	CHECK(!memmap_alloc_top(&m, 8 * MiB, 4096, MiB, 4 * GiB, &a) && a == 0xbfee0000 - 12 * MiB,
	      "top avoids a taken range: %llx", (unsigned long long)a);
	CHECK(!memmap_alloc_bottom(&m, 2 * MiB, 2 * MiB, MiB, 4 * GiB, &a) && a == 2 * MiB,
	      "bottom 2 MiB-aligned: %llx", (unsigned long long)a);
	uint64_t slots = memmap_count_slots(&m, 64 * MiB, 2 * MiB, 16 * MiB, ~0ull);
	/* low: 16 MiB .. 0xbfa00000-64MiB region; high: 1 GiB span */
	uint64_t low = ((0xbfee0000 - 4 * MiB) / (2 * MiB) * (2 * MiB) - 64 * MiB - 16 * MiB) / (2 * MiB) + 1;
	uint64_t high = (GiB - 64 * MiB) / (2 * MiB) + 1;
	CHECK(slots == low + high, "slot count %llu want %llu", (unsigned long long)slots,
	      (unsigned long long)(low + high));
	CHECK(!memmap_nth_slot(&m, 64 * MiB, 2 * MiB, 16 * MiB, ~0ull, 0, &a) && a == 16 * MiB, "first slot");
	CHECK(!memmap_nth_slot(&m, 64 * MiB, 2 * MiB, 16 * MiB, ~0ull, slots - 1, &a) &&
	      a == 0x140000000ull - 64 * MiB, "last slot %llx", (unsigned long long)a);
	CHECK(memmap_nth_slot(&m, 64 * MiB, 2 * MiB, 16 * MiB, ~0ull, slots, &a) == -1, "past the last slot");
	for (uint64_t k = 0; k < slots; k += 97) {
		CHECK(!memmap_nth_slot(&m, 64 * MiB, 2 * MiB, 16 * MiB, ~0ull, k, &a) &&
		      memmap_is_ram(&m, a, 64 * MiB) && (a & (2 * MiB - 1)) == 0 &&
		      !(a < avoid[0].base + avoid[0].size && avoid[0].base < a + 64 * MiB), "slot %llu ok",
		      (unsigned long long)k);
	}
	CHECK(memmap_alloc_top(&m, 8 * GiB, 4096, MiB, ~0ull, &a) == -1, "too big fails");
	CHECK(memmap_alloc_top(&m, 4096, 3, MiB, ~0ull, &a) == -1, "non-power-of-two alignment refused");

	/* Adjacent and overlapping RAM entries merge; a reserved entry inside RAM punches a hole. */
	static const struct e820_entry odd[] = {
		{ 0x200000, 0x100000, 1 }, { 0x100000, 0x100000, 1 }, { 0x280000, 0x100000, 1 },
		{ 0x300000, 0x1000, 2 },
	};
	struct memmap o = { odd, 4, 0, 0 };
	CHECK(memmap_is_ram(&o, 0x100000, 0x200000), "adjacent RAM entries merge");
	CHECK(!memmap_is_ram(&o, 0x2ff000, 0x2000), "reserved inside RAM is not RAM");
	CHECK(!memmap_alloc_top(&o, 0x7f000, 0x1000, 0, ~0ull, &a) && a == 0x301000, "top above the hole: %llx",
	      (unsigned long long)a);
	CHECK(!memmap_alloc_top(&o, 0x100000, 0x1000, 0, ~0ull, &a) && a == 0x200000, "top below the hole: %llx",
	      (unsigned long long)a);
}

static void test_fmt(void)
{
	char b[96];
	fmt_snprintf(b, sizeof b, "%016llx|%u|%d|%x|%s|%5s|%c|%lu", 0x123456789abcdefull, 4000000000u, -42,
		     0xbeef, "hi", "ab", 'z', 18446744073709551615ul);
	CHECK(!strcmp(b, "0123456789abcdef|4000000000|-42|beef|hi|   ab|z|18446744073709551615"), "fmt: %s", b);
	fmt_snprintf(b, sizeof b, "%llu %08x %d", 10000000000000000000ull, 0xab, 0);
	CHECK(!strcmp(b, "10000000000000000000 000000ab 0"), "fmt: %s", b);
	int n = fmt_snprintf(b, 4, "%s", "truncated");
	CHECK(n == 9 && !strcmp(b, "tru"), "truncation: %d %s", n, b);
}

int main(void)
{
	test_memmap();
	test_fmt();
	printf("common: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
