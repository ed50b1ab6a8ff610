/* patch.c: the loader patch table, real-mode data at LB_LOADER + LOADER_PATCH_OFFSET (placed
 * there by setup16.ld.S). The image carries magic, version and size; mkdisk fills in the rest. */
#include "setup16.h"

struct loader_patch loader_patch __attribute__((section(".patch"), used, aligned(16))) = {
	.magic = LOADER_PATCH_MAGIC,
	.version = LOADER_PATCH_VERSION,
	.size = sizeof(struct loader_patch),
};
