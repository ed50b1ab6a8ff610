/* reloc.c: the Linux x86-64 relocation table, applied in place (pure C, any 64-bit
 * environment: lm64 in long mode and the host tests). The walk and its checks are
 * common/reloccheck.c, which mkdisk runs on the same table when it builds the image. */
#include "reloc.h"
#include "mem.h"

struct fix {
	uint8_t *image;
	uint64_t delta;
};

static void fixup(uint64_t off, int list, void *ctx)
{
	const struct fix *f = ctx;
	uint8_t *p = f->image + off;
	if (list == RELOC_64) {
		uint64_t v;
		memcpy(&v, p, 8);
		v += f->delta;
		memcpy(p, &v, 8);
	} else {
		uint32_t v;
		memcpy(&v, p, 4);
		v = list == RELOC_32 ? v + (uint32_t)f->delta : v - (uint32_t)f->delta;
		memcpy(p, &v, 4);
	}
}

int reloc_apply(uint8_t *image, uint64_t image_len, uint64_t vbase, const uint8_t *table,
		uint64_t table_len, uint64_t delta, struct reloc_counts *n, char *err, size_t errlen)
{
	struct fix f = { image, delta };
	return reloc_walk(image_len, vbase, table, table_len, delta ? fixup : 0, &f, n, err, errlen);
}
