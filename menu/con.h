/* con.h: the text console the menu and the line editor draw on, as two callbacks. setup16 gives
 * one that writes VGA text (INT 10h) and COM1 at once; the host tests give a screen buffer. */
#ifndef SETUP16_CON_H
#define SETUP16_CON_H

#define CON_MAX_COLS 132

struct con {
	unsigned cols; /* columns of a row, <= CON_MAX_COLS (80 on VGA text mode 3) */
	/* Replaces row `row` with text[0..len) followed by blanks up to cols; hl: draw it highlighted
	 * (the selected entry: reverse video on VGA; the text itself carries a '>' marker). */
	void (*row)(void *ctx, unsigned row, const char *text, unsigned len, int hl);
	/* Puts the visible cursor at (row, col). */
	void (*cursor)(void *ctx, unsigned row, unsigned col);
	void *ctx;
};

#endif
