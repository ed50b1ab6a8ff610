/* bootparams.h: the Linux x86 zero page (struct boot_params) and the setup header, as the
 * boot protocol (Documentation/arch/x86/boot.rst) lays them out. Offsets are pinned below. */
#ifndef BOOTPARAMS_H
#define BOOTPARAMS_H
#include <stdint.h>

#define E820_MAX_ZEROPAGE 128
#define E820_RAM          1
#define E820_RESERVED     2
#define E820_ACPI         3
#define E820_NVS          4
#define E820_UNUSABLE     5

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

struct screen_info {
	uint8_t  orig_x;            /* 0x00 cursor column */
	uint8_t  orig_y;            /* 0x01 cursor row */
	uint16_t ext_mem_k;         /* 0x02 */
	uint16_t orig_video_page;   /* 0x04 */
	uint8_t  orig_video_mode;   /* 0x06 INT 10h AH=0Fh mode */
	uint8_t  orig_video_cols;   /* 0x07 */
	uint8_t  flags;             /* 0x08 */
	uint8_t  unused2;           /* 0x09 */
	uint16_t orig_video_ega_bx; /* 0x0a */
	uint16_t unused3;           /* 0x0c */
	uint8_t  orig_video_lines;  /* 0x0e */
	uint8_t  orig_video_isVGA;  /* 0x0f 1 = VGA text */
	uint16_t orig_video_points; /* 0x10 font height */
	uint16_t lfb_width;         /* 0x12 */
	uint16_t lfb_height;        /* 0x14 */
	uint16_t lfb_depth;         /* 0x16 */
	uint32_t lfb_base;          /* 0x18 */
	uint32_t lfb_size;          /* 0x1c */
	uint16_t cl_magic, cl_offset; /* 0x20 */
	uint16_t lfb_linelength;    /* 0x24 */
	uint8_t  red_size, red_pos, green_size, green_pos;   /* 0x26 */
	uint8_t  blue_size, blue_pos, rsvd_size, rsvd_pos;   /* 0x2a */
	uint16_t vesapm_seg;        /* 0x2e */
	uint16_t vesapm_off;        /* 0x30 */
	uint16_t pages;             /* 0x32 */
	uint16_t vesa_attributes;   /* 0x34 */
	uint32_t capabilities;      /* 0x36 */
	uint32_t ext_lfb_base;      /* 0x3a */
	uint8_t  _reserved[2];      /* 0x3e */
} __attribute__((packed));

/* The setup header: bzImage bytes 0x1f1..0x26b, copied into boot_params.hdr. */
struct setup_header {
	uint8_t  setup_sects;       /* 0x1f1 */
	uint16_t root_flags;        /* 0x1f2 */
	uint32_t syssize;           /* 0x1f4 */
	uint16_t ram_size;          /* 0x1f8 */
	uint16_t vid_mode;          /* 0x1fa */
	uint16_t root_dev;          /* 0x1fc */
	uint16_t boot_flag;         /* 0x1fe 0xAA55 */
	uint16_t jump;              /* 0x200 */
	uint32_t header;            /* 0x202 "HdrS" */
	uint16_t version;           /* 0x206 protocol version */
	uint32_t realmode_swtch;    /* 0x208 */
	uint16_t start_sys_seg;     /* 0x20c */
	uint16_t kernel_version;    /* 0x20e */
	uint8_t  type_of_loader;    /* 0x210 must be non-zero or the kernel ignores the initrd */
	uint8_t  loadflags;         /* 0x211 */
	uint16_t setup_move_size;   /* 0x212 */
	uint32_t code32_start;      /* 0x214 */
	uint32_t ramdisk_image;     /* 0x218 */
	uint32_t ramdisk_size;      /* 0x21c */
	uint32_t bootsect_kludge;   /* 0x220 */
	uint16_t heap_end_ptr;      /* 0x224 */
	uint8_t  ext_loader_ver;    /* 0x226 */
	uint8_t  ext_loader_type;   /* 0x227 */
	uint32_t cmd_line_ptr;      /* 0x228 */
	uint32_t initrd_addr_max;   /* 0x22c highest address the initrd's last byte may have */
	uint32_t kernel_alignment;  /* 0x230 */
	uint8_t  relocatable_kernel; /* 0x234 */
	uint8_t  min_alignment;     /* 0x235 log2 */
	uint16_t xloadflags;        /* 0x236 */
	uint32_t cmdline_size;      /* 0x238 */
	uint32_t hardware_subarch;  /* 0x23c */
	uint64_t hardware_subarch_data; /* 0x240 */
	uint32_t payload_offset;    /* 0x248 from the start of the protected-mode code */
	uint32_t payload_length;    /* 0x24c */
	uint64_t setup_data;        /* 0x250 physical address of the first struct setup_data */
	uint64_t pref_address;      /* 0x258 */
	uint32_t init_size;         /* 0x260 bytes the kernel needs from its load address */
	uint32_t handover_offset;   /* 0x264 */
	uint32_t kernel_info_offset; /* 0x268 */
} __attribute__((packed));

#define SETUP_HDR_MAGIC     0x53726448u /* "HdrS" */
#define LOADER_TYPE_UNKNOWN 0xff        /* type_of_loader: no assigned id */
#define LOADFLAGS_LOADED_HIGH 0x01
#define LOADFLAGS_KEEP_SEGMENTS 0x40
#define LOADFLAGS_CAN_USE_HEAP 0x80
#define XLF_KERNEL_64       0x0001
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x0002

struct setup_data {
	uint64_t next;
	uint32_t type;
	uint32_t len;
	uint8_t  data[];
};

struct boot_params {
	struct screen_info screen_info;   /* 0x000 */
	uint8_t  apm_bios_info[0x14];     /* 0x040 */
	uint8_t  _pad2[4];                /* 0x054 */
	uint64_t tboot_addr;              /* 0x058 */
	uint8_t  ist_info[0x10];          /* 0x060 */
	uint64_t acpi_rsdp_addr;          /* 0x070 */
	uint8_t  _pad3[8];                /* 0x078 */
	uint8_t  hd0_info[16];            /* 0x080 */
	uint8_t  hd1_info[16];            /* 0x090 */
	uint8_t  sys_desc_table[0x10];    /* 0x0a0 */
	uint8_t  olpc_ofw_header[0x10];   /* 0x0b0 */
	uint32_t ext_ramdisk_image;       /* 0x0c0 */
	uint32_t ext_ramdisk_size;        /* 0x0c4 */
	uint32_t ext_cmd_line_ptr;        /* 0x0c8 */
	uint8_t  _pad4[112];              /* 0x0cc */
	uint32_t cc_blob_address;         /* 0x13c */
	uint8_t  edid_info[0x80];         /* 0x140 */
	uint8_t  efi_info[0x20];          /* 0x1c0 */
	uint32_t alt_mem_k;               /* 0x1e0 KiB above 1 MiB (E801) */
	uint32_t scratch;                 /* 0x1e4 */
	uint8_t  e820_entries;            /* 0x1e8 */
	uint8_t  eddbuf_entries;          /* 0x1e9 */
	uint8_t  edd_mbr_sig_buf_entries; /* 0x1ea */
	uint8_t  kbd_status;              /* 0x1eb */
	uint8_t  secure_boot;             /* 0x1ec */
	uint8_t  _pad5[2];                /* 0x1ed */
	uint8_t  sentinel;                /* 0x1ef must stay 0 */
	uint8_t  _pad6[1];                /* 0x1f0 */
	struct setup_header hdr;          /* 0x1f1 */
	uint8_t  _pad7[0x290 - 0x1f1 - sizeof(struct setup_header)];
	uint32_t edd_mbr_sig_buffer[16];  /* 0x290 */
	struct e820_entry e820_table[E820_MAX_ZEROPAGE]; /* 0x2d0 */
	uint8_t  _pad8[48];               /* 0xcd0 */
	uint8_t  eddbuf[6 * 82];          /* 0xd00 */
	uint8_t  _pad9[276];              /* 0xeec */
} __attribute__((packed));

_Static_assert(sizeof(struct e820_entry) == 20, "e820 entry is 20 bytes");
_Static_assert(sizeof(struct screen_info) == 0x40, "screen_info is 64 bytes");
_Static_assert(sizeof(struct setup_header) == 0x26c - 0x1f1, "setup header ends at 0x26c");
_Static_assert(__builtin_offsetof(struct boot_params, e820_entries) == 0x1e8, "e820_entries at 0x1e8");
_Static_assert(__builtin_offsetof(struct boot_params, hdr) == 0x1f1, "hdr at 0x1f1");
_Static_assert(__builtin_offsetof(struct boot_params, e820_table) == 0x2d0, "e820_table at 0x2d0");
_Static_assert(sizeof(struct boot_params) == 4096, "boot_params is one page");

#endif
