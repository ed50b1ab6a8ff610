/* patch.c: the loader patch table, real-mode data at LB_LOADER + LOADER_PATCH_OFFSET (0x8010).
 * The image carries magic, version and size; mkdisk fills in everything else. */
#include "setup16.h"

_Static_assert(LOADER_PATCH_OFFSET == 0x10, "setup16.ld.S places .patch at LB_LOADER + 0x10");

struct loader_patch loader_patch __attribute__((section(".patch"), used, aligned(16))) = {
	.magic = LOADER_PATCH_MAGIC,
	.version = LOADER_PATCH_VERSION,
	.size = sizeof(struct loader_patch),
};
