/* config.h: the loader's configuration table on disk (boot entries, menu settings), written by
 * mkdisk, read and checked by lm64 only. Little-endian, packed.
 *
 * The disk holds two copies, slot A and slot B, each LB_CFG_SLOT_SECTORS sectors. A writer
 * updates the older (or invalid) slot with sequence = newest + 1; the loader uses the valid copy
 * with the newer sequence number (serial-number order, so the counter may wrap). A power cut
 * while one slot is written leaves the other one valid.
 *
 * One copy:  [struct lb_cfg_header][entry_count x struct lb_cfg_entry][string pool]
 *            0                     header_size                          .. table_bytes
 * The string pool holds NUL-terminated titles, versions and command lines and the bzImage setup
 * header bytes; entries refer to them by byte offset from the start of the table (0: absent).
 * Identical strings and setup headers are stored once; payload extents of two entries may name
 * the same sectors (the same initrd, the same kernel with two command lines).
 *
 * lm64 reads both copies into buffers of its own and uses the one it validated, as read. */
#ifndef LB_CONFIG_H
#define LB_CONFIG_H
#include <stdint.h>
#include "layout.h"

#define LB_CFG_MAGIC         0x4643424Cu /* "LBCF" */
#define LB_CFG_VERSION       1
#define LB_CFG_MAX_ENTRIES   16
#define LB_CFG_SLOT_SECTORS  16          /* one copy: 8 KiB */
#define LB_CFG_MAX_BYTES     (LB_CFG_SLOT_SECTORS * 512)
#define LB_CFG_CMDLINE_MAX   2048        /* bytes of one command line, NUL included (= LB_CMDLINE_MAX) */
#define LB_CFG_TITLE_MAX     64          /* bytes of a title, NUL included */
#define LB_CFG_VERSION_MAX   64          /* bytes of a version string, NUL included */
#define LB_CFG_SETUP_MAX     0x80        /* setup header bytes kept (bzImage 0x1f1..0x270) */
#define LB_CFG_TIMEOUT_MAX   3600        /* seconds */

/* header.flags */
#define LBC_NO_TIMING  0x0001 /* no timing line at the handoff */
#define LBC_VERBOSE    0x0002 /* the loader prints its detail lines (setup16's log, lm64's; the timing line too) */
#define LBC_MENU_ALWAYS 0x0004 /* show the menu even with one entry and timeout 0 */
#define LBC_TIMING     0x0008 /* the timing line also without LBC_VERBOSE (not with LBC_NO_TIMING) */

/* entry.kflags: what mkdisk learned about the kernel . */
#define LBK_LINUX       0x0001 /* setup_header holds a bzImage setup header */
#define LBK_RELOCATABLE 0x0002 /* the kernel may be loaded at another kernel_align-aligned address */
#define LBK_RELOCS      0x0004 /* reloc_size bytes of Linux relocation table follow the ELF */

/* One payload on disk. */
struct lb_cfg_extent {
	uint64_t lba;   /* first sector; the payload starts at its first byte */
	uint32_t bytes; /* length (0: absent; the kernel is never absent) */
	uint32_t crc32; /* CRC-32 (gzip polynomial) of the bytes, checked by lm64 while reading */
} __attribute__((packed));

struct lb_cfg_header {
	uint32_t magic;         /* 0x00 LB_CFG_MAGIC */
	uint16_t version;       /* 0x04 LB_CFG_VERSION */
	uint16_t header_size;   /* 0x06 sizeof(struct lb_cfg_header) */
	uint32_t table_bytes;   /* 0x08 header + entries + string pool, <= LB_CFG_MAX_BYTES */
	uint32_t sequence;      /* 0x0c incremented by every write; the newer valid copy wins */
	uint32_t crc32;         /* 0x10 CRC-32 of table_bytes bytes with this field as 0 */
	uint32_t flags;         /* 0x14 LBC_* */
	uint32_t test_flags;    /* 0x18 LBT_* of patch.h (fault-test switches): a record of what mkdisk
	                         * set; the loader uses loader_patch.test_flags, which setup16
	                         * needs before anything is read from the disk (A20, E820) */
	uint16_t timeout;       /* 0x1c seconds the menu counts down (0: boot the default at once) */
	uint8_t  default_entry; /* 0x1e index (0-based) < entry_count */
	uint8_t  entry_count;   /* 0x1f 1..LB_CFG_MAX_ENTRIES */
	uint16_t entry_size;    /* 0x20 sizeof(struct lb_cfg_entry) */
	uint8_t  reserved[30];  /* 0x22 zero */
} __attribute__((packed));

struct lb_cfg_entry {
	struct lb_cfg_extent kernel; /* 0x00 one gzip member: the ELF file, then reloc_size bytes */
	struct lb_cfg_extent initrd; /* 0x10 bytes == 0: no initrd */
	uint64_t load_addr;          /* 0x20 load address without KASLR (lowest PT_LOAD p_paddr) */
	uint64_t window;             /* 0x28 bytes needed from the load address */
	uint64_t align;              /* 0x30 alignment of a relocated load address */
	uint32_t elf_size;           /* 0x38 bytes of the ELF file in the decompressed stream */
	uint32_t reloc_size;         /* 0x3c bytes of relocations after it (LBK_RELOCS) */
	uint32_t initrd_addr_max;    /* 0x40 the initrd's last byte must be at or below this */
	uint32_t kflags;             /* 0x44 LBK_* */
	uint16_t title;              /* 0x48 string offset (never 0) */
	uint16_t version;            /* 0x4a string offset, 0: unknown */
	uint16_t cmdline;            /* 0x4c string offset, 0: empty command line */
	uint16_t setup_header;       /* 0x4e offset of setup_header_len bytes, 0 with length 0 */
	uint16_t setup_header_len;   /* 0x50 <= LB_CFG_SETUP_MAX */
	uint16_t cmdline_max;        /* 0x52 longest command line the kernel takes (bytes, no NUL) */
	uint8_t  reserved[12];       /* 0x54 zero */
} __attribute__((packed));

_Static_assert(sizeof(struct lb_cfg_extent) == 16, "extent layout");
_Static_assert(sizeof(struct lb_cfg_header) == 64, "config header layout");
_Static_assert(sizeof(struct lb_cfg_entry) == 96, "config entry layout");
/* The string pool left when all 16 entries are used: 6592 bytes (titles, versions, command
 * lines, setup headers), e.g. three 2047-byte command lines, or 16 entries of ~400 bytes. */
#define LB_CFG_POOL_MIN (LB_CFG_MAX_BYTES - 64 - LB_CFG_MAX_ENTRIES * 96)
_Static_assert(LB_CFG_POOL_MIN >= 3 * LB_CFG_CMDLINE_MAX, "three full command lines fit");
_Static_assert(LB_CFG_MAX_BYTES <= 0xFFFF, "string offsets are 16-bit");

#endif
