/* screen.h: a struct con for the host tests: a text screen in memory (what VGA would show). */
#ifndef TEST_MENU_SCREEN_H
#define TEST_MENU_SCREEN_H
#include "con.h"

#define SCREEN_ROWS 25
struct screen {
	char text[SCREEN_ROWS][CON_MAX_COLS + 1]; /* NUL-terminated, trailing blanks trimmed */
	int hl[SCREEN_ROWS];
	unsigned writes[SCREEN_ROWS];             /* row() calls per row */
	unsigned cur_row, cur_col;
	struct con con;
};
void screen_init(struct screen *s, unsigned cols);
void screen_clear_counts(struct screen *s);

#endif
