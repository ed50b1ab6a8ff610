/* console.c: lm64's console (64-bit long mode): COM1 and the VGA text buffer, continuing at
 * the cursor setup16 left; printf to both; fatal() prints and halts. */
#include <stdarg.h>
#include "lm64.h"
#include "halt.h"
#include "fmt.h"
#include "io.h"
#include "serial.h"

#define ATTR 0x07 /* light grey on black */

static struct {
	volatile uint16_t *buf; /* 0: no text-mode screen */
	unsigned cols, lines, x, y;
} vga;

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
		vga.buf[n + i] = (ATTR << 8) | ' ';
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
	vga.buf[vga.y * vga.cols + vga.x] = (ATTR << 8) | (uint8_t)c;
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

static void both_sink(char c, void *ctx)
{
	(void)ctx;
	serial_putc(c);
	vga_putc(c);
}

static void con_vprintf(const char *f, va_list ap)
{
	fmt_vformat(both_sink, 0, f, ap);
	vga_cursor();
}

void con_printf(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	con_vprintf(f, ap);
	va_end(ap);
}

void con_sync_cursor(struct boot_params *bp)
{
	if (!vga.buf)
		return;
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
	con_printf("lm64: ");
	va_start(ap, f);
	con_vprintf(f, ap);
	va_end(ap);
	con_printf("\n");
	halt_forever();
}
