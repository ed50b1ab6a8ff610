/* editline.c: the one-line command-line editor: insert, Left/Right, Home/End, Backspace, Delete,
 * a length limit, Enter/Esc; and the visible window of a long line. Pure (setup16 and host). */
#include "editline.h"

void ed_init(struct editline *e, char *buf, uint16_t max)
{
	uint16_t n = 0;
	while (n < max && buf[n])
		n++;
	buf[n] = 0;
	e->buf = buf;
	e->len = n;
	e->max = max;
	e->cur = n;
	e->first = 0;
	e->full = 0;
}

static void remove_at(struct editline *e, uint16_t at)
{
	for (uint16_t i = at; i < e->len; i++)
		e->buf[i] = e->buf[i + 1]; /* moves the NUL too */
	e->len--;
}

enum ed_result ed_key(struct editline *e, struct key_event k)
{
	e->full = 0;
	switch (k.key) {
	case KEY_CHAR:
		if (e->len >= e->max) {
			e->full = 1;
			break;
		}
		for (uint16_t i = (uint16_t)(e->len + 1); i > e->cur; i--)
			e->buf[i] = e->buf[i - 1];
		e->buf[e->cur++] = k.ch;
		e->len++;
		break;
	case KEY_LEFT:      if (e->cur) e->cur--; break;
	case KEY_RIGHT:     if (e->cur < e->len) e->cur++; break;
	case KEY_HOME:      e->cur = 0; break;
	case KEY_END:       e->cur = e->len; break;
	case KEY_BACKSPACE: if (e->cur) remove_at(e, --e->cur); break;
	case KEY_DELETE:    if (e->cur < e->len) remove_at(e, e->cur); break;
	case KEY_ENTER:     return ED_ACCEPT;
	case KEY_ESC:       return ED_CANCEL;
	}
	return ED_CONTINUE;
}

void ed_view(struct editline *e, unsigned width, struct ed_view *v)
{
	if (width < 4)
		width = 4;
	/* The cursor's column must lie in [first ? 1 : 0, width - 2]: column 0 may hold '<', the
	 * last column '>' (or the cursor's cell after the last byte). */
	if (e->len <= width - 2)
		e->first = 0;
	else if (e->cur < e->first + (e->first ? 1 : 0) || e->cur > e->first + width - 2)
		e->first = (uint16_t)(e->cur > width / 2 ? e->cur - width / 2 : 0);
	v->first = e->first;
	v->cursor_col = (uint16_t)(e->cur - e->first);
	v->more_left = e->first > 0;
	v->more_right = (unsigned)(e->len - e->first) > width - 1;
}

void ed_draw(struct editline *e, const struct con *c, unsigned row)
{
	char text[CON_MAX_COLS];
	struct ed_view v;
	unsigned w = c->cols > CON_MAX_COLS ? CON_MAX_COLS : c->cols, n = 0;
	ed_view(e, w, &v);
	while (n < w - 1 && v.first + n < e->len) {
		text[n] = e->buf[v.first + n];
		n++;
	}
	if (v.more_left)
		text[0] = '<';
	if (v.more_right)
		text[n++] = '>';
	c->row(c->ctx, row, text, n, 0);
	c->cursor(c->ctx, row, v.cursor_col);
}
