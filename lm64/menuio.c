/* menuio.c: the boot menu's devices, 64-bit: VGA text rows written straight into the text
 * buffer (console.c), the same rows on COM1 as VT100 (cursor addressing, reverse video for the
 * selection), keys from INT 16h through the BIOS gate and from COM1, time from the TSC (the
 * BIOS tick at 0040:006C when the TSC rate is unknown). Waiting is done in real mode (STI; HLT
 * through the gate), so the BIOS's timer and keyboard interrupts are served meanwhile. */
#include "lm64.h"
#include "biosregs.h"
#include "fmt.h"
#include "menuio.h"
#include "serial.h"

#define BDA_TICKS     0x46C    /* timer ticks since midnight (18.2 Hz) */
#define TICKS_PER_DAY 0x1800B0u
#define EFLAGS_ZF     0x0040

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

static void con_row(void *ctx, unsigned row, const char *text, unsigned len, int hl)
{
	(void)ctx;
	con_screen_row(row, text, len, hl ? ATTR_REVERSE : ATTR_TEXT);
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
	con_screen_cursor(row, col);
	serial_goto(row, col);
}

const struct con menuio_con = { 80, con_row, con_cursor, 0 };

void menuio_clear(void)
{
	con_screen_clear();
	serial_puts("\x1b[0m\x1b[2J\x1b[H");
}

uint32_t menuio_clock(void)
{
	static uint32_t last, days;
	if (tsc_khz)
		return (uint32_t)(rdtsc() / tsc_khz);
	uint32_t t = *(volatile const uint32_t *)(uintptr_t)BDA_TICKS;
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
	bios_call(0x16, &r, &r);
	return !(r.eflags & EFLAGS_ZF);
}

int menuio_wants_menu(void)
{
	return bios_key_waiting() || serial_rx_ready() || (bda8(BDA_SHIFT) & BDA_SHIFTS);
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
		bios_call(0x16, &r, &r);
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
	bios_idle(); /* until the next timer tick or keyboard interrupt */
	return ev[0];
}
