/* console.c: setup16's console, real mode: VGA text via INT 10h AH=0Eh and COM1; printf; fatal. */
#include <stdarg.h>
#include "setup16.h"
#include "bios.h"
#include "fmt.h"
#include "serial.h"

void console_init(void)
{
	serial_init();
}

static void screen_putc(char c)
{
	struct biosregs r;
	initregs(&r);
	r.ah = 0x0e;  /* teletype output */
	r.al = (uint8_t)c;
	r.bx = 0x0007; /* page 0, grey */
	intcall(0x10, &r, 0);
}

static int mid_line; /* something printed since the last newline */

void putchar16(char c)
{
	mid_line = c != '\n';
	if (c == '\n')
		screen_putc('\r');
	screen_putc(c);
	serial_putc(c); /* turns '\n' into "\r\n" itself */
}

static void sink(char c, void *ctx)
{
	(void)ctx;
	putchar16(c);
}

void printf16(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	fmt_vformat(sink, 0, f, ap);
	va_end(ap);
}

void console_newline(void)
{
	if (mid_line)
		putchar16('\n');
}

void fatal(const char *f, ...)
{
	va_list ap;
	printf16(mid_line ? "\nsetup16: " : "setup16: ");
	va_start(ap, f);
	fmt_vformat(sink, 0, f, ap);
	va_end(ap);
	printf16("\n" LB_HALT_LINE "\n");
	serial_drain();
	for (;;)
		__asm__ volatile("cli; hlt");
}
