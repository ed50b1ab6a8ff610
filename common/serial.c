/* serial.c: polled 16550 driver for COM1, any CPU mode. Bochs models the UART closely:
 * the line control must be set (else 5 data bits) and each byte must wait for THRE.
 * With the FIFOs on, THRE means the whole 16-byte FIFO is empty: 16 bytes go out before the
 * line status is read again. No UART (the ports read 0xFF): nothing is sent or waited for.
 * The wait for THRE is bounded by time, not by a count of status reads: an emulator's UART is
 * held up for as long as whoever reads it falls behind (a console server that drains its
 * socket every 200 ms), and a bound of a few ms of status reads then wrote into a full FIFO
 * and lost bytes mid-line. The clock is PIT channel 0, the BIOS's timer, read with a latch
 * (it needs no calibration and runs in every mode; in mode 3, as SeaBIOS and the Bochs BIOS
 * program it, the count drops by 2 a tick: serial_init reads the mode back). A present UART
 * whose THRE does not come within WAIT_TICKS is taken as stuck: from then on each wait is
 * STUCK_TICKS, until THRE comes again. A stuck UART costs each stage (setup16, lm64, the test
 * kernel) one WAIT_TICKS, then STUCK_TICKS per 16 bytes. */
#include "io.h"
#include "serial.h"
#include "x86.h"

#define COM1 X86_COM1
#define WAIT_TICKS  (5u * X86_PIT_HZ)    /* 5 s: a live but slow reader is waited for */
#define STUCK_TICKS (X86_PIT_HZ / 1000u) /* 1 ms: once the UART was stuck */
#define PIT_STILL   2000u                /* reads of an unchanged count: the PIT does not count */

static unsigned char fifo; /* bytes one THRE lets through: 16 with FIFOs, else 1; 0: no UART */
static unsigned char room; /* bytes the transmitter takes before the next THRE wait */

static unsigned char stuck; /* the last wait ran out: wait STUCK_TICKS until THRE comes again */
static unsigned char pit_step = 1; /* how much channel 0's count drops a tick: 2 in mode 3 */

static void pit_mode(void)
{
	outb(X86_PIT_CMD, 0xE2); /* read-back: channel 0's status only */
	pit_step = ((inb(X86_PIT_CH0) >> 1) & 3) == 3 ? 2 : 1; /* mode 3 (and 7) */
}

static int fifos_on(void)
{
	return (inb(COM1 + X86_UART_IIR) & X86_UART_IIR_FIFO) == X86_UART_IIR_FIFO;
}

void serial_init(void)
{
	/* Set up by an earlier stage (8N1, FIFOs on): reprogramming it would clear the transmit
	 * FIFO, and with it the end of that stage's last line. */
	room = 0;
	pit_mode();
	if (inb(COM1 + 3) == 0x03 && fifos_on()) {
		fifo = X86_UART_FIFO;
		return;
	}
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB on */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* DLAB off, 8 data bits, no parity, 1 stop bit */
	outb(COM1 + 2, 0x07); /* enable and clear FIFOs */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
	fifo = inb(COM1 + X86_UART_LSR) == 0xff ? 0 : fifos_on() ? X86_UART_FIFO : 1;
}


static uint16_t pit0(void)
{
	outb(X86_PIT_CMD, 0x00); /* latch channel 0 */
	uint8_t lo = inb(X86_PIT_CH0);
	return (uint16_t)(lo | inb(X86_PIT_CH0) << 8);
}

/* Bounded by time (PIT channel 0 ticks), not by a count of status reads: how fast those are
 * depends on the machine (an emulator answers them in well under a microsecond, or in many). */
static void wait_lsr(unsigned char bit)
{
	if (!fifo)
		return;
	unsigned long limit = (stuck ? STUCK_TICKS : WAIT_TICKS) * pit_step, waited = 0;
	unsigned still = 0;
	uint16_t last = pit0();
	for (unsigned i = 1;; i++) {
		if (inb(COM1 + X86_UART_LSR) & bit) {
			stuck = 0;
			return;
		}
		if (i & 7)
			continue;                         /* the clock every 8 status reads */
		uint16_t now = pit0();
		if (now == last && ++still > PIT_STILL)
			break;                            /* no PIT: give up at once */
		if (now != last)
			still = 0;
		waited += (uint16_t)(last - now);     /* it counts down, wrapping at 0 */
		last = now;
		if (waited >= limit)
			break;
	}
	stuck = 1;
}

static void put_raw(char c)
{
	if (!fifo)
		return;
	if (!room) {
		wait_lsr(X86_UART_LSR_THRE);
		room = fifo;
	}
	room--;
	outb(COM1, (unsigned char)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

int serial_rx_ready(void)
{
	return fifo && (inb(COM1 + X86_UART_LSR) & X86_UART_LSR_DR);
}

int serial_getc(void)
{
	return serial_rx_ready() ? inb(COM1) : -1;
}

void serial_drain(void)
{
	wait_lsr(X86_UART_LSR_TEMT);
}

void serial_flush(void)
{
	wait_lsr(X86_UART_LSR_THRE);
	room = fifo;
}
