/* timing.c: the boot timing line at handoff (64-bit long mode), from setup16's TSC marks
 * (handoff->tsc[]), lm64's own (struct boot), and the TSC frequency (tsc.c). The menu's time
 * is a phase of its own, so a countdown is never charged to a read. */
#include <stdarg.h>
#include "fmt.h"
#include "lm64.h"

typedef unsigned long long ull;

/* No phase of a boot takes this long (the slowest disk read of the largest initrd included):
 * a longer one means the CPU was stopped in between (a debugger) or the TSC did not run at
 * the calibrated rate, and the line says so. */
#define PHASE_MAX_MS 120000u

static int implausible; /* a phase over PHASE_MAX_MS, or marks out of order */

/* The line is built here and printed at once: the screen wraps it between words, and a word
 * split across two prints ("ms" and ",") could be split across two rows. */
static char line[512];
static size_t used;

static void line_sink(char c, void *ctx)
{
	(void)ctx;
	if (used < sizeof line - 1)
		line[used++] = c;
}

static void add(const char *f, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	fmt_vformat(line_sink, 0, f, ap);
	va_end(ap);
}

/* Cycles from setup16's previous taken mark to mark i (0 when either is missing). */
static uint64_t step(const struct handoff *h, int i)
{
	if (!h->tsc[i])
		return 0;
	for (int j = i - 1; j >= 0; j--)
		if (h->tsc[j])
			return h->tsc[i] > h->tsc[j] ? h->tsc[i] - h->tsc[j] : 0;
	return 0;
}

static uint64_t since(uint64_t from, uint64_t to)
{
	return from && to > from ? to - from : 0;
}

static void put_ms(const char *what, uint64_t cycles, uint64_t bytes, const char *sep)
{
	uint64_t us = cycles / tsc_khz * 1000 + cycles % tsc_khz * 1000 / tsc_khz;
	if (us / 1000 > PHASE_MAX_MS)
		implausible = 1;
	add("%s %llu.%llu ms", what, (ull)(us / 1000), (ull)(us % 1000 / 100));
	if (bytes && us) {
		uint64_t tenths = bytes * 10000000 / us >> 20; /* MiB/s x 10 */
		add(" (%llu.%llu MiB/s)", (ull)(tenths / 10), (ull)(tenths % 10));
	}
	add("%s", sep);
}

/* 1 when a taken mark comes before an earlier taken one (setup16's, then lm64's, in order). */
static int out_of_order(const struct boot *b)
{
	uint64_t seq[MARK_COUNT + 10], last = 0;
	unsigned n = 0;
	for (int i = 0; i < MARK_COUNT; i++)
		seq[n++] = b->h->tsc[i];
	seq[n++] = b->t_menu_start, seq[n++] = b->t_menu, seq[n++] = b->t_read_start;
	seq[n++] = b->t_kernel_read, seq[n++] = b->t_initrd_read;
	seq[n++] = b->t_inflate_start, seq[n++] = b->t_inflate, seq[n++] = b->t_elf;
	seq[n++] = b->t_reloc, seq[n++] = b->t_handoff;
	for (unsigned i = 0; i < n; i++) {
		if (seq[i] && seq[i] < last)
			return 1;
		if (seq[i])
			last = seq[i];
	}
	return 0;
}

void timing_print(const struct boot *b)
{
	const struct handoff *h = b->h;
	if (!tsc_khz) {
		con_printf("lm64: no timing line (TSC frequency unknown: no TSC, or the "
			   "calibration was not plausible)\n");
		return;
	}
	implausible = out_of_order(b);
	uint64_t out_bytes = (uint64_t)b->elf_size + b->reloc_size;
	uint64_t initrd_read = b->t_initrd_read ? b->initrd_bytes : 0;
	uint64_t menu = since(b->t_menu_start, b->t_menu);
	used = 0;
	add("longboot timing: ");
	if (menu)
		put_ms("menu", menu, 0, ", ");
	put_ms("read kernel", since(b->t_read_start, b->t_kernel_read), b->kernel_gz_bytes, ", ");
	put_ms("read initrd", since(b->t_kernel_read, b->t_initrd_read), initrd_read, ", ");
	put_ms("e820", step(h, MARK_E820), 0, ", ");
	put_ms("a20", step(h, MARK_A20), 0, ", ");
	/* "inflate" for gzip (the name the timing line always had), "decode" for the others */
	int gzip = !b->format || (b->format[0] == 'g' && b->format[1] == 'z');
	put_ms(gzip ? "inflate" : "decode", since(b->t_inflate_start, b->t_inflate), out_bytes, ", ");
	put_ms("elf", since(b->t_inflate, b->t_elf), 0, ", ");
	put_ms("reloc", since(b->t_elf, b->t_reloc), 0, ", ");
	put_ms("total", since(h->tsc[MARK_SETUP16], b->t_handoff), 0, "");
	if (implausible)
		add(" (not plausible: the CPU was stopped, by a debugger?, or the TSC rate "
		    "changed; do not trust these times)");
	line[used] = 0;
	con_printf("%s\n", line);
}
