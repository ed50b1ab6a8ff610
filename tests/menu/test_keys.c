/* test_keys.c: INT 16h scan/ASCII pairs and VT100 byte streams turned into key events. */
#include <string.h>
#include "check.h"
#include "tests.h"
#include "keys.h"

static void bios(uint16_t ax, enum key k, char ch)
{
	struct key_event e = key_from_bios(ax);
	CHECK(e.key == k && e.ch == ch, "ax 0x%04x: key %d '%c', want %d '%c'", ax, e.key, e.ch ? e.ch : ' ', k, ch ? ch : ' ');
}

static void test_bios(void)
{
	bios(0x4800, KEY_UP, 0);    bios(0x48E0, KEY_UP, 0);   /* keypad and grey arrow */
	bios(0x5000, KEY_DOWN, 0);  bios(0x50E0, KEY_DOWN, 0);
	bios(0x4B00, KEY_LEFT, 0);  bios(0x4D00, KEY_RIGHT, 0);
	bios(0x4700, KEY_HOME, 0);  bios(0x4F00, KEY_END, 0);
	bios(0x5300, KEY_DELETE, 0); bios(0x53E0, KEY_DELETE, 0);
	bios(0x1C0D, KEY_ENTER, 0); bios(0xE00D, KEY_ENTER, 0); /* main and keypad Enter */
	bios(0x011B, KEY_ESC, 0);   bios(0x0E08, KEY_BACKSPACE, 0);
	bios(0x1265, KEY_CHAR, 'e'); bios(0x0231, KEY_CHAR, '1'); bios(0x3920, KEY_CHAR, ' ');
	bios(0x4838, KEY_CHAR, '8');  /* keypad 8 with NumLock: the digit, not Up */
	bios(0x3B00, KEY_NONE, 0);   /* F1 */
	bios(0x0F09, KEY_NONE, 0);   /* Tab */
}

/* Feeds s at time t (+dt per byte), collecting events into out; returns how many. */
static int feed(struct vt_decoder *d, const char *s, uint32_t t, uint32_t dt, struct key_event *out)
{
	int n = 0;
	for (; *s; s++, t += dt)
		n += vt_feed(d, (uint8_t)*s, t, out + n);
	return n;
}

static void seq(const char *s, enum key k)
{
	struct vt_decoder d;
	struct key_event out[16];
	memset(&d, 0, sizeof d);
	int n = feed(&d, s, 1000, 1, out);
	CHECK(n == 1 && out[0].key == k, "sequence \\e%s: %d events, first %d, want %d", s + 1, n, n ? out[0].key : -1, k);
	CHECK_EQ(vt_idle(&d, 5000, out), 0);
}

static void test_vt(void)
{
	seq("\x1b[A", KEY_UP);    seq("\x1b[B", KEY_DOWN);
	seq("\x1b[C", KEY_RIGHT); seq("\x1b[D", KEY_LEFT);
	seq("\x1b[H", KEY_HOME);  seq("\x1b[F", KEY_END);
	seq("\x1bOH", KEY_HOME);  seq("\x1bOF", KEY_END);
	seq("\x1bOA", KEY_UP);
	seq("\x1b[1~", KEY_HOME); seq("\x1b[4~", KEY_END); seq("\x1b[3~", KEY_DELETE);
	seq("\x1b[7~", KEY_HOME); seq("\x1b[8~", KEY_END);
	seq("\x1b[1;5C", KEY_RIGHT); /* Ctrl+Right: the arrow */
	seq("\x1b[3;5~", KEY_DELETE); /* Ctrl+Delete: Delete */
	seq("\x7f", KEY_BACKSPACE); seq("\x08", KEY_BACKSPACE);
	seq("\r", KEY_ENTER); seq("\n", KEY_ENTER);
	seq("x", KEY_CHAR);

	struct vt_decoder d;
	struct key_event out[16];
	int n;
	memset(&d, 0, sizeof d);
	n = feed(&d, "ab\r\n\r\r", 0, 1, out); /* CR LF is one Enter, CR CR two */
	CHECK(n == 5 && out[0].ch == 'a' && out[1].ch == 'b' && out[2].key == KEY_ENTER &&
	      out[3].key == KEY_ENTER && out[4].key == KEY_ENTER, "%d events", n);

	/* a lone ESC: the Esc key once nothing follows for KEY_ESC_TIMEOUT_MS */
	memset(&d, 0, sizeof d);
	CHECK_EQ(vt_feed(&d, 0x1b, 100, out), 0);
	CHECK_EQ(vt_idle(&d, 100 + KEY_ESC_TIMEOUT_MS - 1, out), 0);
	CHECK_EQ(vt_idle(&d, 100 + KEY_ESC_TIMEOUT_MS, out), 1);
	CHECK_EQ(out[0].key, KEY_ESC);
	CHECK_EQ(vt_idle(&d, 100 + 2 * KEY_ESC_TIMEOUT_MS, out), 0); /* once */
	/* ESC then '[' too late: Esc, then '[' typed */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b[A", 0, KEY_ESC_TIMEOUT_MS, out);
	CHECK(n == 3 && out[0].key == KEY_ESC && out[1].key == KEY_CHAR && out[1].ch == '[' &&
	      out[2].key == KEY_CHAR && out[2].ch == 'A', "late '[': %d events", n);
	/* ESC followed at once by a plain key: Esc, then the key */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1bx", 0, 1, out);
	CHECK(n == 2 && out[0].key == KEY_ESC && out[1].ch == 'x', "ESC x: %d events", n);
	/* ESC ESC: the first is a lone Esc, the second waits */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b\x1b", 0, 1, out);
	CHECK(n == 1 && out[0].key == KEY_ESC, "ESC ESC: %d events", n);
	CHECK_EQ(vt_idle(&d, 1000, out), 1);
	/* unknown sequences are dropped whole; the decoder goes on */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b[15~\x1b[Zq\x1b[2~", 0, 1, out); /* F5, Shift-Tab, Insert */
	CHECK(n == 1 && out[0].ch == 'q', "unknown sequences: %d events", n);
	/* a sequence broken by a control byte: the byte counts */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b[1\r", 0, 1, out);
	CHECK(n == 1 && out[0].key == KEY_ENTER, "broken sequence: %d events", n);
	/* the clock wraps around 2^32 ms */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b[B", 0xFFFFFFFFu, 1, out);
	CHECK(n == 1 && out[0].key == KEY_DOWN, "wrap: %d events", n);
	/* a long parameter does not overflow into a known one */
	memset(&d, 0, sizeof d);
	n = feed(&d, "\x1b[259~", 0, 1, out);
	CHECK_EQ(n, 0);
}

void test_keys(void)
{
	test_bios();
	test_vt();
}
