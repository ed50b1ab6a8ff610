/* test_cfgtable.c: the configuration table: cfg_build writes it, cfg_validate accepts exactly
 * that and names every fault, cfg_pick chooses between the A and B copies. */
#include <string.h>
#include "check.h"
#include "tests.h"
#include "cfgtable.h"
#include "inflate.h" /* crc32_update */
#include "../../disk/config.h"

static uint8_t tab[LB_CFG_MAX_BYTES];
static const uint8_t setup_hdr[0x80] = { 0x01, 0x02, 0x03, [0x7f] = 0xAA };

static struct lb_cfg_header *H(void) { return (struct lb_cfg_header *)tab; }
static struct lb_cfg_entry *E(unsigned i) { return (struct lb_cfg_entry *)(tab + 64 + 96 * i); }

static void recrc(void)
{
	H()->crc32 = 0;
	H()->crc32 = crc32_update(0, tab, H()->table_bytes);
}

static uint32_t build3(uint32_t seq)
{
	struct lb_cfg_header h = { .sequence = seq, .timeout = 5, .default_entry = 1, .flags = LBC_NO_TIMING };
	struct cfg_build_entry e[3];
	memset(e, 0, sizeof e);
	for (int i = 0; i < 3; i++) {
		e[i].fixed.kernel = (struct lb_cfg_extent){ 0x100, 5000, 0x1234 };
		e[i].fixed.cmdline_max = 2047;
		e[i].fixed.setup_header_len = 0x80;
		e[i].setup_header = setup_hdr;
		e[i].cmdline = "console=ttyS0 quiet";
	}
	e[0].title = "Debian GNU/Linux";
	e[0].version = "6.1.0-18-cloud-amd64";
	e[1].title = "Debian (nokaslr)";
	e[1].version = "6.1.0-18-cloud-amd64";
	e[1].cmdline = "console=ttyS0 nokaslr";
	e[2].title = "Recovery";
	e[2].fixed.initrd = (struct lb_cfg_extent){ 0x900, 100, 0x55 };
	char err[200] = "";
	uint32_t n = cfg_build(tab, &h, e, 3, err, sizeof err);
	CHECK(n > 0, "cfg_build: %s", err);
	return n;
}

static void expect(const char *want)
{
	struct cfg_check c;
	char msg[200];
	enum cfg_code r = cfg_validate(tab, sizeof tab, &c);
	cfg_describe(&c, msg, sizeof msg);
	CHECK(r != CFG_OK && !strcmp(msg, want), "got \"%s\", want \"%s\"", msg, want);
}

static void test_valid(void)
{
	uint32_t n = build3(7);
	struct cfg_check c;
	CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);
	CHECK_EQ(c.sequence, 7);
	CHECK_EQ(H()->table_bytes, n);
	CHECK_EQ(H()->entry_count, 3);
	CHECK_EQ(H()->default_entry, 1);
	CHECK(!strcmp(cfg_string(tab, cfg_entry(tab, 0)->title), "Debian GNU/Linux"), "title 1");
	CHECK(!strcmp(cfg_string(tab, cfg_entry(tab, 1)->cmdline), "console=ttyS0 nokaslr"), "cmdline 2");
	CHECK(!strcmp(cfg_string(tab, cfg_entry(tab, 2)->version), ""), "no version: empty string");
	/* stored once: equal command lines, versions and setup headers */
	CHECK_EQ(E(0)->cmdline, E(2)->cmdline);
	CHECK_EQ(E(0)->version, E(1)->version);
	CHECK_EQ(E(0)->setup_header, E(2)->setup_header);
	CHECK(!memcmp(tab + E(1)->setup_header, setup_hdr, 0x80), "setup header bytes");
	/* header + 3 entries + strings + one setup header */
	CHECK_EQ(n, 64 + 3 * 96 + sizeof "Debian GNU/Linux" + sizeof "6.1.0-18-cloud-amd64" +
		 sizeof "console=ttyS0 quiet" + 0x80 + sizeof "Debian (nokaslr)" + sizeof "console=ttyS0 nokaslr" +
		 sizeof "Recovery");
	/* a table in a smaller read is refused, one that ends exactly at avail is not */
	CHECK_EQ(cfg_validate(tab, n, &c), CFG_OK);
	CHECK_EQ(cfg_validate(tab, n - 1, &c), CFG_TABLE_SIZE);
}

static void test_faults(void)
{
	struct cfg_check c;
	char msg[200];
	build3(1);
	CHECK_EQ(cfg_validate(tab, 63, &c), CFG_SHORT);
	cfg_describe(&c, msg, sizeof msg);
	CHECK(!strcmp(msg, "only 63 bytes, less than the 64-byte header"), "%s", msg);

	build3(1); H()->magic = 0; expect("no configuration table (magic 0x00000000, want 0x4643424c)");
	build3(1); H()->version = 2; expect("table version 2, this loader reads version 1");
	build3(1); H()->header_size = 60; expect("header size 60, want 64");
	build3(1); H()->entry_size = 100; expect("entry size 100, want 96");
	build3(1); H()->table_bytes = 9000; expect("table size 9000 bytes, want 160 to 8192");
	build3(1); H()->table_bytes = 100; expect("table size 100 bytes, want 160 to 8192");
	build3(1); tab[H()->table_bytes - 1] ^= 1;
	cfg_validate(tab, sizeof tab, &c);
	CHECK_EQ(c.code, CFG_CRC);
	CHECK_EQ(c.want, H()->crc32);
	cfg_describe(&c, msg, sizeof msg);
	CHECK(!strncmp(msg, "CRC-32 0x", 9) && strstr(msg, " does not match the stored 0x") &&
	      strstr(msg, " (damaged or half-written)"), "%s", msg);
	/* a byte past table_bytes is not covered (the rest of the slot is padding) */
	build3(1); tab[H()->table_bytes] = 0xFF;
	CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);

	build3(1); H()->entry_count = 0; recrc(); expect("0 entries, want 1 to 16");
	build3(1); H()->entry_count = 17; recrc(); expect("17 entries, want 1 to 16");
	build3(1); H()->entry_count = 16; recrc(); expect("table size 586 bytes, but its entries need 1600");
	build3(1); H()->default_entry = 3; recrc(); expect("default entry 4, but there are 3 entries");
	build3(1); H()->timeout = 3601; recrc(); expect("timeout 3601 s, at most 3600");
	build3(1); E(1)->kernel.bytes = 0; recrc(); expect("entry 2: kernel of 0 bytes");
	build3(1); E(0)->title = 0; recrc(); expect("entry 1: no title");
	build3(1); tab[E(2)->title] = 0; recrc(); expect("entry 3: no title");
	build3(1); E(2)->title = 0x20; recrc(); expect("entry 3: title at offset 0x20, outside the string pool 0x160..0x24a");
	build3(1); E(2)->cmdline = 0x24a; recrc(); expect("entry 3: command line at offset 0x24a, outside the string pool 0x160..0x24a");
	build3(1); tab[H()->table_bytes - 1] = 'x'; recrc();
	expect("entry 3: title at offset 0x241 has no NUL before the table ends");
	build3(1); memset(tab + E(0)->version, 'v', 20); tab[E(0)->version + 20] = 'w'; recrc();
	{       /* the version runs on into the next string: 20 + 1 + 19 bytes, still short enough */
		CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);
	}
	build3(1); E(0)->cmdline_max = 10; recrc(); expect("entry 1: command line of 19 bytes, at most 10");
	build3(1); E(0)->cmdline_max = 2048; recrc(); expect("entry 1: command line limit 2048, at most 2047");
	build3(1); E(1)->setup_header_len = 0x81; recrc(); expect("entry 2: setup header of 129 bytes, at most 128");
	build3(1); E(1)->setup_header = 0x1d0; recrc();
	expect("entry 2: setup header at 0x1d0+128, outside the string pool 0x160..0x24a");
	build3(1); E(1)->setup_header = 0x100; recrc();
	expect("entry 2: setup header at 0x100+128, outside the string pool 0x160..0x24a");
}

static void test_long_strings(void)
{
	static char title[80], cmd[2100];
	struct lb_cfg_header h = { .sequence = 1 };
	struct cfg_build_entry e = { .fixed = { .kernel = { 1, 1, 0 }, .cmdline_max = 2047 } };
	char err[200];
	struct cfg_check c;
	memset(title, 'T', 63);
	memset(cmd, 'c', 2047);
	e.title = title;
	e.cmdline = cmd;
	CHECK(cfg_build(tab, &h, &e, 1, err, sizeof err) > 0, "%s", err);
	CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);
	/* a title longer than 63 bytes, smuggled past cfg_build: point it at the command line */
	E(0)->title = E(0)->cmdline;
	recrc();
	expect("entry 1: title of 2047 bytes, at most 63");
	title[63] = 'T';
	CHECK(cfg_build(tab, &h, &e, 1, err, sizeof err) == 0 &&
	      !strcmp(err, "entry 1: title of 64 bytes, want 1 to 63"), "%s", err);
	title[63] = 0;
	cmd[2047] = 'c';
	CHECK(cfg_build(tab, &h, &e, 1, err, sizeof err) == 0 &&
	      !strcmp(err, "entry 1: command line of 2048 bytes, the kernel takes at most 2047"), "%s", err);
	cmd[2047] = 0;
	e.fixed.cmdline_max = 255;
	CHECK(cfg_build(tab, &h, &e, 1, err, sizeof err) == 0 &&
	      !strcmp(err, "entry 1: command line of 2047 bytes, the kernel takes at most 255"), "%s", err);

	/* the pool: three different full command lines fit with 16 entries, a fourth does not */
	static struct cfg_build_entry many[16];
	static char cmds[4][2048];
	for (int i = 0; i < 16; i++) {
		many[i] = e;
		many[i].fixed.cmdline_max = 2047;
		many[i].title = "t";
		many[i].cmdline = "";
	}
	for (int i = 0; i < 4; i++) {
		memset(cmds[i], 'a' + i, 2047);
		many[i].cmdline = cmds[i];
	}
	CHECK(cfg_build(tab, &h, many, 16, err, sizeof err) == 0 &&
	      !strcmp(err, "titles, versions, command lines and setup headers need 8194 bytes, 6592 fit with 16 entries"),
	      "%s", err);
	many[3].cmdline = cmds[0]; /* the same line as entry 1: stored once */
	uint32_t n = cfg_build(tab, &h, many, 16, err, sizeof err);
	CHECK_EQ(n, 64 + 16 * 96 + 3 * 2048 + 2);
	CHECK_EQ(cfg_validate(tab, sizeof tab, &c), CFG_OK);
	CHECK_EQ(LB_CFG_POOL_MIN, 6592);
	CHECK(cfg_build(tab, &h, many, 17, err, sizeof err) == 0 && !strcmp(err, "17 entries, want 1 to 16"), "%s", err);
	h.default_entry = 16;
	CHECK(cfg_build(tab, &h, many, 16, err, sizeof err) == 0 &&
	      !strcmp(err, "default entry 17, but there are 16 entries"), "%s", err);
}

static void test_pick(void)
{
	struct cfg_check a = { .code = CFG_OK, .sequence = 5 }, b = { .code = CFG_OK, .sequence = 6 };
	CHECK_EQ(cfg_pick(&a, &b), 1);
	b.sequence = 4;
	CHECK_EQ(cfg_pick(&a, &b), 0);
	b.sequence = 5;
	CHECK_EQ(cfg_pick(&a, &b), 0); /* equal: A */
	a.sequence = 0xFFFFFFFFu;      /* the counter wrapped: B (0) is newer */
	b.sequence = 0;
	CHECK_EQ(cfg_pick(&a, &b), 1);
	b.code = CFG_CRC;
	CHECK_EQ(cfg_pick(&a, &b), 0);
	a.code = CFG_MAGIC;
	CHECK_EQ(cfg_pick(&a, &b), -1);
	b.code = CFG_OK;
	CHECK_EQ(cfg_pick(&a, &b), 1);

	/* two real copies, B half-written: A is used */
	static uint8_t slot_a[LB_CFG_MAX_BYTES];
	struct cfg_check ca, cb;
	build3(41);
	memcpy(slot_a, tab, sizeof tab);
	uint32_t n = build3(42);
	memset(tab + n / 2, 0, n - n / 2);
	cfg_validate(slot_a, sizeof slot_a, &ca);
	cfg_validate(tab, sizeof tab, &cb);
	CHECK_EQ(cfg_pick(&ca, &cb), 0);
	build3(42);
	cfg_validate(tab, sizeof tab, &cb);
	CHECK_EQ(cfg_pick(&ca, &cb), 1);
}

void test_cfgtable(void)
{
	test_valid();
	test_faults();
	test_long_strings();
	test_pick();
}
