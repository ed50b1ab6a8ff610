/* menuio.c: the boot menu's devices, real mode: VGA text rows via INT 10h (AH=13h write string,
 * AH=09h blanks, AH=02h cursor), the same rows on COM1 as VT100 (cursor addressing, reverse
 * video for the selection), keys from INT 16h and COM1, time from the BIOS tick at 0040:006C. */
#include "setup16.h"
#include "bios.h"
#include "fmt.h"
#include "menuio.h"
#include "serial.h"

#define BDA_TICKS     0x46C    /* timer ticks since midnight (18.2 Hz) */
#define TICKS_PER_DAY 0x1800B0u
#define EFLAGS_ZF     0x0040
#define ATTR_NORMAL   0x07
#define ATTR_REVERSE  0x70

static void serial_puts(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

static void serial_goto(unsigned row, unsigned col)
{
	char b[16];
	fmt_snprintf(b, sizeof b, "\x1b[%u;%uH", row + 1, col + 1);
	serial_puts(b);
}

static void vga_cursor(unsigned row, unsigned col)
{
	struct biosregs r;
	initregs(&r);
	r.ah = 0x02; /* set cursor position, page 0 */
	r.dh = (uint8_t)row;
	r.dl = (uint8_t)col;
	intcall(0x10, &r, 0);
}

static void con_row(void *ctx, unsigned row, const char *text, unsigned len, int hl)
{
	struct biosregs r;
	(void)ctx;
	if (len) {
		initregs(&r);
		r.ax = 0x1300;                     /* write string, attribute in BL, cursor kept */
		r.bl = hl ? ATTR_REVERSE : ATTR_NORMAL;
		r.cx = (uint16_t)len;
		r.dh = (uint8_t)row;
		r.es = 0;                          /* ES:BP = text (below 64 KiB: stack or .bss) */
		r.bp = (uint16_t)(uintptr_t)text;
		intcall(0x10, &r, 0);
	}
	if (len < menuio_con.cols) {
		vga_cursor(row, len);
		initregs(&r);
		r.ax = 0x0920;                     /* write blanks at the cursor */
		r.bl = hl ? ATTR_REVERSE : ATTR_NORMAL;
		r.cx = (uint16_t)(menuio_con.cols - len);
		intcall(0x10, &r, 0);
	}
	serial_goto(row, 0);
	if (hl)
		serial_puts("\x1b[7m");
	for (unsigned i = 0; i < len; i++)
		serial_putc(text[i]);
	serial_puts(hl ? "\x1b[K\x1b[0m" : "\x1b[K");
}

static void con_cursor(void *ctx, unsigned row, unsigned col)
{
	(void)ctx;
	vga_cursor(row, col);
	serial_goto(row, col);
}

const struct con menuio_con = { 80, con_row, con_cursor, 0 };

void menuio_clear(void)
{
	struct biosregs r;
	initregs(&r);
	r.ax = 0x0600;      /* scroll up the whole window: blank it */
	r.bh = ATTR_NORMAL;
	r.cx = 0;           /* from row 0, column 0 */
	r.dx = 0x184F;      /* to row 24, column 79 */
	intcall(0x10, &r, 0);
	vga_cursor(0, 0);
	serial_puts("\x1b[0m\x1b[2J\x1b[H");
}

uint32_t menuio_clock(void)
{
	static uint32_t last, days;
	uint32_t t = ((uint32_t)peek16(BDA_TICKS + 2) << 16) | peek16(BDA_TICKS);
	if (t < last)
		days++;
	last = t;
	return (days * TICKS_PER_DAY + t) * 55u; /* 54.9 ms per tick */
}

static int bios_key_waiting(void)
{
	struct biosregs r;
	initregs(&r);
	r.ah = 0x01;        /* check keystroke: ZF = 0 when one waits */
	intcall(0x16, &r, &r);
	return !(r.eflags & EFLAGS_ZF);
}

int menuio_wants_menu(void)
{
	return bios_key_waiting() || serial_rx_ready() || (peek8(BDA_SHIFT) & BDA_SHIFTS);
}

struct key_event menuio_poll(void *ctx, uint32_t *now)
{
	static struct vt_decoder vt;
	static struct key_event pending;
	struct key_event ev[2] = { { KEY_NONE, 0 }, { KEY_NONE, 0 } };
	(void)ctx;
	*now = menuio_clock();
	if (pending.key != KEY_NONE) {
		ev[0] = pending;
		pending.key = KEY_NONE;
		return ev[0];
	}
	if (bios_key_waiting()) {
		struct biosregs r;
		initregs(&r);
		r.ah = 0x00;    /* read keystroke: AH scan code, AL ASCII */
		intcall(0x16, &r, &r);
		return key_from_bios(r.ax);
	}
	for (int c; (c = serial_getc()) >= 0;) {
		int n = vt_feed(&vt, (uint8_t)c, *now, ev);
		if (n == 2)
			pending = ev[1];
		if (n)
			return ev[0];
	}
	if (vt_idle(&vt, *now, ev))
		return ev[0];
	__asm__ volatile("sti; hlt"); /* until the next timer tick or keyboard interrupt */
	return ev[0];
}
