/* test_editline.c: the one-line editor: editing keys, the length limit, Enter/Esc, and the
 * visible window of a line longer than the screen. */
#include <string.h>
#include "check.h"
#include "tests.h"
#include "editline.h"
#include "screen.h"

static struct key_event K(enum key k) { struct key_event e = { (uint8_t)k, 0 }; return e; }
static struct key_event C(char c) { struct key_event e = { KEY_CHAR, c }; return e; }

static void type(struct editline *e, const char *s)
{
	while (*s)
		CHECK_EQ(ed_key(e, C(*s++)), ED_CONTINUE);
}

#define LINE(e, want, cursor) do { \
	CHECK(!strcmp((e)->buf, want) && (e)->len == strlen(want), "line \"%s\", want \"%s\"", (e)->buf, want); \
	CHECK_EQ((e)->cur, cursor); } while (0)

static void edit_keys(void)
{
	char buf[64] = "root=/dev/sda1 quiet";
	struct editline e;
	ed_init(&e, buf, 40);
	LINE(&e, "root=/dev/sda1 quiet", 20);
	type(&e, " edited");                         /* the test: End, " edited", Enter */
	LINE(&e, "root=/dev/sda1 quiet edited", 27);
	ed_key(&e, K(KEY_HOME));
	LINE(&e, "root=/dev/sda1 quiet edited", 0);
	type(&e, "x ");
	LINE(&e, "x root=/dev/sda1 quiet edited", 2);
	ed_key(&e, K(KEY_LEFT)); ed_key(&e, K(KEY_LEFT)); ed_key(&e, K(KEY_LEFT)); /* stops at 0 */
	LINE(&e, "x root=/dev/sda1 quiet edited", 0);
	ed_key(&e, K(KEY_DELETE)); ed_key(&e, K(KEY_DELETE));
	LINE(&e, "root=/dev/sda1 quiet edited", 0);
	ed_key(&e, K(KEY_BACKSPACE));                 /* nothing before the cursor */
	LINE(&e, "root=/dev/sda1 quiet edited", 0);
	ed_key(&e, K(KEY_END));
	ed_key(&e, K(KEY_DELETE));                    /* nothing at the cursor */
	ed_key(&e, K(KEY_RIGHT));                     /* stops at the end */
	for (int i = 0; i < 7; i++)
		ed_key(&e, K(KEY_BACKSPACE));
	LINE(&e, "root=/dev/sda1 quiet", 20);
	for (int i = 0; i < 6; i++)
		ed_key(&e, K(KEY_LEFT));
	ed_key(&e, K(KEY_BACKSPACE));
	LINE(&e, "root=/dev/sda quiet", 13);
	type(&e, "2");
	LINE(&e, "root=/dev/sda2 quiet", 14);
	CHECK_EQ(ed_key(&e, K(KEY_UP)), ED_CONTINUE); /* ignored */
	CHECK_EQ(ed_key(&e, K(KEY_NONE)), ED_CONTINUE);
	LINE(&e, "root=/dev/sda2 quiet", 14);
	CHECK_EQ(ed_key(&e, K(KEY_ENTER)), ED_ACCEPT);
	CHECK_EQ(ed_key(&e, K(KEY_ESC)), ED_CANCEL);
	LINE(&e, "root=/dev/sda2 quiet", 14);
}

static void test_limit(void)
{
	char buf[16] = "abcdefghijklmno"; /* longer than max: cut */
	struct editline e;
	ed_init(&e, buf, 10);
	LINE(&e, "abcdefghij", 10);
	CHECK_EQ(ed_key(&e, C('k')), ED_CONTINUE);
	CHECK_EQ(e.full, 1);
	LINE(&e, "abcdefghij", 10);
	ed_key(&e, K(KEY_HOME));
	ed_key(&e, C('k'));
	LINE(&e, "abcdefghij", 0);
	ed_key(&e, K(KEY_DELETE));
	CHECK_EQ(e.full, 0);
	ed_key(&e, C('k'));
	LINE(&e, "kbcdefghij", 1);
	CHECK_EQ(buf[10], 0);
	CHECK_EQ(buf[11], 'l'); /* nothing written past max + 1 bytes */

	char empty[4] = "";
	ed_init(&e, empty, 0);  /* a kernel that takes no command line */
	ed_key(&e, C('a'));
	LINE(&e, "", 0);
	CHECK_EQ(e.full, 1);
}

static void test_view(void)
{
	char buf[200];
	struct editline e;
	struct ed_view v;
	struct screen s;
	screen_init(&s, 20);

	strcpy(buf, "short");
	ed_init(&e, buf, 190);
	ed_draw(&e, &s.con, 5);
	CHECK(!strcmp(s.text[5], "short"), "\"%s\"", s.text[5]);
	CHECK(s.cur_row == 5 && s.cur_col == 5, "cursor %u,%u", s.cur_row, s.cur_col);

	/* 18 bytes fit in 20 columns with the cursor after them; 19 scroll */
	strcpy(buf, "0123456789abcdefgh");
	ed_init(&e, buf, 190);
	ed_view(&e, 20, &v);
	CHECK(v.first == 0 && v.cursor_col == 18 && !v.more_left && !v.more_right, "first %u col %u", v.first, v.cursor_col);
	ed_key(&e, C('i'));
	ed_draw(&e, &s.con, 0);
	CHECK_EQ(e.first, 9);
	CHECK(!strcmp(s.text[0], "<abcdefghi"), "\"%s\"", s.text[0]);
	CHECK_EQ(s.cur_col, 10);
	ed_key(&e, K(KEY_HOME)); /* 19 bytes fit when the cursor is not after them */
	ed_draw(&e, &s.con, 0);
	CHECK(!strcmp(s.text[0], "0123456789abcdefghi"), "\"%s\"", s.text[0]);
	CHECK_EQ(s.cur_col, 0);
	ed_key(&e, C('-'));
	ed_draw(&e, &s.con, 0);
	CHECK(!strcmp(s.text[0], "-0123456789abcdefgh>"), "\"%s\"", s.text[0]);
	CHECK_EQ(s.cur_col, 1);

	/* a 100-byte line: walking right keeps the cursor inside, markers at both ends */
	for (int i = 0; i < 100; i++)
		buf[i] = (char)('a' + i % 26);
	buf[100] = 0;
	ed_init(&e, buf, 190);
	ed_key(&e, K(KEY_HOME));
	for (int i = 0; i <= 100; i++) {
		ed_view(&e, 20, &v);
		unsigned lo = v.more_left ? 1 : 0;
		CHECK(v.cursor_col >= lo && v.cursor_col <= 18 && v.first + v.cursor_col == e.cur,
		      "cur %u: first %u col %u", e.cur, v.first, v.cursor_col);
		ed_key(&e, K(KEY_RIGHT));
	}
	ed_key(&e, K(KEY_HOME));
	for (int i = 0; i < 30; i++)
		ed_key(&e, K(KEY_RIGHT));
	ed_draw(&e, &s.con, 3);
	CHECK_EQ(e.first, 20);
	CHECK(!strcmp(s.text[3], "<vwxyzabcdefghijklm>"), "\"%s\"", s.text[3]);
	CHECK_EQ(s.cur_col, 10);
	/* deleting back to a short line returns to column 0 */
	for (int i = 0; i < 30; i++)
		ed_key(&e, K(KEY_BACKSPACE));
	ed_key(&e, K(KEY_END));
	for (int i = 0; i < 60; i++)
		ed_key(&e, K(KEY_BACKSPACE));
	ed_draw(&e, &s.con, 3);
	CHECK(!strcmp(s.text[3], "efghijklmn"), "\"%s\"", s.text[3]);
	CHECK_EQ(s.cur_col, 10);
}

void test_editline(void)
{
	edit_keys();
	test_limit();
	test_view();
}
