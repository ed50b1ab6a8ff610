/* flags.c: the names of an entry's kernel flags (LBK_*, config.h) and of the loader patch
 * table's test switches (LBT_*), for --test-flag and --info (host). */
#include <stdio.h>
#include <string.h>
#include "mkdisk.h"

const struct flag_name lb_flag_names[] = {
	{ "linux", LBK_LINUX },             { "relocatable", LBK_RELOCATABLE },
	{ "relocs", LBK_RELOCS },           { "no-timing", INFO_NO_TIMING },
	{ 0, 0 },
};

const struct flag_name lb_test_flag_names[] = {
	{ "no-e820", LBT_NO_E820 },         { "no-e801", LBT_NO_E801 },
	{ "a20-off", LBT_A20_OFF },         { "no-a20-bios", LBT_NO_A20_BIOS },
	{ "no-a20-kbc", LBT_NO_A20_KBC },   { "no-a20-fast", LBT_NO_A20_FAST },
	{ "no-edd", LBT_NO_EDD },           { "xfer-255", LBT_XFER_255 },
	{ "gate-test", LBT_GATE_TEST },
	{ 0, 0 },
};

uint32_t flag_by_name(const struct flag_name *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t->bit;
	return 0;
}

void flags_print(FILE *f, const struct flag_name *t, uint32_t v)
{
	uint32_t known = 0;
	int any = 0;
	for (; t->name; t++) {
		known |= t->bit;
		if (v & t->bit)
			fprintf(f, "%s%s", any++ ? " " : "", t->name);
	}
	if (v & ~known)
		fprintf(f, "%sunknown 0x%x", any++ ? " " : "", v & ~known);
	fprintf(f, "%s (0x%04x)", any ? "" : "none", v);
}
