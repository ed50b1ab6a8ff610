/* bootmenu.c: choosing an entry: menu, countdown, 'e' to edit the command line (Enter boots the
 * edited line, Esc returns to the menu). Pure: keys and time come from io->poll. */
#include "bootmenu.h"
#include "cfgtable.h"
#include "editline.h"
#include "fmt.h"

void bootmenu_init(struct menu *m, const void *table, uint32_t now_ms)
{
	const struct lb_cfg_header *h = table;
	for (unsigned i = 0; i < h->entry_count && i < MENU_MAX_ENTRIES; i++) {
		m->title[i] = cfg_string(table, cfg_entry(table, i)->title);
		m->version[i] = cfg_string(table, cfg_entry(table, i)->version);
	}
	menu_init(m, h->entry_count, h->default_entry, h->timeout, now_ms);
}

static void copy_cmdline(const void *table, unsigned i, char *out)
{
	const char *s = cfg_string(table, cfg_entry(table, i)->cmdline);
	unsigned n = 0;
	while (n < LB_CFG_CMDLINE_MAX - 1 && s[n]) {
		out[n] = s[n];
		n++;
	}
	out[n] = 0;
}

/* The editor for entry m->sel: 1 when Enter accepted the line, 0 after Esc. */
static int edit(struct menu *m, const void *table, const struct bootmenu_io *io, char *cmdline)
{
	const struct con *c = io->con;
	const struct lb_cfg_entry *e = cfg_entry(table, m->sel);
	struct editline ed;
	char head[CON_MAX_COLS];
	uint32_t now;
	int n = fmt_snprintf(head, sizeof head, "Command line of entry %u (Enter: boot it, Esc: back to the menu):",
			     m->sel + 1u);
	copy_cmdline(table, m->sel, cmdline);
	ed_init(&ed, cmdline, e->cmdline_max);
	c->row(c->ctx, BOOTMENU_ROW_EDIT_TITLE(m), head, (unsigned)n < c->cols ? (unsigned)n : c->cols, 0);
	ed_draw(&ed, c, BOOTMENU_ROW_EDIT_LINE(m));
	for (;;) {
		struct key_event k = io->poll(io->ctx, &now);
		if (k.key == KEY_NONE)
			continue;
		enum ed_result r = ed_key(&ed, k);
		ed_draw(&ed, c, BOOTMENU_ROW_EDIT_LINE(m));
		if (r == ED_ACCEPT)
			return 1;
		if (r == ED_CANCEL)
			break;
	}
	c->row(c->ctx, BOOTMENU_ROW_EDIT_TITLE(m), "", 0, 0);
	c->row(c->ctx, BOOTMENU_ROW_EDIT_LINE(m), "", 0, 0);
	m->dirty |= MENU_DIRTY_STATUS; /* and the cursor back on the menu */
	return 0;
}

int bootmenu_run(struct menu *m, const void *table, const struct bootmenu_io *io, char *cmdline)
{
	uint32_t now;
	m->dirty = MENU_DIRTY_ALL; /* the screen was cleared, or holds a failed entry's messages */
	for (;;) {
		struct key_event k = io->poll(io->ctx, &now);
		enum menu_action a = k.key != KEY_NONE ? menu_key(m, k) : menu_tick(m, now);
		menu_draw(m, io->con, now);
		if (m->none_left)
			return -1;
		if (a == MENU_BOOT) {
			copy_cmdline(table, m->sel, cmdline);
			return m->sel;
		}
		if (a == MENU_EDIT && edit(m, table, io, cmdline))
			return m->sel;
	}
}
