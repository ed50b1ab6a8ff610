/* test_bootmenu.c: the whole choice as a person makes it: scripted keys at given times against a
 * real configuration table (cfg_build), the screen checked as VGA would show it. */
#include <string.h>
#include "check.h"
#include "tests.h"
#include "bootmenu.h"
#include "cfgtable.h"
#include "screen.h"
#include "../../disk/config.h"

static uint8_t tab[LB_CFG_MAX_BYTES];

struct step { uint32_t at; struct key_event k; };
struct script {
	const struct step *steps;
	unsigned n, next;
	uint32_t now, guard;  /* after guard ms with no step left: Enter (to end the run) */
	uint32_t polls;
};

static struct key_event poll(void *ctx, uint32_t *now_ms)
{
	struct script *s = ctx;
	struct key_event none = { KEY_NONE, 0 }, enter = { KEY_ENTER, 0 };
	s->polls++;
	s->now += 50; /* a BIOS tick of idling */
	*now_ms = s->now;
	if (s->next < s->n && s->steps[s->next].at <= s->now)
		return s->steps[s->next++].k;
	if (s->next == s->n && s->now >= s->guard)
		return enter;
	return none;
}

#define KEY(t, k) { t, { k, 0 } }
#define CH(t, c)  { t, { KEY_CHAR, c } }

static void build(unsigned timeout, uint16_t max2)
{
	struct lb_cfg_header h = { .sequence = 1, .timeout = (uint16_t)timeout, .default_entry = 0 };
	struct cfg_build_entry e[3];
	char err[200];
	memset(e, 0, sizeof e);
	const char *titles[] = { "longboot test 1", "longboot test 2", "longboot test 3" };
	const char *cmds[] = { "longboot test one", "longboot test two", "" };
	for (int i = 0; i < 3; i++) {
		e[i].fixed.kernel = (struct lb_cfg_extent){ 64, 4096, 0 };
		e[i].fixed.cmdline_max = i == 1 ? max2 : 2047;
		e[i].title = titles[i];
		e[i].cmdline = cmds[i];
	}
	CHECK(cfg_build(tab, &h, e, 3, err, sizeof err) > 0, "%s", err);
	struct cfg_check c;
	CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);
}

/* Runs one choice from a fresh menu; returns the entry, the line in cmd, the time in *t. */
static int run(struct menu *m, struct screen *scr, const struct step *st, unsigned n, char *cmd, uint32_t *t, int fresh)
{
	static struct script s;
	if (fresh) {
		s = (struct script){ 0 };
		screen_init(scr, 80);
		bootmenu_init(m, tab, 0);
	}
	s.steps = st;
	s.n = n;
	s.next = 0;
	s.guard = s.now + 100000;
	struct bootmenu_io io = { &scr->con, poll, &s };
	int r = bootmenu_run(m, tab, &io, cmd);
	*t = s.now;
	return r;
}

#define RUN(...) do { static const struct step st_[] = { __VA_ARGS__ }; \
	got = run(&m, &scr, st_, sizeof st_ / sizeof st_[0], cmd, &t, 1); } while (0)

void test_bootmenu(void)
{
	struct menu m;
	struct screen scr;
	char cmd[LB_CFG_CMDLINE_MAX];
	uint32_t t;
	int got;

	build(5, 2047);
	/* no key: the default after the timeout */
	got = run(&m, &scr, NULL, 0, cmd, &t, 1);
	CHECK_EQ(got, 0);
	CHECK_EQ(t, 5000);
	CHECK(!strcmp(cmd, "longboot test one"), "\"%s\"", cmd);
	CHECK(!strcmp(scr.text[8], "Booting entry 1."), "\"%s\"", scr.text[8]);

	RUN(KEY(1000, KEY_DOWN), KEY(1200, KEY_ENTER));
	CHECK_EQ(got, 1);
	CHECK(!strcmp(cmd, "longboot test two"), "\"%s\"", cmd);
	CHECK_EQ(t, 1200);

	RUN(CH(300, '3'), KEY(400, KEY_ENTER));
	CHECK_EQ(got, 2);
	CHECK(!strcmp(cmd, ""), "\"%s\"", cmd);

	/* e, End, " edited", Enter: the edited line boots */
	RUN(KEY(100, KEY_DOWN), CH(200, 'e'), KEY(300, KEY_END), CH(400, ' '), CH(450, 'e'), CH(500, 'd'),
	    CH(550, 'i'), CH(600, 't'), CH(650, 'e'), CH(700, 'd'), KEY(800, KEY_ENTER));
	CHECK_EQ(got, 1);
	CHECK(!strcmp(cmd, "longboot test two edited"), "\"%s\"", cmd);
	CHECK(!strcmp(scr.text[10], "Command line of entry 2 (Enter: boot it, Esc: back to the menu):"), "\"%s\"", scr.text[10]);
	CHECK(!strcmp(scr.text[11], "longboot test two edited"), "\"%s\"", scr.text[11]);
	CHECK(scr.cur_row == 11 && scr.cur_col == 24, "cursor %u,%u", scr.cur_row, scr.cur_col);

	/* Backspace removes characters; Esc returns to the menu and the edit is dropped */
	RUN(CH(100, 'e'), KEY(200, KEY_BACKSPACE), KEY(250, KEY_BACKSPACE), KEY(300, KEY_BACKSPACE),
	    KEY(400, KEY_ESC), KEY(500, KEY_DOWN), KEY(600, KEY_UP), KEY(700, KEY_ENTER));
	CHECK_EQ(got, 0);
	CHECK(!strcmp(cmd, "longboot test one"), "\"%s\"", cmd);
	CHECK(!strcmp(scr.text[10], "") && !strcmp(scr.text[11], ""), "editor rows cleared");
	CHECK(scr.cur_row == 2 && scr.cur_col == 0, "cursor %u,%u", scr.cur_row, scr.cur_col);
	RUN(CH(100, 'e'), KEY(200, KEY_BACKSPACE), KEY(250, KEY_BACKSPACE), KEY(300, KEY_ENTER));
	CHECK(got == 0 && !strcmp(cmd, "longboot test o"), "%d \"%s\"", got, cmd);

	/* a key stops the countdown: nothing boots until Enter (the script's guard, 100 s later) */
	RUN(CH(1000, 'x'));
	CHECK_EQ(got, 0);
	CHECK_EQ(t, 100000);
	CHECK(!strcmp(scr.text[8], ""), "\"%s\"", scr.text[8]);

	/* the kernel's cmdline_size bounds the edit */
	build(5, 20);
	RUN(CH(100, '2'), CH(200, 'e'), CH(300, '1'), CH(310, '2'), CH(320, '3'), CH(330, '4'), CH(340, '5'),
	    KEY(400, KEY_ENTER));
	CHECK(got == 1 && !strcmp(cmd, "longboot test two123"), "%d \"%s\"", got, cmd);

	/* fallback: entry 1 fails, the menu returns with entry 2 selected, boots it after the timeout */
	build(5, 2047);
	got = run(&m, &scr, NULL, 0, cmd, &t, 1);
	CHECK_EQ(got, 0);
	menu_fail(&m, 0, "disk read failed: lba 0x90 status 0x0c (kernel, int13 ah=42h)", t);
	got = run(&m, &scr, NULL, 0, cmd, &t, 0);
	CHECK_EQ(got, 1);
	CHECK_EQ(t, 10000);
	CHECK(!strcmp(cmd, "longboot test two"), "\"%s\"", cmd);
	CHECK(!strcmp(scr.text[7], "entry 1 failed: disk read failed: lba 0x90 status 0x0c (kernel, int13 ah=42h)"),
	      "\"%s\"", scr.text[7]);
	CHECK(!strcmp(scr.text[2], "  1. longboot test 1 (default) [failed]"), "\"%s\"", scr.text[2]);
	menu_fail(&m, 1, "kernel CRC-32 mismatch", t);
	CHECK_EQ(run(&m, &scr, NULL, 0, cmd, &t, 0), 2);
	menu_fail(&m, 2, "initrd CRC-32 mismatch", t);
	CHECK_EQ(run(&m, &scr, NULL, 0, cmd, &t, 0), -1);
	CHECK(!strcmp(scr.text[8], "No entry left to boot: all 3 entries failed."), "\"%s\"", scr.text[8]);

	/* timeout 0 (the menu was asked for with a key): no countdown, waits */
	build(0, 2047);
	got = run(&m, &scr, NULL, 0, cmd, &t, 1);
	CHECK_EQ(t, 100000);
	CHECK_EQ(got, 0);
}
