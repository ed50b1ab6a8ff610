/* menu.h: the boot menu as a model (entries, selection, countdown, failed entries) and its
 * drawing through struct con. Pure: keys and the time in milliseconds come in as arguments. */
#ifndef SETUP16_MENU_H
#define SETUP16_MENU_H
#include <stdint.h>
#include "con.h"
#include "keys.h"

#define MENU_MAX_ENTRIES 16
#define MENU_REASON_MAX  128 /* bytes kept of the last failure's message */

enum menu_action {
	MENU_STAY = 0, /* nothing to do but wait for keys and the clock */
	MENU_BOOT,     /* boot entry m->sel (Enter, or the countdown ran out) */
	MENU_EDIT,     /* 'e': edit entry m->sel's command line */
};

/* Rows of the screen, from the top. */
#define MENU_ROW_TITLE   0
#define MENU_ROW_FIRST   2                       /* entry i on row MENU_ROW_FIRST + i */
#define MENU_ROW_HELP(m)   (MENU_ROW_FIRST + (m)->count + 1)
#define MENU_ROW_REASON(m) (MENU_ROW_FIRST + (m)->count + 2)
#define MENU_ROW_STATUS(m) (MENU_ROW_FIRST + (m)->count + 3)

/* What to redraw (menu.dirty). */
#define MENU_DIRTY_ENTRIES 0x0000FFFFu /* bit i: entry i */
#define MENU_DIRTY_FRAME   0x00010000u /* title, blank and help rows */
#define MENU_DIRTY_REASON  0x00020000u
#define MENU_DIRTY_STATUS  0x00040000u
#define MENU_DIRTY_ALL     0x0007FFFFu

struct menu {
	const char *title[MENU_MAX_ENTRIES];   /* never empty */
	const char *version[MENU_MAX_ENTRIES]; /* "" when unknown */
	uint8_t count, def, sel;
	uint8_t counting;       /* the countdown runs */
	uint8_t none_left;      /* every entry failed */
	uint16_t timeout;       /* seconds */
	uint16_t failed;        /* bit i: entry i failed */
	uint16_t shown_left;    /* seconds left as last drawn */
	uint32_t deadline_ms;
	uint32_t dirty;         /* MENU_DIRTY_* */
	char reason[MENU_REASON_MAX]; /* "entry N failed: ..." of the last failure, or "" */
};

/* The titles and versions stay owned by the caller (the configuration table). timeout 0: no
 * countdown (the caller shows the menu only when asked to: a key during the banner). */
void menu_init(struct menu *m, unsigned count, unsigned def, unsigned timeout_s, uint32_t now_ms);

/* Any key stops the countdown. Up/Down (Home/End: first/last) move, '1'..'9' select that entry,
 * Enter boots, 'e' edits. */
enum menu_action menu_key(struct menu *m, struct key_event k);

/* MENU_BOOT when the countdown has run out (then the caller boots m->sel). */
enum menu_action menu_tick(struct menu *m, uint32_t now_ms);
unsigned menu_seconds_left(const struct menu *m, uint32_t now_ms);

/* Entry i could not be booted (reason: what setup16 printed, without "setup16: "): marks it,
 * selects the next entry that has not failed (wrapping) and restarts the countdown, so an
 * unattended machine boots it by itself. Returns 0 when no entry is left (m->none_left). */
int menu_fail(struct menu *m, unsigned i, const char *reason, uint32_t now_ms);

/* Redraws the dirty rows (all after menu_init) and clears m->dirty. */
void menu_draw(struct menu *m, const struct con *c, uint32_t now_ms);

/* Lines of the menu's texts, as the tests read them. */
#define MENU_TITLE_TEXT "longboot: choose an entry"
#define MENU_HELP_TEXT  "Up/Down or 1-9: select   Enter: boot   e: edit the command line"

#endif
