/* lm64.h: the 64-bit stage's internal interfaces (console, traps, paging, the BIOS gate, the
 * disk, the entry being booted). */
#ifndef LM64_H
#define LM64_H
#include <stdint.h>
#include "bootparams.h"
#include "layout.h"
#include "handoff.h"
#include "x86.h"
#include "memmap.h"

/* console.c: COM1 + VGA text, printf to both. */
#define ATTR_TEXT    0x07 /* light grey on black */
#define ATTR_REVERSE 0x70 /* the menu's selection */
#define ATTR_ERROR   0x4F /* bright white on red: a fatal error (setup16 uses the same) */
void con_init(struct boot_params *bp);
void con_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
void con_putc(char c);        /* one character at once (progress dots) */
void con_newline(void);       /* ends a line begun by con_printf, if one was begun */
uint8_t con_attr(uint8_t attr); /* the screen's attribute for what follows; returns the old one */
/* A detail line: printed only in verbose mode (the configuration's LBC_VERBOSE, or Ctrl held). */
void con_note(const char *f, ...) __attribute__((format(printf, 1, 2)));
extern int con_verbose;
/* The menu's screen: rows written straight into the VGA text buffer (attr: ATTR_*), the
 * hardware cursor, and a clear that puts the log's position at the top left. */
void con_screen_row(unsigned row, const char *text, unsigned len, uint8_t attr);
void con_screen_cursor(unsigned row, unsigned col);
void con_screen_clear(void);
void con_sync_cursor(struct boot_params *bp); /* store the cursor for the kernel's console */
/* "lm64: <message>" on both, then cli; hlt forever. */
void fatal(const char *f, ...) __attribute__((format(printf, 1, 2), noreturn));
void halt_forever(void) __attribute__((noreturn));

/* trap.c: set before the jump, so an exception report names the kernel as its source. */
extern int lm64_handed_off;

/* bios.c: BIOS calls through the gate (pm32/gate.asm; include/biosregs.h). */
struct biosregs;
void bios_init(const struct handoff *h);
void bios_call(uint8_t int_no, const struct biosregs *in, struct biosregs *out);
void bios_idle(void);          /* STI; HLT in real mode: until the next interrupt */
uint32_t bios_crossings(void); /* gate calls so far */
/* Real-mode segment:offset of an address below 1 MiB (lm64's data, the bounce buffer). */
static inline uint16_t rm_seg(const void *p) { return (uint16_t)((uintptr_t)p >> 4); }
static inline uint16_t rm_off(const void *p) { return (uint16_t)((uintptr_t)p & 15); }

/* tsc.c: the TSC rate from setup16's first PIT sample and a second one (0: unknown). */
extern uint32_t tsc_khz;
void tsc_calibrate(const struct handoff *h);
uint32_t tsc_ms_since(uint64_t t0); /* 0 without a calibrated TSC */

/* The entry being booted: its kernel as mkdisk described it, where its payloads were placed
 * (PLACED_*), and lm64's TSC marks. Filled by place.c and boot.c, read by the kernel path. */
enum lb_placed {
	PLACED_WINDOW = 0, /* the kernel window (the default placement; KASLR may move the kernel) */
	PLACED_INITRD,     /* the initrd, as high as initrd_addr_max allows */
	PLACED_KERNEL_GZ,  /* the compressed kernel */
	PLACED_COUNT
};
struct boot {
	const struct handoff *h;
	uint32_t kflags;           /* LBK_* */
	uint32_t elf_size;         /* bytes of the ELF file in the decompressed stream */
	uint32_t reloc_size;       /* bytes of relocation table after it (LBK_RELOCS) */
	uint64_t kernel_load_addr; /* link address (ELF: lowest PT_LOAD p_paddr) */
	uint64_t kernel_window;    /* bytes needed from the load address */
	uint64_t kernel_align;     /* alignment of a relocated load address (never 0) */
	uint32_t kernel_gz_bytes;  /* bytes of the compressed kernel at placed[PLACED_KERNEL_GZ] */
	uint32_t initrd_bytes;     /* bytes of the initrd at placed[PLACED_INITRD] (0: none) */
	struct lb_range placed[PLACED_COUNT];
	uint32_t cmdline;          /* the command line booted (LB_CMDLINE) */
	void *work;                /* the decoders' workspace (UNPACK_WORK_BYTES, in RAM above 1 MiB) */
	const char *format;        /* the kernel payload's format ("gzip", "xz", ...) once decoded */
	int timing;                /* print the timing line */
	/* TSC marks (0: not taken) */
	uint64_t t_menu_start, t_menu;  /* the menu shown, and left (its countdown is no read) */
	uint64_t t_read_start, t_kernel_read, t_initrd_read;
	uint64_t t_inflate_start, t_inflate, t_elf, t_reloc, t_handoff;
};

/* Entry failures: the message on both consoles ("lm64: <message>"), its first FAIL_REASON_MAX-1
 * bytes kept for the menu; returns -1. */
#define FAIL_REASON_MAX 160
extern char fail_reason[FAIL_REASON_MAX];
int entry_fail(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* disk.c: the boot drive through INT 13h (AH=41h/48h, 42h; CHS with 08h/02h). */
void disk_init(const struct handoff *h);
void disk_report(const struct handoff *h); /* the disk line (verbose), once verbosity is known */
enum lb_disk disk_method(void);
/* Reads bytes at lba to dest (anywhere in RAM: through the bounce buffer); crc_want: the
 * CRC-32 the bytes must have (NULL: none, and no progress line). 0, or -1 after entry_fail(). */
int disk_load(const char *what, uint64_t lba, uint32_t bytes, uint64_t dest, const uint32_t *crc_want);

/* config.c: reads both configuration slots and returns the newer valid one, as read (it is
 * never read again); halts naming both faults when neither is valid. */
struct lb_cfg_header;
const struct lb_cfg_header *config_load(const struct handoff *h);

/* place.c: checks entry e's kernel description, copies it into *b and fills b->placed[] from
 * the E820 map. 0, or -1 after entry_fail() (it does not fit). */
struct lb_cfg_entry;
int place_payloads(struct boot *b, const struct memmap *m, const struct lb_cfg_header *h,
		   const struct lb_cfg_entry *e);

/* kernel.c: the payloads read, the kernel decoded, loaded, relocated, boot_params filled;
 * returns the entry point (0 after entry_fail()). */
uint64_t kernel_load(struct boot *b, struct memmap *m);

/* boot.c: the menu or the default entry, and the fallback to the next entry on any failure of
 * an entry (read, CRC, placement, decode, ELF, relocations); returns the entry point. */
uint64_t boot_choose(struct boot *b, struct memmap *m, const struct lb_cfg_header *cfg);

/* The BIOS keyboard flags in its data area: Shift held asks for the menu, Ctrl for verbose. */
#define BDA_SHIFT  0x417
#define BDA_SHIFTS 0x03 /* right, left Shift */
#define BDA_CTRL   0x04
static inline uint8_t bda8(uint32_t a) { return *(volatile const uint8_t *)(uintptr_t)a; }

/* highmap.c: identity-map E820 RAM above 4 GiB; returns the page-table block it took from
 * RAM above 1 MiB (size 0 when the static pool sufficed). */
struct lb_range highmap_map_ram(const struct memmap *m);

/* random.c: entropy for KASLR (RDRAND, else RDTSC mixed with the PIT). */
uint64_t random_u64(const char **source);

/* bootparams.c */
void bootparams_fill(struct boot_params *bp, const struct boot *b, uint64_t load_addr,
		     uint64_t virt_offset, int kaslr);

/* timing.c */
#define rdtsc x86_rdtsc /* include/x86.h */
/* The timing line, from setup16's marks (b->h->tsc[]) and lm64's (b->t_*). */
void timing_print(const struct boot *b);

/* entry.asm: jump to the kernel (PIC lines and NMI masked, interrupts off, RSI = boot_params). */
void lm64_jump_kernel(uint64_t entry, uint64_t boot_params) __attribute__((noreturn));

#endif
