/* bootmenu.h: the interactive part of choosing an entry: the menu of a validated configuration
 * table, the command-line editor under it, keys and time from a poll callback. Pure (no BIOS):
 * setup16 gives it menuio.c's console and keys, the host tests a script. */
#ifndef SETUP16_BOOTMENU_H
#define SETUP16_BOOTMENU_H
#include <stdint.h>
#include "con.h"
#include "keys.h"
#include "menu.h"

struct bootmenu_io {
	const struct con *con;
	/* The next key event (KEY_NONE when none is waiting; it may idle a little first) and the
	 * time in milliseconds in *now_ms (a monotonic count; it may wrap around 2^32). */
	struct key_event (*poll)(void *ctx, uint32_t *now_ms);
	void *ctx;
};

/* Rows of the editor, under the menu. */
#define BOOTMENU_ROW_EDIT_TITLE(m) (MENU_ROW_STATUS(m) + 2)
#define BOOTMENU_ROW_EDIT_LINE(m)  (MENU_ROW_STATUS(m) + 3)

/* Fills m from the table (titles, versions, default, timeout). */
void bootmenu_init(struct menu *m, const void *table, uint32_t now_ms);

/* Runs the menu until an entry is to be booted: returns its index with its command line in
 * cmdline (LB_CFG_CMDLINE_MAX bytes: the entry's own, or as edited after 'e'); -1 when no entry
 * is left (every one failed: menu_fail). Draws every row first: clear the screen before. */
int bootmenu_run(struct menu *m, const void *table, const struct bootmenu_io *io, char *cmdline);

#endif
