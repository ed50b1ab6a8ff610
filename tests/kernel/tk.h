/* tk.h: the test kernel's internal interfaces (64-bit long mode, general registers only). */
#ifndef TK_H
#define TK_H
#include <stddef.h>
#include <stdint.h>
#include "bootparams.h"

void tk_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
void tk_fail(const char *f, ...) __attribute__((format(printf, 1, 2))); /* first reason wins */

/* crc32.c: bitwise CRC-32 (gzip polynomial), independent of lm64's. */
uint32_t tk_crc32(const uint8_t *p, uint64_t n);

/* checks.c */
int tk_range_is_ram(const struct boot_params *bp, uint64_t base, uint64_t size);
void tk_check_e820(const struct boot_params *bp);
const char *tk_high_memory_check(const struct boot_params *bp);

/* poweroff.c: isa-debug-exit (QEMU), Bochs shutdown port, ACPI S5; then halt. */
void tk_exit(int pass) __attribute__((noreturn));

#endif
