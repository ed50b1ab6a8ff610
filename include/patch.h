/* patch.h: the two patch tables mkdisk fills in. The MBR's sits at a fixed offset in sector 0;
 * the loader's at a fixed offset in the loader image. Both are little-endian, packed. */
#ifndef PATCH_H
#define PATCH_H
#include <stdint.h>
#include "layout.h"

/* ---- MBR (sector 0): code 0..MBR_PATCH_OFFSET-1, this table, then bytes 440..445 (disk
 * signature, kept), 446..509 (partition table, kept), 510..511 (0x55 0xAA). ---- */
#define MBR_PATCH_OFFSET 0x1A8
#define MBR_PATCH_MAGIC  0x424D424Cu /* "LBMB" */
struct mbr_patch {
	uint32_t magic;          /* MBR_PATCH_MAGIC */
	uint16_t loader_sectors; /* sectors of the loader image to read to LB_LOADER */
	uint16_t reserved;       /* 0 */
	uint64_t loader_lba;     /* first sector of the loader image */
} __attribute__((packed));
_Static_assert(MBR_PATCH_OFFSET + sizeof(struct mbr_patch) == 440, "MBR patch table ends at the disk signature");

/* ---- Loader image (loaded at LB_LOADER): the table starts LOADER_PATCH_OFFSET bytes in. ---- */
#define LOADER_PATCH_OFFSET  0x10
#define LOADER_PATCH_MAGIC   0x444C424Cu /* "LBLD" */
#define LOADER_PATCH_VERSION 1

/* One payload on disk. */
struct lb_extent {
	uint64_t lba;    /* first sector; the payload starts at the sector's first byte */
	uint32_t bytes;  /* length in bytes (0: absent) */
	uint32_t crc32;  /* CRC-32 (gzip polynomial) of the bytes; checked for the initrd */
} __attribute__((packed));

/* flags */
#define LBF_LINUX        0x0001 /* setup_header[] holds a bzImage setup header */
#define LBF_RELOCATABLE  0x0002 /* the kernel may be loaded at another 2 MiB-aligned address */
#define LBF_RELOCS       0x0004 /* reloc_size bytes of Linux relocation table follow the ELF */
#define LBF_NO_TIMING    0x0008 /* do not print the timing line at handoff */

/* test_flags: switches for the fault tests, set with mkdisk --test-flag NAME. */
#define LBT_NO_E820      0x0001 /* pretend INT 15h E820 is missing (E801 must be used) */
#define LBT_NO_E801      0x0002 /* pretend E801 is missing (AH=88h must be used) */
#define LBT_A20_OFF      0x0004 /* disable A20 first so the enabling methods are exercised */
#define LBT_NO_A20_BIOS  0x0008 /* skip INT 15h AX=2401h */
#define LBT_NO_A20_KBC   0x0010 /* skip the keyboard controller */
#define LBT_NO_A20_FAST  0x0020 /* skip port 0x92 */
#define LBT_NO_EDD       0x0040 /* pretend INT 13h extensions are missing (CHS reads in setup16) */
#define LBT_XFER_255     0x0080 /* first AH=42h reads of 255 sectors: a BIOS refusing them makes setup16 fall back */

struct loader_patch {
	uint32_t magic;            /* LOADER_PATCH_MAGIC */
	uint16_t version;          /* LOADER_PATCH_VERSION */
	uint16_t size;             /* sizeof(struct loader_patch) */
	uint32_t flags;            /* LBF_* */
	uint32_t test_flags;       /* LBT_* */
	struct lb_extent kernel;   /* one gzip member: the ELF file, then reloc_size bytes of relocations */
	struct lb_extent initrd;   /* bytes == 0: no initrd */
	uint64_t kernel_load_addr; /* physical load address without KASLR (ELF: lowest PT_LOAD p_paddr) */
	uint64_t kernel_window;    /* bytes needed from the load address: max(init_size, ELF span, ELF file size) */
	uint64_t kernel_align;     /* alignment of a relocated load address (Linux: kernel_alignment) */
	uint32_t elf_size;         /* bytes of the ELF file in the decompressed stream */
	uint32_t reloc_size;       /* bytes of relocation table after it (LBF_RELOCS) */
	uint32_t initrd_addr_max;  /* the initrd's last byte must be at or below this */
	uint16_t setup_header_len; /* bytes valid in setup_header (0: not a bzImage) */
	uint16_t reserved;
	uint8_t  setup_header[0x80]; /* bzImage bytes from 0x1f1 (struct setup_header) */
	char     cmdline[LB_CMDLINE_MAX]; /* NUL-terminated */
} __attribute__((packed));
/* The table sits at LB_LOADER + 0x10, before all of setup16's code (setup16.ld.S); 4 KiB is the
 * bound this build keeps it under (its size field is 16 bits). */
_Static_assert(sizeof(struct loader_patch) < 0x1000, "struct loader_patch is 4 KiB or more");

#endif
