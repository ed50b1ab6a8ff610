/* wrap.h: word wrapping for a text screen (the VGA side of setup16's and lm64's consoles).
 *
 * Characters go in one at a time. A word (a run of printable characters) is held until the
 * blank, control character or wrap_flush() after it, then goes out on the current line when
 * it fits and on the next line when it does not; a word longer than a whole line is cut at
 * the screen width. A blank that falls at the start of a line the wrap made is dropped.
 * The screen (out) must behave like the BIOS teletype: a printable character advances the
 * cursor and the cursor goes to the next line by itself after the last column; '\n' starts a
 * new line (column 0), '\r' goes to column 0. Pure logic, no I/O: host-tested. */
#ifndef LB_WRAP_H
#define LB_WRAP_H

#define WRAP_WORD_MAX 160 /* longer words are cut (no text screen is wider) */

struct wrap {
	void (*out)(char c, void *ctx); /* put one character on the screen */
	void *ctx;
	unsigned cols;                  /* screen width; 0: no wrapping */
	unsigned x;                     /* cursor column */
	unsigned n;                     /* characters held in word[] */
	int soft;                       /* the cursor is at column 0 because of a wrap */
	char word[WRAP_WORD_MAX];
};

static inline void wrap_init(struct wrap *w, void (*out)(char, void *), void *ctx,
			     unsigned cols, unsigned x)
{
	w->out = out;
	w->ctx = ctx;
	w->cols = cols > WRAP_WORD_MAX ? WRAP_WORD_MAX : cols;
	w->x = cols && x < cols ? x : 0;
	w->n = 0;
	w->soft = 0;
}

static inline void wrap_emit(struct wrap *w, char c)
{
	w->out(c, w->ctx);
	if (c == '\n' || c == '\r') {
		w->x = 0;
		w->soft = 0;
	} else if ((unsigned char)c >= ' ' && ++w->x >= w->cols && w->cols) {
		w->x = 0; /* the screen went to the next line itself */
		w->soft = 1;
	} else {
		w->soft = 0;
	}
}

/* Put the held word on the screen: on this line if it fits, else on the next. */
static inline void wrap_flush(struct wrap *w)
{
	unsigned n = w->n;
	if (!n)
		return;
	w->n = 0;
	if (w->cols && w->x && w->x + n > w->cols) {
		wrap_emit(w, '\n');
		w->soft = 1;
	}
	for (unsigned i = 0; i < n; i++)
		wrap_emit(w, w->word[i]);
}

static inline void wrap_putc(struct wrap *w, char c)
{
	if ((unsigned char)c > ' ') {
		if (w->n == WRAP_WORD_MAX || (w->cols && w->n == w->cols))
			wrap_flush(w); /* a word as long as a line: cut it */
		w->word[w->n++] = c;
		return;
	}
	wrap_flush(w);
	if (c == ' ' && w->soft && w->x == 0)
		return; /* the wrap already separated the words */
	wrap_emit(w, c);
}

#endif
