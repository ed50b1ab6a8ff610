/* console.c: setup16's console, real mode: VGA text via INT 10h (teletype, wrapped at the
 * screen width on word boundaries) and COM1; printf; fatal (its message in ATTR_ERROR); the
 * detail lines into the log at LB_LOG, which lm64 prints when the boot is verbose (only lm64
 * reads the configuration that says so). */
#include <stdarg.h>
#include "setup16.h"
#include "biosregs.h"
#include "fmt.h"
#include "serial.h"
#include "wrap.h"

#define ATTR_TEXT  0x07 /* light grey on black */
#define ATTR_ERROR 0x4F /* bright white on red: a fatal error (lm64 uses the same) */

static struct wrap screen;
static uint8_t attr = ATTR_TEXT;

static void bios_putc(char c)
{
	struct biosregs r;
	if (attr != ATTR_TEXT && (uint8_t)c >= ' ') {
		initregs(&r);
		r.ah = 0x09;  /* write character and attribute at the cursor (no advance) */
		r.al = (uint8_t)c;
		r.bx = attr;  /* page 0 */
		r.cx = 1;
		intcall(0x10, &r, 0);
	}
	initregs(&r);
	r.ah = 0x0e;  /* teletype output: advances, wraps, scrolls; keeps the cell's attribute */
	r.al = (uint8_t)c;
	r.bx = ATTR_TEXT; /* page 0 */
	intcall(0x10, &r, 0);
}

static void screen_out(char c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		bios_putc('\r');
	bios_putc(c);
}

void console_init(void)
{
	struct biosregs r;
	serial_init();
	initregs(&r);
	r.ah = 0x0f;  /* video mode: AH = columns */
	intcall(0x10, &r, &r);
	unsigned cols = r.ah;
	initregs(&r);
	r.ah = 0x03;  /* cursor of page 0: DL = column */
	intcall(0x10, &r, &r);
	wrap_init(&screen, screen_out, 0, cols, r.dl);
}

static int mid_line; /* something printed since the last newline */

static void put(char c)
{
	mid_line = c != '\n';
	wrap_putc(&screen, c);
	serial_putc(c); /* turns '\n' into "\r\n" itself */
}

static void sink(char c, void *ctx)
{
	(void)ctx;
	put(c);
}

static void vprint16(const char *f, va_list ap)
{
	fmt_vformat(sink, 0, f, ap);
	wrap_flush(&screen);
}

void printf16(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vprint16(f, ap);
	va_end(ap);
}

#define LOG_MAX (LB_LOG_END - LB_LOG - 1)
static const char LOG_CUT[] = "...(setup16's log is full)\n";

static void log_sink(char c, void *ctx)
{
	(void)ctx;
	char *log = (char *)LB_LOG;
	if (handoff.log_len < LOG_MAX - (sizeof LOG_CUT - 1))
		log[handoff.log_len++] = c;
	else if (handoff.log_len == LOG_MAX - (sizeof LOG_CUT - 1))
		for (const char *p = LOG_CUT; *p; p++)
			log[handoff.log_len++] = *p;
	log[handoff.log_len] = 0;
}

void note16(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	fmt_vformat(log_sink, 0, f, ap);
	va_end(ap);
}

void fatal(const char *f, ...)
{
	va_list ap;
	if (mid_line)
		printf16("\n");
	attr = ATTR_ERROR;
	printf16("setup16: ");
	va_start(ap, f);
	vprint16(f, ap);
	va_end(ap);
	attr = ATTR_TEXT;
	printf16("\n" LB_HALT_LINE "\n");
	serial_drain();
	for (;;)
		__asm__ volatile("cli; hlt");
}
