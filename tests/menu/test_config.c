/* test_config.c: mkdisk's boot entries from options and from --config files (disk/config.c):
 * both forms, the defaults, the limits, and the message of every refusal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "tests.h"
#include "../../disk/config.h"

static char dir[256];

static int args(struct config *c, const char *const *a)
{
	int n = 0;
	while (a[n])
		n++;
	config_free(c);
	return config_from_args(c, n, (char *const *)a);
}

#define ARGS(...) args(&c, (const char *const[]){ __VA_ARGS__, NULL })
#define ERR(want) CHECK(!strcmp(c.err, want), "error \"%s\", want \"%s\"", c.err, want)
#define STR(got, want) CHECK((got) && !strcmp(got, want), "\"%s\", want \"%s\"", (got) ? (got) : "(null)", want)

static const char *file(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	snprintf(p, 512, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

static void test_args(void)
{
	struct config c;
	config_init(&c);
	CHECK_EQ(ARGS("--kernel", "/boot/vmlinuz-6.1"), 0);
	CHECK_EQ(c.count, 1);
	STR(c.e[0].title, "vmlinuz-6.1");
	CHECK(!c.e[0].initrd && !c.e[0].cmdline && !c.e[0].version, "nothing else");
	CHECK_EQ(c.timeout, 0);
	CHECK_EQ(c.def, 0);

	CHECK_EQ(ARGS("--kernel", "a", "--title", "One", "--cmdline", "console=ttyS0",
		      "--kernel=b", "--initrd", "i.img", "--title=Two",
		      "--kernel", "a", "--title", "Three", "--cmdline", "console=ttyS0 nokaslr",
		      "--default", "2"), 0);
	CHECK_EQ(c.count, 3);
	STR(c.e[0].title, "One"); STR(c.e[0].kernel, "a"); STR(c.e[0].cmdline, "console=ttyS0");
	STR(c.e[1].title, "Two"); STR(c.e[1].kernel, "b"); STR(c.e[1].initrd, "i.img");
	STR(c.e[2].title, "Three"); STR(c.e[2].cmdline, "console=ttyS0 nokaslr");
	STR(c.e[1].where, "--kernel #2");
	CHECK_EQ(c.def, 1);
	CHECK_EQ(c.timeout, 5); /* several entries: 5 s */
	CHECK_EQ(ARGS("--timeout", "0", "--kernel", "a", "--kernel", "b"), 0);
	CHECK_EQ(c.timeout, 0);
	CHECK_EQ(ARGS("--kernel", "a", "--timeout", "3600"), 0);
	CHECK_EQ(c.timeout, 3600);

	CHECK_EQ(ARGS("--title", "X", "--kernel", "a"), -1);
	ERR("--title 'X' comes before any --kernel (each --kernel starts an entry; --title belongs to the one before it)");
	CHECK_EQ(ARGS("--kernel", "a", "--title", "X", "--title", "Y"), -1);
	ERR("--title of entry 1 given twice");
	CHECK_EQ(ARGS("--kernel", "a", "--kernel", "b", "--title", ""), -1);
	ERR("--title of entry 2 is empty");
	CHECK_EQ(ARGS("--kernel", "a", "--title", "tab\there"), -1);
	ERR("--title of entry 1 contains control character 0x09");
	CHECK_EQ(ARGS("--kernel", "a", "--title", "0123456789012345678901234567890123456789012345678901234567890123"), -1);
	ERR("--title of entry 1: 64 bytes, at most 63");
	CHECK_EQ(ARGS("--kernel", "a", "--initrd", ""), -1);
	ERR("--initrd of entry 1: the file name is empty");
	CHECK_EQ(ARGS("--kernel", ""), -1);
	ERR("--kernel #1: the file name is empty");

	static char cmd[2100];
	memset(cmd, 'c', 2048);
	CHECK_EQ(ARGS("--kernel", "a", "--cmdline", cmd), -1);
	ERR("--cmdline of entry 1: 2048 bytes, at most 2047 fit");
	cmd[2047] = 0;
	CHECK_EQ(ARGS("--kernel", "a", "--cmdline", cmd), 0);

	const char *k17[35];
	for (int i = 0; i < 34; i += 2)
		k17[i] = "--kernel", k17[i + 1] = "k";
	k17[34] = NULL;
	CHECK_EQ(args(&c, k17 + 2), 0); /* 16 */
	CHECK_EQ(c.count, 16);
	CHECK_EQ(args(&c, k17), -1);
	ERR("--kernel #17: 17 entries, at most 16 fit in an image");

	CHECK_EQ(ARGS("--kernel", "a", "--kernel", "b", "--default", "3"), -1);
	ERR("--default 3: there are only 2 entries");
	CHECK_EQ(ARGS("--kernel", "a", "--default", "2"), -1);
	ERR("--default 2: there is only 1 entry");
	CHECK_EQ(ARGS("--kernel", "a", "--default", "0"), -1);
	ERR("--default '0': need an entry number from 1 to 16");
	CHECK_EQ(ARGS("--kernel", "a", "--default", "first"), -1);
	ERR("--default 'first': need an entry number from 1 to 16");
	CHECK_EQ(ARGS("--kernel", "a", "--timeout", "-1"), -1);
	ERR("--timeout '-1': need seconds from 0 to 3600");
	CHECK_EQ(ARGS("--kernel", "a", "--timeout", "3601"), -1);
	ERR("--timeout '3601': need seconds from 0 to 3600");
	CHECK_EQ(ARGS("--kernel", "a", "--timeout", "5s"), -1);
	ERR("--timeout '5s': need seconds from 0 to 3600");
	CHECK_EQ(ARGS("--kernel", "a", "--output", "x"), -1);
	ERR("unknown option '--output'");
	CHECK_EQ(ARGS("--kernel", "a", "--title"), -1);
	ERR("option '--title' needs a value");
	CHECK_EQ(ARGS("--timeout", "3"), -1);
	ERR("no entry: give --kernel FILE or --config FILE");
	CHECK_EQ(ARGS("vmlinuz"), -1);
	ERR("unexpected argument 'vmlinuz'");
	config_free(&c);
}

static void test_files(void)
{
	struct config c;
	char want[1024];
	config_init(&c);
	const char *f = file("boot.conf",
		"# longboot entries\n"
		"timeout 3\n"
		"default Debian (nokaslr)\n"
		"\n"
		"title   Debian GNU/Linux\n"
		"version 6.1.0-18-cloud-amd64\n"
		"linux   vmlinuz-6.1.0-18-cloud-amd64\n"
		"initrd  /boot/initrd.img-6.1.0-18-cloud-amd64\n"
		"options root=UUID=1234 ro\n"
		"options console=ttyS0   \r\n"
		"\n\n"
		"  # a comment does not end an entry\n"
		"title Debian (nokaslr)\n"
		"\t# nor does an indented one\n"
		"linux vmlinuz-6.1.0-18-cloud-amd64\n"
		"options root=UUID=1234 ro nokaslr\n"
		"machine-id 4a1b2c3d4e5f\n"
		"sort-key debian\n"
		"architecture x64\n");
	CHECK_EQ(ARGS("--config", f), 0);
	CHECK_EQ(c.count, 2);
	STR(c.e[0].title, "Debian GNU/Linux");
	STR(c.e[0].version, "6.1.0-18-cloud-amd64");
	snprintf(want, sizeof want, "%s/vmlinuz-6.1.0-18-cloud-amd64", dir);
	STR(c.e[0].kernel, want);
	STR(c.e[0].initrd, "/boot/initrd.img-6.1.0-18-cloud-amd64");
	STR(c.e[0].cmdline, "root=UUID=1234 ro console=ttyS0");
	STR(c.e[1].cmdline, "root=UUID=1234 ro nokaslr");
	CHECK(!c.e[1].initrd && !c.e[1].version, "entry 2: no initrd, no version");
	snprintf(want, sizeof want, "%s:14", f);
	STR(c.e[1].where, want);
	CHECK_EQ(c.def, 1);
	CHECK_EQ(c.timeout, 3);

	/* one file per entry, a loader.conf, and command-line entries after them */
	const char *a = file("a.conf", "title A\nlinux /k/a\n");
	const char *b = file("b.conf", "linux /k/b\noptions quiet\n");
	const char *l = file("loader.conf", "timeout 0\ndefault 2\n");
	CHECK_EQ(ARGS("--config", a, "--config", b, "--config", l, "--kernel", "/k/c", "--title", "C"), 0);
	CHECK_EQ(c.count, 3);
	STR(c.e[0].title, "A"); STR(c.e[1].title, "b"); STR(c.e[1].kernel, "/k/b"); STR(c.e[2].title, "C");
	CHECK_EQ(c.def, 1);
	CHECK_EQ(c.timeout, 0);
	CHECK_EQ(ARGS("--kernel", "/k/c", "--config", a, "--title", "X"), -1);
	ERR("--title 'X' comes before any --kernel (each --kernel starts an entry; --title belongs to the one before it)");
	CHECK_EQ(ARGS("--config", a, "--default", "2"), -1);
	ERR("--default 2: there is only 1 entry");

#define BAD(text, msg) do { \
		const char *p_ = file("bad.conf", text); \
		CHECK_EQ(ARGS("--config", p_), -1); \
		snprintf(want, sizeof want, "%s%s", p_, msg); \
		ERR(want); } while (0)
	BAD("title A\nlinux k\ntitel B\n", ":3: unknown key 'titel' (longboot reads title, version, linux, initrd, options, timeout, default)");
	BAD("title A\nlinux k\n\ntitle B\noptions x\n", ":4: entry without a 'linux' line (entries are separated by blank lines)");
	BAD("title A\nlinux k\nlinux k2\n", ":3: linux: a second 'linux' in the entry of line 1 (one kernel and one initrd per entry; entries are separated by blank lines)");
	BAD("linux k\ninitrd a\ninitrd b\n", ":3: initrd: a second 'initrd' in the entry of line 1 (one kernel and one initrd per entry; entries are separated by blank lines)");
	BAD("title\nlinux k\n", ":1: title is empty");
	BAD("linux k\ntitle   \n", ":2: title is empty");
	BAD("linux\n", ":1: linux: needs a value");
	BAD("linux k\nefi /EFI/x.efi\n", ":2: efi: not for a legacy-BIOS loader; longboot boots Linux kernels ('linux')");
	BAD("linux k\narchitecture ia32\n", ":2: architecture 'ia32': longboot boots x86-64 kernels only (x64)");
	BAD("timeout menu-force\nlinux k\n", ":1: timeout 'menu-force': need seconds from 0 to 3600");
	BAD("default Other\nlinux k\n", ":1: default 'Other': no entry has this number or title");
	BAD("default 3\nlinux k\n", ":1: default 3: there is only 1 entry");
	BAD("", ": no entry and no setting in the file");
	BAD("# only a comment\n\n", ": no entry and no setting in the file");
	BAD("linux k\nversion 0123456789012345678901234567890123456789012345678901234567890123\n",
	    ":2: version: 64 bytes, at most 63");
	{
		static char text[3000];
		char *t = text;
		t += sprintf(t, "linux k\n");
		for (int i = 0; i < 3; i++) {
			t += sprintf(t, "options ");
			memset(t, 'o', 700);
			t += 700;
			*t++ = '\n';
		}
		*t = 0;
		BAD(text, ":4: options: 2102 bytes, at most 2047 fit");
	}
	{
		static char text[17 * 10];
		char *t = text;
		for (int i = 0; i < 17; i++)
			t += sprintf(t, "linux k\n\n");
		BAD(text, ":33: 17 entries, at most 16 fit in an image");
		text[16 * 9] = 0;
		const char *p = file("sixteen.conf", text);
		CHECK_EQ(ARGS("--config", p), 0);
		CHECK_EQ(c.count, 16);
		CHECK_EQ(c.timeout, 5);
	}
	{
		const char *p = file("nul.conf", "linux k\n");
		FILE *fp = fopen(p, "w");
		fwrite("linux k\n\0\n", 1, 10, fp);
		fclose(fp);
		CHECK_EQ(ARGS("--config", p), -1);
		snprintf(want, sizeof want, "%s:2: a NUL byte: not a text file", p);
		ERR(want);
	}
	snprintf(want, sizeof want, "%s/missing.conf", dir);
	CHECK_EQ(ARGS("--config", want), -1);
	strcat(want, ": cannot open: No such file or directory");
	ERR(want);
	config_free(&c);
}

/* The example of disk/README.md parses to what the text says. */
static void test_readme(const char *readme)
{
	static char text[4096];
	FILE *f = fopen(readme, "r");
	CHECK(f != NULL, "cannot open %s", readme);
	if (!f)
		return;
	char line[512];
	int in = 0;
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (!in && !strcmp(line, "# /etc/longboot/entries.conf\n"))
			in = 1;
		else if (in && !strncmp(line, "```", 3))
			break;
		if (in && n + strlen(line) < sizeof text)
			n += (size_t)sprintf(text + n, "%s", line);
	}
	fclose(f);
	CHECK(in, "no example in %s", readme);
	struct config c;
	config_init(&c);
	CHECK_EQ(ARGS("--config", file("entries.conf", text)), 0);
	CHECK_EQ(c.count, 2);
	CHECK_EQ(c.timeout, 5);
	CHECK_EQ(c.def, 0);
	STR(c.e[1].title, "Debian GNU/Linux 12 (recovery)");
	STR(c.e[0].cmdline, "root=UUID=0e6c3c3b-6c1e-4a55-a7a3-1f1a3bb1a1f5 ro console=ttyS0 quiet");
	STR(c.e[1].kernel, "/boot/vmlinuz-6.1.0-18-cloud-amd64");
	config_free(&c);
}

void test_config(const char *tmpdir, const char *readme)
{
	snprintf(dir, sizeof dir, "%s/test-menu-XXXXXX", tmpdir);
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp %s", dir);
		return;
	}
	test_args();
	test_files();
	test_readme(readme);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK_EQ(system(cmd), 0);
}
