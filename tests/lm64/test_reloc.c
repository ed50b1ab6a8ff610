/* test_reloc.c: reloc_apply on a synthetic image and table laid out like the kernel's
 * (arch/x86/tools/relocs): 0, 64-bit list, 0, inverse 32-bit list, 0, 32-bit list. */
#include <stdint.h>
#include "check.h"
#include "reloc.h"

#define VBASE 0xffffffff81000000ull
#define DELTA 0x2a00000ull

static uint8_t image[256];
static uint32_t table[16];
static unsigned table_n;

static uint32_t at32(unsigned off) { uint32_t v; memcpy(&v, image + off, 4); return v; }
static uint64_t at64(unsigned off) { uint64_t v; memcpy(&v, image + off, 8); return v; }
static void put32(unsigned off, uint32_t v) { memcpy(image + off, &v, 4); }
static void put64(unsigned off, uint64_t v) { memcpy(image + off, &v, 8); }
static uint32_t entry(unsigned off) { return (uint32_t)(VBASE + off); }

/* 32-bit targets at 0x10, 0x14; inverse at 0x20; 64-bit at 0x40 and 0x48 (unaligned: 0x4c). */
static void make(void)
{
	for (unsigned i = 0; i < sizeof image; i++)
		image[i] = (uint8_t)(i * 7);
	put32(0x10, 0x81000100), put32(0x14, 0x81234567), put32(0x20, 0x00001000);
	put64(0x40, VBASE + 0x80), put64(0x4c, VBASE + 0x1234);
	uint32_t t[] = { 0, entry(0x40), entry(0x4c), 0, entry(0x20), 0, entry(0x10), entry(0x14) };
	table_n = sizeof t / 4;
	memcpy(table, t, sizeof t);
}

static int apply(uint64_t delta, struct reloc_counts *n, char *err, size_t errlen)
{
	return reloc_apply(image, sizeof image, VBASE, (const uint8_t *)table, table_n * 4, delta, n,
			   err, errlen);
}

void test_reloc(void)
{
	struct reloc_counts n;
	char err[200] = "";
	uint8_t before[sizeof image];

	make();
	CHECK(apply(DELTA, &n, err, sizeof err) == 0, "%s", err);
	CHECK_EQ(n.r32, 2);
	CHECK_EQ(n.inv32, 1);
	CHECK_EQ(n.r64, 2);
	CHECK_EQ(at32(0x10), (uint32_t)(0x81000100 + DELTA));
	CHECK_EQ(at32(0x14), (uint32_t)(0x81234567 + DELTA));
	CHECK_EQ(at32(0x20), (uint32_t)(0x00001000 - DELTA));
	CHECK_EQ(at64(0x40), VBASE + 0x80 + DELTA);
	CHECK_EQ(at64(0x4c), VBASE + 0x1234 + DELTA);
	CHECK_EQ(image[0x18], (uint8_t)(0x18 * 7)); /* untouched neighbour */

	make();
	memcpy(before, image, sizeof image);
	CHECK(apply(0, &n, err, sizeof err) == 0, "%s", err);
	CHECK(!memcmp(before, image, sizeof image), "delta 0 changes nothing");
	CHECK_EQ(n.r32 + n.inv32 + n.r64, 5);

	/* A target past the image: error, and nothing written (entries are checked first). */
	make();
	table[6] = entry(sizeof image);
	memcpy(before, image, sizeof image);
	CHECK(apply(DELTA, &n, err, sizeof err) == -1 && strstr(err, "32-bit relocation") &&
	      strstr(err, "outside"), "%s", err);
	CHECK(!memcmp(before, image, sizeof image), "failed table writes nothing");

	make();
	table[1] = entry(sizeof image - 4); /* a 64-bit target straddling the end */
	CHECK(apply(DELTA, &n, err, sizeof err) == -1 && strstr(err, "64-bit relocation"), "%s", err);

	make();
	table[4] = 0x7fff0000; /* below the image (sign-extends to a low address) */
	CHECK(apply(DELTA, &n, err, sizeof err) == -1 && strstr(err, "inverse 32-bit"), "%s", err);

	make();
	table[0] = entry(0x30); /* the 64-bit list loses its terminator */
	CHECK(apply(DELTA, &n, err, sizeof err) == -1 && strstr(err, "no zero terminator"), "%s", err);

	make();
	CHECK(reloc_apply(image, sizeof image, VBASE, (const uint8_t *)table, 10, DELTA, &n, err,
			  sizeof err) == -1 && strstr(err, "multiple of 4"), "%s", err);

	/* Empty lists: just the three terminators. */
	memset(table, 0, sizeof table);
	table_n = 3;
	CHECK(apply(DELTA, &n, err, sizeof err) == 0 && n.r32 + n.inv32 + n.r64 == 0, "%s", err);
}
