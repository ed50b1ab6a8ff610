/* fmt.h: a tiny printf for every stage (setup16 -m16, lm64, the test kernel, host tests).
 * Conversions: %s %c %d %u %x %X %p %%, length l / ll, flags 0 and width, e.g. %016llx.
 * No 64-bit division: safe under -m16 without libgcc. */
#ifndef FMT_H
#define FMT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(char c, void *ctx);

/* Formats through sink; returns the number of characters produced. */
int fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap);

/* snprintf-alike: always NUL-terminates when n > 0; returns the full length. */
int fmt_snprintf(char *buf, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));

#endif
