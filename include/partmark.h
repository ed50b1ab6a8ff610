/* partmark.h: longboot's mark, the first sector of a partition mkdisk --install writes its
 * loader or payloads into. A partition that starts with this mark is longboot's: a later
 * --install may write there again whatever the partition's type. Little-endian, packed; the
 * rest of the sector is zero. The loader does not read it (host tools and tests do). */
#ifndef PARTMARK_H
#define PARTMARK_H
#include <stdint.h>

#define LB_PART_MARK_MAGIC   "longboot part\n\0\0" /* 16 bytes */
#define LB_PART_MARK_VERSION 1

struct lb_part_mark {
	char     magic[16];     /* LB_PART_MARK_MAGIC */
	uint32_t version;       /* LB_PART_MARK_VERSION */
	uint32_t size;          /* sizeof(struct lb_part_mark) */
	uint64_t part_lba;      /* first sector of the partition (where this mark is) */
	uint64_t part_sectors;  /* sectors of the partition when the mark was written */
} __attribute__((packed));
_Static_assert(sizeof(struct lb_part_mark) == 40, "partition mark layout");

#endif
