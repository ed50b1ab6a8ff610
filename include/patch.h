/* patch.h: what mkdisk fills in on disk: the MBR's patch table (a fixed offset in sector 0) and,
 * in the loader image, its head (first sector: size and CRC-32 that setup16 checks before it
 * runs anything else) and its patch table. All little-endian, packed. tools/genabi.c makes the
 * views for NASM, make, the linker scripts and the Python tests from this file. */
#ifndef PATCH_H
#define PATCH_H
#include <stdint.h>
#include "layout.h"
#include "mbr.h"

/* ---- MBR (sector 0, include/mbr.h): code 0..MBR_PATCH_OFFSET-1, this table, then the disk
 * signature and the partition table (kept) and 0x55 0xAA. ---- */
#define MBR_PATCH_OFFSET 0x1A8
#define MBR_PATCH_MAGIC  0x424D424Cu /* "LBMB" */
struct mbr_patch {
	uint32_t magic;          /* MBR_PATCH_MAGIC */
	uint16_t loader_sectors; /* sectors of the loader image to read to LB_LOADER:
	                          * 1..LB_LOADER_MAX_SECTORS, else the MBR halts */
	uint16_t reserved;       /* 0 */
	uint64_t loader_lba;     /* first sector of the loader image */
} __attribute__((packed));
_Static_assert(MBR_PATCH_OFFSET + sizeof(struct mbr_patch) == MBR_CODE_BYTES, "MBR patch table ends at the disk signature");

/* ---- Loader image (loaded at LB_LOADER), sector 0: the head. The MBR checks its magic and
 * jumps to its first byte with CX = sectors it read; setup16's first-sector code (head.asm)
 * checks that all `bytes` arrived and their checksum before it runs code past this sector.
 * The checksum, over the little-endian 32-bit words of bytes LOADER_SUM_START..bytes-1 (the last
 * one zero-padded): a += word, b += a, both mod 2^32 (Fletcher's scheme with 32-bit words). It
 * catches a short, stale, zeroed or misplaced sector like a CRC-32, at under a fifth of its
 * instructions (1.75 per byte instead of 10 in the head's table-driven CRC-32). ---- */
#define LOADER_HEAD_MAGIC 0x4448424Cu /* "LBHD" */
struct loader_head {
	uint8_t  jump[4];        /* jmp to the check (head.asm) */
	uint32_t magic;          /* LOADER_HEAD_MAGIC */
	uint32_t bytes;          /* bytes of the loader image (mkdisk) */
	uint32_t sum_a;          /* the checksum's a: sum of the words (mkdisk) */
	uint32_t sum_b;          /* the checksum's b: sum of a after each word (mkdisk) */
} __attribute__((packed));

/* ---- Loader image, from sector 1: the patch table (the head's check code fills sector 0). ---- */
#define LOADER_PATCH_OFFSET  0x200
#define LOADER_PATCH_MAGIC   0x444C424Cu /* "LBLD" */
#define LOADER_PATCH_VERSION 2
/* The checksum covers everything after the patch table (setup16's code on, pm32, lm64). */
#define LOADER_SUM_START     (LOADER_PATCH_OFFSET + sizeof(struct loader_patch))

/* test_flags: switches for the fault tests, set with mkdisk --test-flag NAME. */
#define LBT_NO_E820      0x0001 /* pretend INT 15h E820 is missing (E801 must be used) */
#define LBT_NO_E801      0x0002 /* pretend E801 is missing (AH=88h must be used) */
#define LBT_A20_OFF      0x0004 /* disable A20 first so the enabling methods are exercised */
#define LBT_NO_A20_BIOS  0x0008 /* skip INT 15h AX=2401h */
#define LBT_NO_A20_KBC   0x0010 /* skip the keyboard controller */
#define LBT_NO_A20_FAST  0x0020 /* skip port 0x92 */
#define LBT_NO_EDD       0x0040 /* pretend INT 13h extensions are missing (CHS reads in lm64) */
#define LBT_XFER_255     0x0080 /* first AH=42h reads of 255 sectors: a BIOS refusing them makes lm64 fall back */
#define LBT_GATE_TEST    0x0100 /* setup16 (real mode) and lm64 (through the gate) call the same BIOS services and print the answers */

/* The boot entries and their payloads are described by the configuration table (include/config.h),
 * two copies on disk; this table only says where they are (setup16 copies it into the handoff).
 * The test switches stay here: setup16 needs them before anything is read from the disk
 * (LBT_NO_E820, LBT_A20_OFF, ...), lm64 gets them through the handoff (LBT_NO_EDD, ...). */
struct loader_patch {
	uint32_t magic;            /* LOADER_PATCH_MAGIC */
	uint16_t version;          /* LOADER_PATCH_VERSION */
	uint16_t size;             /* sizeof(struct loader_patch) */
	uint32_t test_flags;       /* LBT_* */
	uint32_t reserved;         /* 0 */
	uint64_t config_lba[2];    /* first sector of configuration slot A and slot B (LB_CFG_SLOT_SECTORS each) */
} __attribute__((packed));
_Static_assert(sizeof(struct loader_head) <= LOADER_PATCH_OFFSET, "loader head fits before the patch table");
_Static_assert(LOADER_SUM_START % 4 == 0, "the checksum's words are aligned in memory");
_Static_assert(LOADER_SUM_START < LB_LOADER16_END - LB_LOADER, "setup16's code starts after the patch table");

#endif
