/* serial.h: COM1 (0x3F8) at 115200 8N1, polled; shared by every stage and the test kernel. */
#ifndef SERIAL_H
#define SERIAL_H

void serial_init(void);      /* program divisor, 8N1, FIFOs; safe to call again */
void serial_putc(char c);    /* waits for an empty transmit holding register; '\n' -> "\r\n" */
void serial_drain(void);     /* waits until the transmitter is empty (before power-off) */

#endif
