/* a20.c: the A20 gate, real mode: wrap-around test, then INT 15h AX=2401h, the 8042 keyboard
 * controller and port 0x92 (fast A20), verifying after each. */
#include "setup16.h"
#include "biosregs.h"
#include "io.h"

#define TEST_LO      0x0500  /* 0000:0500, a free byte pair in low memory */
#define TEST_HI_OFF  0x0510  /* FFFF:0510 = 0x100500: the same byte when A20 is off */
#define KBC_DATA     0x60
#define KBC_STATUS   0x64
#define KBC_IBF      0x02    /* input buffer full: the controller has not taken our byte */
#define KBC_OBF      0x01    /* output buffer full */
#define PORT_92      0x92
#define PORT_92_A20  0x02
#define PORT_92_RESET 0x01   /* never write 1 here: it resets the machine */

static uint16_t peek_ffff(uint16_t off)
{
	uint16_t v;
	__asm__ volatile("pushw %%fs\n\t"
			 "movw %2, %%fs\n\t"
			 "movw %%fs:(%1), %0\n\t"
			 "popw %%fs"
			 : "=r"(v) : "r"((uint32_t)off), "r"((uint16_t)0xffff) : "memory");
	return v;
}

/* A20 is on when writing 0000:0500 does not show through at FFFF:0510. Tries several values
 * with a delay (a KBC-gated A20 takes a while to settle); restores the tested word. */
static int a20_test(unsigned loops)
{
	uint16_t saved = peek16(TEST_LO), v = saved;
	int on = 0;
	while (loops--) {
		poke16(TEST_LO, ++v);
		io_delay();
		if (peek_ffff(TEST_HI_OFF) != v) {
			on = 1;
			break;
		}
	}
	poke16(TEST_LO, saved);
	return on;
}

/* Bounded wait until the 8042 input buffer is empty, draining its output buffer. 0: timed out. */
static int kbc_wait(void)
{
	for (uint32_t i = 0; i < 100000; i++) {
		uint8_t st = inb(KBC_STATUS);
		if (st == 0xff)
			return 0;           /* no controller */
		if (st & KBC_OBF) {
			io_delay();
			(void)inb(KBC_DATA);
		} else if (!(st & KBC_IBF)) {
			return 1;
		}
		io_delay();
	}
	return 0;
}

/* Writes the 8042 output port (command D1h); bit 1 is A20. Returns 0 when the KBC never listened. */
static int kbc_write_output(uint8_t value)
{
	if (!kbc_wait())
		return 0;
	outb(KBC_STATUS, 0xd1);
	if (!kbc_wait())
		return 0;
	outb(KBC_DATA, value);
	if (!kbc_wait())
		return 0;
	outb(KBC_STATUS, 0xff);     /* null command: some UHCI legacy emulations need it */
	return kbc_wait();
}

static void fast_a20(int on)
{
	uint8_t v = inb(PORT_92) & ~PORT_92_RESET;
	v = on ? v | PORT_92_A20 : v & ~PORT_92_A20;
	outb(PORT_92, v);
}

static int bios_a20(void)
{
	struct biosregs r;
	initregs(&r);
	r.ax = 0x2401;
	intcall(0x15, &r, &r);
	return !(r.eflags & EFLAGS_CF) && r.ah == 0;
}

/* Test switch LBT_A20_OFF: turn A20 off through the KBC and port 0x92 first. */
static void a20_disable(void)
{
	kbc_write_output(0xdd);     /* output port: A20 off, no reset */
	fast_a20(0);
	note16("a20: test: disabled first, now %s\n", a20_test(32) ? "still on" : "off");
}

enum lb_a20 a20_enable(uint32_t test_flags)
{
	enum lb_a20 how = A20_UNKNOWN;
	if (test_flags & LBT_A20_OFF)
		a20_disable();
	if (a20_test(32))
		how = A20_ALREADY;
	if (!how && !(test_flags & LBT_NO_A20_BIOS) && bios_a20() && a20_test(256))
		how = A20_BIOS;
	if (!how && !(test_flags & LBT_NO_A20_KBC) && kbc_write_output(0xdf) && a20_test(0x10000))
		how = A20_KBC;
	if (!how && !(test_flags & LBT_NO_A20_FAST)) {
		fast_a20(1);
		if (a20_test(0x10000))
			how = A20_FAST;
	}
	if (!how)
		fatal("a20: could not enable the A20 line (tried:%s%s%s%s)",
		      test_flags & LBT_NO_A20_BIOS ? "" : " int15-2401",
		      test_flags & LBT_NO_A20_KBC ? "" : " kbc", test_flags & LBT_NO_A20_FAST ? "" : " port92",
		      (~test_flags & (LBT_NO_A20_BIOS | LBT_NO_A20_KBC | LBT_NO_A20_FAST)) ? "" :
		      " none, the test flags skipped every method");
	note16("a20: %s\n", lb_a20_name(how));
	return how;
}
