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
void printf16(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A detail line (memory map, video, A20...): into the log at LB_LOG, which lm64 prints when
 * the boot is verbose (the configuration's LBC_VERBOSE, or Ctrl held at boot). */
void note16(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "setup16: <message>" and LB_HALT_LINE on both and halts forever (cli; hlt). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* cpu.c: halts with a clear message unless the CPU has long mode. Returns 1 when it has a TSC. */
int cpu_check(void);
extern uint32_t cpu_vendor[4]; /* "GenuineIntel", "AuthenticAMD"... */

/* tsc.c: RDTSC marks and the first sample of the calibration lm64 finishes (handoff.cal_*). */
void tsc_init(int have_tsc);  /* starts PIT channel 2; marks MARK_SETUP16 */
void tsc_mark(enum lb_mark m);

/* memory.c: fills boot_params->e820_table/e820_entries, alt_mem_k, screen_info.ext_mem_k. */
enum lb_mem memory_detect(uint32_t test_flags);
extern uint8_t e820_buf[24]; /* the E820 call's ES:DI buffer (the host tests play BIOS into it) */

/* video.c: fills boot_params->screen_info. */
void video_detect(void);
void video_save_cursor(void); /* orig_x/orig_y as we leave real mode */

/* a20.c: enables A20 or halts; returns the method that worked. */
enum lb_a20 a20_enable(uint32_t test_flags);

/* Reads and writes at fixed low addresses (BIOS data area, the A20 test word) through asm. */
static inline uint8_t peek8(uint32_t addr) { uint8_t v; __asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(addr) : "memory"); return v; }
static inline uint16_t peek16(uint32_t addr) { uint16_t v; __asm__ volatile("movw (%1), %0" : "=r"(v) : "r"(addr) : "memory"); return v; }
static inline void poke16(uint32_t addr, uint16_t v) { __asm__ volatile("movw %0, (%1)" : : "r"(v), "r"(addr) : "memory"); }

#endif
