/* serial.c: polled 16550 driver for COM1, any CPU mode. Bochs models the UART closely:
 * the line control must be set (else 5 data bits) and each byte must wait for THRE.
 * With the FIFOs on, THRE means the whole 16-byte FIFO is empty: 16 bytes go out before the
 * line status is read again. No UART (the ports read 0xFF): nothing is sent or waited for.
 * A UART whose THRE does not come within the bounded wait gets the next 16 bytes anyway and
 * the next wait in full: an emulator's UART is held up for a while when whoever reads it
 * falls behind, and giving up on it then lost the rest of a boot's output (the test kernel's
 * report, a whole menu). A present but dead UART costs one bounded wait per 16 bytes. */
#include "io.h"
#include "serial.h"
#include "x86.h"

#define COM1 X86_COM1
#define SPIN_LIMIT 100000 /* bounded wait: a missing UART must not hang the boot */

static unsigned char fifo; /* bytes one THRE lets through: 16 with FIFOs, else 1; 0: no UART */
static unsigned char room; /* bytes the transmitter takes before the next THRE wait */

static int fifos_on(void)
{
	return (inb(COM1 + X86_UART_IIR) & X86_UART_IIR_FIFO) == X86_UART_IIR_FIFO;
}

void serial_init(void)
{
	/* Set up by an earlier stage (8N1, FIFOs on): reprogramming it would clear the transmit
	 * FIFO, and with it the end of that stage's last line. */
	room = 0;
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

/* Bounded: at most SPIN_LIMIT reads of the line status. */
static void wait_lsr(unsigned char bit)
{
	for (unsigned long i = 0; fifo && i < SPIN_LIMIT; i++)
		if (inb(COM1 + X86_UART_LSR) & bit)
			return;
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
