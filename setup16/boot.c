/* boot.c: which entry boots (real mode): reads and checks both copies of the configuration table
 * (include/config.h), shows the menu when asked to (menuio + bootmenu), reads the chosen entry's
 * payloads with their CRC-32, and on a failure (read error, CRC mismatch, no room) goes back to
 * the menu with the next entry selected, or on to the next entry when no menu is shown. */
#include <stdarg.h>
#include "setup16.h"
#include "bootmenu.h"
#include "cfgtable.h"
#include "fmt.h"
#include "mem.h"
#include "menuio.h"

#define BANNER_KEY_MS 300 /* with several entries and timeout 0: time for a key on COM1 to arrive */

char fail_reason[FAIL_REASON_MAX];

struct reason_buf {
	unsigned n;
};

/* The whole message to the console, its first FAIL_REASON_MAX - 1 bytes kept for the menu. */
static void reason_sink(char c, void *ctx)
{
	struct reason_buf *b = ctx;
	putchar16(c);
	if (b->n < FAIL_REASON_MAX - 1)
		fail_reason[b->n++] = c;
}

int entry_fail(const char *f, ...)
{
	struct reason_buf b = { 0 };
	va_list ap;
	console_newline();
	printf16("setup16: ");
	va_start(ap, f);
	fmt_vformat(reason_sink, &b, f, ap);
	va_end(ap);
	fail_reason[b.n] = 0;
	putchar16('\n');
	return -1;
}

/* Reads slot `s` (0: A, 1: B) into LB_CFG_BUF and checks it; why: the fault, if any. */
static void read_slot(unsigned s, struct cfg_check *c, char *why, size_t n)
{
	const char *name = s ? "config B" : "config A";
	if (disk_load(name, loader_patch.config_lba[s], LB_CFG_MAX_BYTES, LB_CFG_BUF, 0)) {
		c->code = CFG_SHORT;
		c->entry = -1;
		fmt_snprintf(why, n, "%s", fail_reason);
		return;
	}
	if (cfg_validate((const void *)LB_CFG_BUF, LB_CFG_MAX_BYTES, c))
		cfg_describe(c, why, n);
}

const struct lb_cfg_header *config_load(void)
{
	struct cfg_check a, b;
	char da[FAIL_REASON_MAX], db[FAIL_REASON_MAX];
	disk_crc_init();
	read_slot(1, &b, db, sizeof db);
	read_slot(0, &a, da, sizeof da);       /* A last: it stays in the buffer when it wins */
	int pick = cfg_pick(&a, &b);
	if (pick < 0)
		fatal("no valid configuration table: slot A at lba 0x%llx: %s; slot B at lba 0x%llx: %s",
		      (unsigned long long)loader_patch.config_lba[0], da,
		      (unsigned long long)loader_patch.config_lba[1], db);
	if (pick == 1)
		read_slot(1, &b, db, sizeof db);
	const struct lb_cfg_header *h = (const void *)LB_CFG_BUF;
	verbose = (h->flags & LBC_VERBOSE) || (peek8(BDA_SHIFT) & BDA_CTRL);
	note16("config: slot %c, sequence %lu, %u entries, default %u, timeout %u s\n", pick ? 'B' : 'A',
		 (unsigned long)h->sequence, h->entry_count, h->default_entry + 1u, h->timeout);
	return h;
}

/* A bzImage's setup header goes into the zero page as mkdisk copied it (lm64 completes it). */
static void copy_setup_header(const struct lb_cfg_header *h, const struct lb_cfg_entry *e)
{
	unsigned len = e->setup_header_len;
	memset(&zero_page->hdr, 0, sizeof zero_page->hdr);
	if (!(e->kflags & LBK_LINUX) || !e->setup_header)
		return;
	if (len > sizeof zero_page->hdr)
		len = sizeof zero_page->hdr;
	memcpy(&zero_page->hdr, (const uint8_t *)h + e->setup_header, len);
}

/* Places and reads entry i: 0, or -1 after entry_fail(). */
static int try_entry(const struct lb_cfg_header *h, unsigned i)
{
	const struct lb_cfg_entry *e = cfg_entry(h, i);
	uint32_t kcrc = e->kernel.crc32, icrc = e->initrd.crc32;
	if (verbose || fail_reason[0])      /* quiet: named when an earlier entry failed */
		printf16("entry %u: %s\n", i + 1, cfg_string(h, e->title));
	if (place_payloads(h, e))
		return -1;
	copy_setup_header(h, e);
	if (disk_load("kernel", e->kernel.lba, e->kernel.bytes, (uint32_t)handoff.placed[PLACED_KERNEL_GZ].base,
		      &kcrc))
		return -1;
	tsc_mark(MARK_KERNEL_READ);
	if (e->initrd.bytes) {
		if (disk_load("initrd", e->initrd.lba, e->initrd.bytes, (uint32_t)handoff.placed[PLACED_INITRD].base,
			      &icrc))
			return -1;
		tsc_mark(MARK_INITRD_READ);
	}
	return 0;
}

static void entry_cmdline(const struct lb_cfg_header *h, unsigned i)
{
	const char *s = cfg_string(h, cfg_entry(h, i)->cmdline);
	size_t n = 0;
	while (n < LB_CMDLINE_MAX - 1 && s[n])
		n++;
	memcpy((char *)LB_CMDLINE, s, n);
	((char *)LB_CMDLINE)[n] = 0;
}

static void no_entry_left(unsigned count)
{
	fatal("no entry left to boot: all %u entries failed (the reasons are above); "
	      "rebuild the image with mkdisk, or repair the disk", count);
}

/* With several entries and timeout 0: a key (or Shift) during the banner asks for the menu. */
static int banner_key(void)
{
	uint32_t t0 = menuio_clock();
	while (menuio_clock() - t0 < BANNER_KEY_MS) {
		if (menuio_wants_menu())
			return 1;
		__asm__ volatile("sti; hlt");
	}
	return menuio_wants_menu();
}

static void run_menu(const struct lb_cfg_header *h)
{
	static const struct bootmenu_io io = { &menuio_con, menuio_poll, 0 };
	static struct menu m;
	bootmenu_init(&m, h, menuio_clock());
	for (;;) {
		menuio_clear();
		int i = bootmenu_run(&m, h, &io, (char *)LB_CMDLINE);
		if (i < 0)
			no_entry_left(h->entry_count);
		menuio_clear();
		if (!try_entry(h, (unsigned)i))
			return;
		if (!menu_fail(&m, (unsigned)i, fail_reason, menuio_clock()))
			no_entry_left(h->entry_count);
	}
}

void boot_choose(const struct lb_cfg_header *h)
{
	unsigned n = h->entry_count;
	int menu = (n > 1 && (h->timeout || (h->flags & LBC_MENU_ALWAYS) || banner_key())) ||
		   (n == 1 && h->timeout);
	if (menu) {
		run_menu(h);
	} else {
		unsigned i = h->default_entry, tried = 0;
		for (;;) {
			entry_cmdline(h, i);
			if (!try_entry(h, i))
				break;
			if (++tried == n)
				no_entry_left(n);
			i = (i + 1) % n;
		}
	}
	handoff.cmdline = LB_CMDLINE;
	handoff.cmdline_len = (uint32_t)strlen((const char *)LB_CMDLINE);
	note16("cmdline: \"%s\"\n", (const char *)LB_CMDLINE);
}
