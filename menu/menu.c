/* menu.c: the boot menu model (selection, countdown, fallback after a failed entry) and its
 * drawing into rows of text. Pure: setup16 real mode and host tests. */
#include "menu.h"
#include "fmt.h"

void menu_init(struct menu *m, unsigned count, unsigned def, unsigned timeout_s, uint32_t now_ms)
{
	m->count = (uint8_t)(count > MENU_MAX_ENTRIES ? MENU_MAX_ENTRIES : count);
	m->def = m->sel = (uint8_t)(def < m->count ? def : 0);
	m->timeout = (uint16_t)timeout_s;
	m->counting = timeout_s > 0;
	m->none_left = 0;
	m->failed = 0;
	m->deadline_ms = now_ms + timeout_s * 1000u;
	m->shown_left = (uint16_t)timeout_s;
	m->dirty = MENU_DIRTY_ALL;
	m->reason[0] = 0;
}

static void choose(struct menu *m, unsigned i)
{
	if (i == m->sel || i >= m->count)
		return;
	m->dirty |= (1u << m->sel) | (1u << i);
	m->sel = (uint8_t)i;
}

enum menu_action menu_key(struct menu *m, struct key_event k)
{
	if (m->none_left || k.key == KEY_NONE)
		return MENU_STAY;
	if (m->counting) {
		m->counting = 0;
		m->dirty |= MENU_DIRTY_STATUS;
	}
	switch (k.key) {
	case KEY_UP:    if (m->sel) choose(m, m->sel - 1u); break;
	case KEY_DOWN:  choose(m, m->sel + 1u); break;
	case KEY_HOME:  choose(m, 0); break;
	case KEY_END:   choose(m, m->count - 1u); break;
	case KEY_ENTER: return MENU_BOOT;
	case KEY_CHAR:
		if (k.ch >= '1' && k.ch <= '9')
			choose(m, (unsigned)(k.ch - '1'));
		else if (k.ch == 'e')
			return MENU_EDIT;
		break;
	}
	return MENU_STAY;
}

unsigned menu_seconds_left(const struct menu *m, uint32_t now_ms)
{
	int32_t left = (int32_t)(m->deadline_ms - now_ms);
	return left <= 0 ? 0 : ((uint32_t)left + 999u) / 1000u;
}

enum menu_action menu_tick(struct menu *m, uint32_t now_ms)
{
	if (!m->counting || m->none_left)
		return MENU_STAY;
	unsigned left = menu_seconds_left(m, now_ms);
	if (left != m->shown_left)
		m->dirty |= MENU_DIRTY_STATUS;
	return left ? MENU_STAY : MENU_BOOT;
}

int menu_fail(struct menu *m, unsigned i, const char *reason, uint32_t now_ms)
{
	if (i >= m->count)
		return !m->none_left;
	m->failed |= (uint16_t)(1u << i);
	m->dirty |= (1u << i) | MENU_DIRTY_REASON | MENU_DIRTY_STATUS;
	fmt_snprintf(m->reason, sizeof m->reason, "entry %u failed: %s", i + 1, reason);
	for (unsigned k = 1; k <= m->count; k++) {
		unsigned j = (i + k) % m->count;
		if (!(m->failed & (1u << j))) {
			choose(m, j);
			m->counting = 1;
			m->deadline_ms = now_ms + m->timeout * 1000u;
			m->shown_left = m->timeout;
			return 1;
		}
	}
	m->none_left = 1;
	m->counting = 0;
	return 0;
}

/* ---- drawing ---- */

struct line {
	char s[CON_MAX_COLS];
	unsigned n, cols;
};

static void put(struct line *l, const char *s)
{
	while (*s && l->n < l->cols)
		l->s[l->n++] = *s++;
}

static void pad_to(struct line *l, unsigned col)
{
	while (l->n < col && l->n < l->cols)
		l->s[l->n++] = ' ';
}

static void draw_entry(const struct menu *m, const struct con *c, unsigned i)
{
	struct line l = { .n = 0, .cols = c->cols };
	char num[8];
	fmt_snprintf(num, sizeof num, "%c%2u. ", i == m->sel ? '>' : ' ', i + 1);
	put(&l, num);
	put(&l, m->title[i]);
	if (i == m->def)
		put(&l, " (default)");
	if (m->failed & (1u << i))
		put(&l, " [failed]");
	if (m->version[i][0]) { /* the version last (cut first on a narrow console), from column 49 */
		pad_to(&l, 48);
		put(&l, " ");
		put(&l, m->version[i]);
	}
	c->row(c->ctx, MENU_ROW_FIRST + i, l.s, l.n, i == m->sel);
}

static void draw_text(const struct con *c, unsigned row, const char *s)
{
	struct line l = { .n = 0, .cols = c->cols };
	put(&l, s);
	c->row(c->ctx, row, l.s, l.n, 0);
}

void menu_draw(struct menu *m, const struct con *c, uint32_t now_ms)
{
	if (c->cols > CON_MAX_COLS || !m->dirty)
		return;
	if (m->dirty & MENU_DIRTY_FRAME) {
		draw_text(c, MENU_ROW_TITLE, MENU_TITLE_TEXT);
		draw_text(c, MENU_ROW_TITLE + 1, "");
		draw_text(c, MENU_ROW_HELP(m) - 1, "");
		draw_text(c, MENU_ROW_HELP(m), MENU_HELP_TEXT);
	}
	for (unsigned i = 0; i < m->count; i++)
		if (m->dirty & (1u << i))
			draw_entry(m, c, i);
	if (m->dirty & MENU_DIRTY_REASON)
		draw_text(c, MENU_ROW_REASON(m), m->reason);
	if (m->dirty & MENU_DIRTY_STATUS) {
		char s[80];
		unsigned left = menu_seconds_left(m, now_ms);
		if (m->none_left)
			fmt_snprintf(s, sizeof s, "No entry left to boot: all %u entries failed.", m->count);
		else if (m->counting && left)
			fmt_snprintf(s, sizeof s, "Booting entry %u in %u s; press a key to stop the countdown.",
				     m->sel + 1u, left);
		else if (m->counting)
			fmt_snprintf(s, sizeof s, "Booting entry %u.", m->sel + 1u);
		else
			s[0] = 0;
		m->shown_left = (uint16_t)left;
		draw_text(c, MENU_ROW_STATUS(m), s);
	}
	m->dirty = 0;
	c->cursor(c->ctx, MENU_ROW_FIRST + m->sel, 0);
}
