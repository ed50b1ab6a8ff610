/* setup16.h: what the setup16 modules (real mode, -m16 C) share with each other. */
#ifndef SETUP16_H
#define SETUP16_H
#include <stdint.h>
#include "layout.h"
#include "patch.h"
#include "handoff.h"
#include "bootparams.h"
#include "halt.h" /* LB_HALT_LINE: every halt ends with it */

#ifdef SETUP16_HOST_TEST /* tests/setup16: the same sources on the host, zero page in a variable */
extern struct boot_params host_zero_page;
#define zero_page (&host_zero_page)
#else
#define zero_page ((struct boot_params *)LB_BOOT_PARAMS) /* the Linux zero page we fill */
#endif

extern struct loader_patch loader_patch;   /* patch.c: at LB_LOADER + LOADER_PATCH_OFFSET */
extern struct handoff handoff;             /* main.c: lm64's one input, passed through pm32 */

/* console.c: VGA teletype (INT 10h) + COM1; every line goes to both. */
void console_init(void);
void putchar16(char c);
void printf16(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A detail line (memory map, video, placement...): printed only in verbose mode. */
void note16(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern uint8_t verbose; /* the configuration's LBC_VERBOSE, or Ctrl held at boot */
void console_newline(void); /* ends a line begun by printf16 */
/* Prints "setup16: <message>" and LB_HALT_LINE on both and halts forever (cli; hlt). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* cpu.c: halts with a clear message unless the CPU has long mode. Returns 1 when it has a TSC. */
int cpu_check(void);
extern uint32_t cpu_vendor[4]; /* "GenuineIntel", "AuthenticAMD"... */

/* tsc.c */
void tsc_init(int have_tsc);  /* starts PIT channel 2 for tsc_calibrate(); marks MARK_SETUP16 */
void tsc_calibrate(void);      /* handoff.tsc_khz from the TSC and PIT ticks since tsc_init() */
void tsc_mark(enum lb_mark m);
uint32_t tsc_ms_since(uint64_t t0); /* 0 without a calibrated TSC */
uint64_t tsc_now(void);

/* memory.c: fills boot_params->e820_table/e820_entries, alt_mem_k, screen_info.ext_mem_k. */
enum lb_mem memory_detect(uint32_t test_flags);
extern uint8_t e820_buf[24]; /* the E820 call's ES:DI buffer (the host tests play BIOS into it) */

/* video.c: fills boot_params->screen_info. */
void video_detect(void);
void video_save_cursor(void); /* orig_x/orig_y as we leave real mode */

/* a20.c: enables A20 or halts; returns the method that worked. */
enum lb_a20 a20_enable(uint32_t test_flags);

/* highmem.c: copy from low memory (below 1 MiB) to any 32-bit address. */
void highmem_init(void);
void highmem_copy(uint32_t dst, uint32_t src, uint32_t len);
const char *highmem_method(void);

/* disk.c */
enum lb_disk disk_init(uint8_t drive, uint32_t test_flags);
void disk_report(uint32_t test_flags); /* the disk line of disk_init()'s findings (verbose) */
void disk_crc_init(void); /* the slice-by-8 CRC-32 tables at LB_CRC_SLICES */
/* Reads bytes at lba to dest (above 1 MiB, or the configuration buffer below 64 KiB), printing
 * progress; crc_want: the CRC-32 the bytes must have (NULL: none). Returns 0, or -1 after
 * entry_fail() named the read error or CRC mismatch. */
int disk_load(const char *what, uint64_t lba, uint32_t bytes, uint32_t dest, const uint32_t *crc_want);

/* place.c: checks entry e's kernel description, copies it into handoff and fills
 * handoff.placed[] from the E820 map. 0, or -1 after entry_fail() (it does not fit). */
struct lb_cfg_header;
struct lb_cfg_entry;
int place_payloads(const struct lb_cfg_header *h, const struct lb_cfg_entry *e);

/* boot.c: the configuration table, the menu and the entry that boots. */
#define FAIL_REASON_MAX 160
extern char fail_reason[FAIL_REASON_MAX];
/* Prints "setup16: <message>" (the entry cannot be booted), keeps the message in fail_reason
 * for the menu and returns -1. */
int entry_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reads the configuration table, lets the user choose (menu) and reads the chosen entry's
 * payloads: handoff and zero page filled, the command line at LB_CMDLINE. */
struct lb_cfg_header;
const struct lb_cfg_header *config_load(void); /* the newer valid slot; sets verbose */
void boot_choose(const struct lb_cfg_header *h);

/* The BIOS keyboard flags: Shift held asks for the menu, Ctrl held for verbose output. */
#define BDA_SHIFT  0x417
#define BDA_SHIFTS 0x03 /* right, left Shift */
#define BDA_CTRL   0x04

/* Reads and writes at fixed low addresses (BIOS data area, the A20 test word) through asm. */
static inline uint8_t peek8(uint32_t addr) { uint8_t v; __asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(addr) : "memory"); return v; }
static inline uint16_t peek16(uint32_t addr) { uint16_t v; __asm__ volatile("movw (%1), %0" : "=r"(v) : "r"(addr) : "memory"); return v; }
static inline void poke16(uint32_t addr, uint16_t v) { __asm__ volatile("movw %0, (%1)" : : "r"(v), "r"(addr) : "memory"); }

#endif
