/* lm64.h: the 64-bit stage's internal interfaces (console, traps, paging, handoff). */
#ifndef LM64_H
#define LM64_H
#include <stdint.h>
#include "bootparams.h"
#include "layout.h"
#include "handoff.h"
#include "x86.h"
#include "memmap.h"

/* console.c: COM1 + VGA text, printf to both. */
void con_init(struct boot_params *bp);
void con_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* A detail line: printed only when setup16 passed LBF_VERBOSE (con_verbose). */
void con_note(const char *f, ...) __attribute__((format(printf, 1, 2)));
extern int con_verbose;
void con_sync_cursor(struct boot_params *bp); /* store the cursor for the kernel's console */
/* "lm64: <message>" on both, then cli; hlt forever. */
void fatal(const char *f, ...) __attribute__((format(printf, 1, 2), noreturn));
void halt_forever(void) __attribute__((noreturn));

/* trap.c: set before the jump, so an exception report names the kernel as its source. */
extern int lm64_handed_off;

/* highmap.c: identity-map E820 RAM above 4 GiB; returns the page-table block it took from
 * RAM above 1 MiB (size 0 when the static pool sufficed). */
struct lb_range highmap_map_ram(const struct memmap *m);

/* random.c: entropy for KASLR (RDRAND, else RDTSC mixed with the PIT). */
uint64_t random_u64(const char **source);

/* bootparams.c */
void bootparams_fill(struct boot_params *bp, const struct handoff *h, uint64_t load_addr,
		     uint64_t virt_offset, int kaslr);

/* timing.c */
#define rdtsc x86_rdtsc /* include/x86.h */
/* lm64's own TSC marks, taken as each step ends (setup16's travel in the handoff). */
struct lm64_marks {
	uint64_t inflate_start; /* before inflating */
	uint64_t inflate;       /* kernel decompressed and checked */
	uint64_t elf;           /* segments in place */
	uint64_t reloc;         /* relocations applied */
	uint64_t handoff;       /* about to jump to the kernel */
};
/* The timing line, from setup16's marks (h->tsc[]) and lm64's (t). */
void timing_print(const struct handoff *h, const struct lm64_marks *t);

/* entry.asm: jump to the kernel (interrupts off, RSI = boot_params). */
void lm64_jump_kernel(uint64_t entry, uint64_t boot_params) __attribute__((noreturn));

#endif
