/* screen.c: the in-memory text screen behind the host tests' struct con. */
#include <string.h>
#include "screen.h"

static void row(void *ctx, unsigned r, const char *text, unsigned len, int hl)
{
	struct screen *s = ctx;
	if (r >= SCREEN_ROWS || len > s->con.cols)
		return;
	memcpy(s->text[r], text, len);
	s->text[r][len] = 0;
	while (len && s->text[r][len - 1] == ' ')
		s->text[r][--len] = 0;
	s->hl[r] = hl;
	s->writes[r]++;
}

static void cursor(void *ctx, unsigned r, unsigned c)
{
	struct screen *s = ctx;
	s->cur_row = r;
	s->cur_col = c;
}

void screen_init(struct screen *s, unsigned cols)
{
	memset(s, 0, sizeof *s);
	s->con.cols = cols;
	s->con.row = row;
	s->con.cursor = cursor;
	s->con.ctx = s;
}

void screen_clear_counts(struct screen *s)
{
	memset(s->writes, 0, sizeof s->writes);
}
