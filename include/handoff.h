/* handoff.h: what setup16 (real mode) hands to lm64 (long mode), and the loader-info
 * setup_data node the kernel receives (test kernels read the A20 method etc. from it). */
#ifndef HANDOFF_H
#define HANDOFF_H
#include <stdint.h>

enum lb_a20 { A20_UNKNOWN = 0, A20_ALREADY = 1, A20_BIOS = 2, A20_KBC = 3, A20_FAST = 4 };
enum lb_mem { MEM_UNKNOWN = 0, MEM_E820 = 1, MEM_E801 = 2, MEM_88 = 3 };
enum lb_disk { DISK_EDD = 1, DISK_CHS = 2 };

struct lb_range {
	uint64_t base;
	uint64_t size;
} __attribute__((packed));

/* Timing marks: TSC values taken as each step ends (0: not taken). */
enum lb_mark {
	MARK_SETUP16 = 0,  /* setup16 entered */
	MARK_E820,         /* memory map read */
	MARK_A20,          /* A20 enabled */
	MARK_KERNEL_READ,  /* compressed kernel read */
	MARK_INITRD_READ,  /* initrd read */
	MARK_LM64,         /* long mode entered */
	MARK_INFLATE,      /* kernel decompressed and checked */
	MARK_ELF,          /* segments in place */
	MARK_RELOC,        /* relocations applied */
	MARK_HANDOFF,      /* about to jump to the kernel */
	MARK_COUNT
};

#define HANDOFF_MAGIC 0x46464F48u /* "HOFF" */
#define HANDOFF_MAX_USED 8

struct handoff {
	uint32_t magic;            /* HANDOFF_MAGIC */
	uint32_t boot_params;      /* address of the zero page (LB_BOOT_PARAMS) */
	uint32_t patch;            /* address of struct loader_patch (in the setup16 image) */
	uint8_t  boot_drive;       /* DL at boot */
	uint8_t  a20_method;       /* enum lb_a20 */
	uint8_t  mem_method;       /* enum lb_mem */
	uint8_t  disk_method;      /* enum lb_disk */
	uint64_t kernel_gz;        /* address of the compressed kernel (patch->kernel.bytes long) */
	uint64_t initrd;           /* address of the initrd (0: none) */
	uint64_t kernel_dest;      /* load address setup16 kept free (patch->kernel_window bytes) */
	uint32_t nr_used;          /* ranges above 1 MiB holding payloads: lm64 must not overwrite them */
	uint32_t reserved;
	struct lb_range used[HANDOFF_MAX_USED];
	uint64_t tsc[MARK_COUNT];  /* enum lb_mark */
	uint32_t tsc_khz;          /* TSC frequency calibrated against the PIT (0: unknown) */
	uint32_t reserved2;
	uint64_t read_bytes[2];    /* bytes read for kernel, initrd */
} __attribute__((packed));

/* setup_data node type for struct lb_info (Linux skips types it does not know). */
#define SETUP_LONGBOOT_INFO 0x6c620001u

struct lb_info {
	uint32_t version;          /* 1 */
	uint8_t  a20_method;       /* enum lb_a20 */
	uint8_t  mem_method;       /* enum lb_mem */
	uint8_t  disk_method;      /* enum lb_disk */
	uint8_t  boot_drive;
	uint64_t kernel_load_addr; /* physical address the kernel was loaded at */
	uint64_t virt_offset;      /* KASLR virtual offset applied (0: none) */
} __attribute__((packed));

static inline const char *lb_a20_name(unsigned m)
{
	switch (m) {
	case A20_ALREADY: return "already";
	case A20_BIOS:    return "bios";
	case A20_KBC:     return "kbc";
	case A20_FAST:    return "port92";
	default:          return "unknown";
	}
}

static inline const char *lb_mem_name(unsigned m)
{
	switch (m) {
	case MEM_E820: return "e820";
	case MEM_E801: return "e801";
	case MEM_88:   return "88h";
	default:       return "unknown";
	}
}

#endif
