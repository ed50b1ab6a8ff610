/* lb_info.h: the kernel-visible loader-info ABI: one setup_data node (type SETUP_LONGBOOT_INFO)
 * that lm64 chains into boot_params.hdr.setup_data. Written by lm64, read by the kernel (the
 * test kernel in tests/kernel checks it; Linux skips node types it does not know). */
#ifndef LB_INFO_H
#define LB_INFO_H
#include <stdint.h>

enum lb_a20 { A20_UNKNOWN = 0, A20_ALREADY = 1, A20_BIOS = 2, A20_KBC = 3, A20_FAST = 4 };
enum lb_mem { MEM_UNKNOWN = 0, MEM_E820 = 1, MEM_E801 = 2, MEM_88 = 3 };
enum lb_disk { DISK_EDD = 1, DISK_CHS = 2 };

#define SETUP_LONGBOOT_INFO 0x6c620001u
#define LB_INFO_VERSION     1

/* Every field: written by lm64 (from the handoff and its own placement), read by the kernel. */
struct lb_info {
	uint32_t version;          /* LB_INFO_VERSION */
	uint8_t  a20_method;       /* enum lb_a20: how setup16 enabled A20 */
	uint8_t  mem_method;       /* enum lb_mem: how setup16 read the memory map */
	uint8_t  disk_method;      /* enum lb_disk: how setup16 read the payloads */
	uint8_t  boot_drive;       /* BIOS drive number (DL at boot) */
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
