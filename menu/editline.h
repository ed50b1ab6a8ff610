/* editline.h: a one-line editor (the kernel command line at boot) as a state machine: keys in,
 * buffer and cursor changed, a result; drawing through struct con. Pure, host-tested. */
#ifndef SETUP16_EDITLINE_H
#define SETUP16_EDITLINE_H
#include <stdint.h>
#include "con.h"
#include "keys.h"

struct editline {
	char *buf;      /* the line, always NUL-terminated; holds max + 1 bytes */
	uint16_t len;   /* bytes in the line */
	uint16_t max;   /* most bytes the line may hold (the kernel's cmdline_size or the loader's) */
	uint16_t cur;   /* cursor: insertion point 0..len */
	uint16_t first; /* first byte shown (horizontal scroll) */
	uint8_t full;   /* the last key was refused: the line is full */
};

enum ed_result {
	ED_CONTINUE = 0, /* keep editing */
	ED_ACCEPT,       /* Enter: boot with the line as it is */
	ED_CANCEL,       /* Esc: back to the menu, the line is not used */
};

/* buf holds the initial NUL-terminated text (cut to max bytes); the cursor goes to its end. */
void ed_init(struct editline *e, char *buf, uint16_t max);

/* Applies one key: characters insert at the cursor (refused when the line is full), Left/Right,
 * Home/End, Backspace deletes before the cursor, Delete at it; Up/Down are ignored. */
enum ed_result ed_key(struct editline *e, struct key_event k);

/* The part of the line a row of `width` columns shows, the cursor kept inside: columns
 * [0, width-1) show buf[first..]; a line cut at the left shows '<' in column 0, one cut at the
 * right '>' in the last column. Updates e->first (scrolling by half a row). */
struct ed_view {
	uint16_t first;      /* first byte shown */
	uint16_t cursor_col; /* column of the cursor */
	uint8_t more_left, more_right;
};
void ed_view(struct editline *e, unsigned width, struct ed_view *v);

/* Draws the line on row `row` of c (full width) and puts the cursor in place. */
void ed_draw(struct editline *e, const struct con *c, unsigned row);

#endif
