/* test_menu.c: the menu model (selection, countdown, fallback) and its rows of text. */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "tests.h"
#include "menu.h"
#include "screen.h"

static struct key_event K(enum key k) { struct key_event e = { (uint8_t)k, 0 }; return e; }
static struct key_event C(char c) { struct key_event e = { KEY_CHAR, c }; return e; }

/* An entry row: the title part padded to column 48, then a blank and the version. */
static const char *row_v(const char *left, const char *version_and_rest)
{
	static char b[4][160];
	static int k;
	char *p = b[k++ % 4];
	snprintf(p, 160, "%-48s %s", left, version_and_rest);
	return p;
}

#define ROW(s, r, want) CHECK(!strcmp((s)->text[r], want), "row %d: \"%s\", want \"%s\"", r, (s)->text[r], want)

static void setup(struct menu *m, unsigned n, unsigned def, unsigned timeout, uint32_t now)
{
	static const char *titles[] = { "Debian GNU/Linux", "Debian GNU/Linux (nokaslr)", "Recovery" };
	static const char *versions[] = { "6.1.0-18-cloud-amd64", "6.1.0-18-cloud-amd64", "" };
	for (unsigned i = 0; i < n; i++) {
		m->title[i] = titles[i % 3];
		m->version[i] = versions[i % 3];
	}
	menu_init(m, n, def, timeout, now);
}

static void test_draw(void)
{
	struct menu m;
	struct screen s;
	screen_init(&s, 80);
	setup(&m, 3, 0, 5, 1000);
	menu_draw(&m, &s.con, 1000);
	ROW(&s, 0, "longboot: choose an entry");
	ROW(&s, 1, "");
	ROW(&s, 2, row_v("> 1. Debian GNU/Linux (default)", "6.1.0-18-cloud-amd64"));
	ROW(&s, 3, row_v("  2. Debian GNU/Linux (nokaslr)", "6.1.0-18-cloud-amd64"));
	ROW(&s, 4, "  3. Recovery");
	ROW(&s, 5, "");
	ROW(&s, 6, "Up/Down or 1-9: select   Enter: boot   e: edit the command line");
	ROW(&s, 7, "");
	ROW(&s, 8, "Booting entry 1 in 5 s; press a key to stop the countdown.");
	CHECK(s.hl[2] && !s.hl[3] && !s.hl[4], "highlight on the selected row");
	CHECK(s.cur_row == 2 && s.cur_col == 0, "cursor %u,%u", s.cur_row, s.cur_col);
	CHECK_EQ(m.dirty, 0);

	/* the countdown row is redrawn only when the second changes */
	screen_clear_counts(&s);
	CHECK_EQ(menu_tick(&m, 1999), MENU_STAY);
	menu_draw(&m, &s.con, 1999);
	CHECK_EQ(s.writes[8], 0);
	CHECK_EQ(menu_tick(&m, 2000), MENU_STAY);
	menu_draw(&m, &s.con, 2000);
	CHECK_EQ(s.writes[8], 1);
	ROW(&s, 8, "Booting entry 1 in 4 s; press a key to stop the countdown.");
	CHECK_EQ(s.writes[2] + s.writes[3] + s.writes[0], 0);
	CHECK_EQ(menu_tick(&m, 5999), MENU_STAY);
	CHECK_EQ(menu_tick(&m, 6000), MENU_BOOT);
	CHECK_EQ(m.sel, 0);

	/* Down moves the marker: only the two rows change; any key stops the countdown */
	setup(&m, 3, 0, 5, 1000);
	menu_draw(&m, &s.con, 1000);
	screen_clear_counts(&s);
	CHECK_EQ(menu_key(&m, K(KEY_DOWN)), MENU_STAY);
	menu_draw(&m, &s.con, 1100);
	CHECK(s.writes[2] == 1 && s.writes[3] == 1 && s.writes[4] == 0 && s.writes[0] == 0, "rows redrawn");
	ROW(&s, 2, row_v("  1. Debian GNU/Linux (default)", "6.1.0-18-cloud-amd64"));
	ROW(&s, 3, row_v("> 2. Debian GNU/Linux (nokaslr)", "6.1.0-18-cloud-amd64"));
	ROW(&s, 8, "");
	CHECK(s.hl[3] && !s.hl[2], "highlight follows");
	CHECK_EQ(menu_tick(&m, 60000), MENU_STAY); /* stopped: waits */

	/* a narrow console (serial at 40 columns) cuts rows, never writes past them */
	struct screen n;
	screen_init(&n, 40);
	setup(&m, 3, 2, 0, 0);
	menu_draw(&m, &n.con, 0);
	ROW(&n, 2, "  1. Debian GNU/Linux");
	ROW(&n, 3, "  2. Debian GNU/Linux (nokaslr)");
	ROW(&n, 4, "> 3. Recovery (default)");
	ROW(&n, 6, "Up/Down or 1-9: select   Enter: boot   e");
	ROW(&n, 8, "");
}

static void menu_keys(void)
{
	struct menu m;
	setup(&m, 3, 1, 0, 0);
	CHECK_EQ(m.sel, 1);
	CHECK_EQ(m.counting, 0); /* timeout 0: no countdown */
	CHECK_EQ(menu_tick(&m, 100000), MENU_STAY);
	menu_key(&m, K(KEY_UP));   CHECK_EQ(m.sel, 0);
	menu_key(&m, K(KEY_UP));   CHECK_EQ(m.sel, 0); /* no wrap */
	menu_key(&m, K(KEY_END));  CHECK_EQ(m.sel, 2);
	menu_key(&m, K(KEY_DOWN)); CHECK_EQ(m.sel, 2);
	menu_key(&m, K(KEY_HOME)); CHECK_EQ(m.sel, 0);
	menu_key(&m, C('3'));      CHECK_EQ(m.sel, 2);
	menu_key(&m, C('4'));      CHECK_EQ(m.sel, 2); /* no entry 4 */
	menu_key(&m, C('0'));      CHECK_EQ(m.sel, 2);
	menu_key(&m, C('2'));      CHECK_EQ(m.sel, 1);
	CHECK_EQ(menu_key(&m, C('x')), MENU_STAY);
	CHECK_EQ(menu_key(&m, C('e')), MENU_EDIT);
	CHECK_EQ(menu_key(&m, K(KEY_ENTER)), MENU_BOOT);
	CHECK_EQ(m.sel, 1);
	CHECK_EQ(menu_key(&m, K(KEY_ESC)), MENU_STAY);

	/* digits reach entries 1-9 of 16 */
	setup(&m, 16, 0, 5, 0);
	menu_key(&m, C('9'));      CHECK_EQ(m.sel, 8);
	menu_key(&m, K(KEY_END));  CHECK_EQ(m.sel, 15);
	/* the countdown survives a KEY_NONE (an ignored BIOS key is not "a key") */
	setup(&m, 3, 0, 5, 0);
	menu_key(&m, K(KEY_NONE));
	CHECK_EQ(m.counting, 1);
	/* the clock may wrap */
	setup(&m, 2, 0, 2, 0xFFFFFC00u); /* deadline 0x3D0 */
	CHECK_EQ(menu_seconds_left(&m, 0xFFFFFC00u), 2);
	CHECK_EQ(menu_tick(&m, 0x00000000u), MENU_STAY);
	CHECK_EQ(menu_seconds_left(&m, 0x00000100u), 1);
	CHECK_EQ(menu_tick(&m, 0x000003D0u), MENU_BOOT);
	/* out-of-range arguments are tamed */
	setup(&m, 3, 7, 1, 0);
	CHECK_EQ(m.sel, 0);
	CHECK_EQ(m.def, 0);
}

static void test_fallback(void)
{
	struct menu m;
	struct screen s;
	screen_init(&s, 80);
	setup(&m, 3, 0, 5, 0);
	menu_draw(&m, &s.con, 0);
	menu_key(&m, K(KEY_DOWN)); /* a person was here, then left */
	menu_key(&m, K(KEY_UP));
	CHECK_EQ(m.counting, 0);
	CHECK_EQ(menu_fail(&m, 0, "kernel CRC-32 mismatch: stored 0x12345678 computed 0x9abcdef0", 10000), 1);
	CHECK_EQ(m.sel, 1);
	CHECK_EQ(m.counting, 1); /* restarted: an unattended machine boots entry 2 */
	menu_draw(&m, &s.con, 10000);
	ROW(&s, 2, row_v("  1. Debian GNU/Linux (default) [failed]", "6.1.0-18-cloud-amd64"));
	ROW(&s, 3, row_v("> 2. Debian GNU/Linux (nokaslr)", "6.1.0-18-cloud-amd64"));
	ROW(&s, 7, "entry 1 failed: kernel CRC-32 mismatch: stored 0x12345678 computed 0x9abcdef0");
	ROW(&s, 8, "Booting entry 2 in 5 s; press a key to stop the countdown.");
	CHECK_EQ(menu_tick(&m, 14999), MENU_STAY);
	CHECK_EQ(menu_tick(&m, 15000), MENU_BOOT);

	/* entry 2 fails too: entry 3 next; then 3: wraps to nothing left */
	CHECK_EQ(menu_fail(&m, 1, "disk read failed: lba 0x90 status 0x0c (initrd, int13 ah=42h)", 15000), 1);
	CHECK_EQ(m.sel, 2);
	CHECK_EQ(menu_fail(&m, 2, "initrd needs 300 MiB below 0x37ffffff", 20000), 0);
	CHECK_EQ(m.none_left, 1);
	CHECK_EQ(menu_tick(&m, 90000), MENU_STAY);
	CHECK_EQ(menu_key(&m, K(KEY_ENTER)), MENU_STAY);
	menu_draw(&m, &s.con, 20000);
	ROW(&s, 4, "> 3. Recovery [failed]");
	ROW(&s, 7, "entry 3 failed: initrd needs 300 MiB below 0x37ffffff");
	ROW(&s, 8, "No entry left to boot: all 3 entries failed.");

	/* the next entry not failed, wrapping past the end */
	setup(&m, 3, 2, 0, 0);
	menu_fail(&m, 0, "a", 0);
	CHECK_EQ(menu_fail(&m, 2, "b", 0), 1);
	CHECK_EQ(m.sel, 1);
	CHECK_EQ(menu_tick(&m, 0), MENU_BOOT); /* timeout 0: the next entry boots at once */

	/* a failure reason longer than the row is kept to MENU_REASON_MAX and cut on screen */
	char longr[300];
	memset(longr, 'r', sizeof longr - 1);
	longr[sizeof longr - 1] = 0;
	setup(&m, 2, 0, 1, 0);
	menu_fail(&m, 0, longr, 0);
	CHECK_EQ(strlen(m.reason), MENU_REASON_MAX - 1);
	menu_draw(&m, &s.con, 0);
	CHECK_EQ(strlen(s.text[MENU_ROW_REASON(&m)]), 80);
}

void test_menu(void)
{
	test_draw();
	menu_keys();
	test_fallback();
}
