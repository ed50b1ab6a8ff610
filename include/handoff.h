/* handoff.h: the setup16 -> lm64 contract. setup16 (real mode) fills one struct handoff and
 * pm32 passes its address to lm64 in RDI. It is lm64's only input: lm64 never reads the loader
 * patch table or setup16's image, and never writes the handoff (what it measures it keeps).
 * The addresses in it point at what setup16 prepared (zero page, command line, payloads).
 * Field comments: W = the stage that writes it, R = the stage that reads it. */
#ifndef HANDOFF_H
#define HANDOFF_H
#include <stdint.h>
#include "lb_info.h"

struct lb_range {
	uint64_t base;
	uint64_t size;
} __attribute__((packed));

/* Kernel flags: mkdisk sets them in loader_patch.flags, setup16 copies them to handoff.flags. */
#define LBF_LINUX        0x0001 /* a bzImage: its setup header is in boot_params.hdr */
#define LBF_RELOCATABLE  0x0002 /* the kernel may be loaded at another kernel_align-aligned address */
#define LBF_RELOCS       0x0004 /* reloc_size bytes of Linux relocation table follow the ELF */
#define LBF_NO_TIMING    0x0008 /* do not print the timing line at handoff */
#define LBF_VERBOSE      0x0010 /* print the detail lines (config LBC_VERBOSE, or Ctrl held at boot) */

/* setup16's timing marks: TSC values taken as each step ends (0: not taken). lm64 keeps its own. */
enum lb_mark {
	MARK_SETUP16 = 0,  /* setup16 entered */
	MARK_E820,         /* memory map read */
	MARK_A20,          /* A20 enabled */
	MARK_KERNEL_READ,  /* compressed kernel read */
	MARK_INITRD_READ,  /* initrd read */
	MARK_COUNT
};

/* The ranges above 1 MiB setup16 placed (size 0: absent), page-rounded; they are the one list
 * of what the kernel's placement must avoid, the window itself aside. */
enum lb_placed {
	PLACED_WINDOW = 0, /* the kernel window at setup16's load address: lm64's fallback placement */
	PLACED_INITRD,     /* the initrd, as high as initrd_addr_max allows */
	PLACED_KERNEL_GZ,  /* the compressed kernel */
	PLACED_COUNT
};

#define HANDOFF_MAGIC 0x46464F48u /* "HOFF" */

struct handoff {
	uint32_t magic;            /* W setup16, R lm64: HANDOFF_MAGIC */
	uint32_t size;             /* W setup16, R lm64: sizeof(struct handoff) */
	uint32_t boot_params;      /* W setup16, R lm64: the zero page setup16 started (E820 table,
	                            * screen_info, alt_mem_k; a bzImage's setup header); lm64 completes it */
	uint32_t cmdline;          /* W setup16, R lm64: NUL-terminated kernel command line (LB_CMDLINE) */
	uint32_t cmdline_len;      /* W setup16, R lm64: its length, NUL excluded (< LB_CMDLINE_MAX) */
	uint32_t info_node;        /* W setup16, R lm64: where lm64 writes the lb_info setup_data node */
	uint32_t info_node_size;   /* W setup16, R lm64: bytes there (LB_SETUP_DATA's slot) */
	uint8_t  boot_drive;       /* W setup16, R lm64 (-> lb_info): DL at boot */
	uint8_t  a20_method;       /* W setup16, R lm64 (-> lb_info): enum lb_a20 */
	uint8_t  mem_method;       /* W setup16, R lm64 (-> lb_info): enum lb_mem */
	uint8_t  disk_method;      /* W setup16, R lm64 (-> lb_info): enum lb_disk */

	/* The kernel, as mkdisk described it (W setup16 from the patch table, R lm64). */
	uint32_t flags;            /* LBF_* */
	uint32_t elf_size;         /* bytes of the ELF file in the decompressed stream */
	uint32_t reloc_size;       /* bytes of relocation table after it (LBF_RELOCS) */
	uint64_t kernel_load_addr; /* link address (ELF: lowest PT_LOAD p_paddr) */
	uint64_t kernel_window;    /* bytes needed from the load address */
	uint64_t kernel_align;     /* alignment of a relocated load address (never 0) */
	uint32_t kernel_gz_bytes;  /* bytes of the compressed kernel at placed[PLACED_KERNEL_GZ] */
	uint32_t kernel_gz_crc32;  /* their CRC-32 (lm64 relies on the gzip trailer instead) */
	uint32_t initrd_bytes;     /* bytes of the initrd at placed[PLACED_INITRD] (0: none) */
	uint32_t initrd_crc32;     /* their CRC-32, which lm64 checks */

	struct lb_range placed[PLACED_COUNT]; /* W setup16, R lm64: enum lb_placed */
	uint64_t tsc[MARK_COUNT];  /* W setup16, R lm64 (timing line): enum lb_mark */
	uint32_t tsc_khz;          /* W setup16, R lm64: TSC frequency calibrated against the PIT (0: unknown) */
	uint32_t reserved;
} __attribute__((packed));

#endif
