/* mbr.h: the layout of a disk's sector 0 (the MBR): boot code, disk signature, the four
 * partition entries, the 0x55 0xAA signature. One definition for mkdisk (disk/) and, through
 * the generated abi views, NASM and the Python tests; bootsect/ lays its code out before
 * MBR_PATCH_OFFSET (include/patch.h). Little-endian, packed. */
#ifndef LB_MBR_H
#define LB_MBR_H
#include <stddef.h>
#include <stdint.h>

struct mbr_part {            /* one partition entry */
	uint8_t  status;         /* 0x80: active (boot) */
	uint8_t  chs_first[3];
	uint8_t  type;           /* 0xDA longboot, 0xEE GPT protective, 0x05/0x0F extended, ... */
	uint8_t  chs_last[3];
	uint32_t lba_first;
	uint32_t sectors;
} __attribute__((packed));

struct mbr_sector {
	uint8_t  code[440];      /* boot code (with the MBR patch table at MBR_PATCH_OFFSET) */
	uint32_t disk_signature; /* Windows' and Linux's disk identifier: kept by installs */
	uint16_t reserved;
	struct mbr_part part[4];
	uint16_t signature;      /* MBR_SIGNATURE */
} __attribute__((packed));

#define MBR_SIGNATURE     0xAA55u /* bytes 0x55 0xAA */
#define MBR_CODE_BYTES    offsetof(struct mbr_sector, disk_signature) /* 440: what an install replaces */
#define MBR_DISK_SIG_OFF  offsetof(struct mbr_sector, disk_signature) /* 440 */
#define MBR_PART_OFF      offsetof(struct mbr_sector, part)           /* 446 */
#define MBR_SIG_OFF       offsetof(struct mbr_sector, signature)      /* 510 */
#define MBR_PART_SIZE     sizeof(struct mbr_part)                     /* 16 */
#define MBR_TYPE_GPT      0xEE

_Static_assert(sizeof(struct mbr_part) == 16, "partition entry layout");
_Static_assert(sizeof(struct mbr_sector) == 512, "MBR layout");

/* 1 when the sector ends with 0x55 0xAA. */
static inline int mbr_signed(const uint8_t *s)
{
	return s[MBR_SIG_OFF] == 0x55 && s[MBR_SIG_OFF + 1] == 0xAA;
}

/* Entry i's bytes (i < 4). */
static inline const uint8_t *mbr_entry(const uint8_t *s, unsigned i)
{
	return s + MBR_PART_OFF + MBR_PART_SIZE * i;
}

#endif
