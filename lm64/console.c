/* console.c: lm64's console (64-bit long mode): COM1 and the VGA text buffer, continuing at
 * the cursor setup16 left, wrapped at the screen width on word boundaries; printf to both;
 * fatal() prints its message in ATTR_ERROR and halts; before the handoff, a line on the screen
 * when the kernel's console is a serial port only. */
#include <stdarg.h>
#include "lm64.h"
#include "halt.h"
#include "fmt.h"
#include "io.h"
#include "serial.h"
#include "wrap.h"


static struct {
	volatile uint16_t *buf; /* 0: no text-mode screen */
	unsigned cols, lines, x, y;
	uint16_t attr;
	struct wrap wrap;
} vga;

static void vga_putc(char c);
static void vga_out(char c, void *ctx)
{
	(void)ctx;
	vga_putc(c);
}

void con_init(struct boot_params *bp)
{
	const struct screen_info *si = &bp->screen_info;
	unsigned mode = si->orig_video_mode;
	serial_init();
	vga.buf = 0;
	if (mode <= 3 || mode == 7) {
		vga.buf = (volatile uint16_t *)(uintptr_t)(mode == 7 ? 0xB0000 : 0xB8000);
		vga.cols = si->orig_video_cols ? si->orig_video_cols : 80;
		vga.lines = si->orig_video_lines ? si->orig_video_lines : 25;
		vga.x = si->orig_x < vga.cols ? si->orig_x : 0;
		vga.y = si->orig_y < vga.lines ? si->orig_y : vga.lines - 1;
	}
	vga.attr = ATTR_TEXT;
	wrap_init(&vga.wrap, vga_out, 0, vga.buf ? vga.cols : 0, vga.x);
}

static void vga_newline(void)
{
	vga.x = 0;
	if (++vga.y < vga.lines)
		return;
	vga.y = vga.lines - 1;
	unsigned n = vga.cols * (vga.lines - 1);
	for (unsigned i = 0; i < n; i++)
		vga.buf[i] = vga.buf[i + vga.cols];
	for (unsigned i = 0; i < vga.cols; i++)
		vga.buf[n + i] = (ATTR_TEXT << 8) | ' ';
}

static void vga_putc(char c)
{
	if (!vga.buf)
		return;
	if (c == '\n') {
		vga_newline();
		return;
	}
	if (c == '\r') {
		vga.x = 0;
		return;
	}
	vga.buf[vga.y * vga.cols + vga.x] = (uint16_t)(vga.attr << 8) | (uint8_t)c;
	if (++vga.x >= vga.cols)
		vga_newline();
}

static void vga_cursor(void)
{
	if (!vga.buf)
		return;
	unsigned pos = vga.y * vga.cols + vga.x;
	uint16_t crtc = vga.buf == (volatile uint16_t *)0xB0000 ? 0x3B4 : 0x3D4;
	outb(crtc, 0x0F);
	outb(crtc + 1, pos & 0xFF);
	outb(crtc, 0x0E);
	outb(crtc + 1, (pos >> 8) & 0xFF);
}

static void vga_out_wrapped(char c, void *ctx)
{
	(void)ctx;
	wrap_putc(&vga.wrap, c);
}

static int mid_line; /* something printed since the last newline */

static void both_sink(char c, void *ctx)
{
	(void)ctx;
	mid_line = c != '\n';
	serial_putc(c);
	if (vga.buf)
		wrap_putc(&vga.wrap, c);
}

static void con_vprintf(const char *f, va_list ap)
{
	fmt_vformat(both_sink, 0, f, ap);
	if (vga.buf)
		wrap_flush(&vga.wrap);
	vga_cursor();
}

/* The screen only (the serial port is the kernel's console in the case it is for). */
static void screen_printf(const char *f, ...)
{
	va_list ap;
	if (!vga.buf)
		return;
	va_start(ap, f);
	fmt_vformat(vga_out_wrapped, 0, f, ap);
	va_end(ap);
	wrap_flush(&vga.wrap);
	vga_cursor();
}

void con_printf(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	con_vprintf(f, ap);
	va_end(ap);
}

void con_putc(char c)
{
	both_sink(c, 0);
	if (vga.buf)
		wrap_flush(&vga.wrap);
	vga_cursor();
}

uint8_t con_attr(uint8_t attr)
{
	uint8_t old = (uint8_t)vga.attr;
	vga.attr = attr;
	return old;
}

void con_newline(void)
{
	if (mid_line)
		con_putc('\n');
}

void con_screen_row(unsigned row, const char *text, unsigned len, uint8_t attr)
{
	if (!vga.buf || row >= vga.lines)
		return;
	volatile uint16_t *p = vga.buf + row * vga.cols;
	for (unsigned i = 0; i < vga.cols; i++)
		p[i] = (uint16_t)(attr << 8) | (uint8_t)(i < len ? text[i] : ' ');
}

void con_screen_cursor(unsigned row, unsigned col)
{
	if (!vga.buf)
		return;
	vga.y = row < vga.lines ? row : vga.lines - 1;
	vga.x = col < vga.cols ? col : vga.cols - 1;
	vga_cursor();
}

void con_screen_clear(void)
{
	if (!vga.buf)
		return;
	for (unsigned i = 0; i < vga.cols * vga.lines; i++)
		vga.buf[i] = (ATTR_TEXT << 8) | ' ';
	vga.x = vga.y = 0;
	wrap_init(&vga.wrap, vga_out, 0, vga.cols, 0);
	vga_cursor();
	mid_line = 0;
}

int con_verbose;

void con_note(const char *f, ...)
{
	va_list ap;
	if (!con_verbose)
		return;
	va_start(ap, f);
	con_vprintf(f, ap);
	va_end(ap);
}

/* The serial port the kernel's command line makes its only console ("ttyS0"; the last
 * console= wins in Linux), into name; 0 when it names none or also a screen (tty0, tty1, ...). */
static int serial_console(const char *cmd, char *name, unsigned size)
{
	int serial = 0, screen = 0;
	for (const char *p = cmd; p && *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((unsigned)(p - w) < 8 || w[0] != 'c' || w[1] != 'o' || w[2] != 'n' || w[3] != 's' ||
		    w[4] != 'o' || w[5] != 'l' || w[6] != 'e' || w[7] != '=')
			continue;
		const char *v = w + 8;
		unsigned n = 0;
		while (v + n < p && v[n] != ',')
			n++;
		if (n >= 4 && v[0] == 't' && v[1] == 't' && v[2] == 'y' && v[3] == 'S') {
			serial = 1;
			unsigned k = n < size - 1 ? n : size - 1;
			for (unsigned i = 0; i < k; i++)
				name[i] = v[i];
			name[k] = 0;
		} else if (n >= 3 && v[0] == 't' && v[1] == 't' && v[2] == 'y' &&
			   (n == 3 || (v[3] >= '0' && v[3] <= '9'))) {
			screen = 1;
		}
	}
	return serial && !screen;
}

/* The last thing lm64 does on the screen before the handoff: say where the kernel's console
 * went when it is not the screen, and give the kernel the cursor. */
void con_sync_cursor(struct boot_params *bp)
{
	char tty[16];
	if (!vga.buf)
		return;
	if (serial_console((const char *)(uintptr_t)bp->hdr.cmd_line_ptr, tty, sizeof tty))
		screen_printf("longboot: kernel console is on %s; nothing more will appear here\n", tty);
	bp->screen_info.orig_x = vga.x;
	bp->screen_info.orig_y = vga.y;
}

void halt_forever(void)
{
	con_printf(LB_HALT_LINE "\n");
	serial_drain();
	for (;;)
		__asm__ volatile("cli; hlt");
}

void fatal(const char *f, ...)
{
	va_list ap;
	con_newline();
	vga.attr = ATTR_ERROR;
	con_printf("lm64: ");
	va_start(ap, f);
	con_vprintf(f, ap);
	va_end(ap);
	vga.attr = ATTR_TEXT;
	con_printf("\n");
	halt_forever();
}
