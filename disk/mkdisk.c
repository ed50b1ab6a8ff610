/* mkdisk.c: command line of mkdisk, the host tool that builds a bootable longboot raw image or
 * installs the loader into an existing one (host). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "progress.h"
#include "target.h"

static const char usage[] =
"usage: mkdisk --kernel FILE [--title TEXT] [--initrd FILE] [--cmdline TEXT] [--kernel FILE ...]\n"
"              --output IMAGE [options]\n"
"       mkdisk --config FILE --output IMAGE [options]\n"
"       mkdisk --info IMAGE\n"
"Builds a raw disk image that boots FILE with longboot (legacy BIOS).\n"
"  --kernel FILE     ELF64 x86-64 executable, a gzip'd one, or a Linux bzImage (protocol >= 2.12)\n"
"                    Each --kernel starts a boot entry (1 to 16); --title, --initrd and --cmdline\n"
"                    that follow it belong to it\n"
"  --title TEXT      the entry's title in the boot menu (default: the kernel file's name)\n"
"  --initrd FILE     initial ramdisk, loaded as is\n"
"  --cmdline TEXT    kernel command line (at most 2047 bytes, or the bzImage's cmdline_size)\n"
"  --default N       the entry booted by default: its number (1-based) or title (default 1)\n"
"  --timeout SECONDS the boot menu's countdown (default 0 for one entry, 5 for several); with 0\n"
"                    and several entries a key or Shift held at boot shows the menu\n"
"  --config FILE     entries from a file: Boot Loader Specification keys (title, version, linux,\n"
"                    initrd, options), entries separated by blank lines, plus timeout and default\n"
"  --output IMAGE    image to write (created through IMAGE.tmp-XXXXXX and renamed), or a blank\n"
"                    block device (written in place)\n"
"  --install         IMAGE is an existing partitioned disk (image file or block device): replace\n"
"                    the boot code of its MBR (disk signature and partition table kept); MBR: the\n"
"                    loader, kernel and initrd go into the gap before the first partition when\n"
"                    they fit; GPT: into the BIOS boot partition (type EF02)\n"
"                    Onto a disk that holds longboot: an update that a power cut leaves bootable\n"
"                    (new payloads into free space, the configuration slot written last)\n"
"  --partition N     with --install: the partition for kernel and initrd (MBR: 1-4 primary, 5..\n"
"                    logical; GPT: its entry number). It must be marked for longboot: type 0xDA\n"
"                    (MBR), BIOS boot (GPT), or longboot's mark in its first sector\n"
"  --force           with --install: write into a partition of another type (never over a file\n"
"                    system, LVM, RAID, swap or LUKS signature)\n"
"  --rewrite-loader  with --install onto a disk holding longboot: allow replacing a loader that\n"
"                    differs (an update keeps it otherwise; rewriting it is not power-safe)\n"
"  --floppy          build a 1.44 MB floppy image (2880 sectors, CHS boot)\n"
"  --lba-offset N    put the loader and payloads from LBA N on (sparse image)\n"
"  --test-flag NAME  fault-test switch (repeatable): no-e820 no-e801 a20-off no-a20-bios\n"
"                    no-a20-kbc no-a20-fast no-edd xfer-255\n"
"  --no-timing, --timing   the loader prints no timing line, or prints it also when quiet\n"
"                    (default: with the detail lines)\n"
"  --verbose-boot, --quiet-boot   the loader prints its detail lines (memory map, video, A20, disk,\n"
"                    placement, command line), or only its stage markers, the entry, the reads'\n"
"                    progress and errors (Ctrl held at boot: verbose). Default: verbose for a new\n"
"                    image, quiet with --install\n"
"  --level N         gzip level 1..12 for the kernel (default 10, libdeflate): an ELF kernel, or a\n"
"                    bzImage's payload with --repack-gzip\n"
"  --repack-gzip     store a bzImage's payload re-packed as gzip; --keep-payload: as it is in the\n"
"                    bzImage (the loader decodes gzip, xz, lzma, bzip2, lz4 and zstd itself).\n"
"                    Default: lz4 and gzip as they are, zstd, xz, lzma and bzip2 re-packed as gzip\n"
"                    (what boots faster, measured by make bench-boot)\n"
"  --bootsect FILE, --loader FILE   use these stages instead of the built-in ones\n"
"  --info IMAGE      print what a longboot image holds (patch tables, extents, CRCs, kernel)\n"
"  -h, --help        this text\n"
"  --quiet           print nothing but errors (no progress on stderr, no summary on stdout)\n"
"  --version         print the version\n"
"Plain layout: LBA 0 MBR (one active partition of type 0xDA over LBA 1..end), LBA 1 the loader,\n"
"then the gzip'd kernel and the initrd, each from a 4 KiB boundary; image padded to whole\n"
"cylinders of 16 heads x 63 sectors (516096 bytes).\n";

static void usage_error(const char *fmt, const char *arg)
{
	fputs("mkdisk: usage: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (try --help)\n", stderr);
	exit(1);
}

static uint64_t number(const char *opt, const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (!*s || *end || s[0] == '-' || v < min || v > max)
		die("usage", "%s %s: need a number from %llu to %llu", opt, s, (unsigned long long)min,
		    (unsigned long long)max);
	return v;
}

static void parse(int argc, char **argv, struct options *o)
{
	enum { O_ENTRY = 256, O_OUTPUT, O_INSTALL, O_PARTITION, O_FLOPPY,
	       O_LBA, O_TEST, O_NOTIMING, O_LEVEL, O_BOOTSECT, O_LOADER, O_HELP, O_INFO, O_FORCE, O_REWRITE, O_VERBOSE_BOOT, O_QUIET_BOOT, O_TIMING, O_REPACK, O_KEEP };
	static const struct option opts[] = {
		{ "kernel", 1, 0, O_ENTRY },        { "initrd", 1, 0, O_ENTRY },
		{ "cmdline", 1, 0, O_ENTRY },       { "output", 1, 0, O_OUTPUT },
		{ "title", 1, 0, O_ENTRY },         { "default", 1, 0, O_ENTRY },
		{ "timeout", 1, 0, O_ENTRY },       { "config", 1, 0, O_ENTRY },
		{ "install", 0, 0, O_INSTALL },     { "partition", 1, 0, O_PARTITION },
		{ "floppy", 0, 0, O_FLOPPY },       { "lba-offset", 1, 0, O_LBA },
		{ "test-flag", 1, 0, O_TEST },      { "no-timing", 0, 0, O_NOTIMING },
		{ "level", 1, 0, O_LEVEL },         { "repack-gzip", 0, 0, O_REPACK }, { "keep-payload", 0, 0, O_KEEP },         { "bootsect", 1, 0, O_BOOTSECT },
		{ "loader", 1, 0, O_LOADER },       { "help", 0, 0, O_HELP },
		{ "info", 1, 0, O_INFO },
		{ "force", 0, 0, O_FORCE },         { "rewrite-loader", 0, 0, O_REWRITE },
		{ "verbose-boot", 0, 0, O_VERBOSE_BOOT }, { "quiet-boot", 0, 0, O_QUIET_BOOT },
		{ "timing", 0, 0, O_TIMING },
		{ 0, 0, 0, 0 },
	};
	int c, idx = 0, entries = 0, kernels = 0, ndefer = 0, boot_msgs = -1;
	const char *defer[3][2]; /* one --kernel: its --title/--initrd/--cmdline may come before it */
	for (int i = 1; i < argc; i++)
		kernels += !strcmp(argv[i], "--kernel") || !strncmp(argv[i], "--kernel=", 9);
	memset(o, 0, sizeof *o);
	config_init(&o->cfg);
	o->level = 10; /* within 1 % of 12 on a Linux kernel, twice as fast: disk/README.md */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, &idx)) != -1) {
		switch (c) {
		case O_ENTRY: {
			const char *name = opts[idx].name;
			if (!strcmp(name, "cmdline") && strlen(optarg) > LB_CFG_CMDLINE_MAX - 1)
				die("cmdline", "%zu bytes, at most %d fit", strlen(optarg), LB_CFG_CMDLINE_MAX - 1);
			entries = 1;
			if (kernels == 1 && !o->cfg.count && ndefer < 3 && (!strcmp(name, "title") ||
			    !strcmp(name, "initrd") || !strcmp(name, "cmdline"))) {
				defer[ndefer][0] = name;
				defer[ndefer++][1] = optarg;
				break;
			}
			if (config_option(&o->cfg, name, optarg) < 0)
				die("config", "%s", o->cfg.err);
			for (int i = 0; !strcmp(name, "kernel") && i < ndefer; i++)
				if (config_option(&o->cfg, defer[i][0], defer[i][1]) < 0)
					die("config", "%s", o->cfg.err);
			if (!strcmp(name, "kernel"))
				ndefer = 0;
			break;
		}
		case O_OUTPUT: o->output = optarg; break;
		case O_INSTALL: o->install = 1; break;
		case O_PARTITION: o->partition = (int)number("--partition", optarg, 1, 1024); break;
		case O_FORCE: o->force = 1; break;
		case O_REWRITE: o->rewrite_loader = 1; break;
		case O_FLOPPY: o->floppy = 1; break;
		case O_LBA: o->lba_offset = number("--lba-offset", optarg, 1, 1ull << 47); break;
		case O_NOTIMING: o->flags |= LBC_NO_TIMING; break;
		case O_VERBOSE_BOOT: boot_msgs = 1; break;
		case O_QUIET_BOOT: boot_msgs = 0; break;
		case O_TIMING: o->timing = 1; break;
		case O_LEVEL: o->level = (int)number("--level", optarg, 1, 12); break;
		case O_REPACK: o->repack = REPACK_ALWAYS; break;
		case O_KEEP: o->repack = REPACK_NEVER; break;
		case O_BOOTSECT: o->bootsect_path = optarg; break;
		case O_LOADER: o->loader_path = optarg; break;
		case O_HELP: fputs(usage, stdout); exit(0);
		case O_INFO: o->info = optarg; break;
		case O_TEST: {
			uint32_t bit = flag_by_name(lb_test_flag_names, optarg);
			if (!bit)
				usage_error("unknown --test-flag '%s'", optarg);
			o->test_flags |= bit;
			break;
		}
		case ':': usage_error("option '%s' needs a value", argv[optind - 1]); break;
		default: usage_error("unknown option '%s'", argv[optind - 1]); break;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (o->info) {
		if (entries || o->output || o->install)
			usage_error("%s takes no other option", "--info");
		return;
	}
	if (!o->cfg.count)
		usage_error("%s is required", "--kernel");
	if (!o->output)
		usage_error("%s is required", "--output");
	if (o->partition && !o->install)
		usage_error("%s only goes with --install", "--partition");
	if (o->force && !o->install)
		usage_error("%s only goes with --install", "--force");
	if (o->rewrite_loader && !o->install)
		usage_error("%s only goes with --install", "--rewrite-loader");
	if (o->install && (o->floppy || o->lba_offset))
		usage_error("%s cannot be combined with --floppy or --lba-offset", "--install");
	if (o->timing && (o->flags & LBC_NO_TIMING))
		usage_error("%s", "--timing and --no-timing exclude each other");
	if (boot_msgs < 0 ? !o->install : boot_msgs)
		o->flags |= LBC_VERBOSE;  /* a new image is for study: it shows what happens */
}

int main(int argc, char **argv)
{
	struct options o;
	struct stages s;
	struct target t;
	talk_args(&argc, argv);
	parse(argc, argv, &o);
	if (o.info) {
		image_info(o.info);
		return 0;
	}
	if (config_finish(&o.cfg) < 0)
		die("config", "%s", o.cfg.err);
	o.kernel = o.cfg.e[o.cfg.def].kernel;
	static struct entries en;
	stages_get(&o, &s);
	entries_read_initrds(&o, &en);
	/* everything that can be checked before the slow kernel work */
	output_check(&o, &t);
	if (o.install)
		install_check(&o, &s, en.initrd_bytes);
	if (o.floppy)
		floppy_check(&s, en.initrd_bytes);
	entries_load(&o, &en);
	if (o.install)
		image_install(&o, &s, &en);
	else
		image_create(&o, &s, &en, &t);
	return 0;
}
