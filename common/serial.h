/* serial.h: COM1 (0x3F8) at 115200 8N1, polled; shared by every stage and the test kernel. */
#ifndef SERIAL_H
#define SERIAL_H

void serial_init(void);      /* program divisor, 8N1, FIFOs; safe to call again */
void serial_putc(char c);    /* '\n' -> "\r\n"; waits for THRE only when the FIFO is full (bounded); no UART: dropped */
int serial_rx_ready(void);   /* a received byte waits at COM1's data port (never with no UART) */
int serial_getc(void);       /* that byte, or -1 when none waits */
void serial_drain(void);     /* waits until the transmitter is empty (before power-off) */
void serial_flush(void);     /* waits until the FIFO is empty: the next 16 bytes go out at once */

#endif
