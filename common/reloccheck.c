/* reloccheck.c: the walk over a Linux x86-64 relocation table of elfcheck.h, checking every
 * entry before any is handed on (freestanding: lm64 applies the table with it, mkdisk checks
 * it). Format: the kernel's arch/x86/boot/compressed/misc.c (handle_relocations). */
#include "elfcheck.h"
#include "fmt.h"
#include "mem.h"

typedef unsigned long long ull;
static const char *const list_name[RELOC_NR_LISTS] = { "32-bit", "inverse 32-bit", "64-bit" };

static uint32_t entry_at(const uint8_t *table, uint64_t i)
{
	uint32_t v;
	memcpy(&v, table + i * 4, 4);
	return v;
}

/* One pass over the three lists; calls fn for each entry when fn is set. */
static int pass(uint64_t image_len, uint64_t vbase, const uint8_t *table, uint64_t table_len,
		reloc_fn fn, void *ctx, struct reloc_counts *n, char *err, size_t errlen)
{
	uint64_t i = table_len / 4, counts[RELOC_NR_LISTS] = { 0, 0, 0 };
	for (int list = RELOC_32; list < RELOC_NR_LISTS; list++) {
		for (;;) {
			if (i == 0) {
				fmt_snprintf(err, errlen, "relocation table (%llu bytes) ends inside the %s list "
					     "(no zero terminator)", (ull)table_len, list_name[list]);
				return -1;
			}
			uint32_t e = entry_at(table, --i);
			if (!e)
				break;
			uint64_t width = list == RELOC_64 ? 8 : 4;
			uint64_t off = (uint64_t)(int64_t)(int32_t)e - vbase;
			if (image_len < width || off > image_len - width) {
				fmt_snprintf(err, errlen, "%s relocation at 0x%llx (entry 0x%08x) lies outside "
					     "the kernel image 0x%llx+0x%llx", list_name[list],
					     (ull)(uint64_t)(int64_t)(int32_t)e, e, (ull)vbase, (ull)image_len);
				return -1;
			}
			if (fn)
				fn(off, list, ctx);
			counts[list]++;
		}
	}
	if (n)
		n->r32 = counts[RELOC_32], n->inv32 = counts[RELOC_INV32], n->r64 = counts[RELOC_64];
	return 0;
}

int reloc_walk(uint64_t image_len, uint64_t vbase, const uint8_t *table, uint64_t table_len,
	       reloc_fn fn, void *ctx, struct reloc_counts *n, char *err, size_t errlen)
{
	if (table_len % 4) {
		fmt_snprintf(err, errlen, "relocation table size %llu is not a multiple of 4",
			     (ull)table_len);
		return -1;
	}
	if (pass(image_len, vbase, table, table_len, 0, 0, n, err, errlen))
		return -1;
	return fn ? pass(image_len, vbase, table, table_len, fn, ctx, n, err, errlen) : 0;
}
