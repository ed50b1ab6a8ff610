/* reloc.c: the Linux x86-64 relocation table, applied in place (pure C, any 64-bit
 * environment: lm64 in long mode and the host tests). Format: see reloc.h and the kernel's
 * arch/x86/boot/compressed/misc.c (handle_relocations). */
#include "reloc.h"
#include "fmt.h"
#include "mem.h"

typedef unsigned long long ull;
enum { LIST_32, LIST_INV32, LIST_64, NR_LISTS };
static const char *const list_name[NR_LISTS] = { "32-bit", "inverse 32-bit", "64-bit" };

static uint32_t entry_at(const uint8_t *table, uint64_t i)
{
	uint32_t v;
	memcpy(&v, table + i * 4, 4);
	return v;
}

static void fixup(uint8_t *p, int list, uint64_t delta)
{
	if (list == LIST_64) {
		uint64_t v;
		memcpy(&v, p, 8);
		v += delta;
		memcpy(p, &v, 8);
	} else {
		uint32_t v;
		memcpy(&v, p, 4);
		v = list == LIST_32 ? v + (uint32_t)delta : v - (uint32_t)delta;
		memcpy(p, &v, 4);
	}
}

/* One pass over the three lists; writes only when apply is set. */
static int walk(uint8_t *image, uint64_t image_len, uint64_t vbase, const uint8_t *table,
		uint64_t table_len, uint64_t delta, int apply, struct reloc_counts *n,
		char *err, size_t errlen)
{
	uint64_t i = table_len / 4, counts[NR_LISTS] = { 0, 0, 0 };
	for (int list = LIST_32; list < NR_LISTS; list++) {
		for (;;) {
			if (i == 0) {
				fmt_snprintf(err, errlen, "relocation table (%llu bytes) ends inside the %s list "
					     "(no zero terminator)", (ull)table_len, list_name[list]);
				return -1;
			}
			uint32_t e = entry_at(table, --i);
			if (!e)
				break;
			uint64_t width = list == LIST_64 ? 8 : 4;
			uint64_t off = (uint64_t)(int64_t)(int32_t)e - vbase;
			if (image_len < width || off > image_len - width) {
				fmt_snprintf(err, errlen, "%s relocation at 0x%llx (entry 0x%08x) lies outside "
					     "the kernel image 0x%llx+0x%llx", list_name[list],
					     (ull)(uint64_t)(int64_t)(int32_t)e, e, (ull)vbase, (ull)image_len);
				return -1;
			}
			if (apply)
				fixup(image + off, list, delta);
			counts[list]++;
		}
	}
	if (n)
		n->r32 = counts[LIST_32], n->inv32 = counts[LIST_INV32], n->r64 = counts[LIST_64];
	return 0;
}

int reloc_apply(uint8_t *image, uint64_t image_len, uint64_t vbase, const uint8_t *table,
		uint64_t table_len, uint64_t delta, struct reloc_counts *n, char *err, size_t errlen)
{
	if (table_len % 4) {
		fmt_snprintf(err, errlen, "relocation table size %llu is not a multiple of 4",
			     (ull)table_len);
		return -1;
	}
	if (walk(image, image_len, vbase, table, table_len, delta, 0, n, err, errlen))
		return -1;
	if (!delta)
		return 0;
	return walk(image, image_len, vbase, table, table_len, delta, 1, n, err, errlen);
}
