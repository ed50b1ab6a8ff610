/* serial.c: polled 16550 driver for COM1, any CPU mode. Bochs models the UART closely:
 * the line control must be set (else 5 data bits) and each byte must wait for THRE. */
#include "io.h"
#include "serial.h"
#include "x86.h"

#define COM1 X86_COM1
#define SPIN_LIMIT 100000 /* bounded wait: a missing UART must not hang the boot */

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB on */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* DLAB off, 8 data bits, no parity, 1 stop bit */
	outb(COM1 + 2, 0x07); /* enable and clear FIFOs */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

static void wait_lsr(unsigned char bit)
{
	for (unsigned long i = 0; i < SPIN_LIMIT; i++)
		if (inb(COM1 + X86_UART_LSR) & bit)
			return;
}

static void put_raw(char c)
{
	wait_lsr(X86_UART_LSR_THRE);
	outb(COM1, (unsigned char)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

void serial_drain(void)
{
	wait_lsr(X86_UART_LSR_TEMT);
}
