/* boot.c: which entry boots, 64-bit: shows the menu when asked to (menuio + bootmenu), reads
 * the chosen entry's payloads with their CRC-32 and loads its kernel; on any failure of an
 * entry (read error, CRC mismatch, no room, decode, ELF, relocations) goes back to the menu
 * with the reason and the next entry selected, or on to the next entry when no menu is shown. */
#include <stdarg.h>
#include "lm64.h"
#include "bootmenu.h"
#include "cfgtable.h"
#include "fmt.h"
#include "mem.h"
#include "menuio.h"

#define BANNER_KEY_MS 300 /* with several entries and timeout 0: time for a key on COM1 to arrive */

char fail_reason[FAIL_REASON_MAX];

/* The whole message, to fail_reason (its first FAIL_REASON_MAX - 1 bytes, for the menu) and
 * to msg (for the console, printed at once so the screen wraps it between words). */
static char msg[512];
struct reason_buf {
	unsigned n, m;
};

static void reason_sink(char c, void *ctx)
{
	struct reason_buf *b = ctx;
	if (b->n < FAIL_REASON_MAX - 1)
		fail_reason[b->n++] = c;
	if (b->m < sizeof msg - 1)
		msg[b->m++] = c;
}

int entry_fail(const char *f, ...)
{
	struct reason_buf b = { 0, 0 };
	va_list ap;
	va_start(ap, f);
	fmt_vformat(reason_sink, &b, f, ap);
	va_end(ap);
	fail_reason[b.n] = 0;
	msg[b.m] = 0;
	con_newline();
	uint8_t attr = con_attr(ATTR_ERROR);
	con_printf("lm64: %s", msg);
	con_attr(attr);
	con_printf("\n");
	return -1;
}

/* A bzImage's setup header goes into the zero page as mkdisk copied it (bootparams.c completes it). */
static void copy_setup_header(const struct boot *b, const struct lb_cfg_header *h, const struct lb_cfg_entry *e)
{
	struct boot_params *bp = (struct boot_params *)(uintptr_t)b->h->boot_params;
	unsigned len = e->setup_header_len;
	memset(&bp->hdr, 0, sizeof bp->hdr);
	if (!(e->kflags & LBK_LINUX) || !e->setup_header)
		return;
	if (len > sizeof bp->hdr)
		len = sizeof bp->hdr;
	memcpy(&bp->hdr, (const uint8_t *)h + e->setup_header, len);
}

/* Places, reads and loads entry i: its kernel's entry point, or 0 after entry_fail(). */
static uint64_t try_entry(struct boot *b, struct memmap *m, const struct lb_cfg_header *h, unsigned i)
{
	const struct lb_cfg_entry *e = cfg_entry(h, i);
	uint32_t kcrc = e->kernel.crc32, icrc = e->initrd.crc32;
	if (con_verbose || fail_reason[0])      /* quiet: named when an earlier entry failed */
		con_printf("entry %u: %s\n", i + 1, cfg_string(h, e->title));
	b->t_kernel_read = b->t_initrd_read = 0;
	if (place_payloads(b, m, h, e))
		return 0;
	copy_setup_header(b, h, e);
	b->t_read_start = rdtsc();
	if (disk_load("kernel", e->kernel.lba, e->kernel.bytes, b->placed[PLACED_KERNEL_GZ].base, &kcrc))
		return 0;
	b->t_kernel_read = rdtsc();
	if (e->initrd.bytes) {
		if (disk_load("initrd", e->initrd.lba, e->initrd.bytes, b->placed[PLACED_INITRD].base, &icrc))
			return 0;
		b->t_initrd_read = rdtsc();
	}
	con_note("cmdline: \"%s\"\n", (const char *)LB_CMDLINE);
	return kernel_load(b, m);
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
		bios_idle();
	}
	return menuio_wants_menu();
}

static uint64_t run_menu(struct boot *b, struct memmap *m, const struct lb_cfg_header *h)
{
	static const struct bootmenu_io io = { &menuio_con, menuio_poll, 0 };
	static struct menu mn;
	bootmenu_init(&mn, h, menuio_clock());
	for (;;) {
		menuio_clear();
		b->t_menu_start = rdtsc();
		int i = bootmenu_run(&mn, h, &io, (char *)LB_CMDLINE);
		if (i < 0)
			no_entry_left(h->entry_count);
		b->t_menu = rdtsc();
		menuio_clear();
		uint64_t entry = try_entry(b, m, h, (unsigned)i);
		if (entry)
			return entry;
		if (!menu_fail(&mn, (unsigned)i, fail_reason, menuio_clock()))
			no_entry_left(h->entry_count);
	}
}

uint64_t boot_choose(struct boot *b, struct memmap *m, const struct lb_cfg_header *h)
{
	unsigned n = h->entry_count;
	int menu = (n > 1 && (h->timeout || (h->flags & LBC_MENU_ALWAYS) || banner_key())) ||
		   (n == 1 && h->timeout);
	uint64_t entry = 0;
	b->cmdline = LB_CMDLINE;
	if (menu) {
		entry = run_menu(b, m, h);
	} else {
		unsigned i = h->default_entry, tried = 0;
		for (;;) {
			entry_cmdline(h, i);
			if ((entry = try_entry(b, m, h, i)))
				break;
			if (++tried == n)
				no_entry_left(n);
			i = (i + 1) % n;
		}
	}
	return entry;
}
