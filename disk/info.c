/* info.c: mkdisk --info IMAGE: what a longboot image holds, read through the structs of
 * include/patch.h and include/config.h: the MBR patch table, the loader patch table (test
 * switches, the configuration slots), the configuration's entries (flags, extents and CRCs
 * checked against the data, kernel facts, command lines) (host). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bootparams.h"
#include "mkdisk.h"
#include "cfgtable.h"

typedef unsigned long long ull;

struct img {
	const char *path;
	int fd;
	uint64_t size;
};

/* n bytes at off, which must lie in the file (what names them in the error). */
static void get(const struct img *im, void *buf, size_t n, uint64_t off, const char *what)
{
	if (off > im->size || n > im->size - off)
		die("info", "%s: %s at byte %llu (%zu bytes) lies past the end of the %llu-byte file: "
		    "not a complete longboot image", im->path, what, (ull)off, n, (ull)im->size);
	for (size_t got = 0; got < n;) {
		ssize_t r = pread(im->fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("info", "%s: read at byte %llu failed: %s", im->path, (ull)(off + got),
			    r < 0 ? strerror(errno) : "file shrank");
		got += (size_t)r;
	}
}

static void extent(const struct img *im, const char *name, const struct lb_cfg_extent *e)
{
	if (!e->bytes) {
		printf("%s: none\n", name);
		return;
	}
	uint8_t *p = xmalloc(e->bytes);
	if (e->lba > im->size / LB_SECTOR)
		die("info", "%s: %s at LBA %llu lies past the end of the %llu-byte file", im->path, name,
		    (ull)e->lba, (ull)im->size);
	get(im, p, e->bytes, e->lba * LB_SECTOR, name);
	uint32_t crc = lb_crc32(p, e->bytes);
	printf("%s: LBA %llu, %u bytes, CRC-32 0x%08x (", name, (ull)e->lba, e->bytes, e->crc32);
	if (crc == e->crc32)
		printf("matches the data)\n");
	else
		printf("MISMATCH: the data has 0x%08x)\n", crc);
	free(p);
}

static void kernel_facts(const uint8_t *tab, const struct lb_cfg_entry *t)
{
	printf("kernel load address: 0x%llx\n", (ull)t->load_addr);
	printf("kernel window: 0x%llx (%llu KiB)\n", (ull)t->window, (ull)(t->window / KiB));
	printf("kernel alignment: 0x%llx\n", (ull)t->align);
	printf("ELF size: %u bytes\n", t->elf_size);
	printf("relocation size: %u bytes\n", t->reloc_size);
	printf("initrd_addr_max: 0x%08x\n", t->initrd_addr_max);
	if (!t->setup_header_len) {
		printf("setup header: none\n");
	} else {
		uint16_t v = 0;
		size_t at = offsetof(struct setup_header, version);
		if (t->setup_header_len >= at + 2)
			memcpy(&v, tab + t->setup_header + at, 2);
		printf("setup header: %u bytes, boot protocol %u.%02u\n", t->setup_header_len, v >> 8, v & 0xff);
	}
	printf("cmdline: \"%s\"\n", cfg_string(tab, t->cmdline));
}

/* Reads and checks both slots; returns the one in use (malloc'd) and prints a line per slot. */
static uint8_t *config_read(const struct img *im, const struct loader_patch *t)
{
	uint8_t *slot[2];
	struct cfg_check c[2];
	char why[200];
	for (int i = 0; i < 2; i++) {
		slot[i] = xmalloc(LB_CFG_MAX_BYTES);
		get(im, slot[i], LB_CFG_MAX_BYTES, t->config_lba[i] * LB_SECTOR, i ? "configuration slot B" : "configuration slot A");
		cfg_validate(slot[i], LB_CFG_MAX_BYTES, &c[i]);
		if (c[i].code == CFG_OK) {
			printf("configuration slot %c: LBA %llu, sequence %u, %u bytes\n", 'A' + i, (ull)t->config_lba[i],
			       c[i].sequence, le32(slot[i] + 8));
		} else {
			cfg_describe(&c[i], why, sizeof why);
			printf("configuration slot %c: LBA %llu, INVALID: %s\n", 'A' + i, (ull)t->config_lba[i], why);
		}
	}
	int pick = cfg_pick(&c[0], &c[1]);
	if (pick < 0)
		die("info", "%s: neither configuration slot is valid", im->path);
	free(slot[!pick]);
	return slot[pick];
}

void image_info(const char *path)
{
	struct img im = { path, open(path, O_RDONLY), 0 };
	struct stat st;
	struct mbr_patch m;
	struct loader_patch t;
	if (im.fd < 0 || fstat(im.fd, &st) < 0)
		die("info", "%s: %s", path, strerror(errno));
	im.size = (uint64_t)st.st_size;
	if (im.size < LB_SECTOR)
		die("info", "%s: %llu bytes, less than one sector: not a longboot image", path, (ull)im.size);
	get(&im, &m, sizeof m, MBR_PATCH_OFFSET, "MBR patch table");
	if (m.magic != MBR_PATCH_MAGIC)
		die("info", "%s: no longboot MBR patch table (magic 0x%08x at byte 0x%x, want 0x%08x): "
		    "not a longboot image", path, m.magic, MBR_PATCH_OFFSET, MBR_PATCH_MAGIC);
	if ((uint64_t)m.loader_sectors * LB_SECTOR < LOADER_PATCH_OFFSET + sizeof t)
		die("info", "%s: the MBR patch table names a loader of %u sectors, too small for its patch "
		    "table", path, m.loader_sectors);
	if (m.loader_lba > im.size / LB_SECTOR)
		die("info", "%s: the loader at LBA %llu lies past the end of the %llu-byte file", path,
		    (ull)m.loader_lba, (ull)im.size);
	get(&im, &t, sizeof t, m.loader_lba * LB_SECTOR + LOADER_PATCH_OFFSET, "loader patch table");
	if (t.magic != LOADER_PATCH_MAGIC)
		die("info", "%s: no loader patch table at LBA %llu byte 0x%x (magic 0x%08x, want 0x%08x): "
		    "not a longboot image", path, (ull)m.loader_lba, LOADER_PATCH_OFFSET, t.magic,
		    LOADER_PATCH_MAGIC);
	if (t.version != LOADER_PATCH_VERSION || t.size != sizeof t)
		die("info", "%s: loader patch table version %u size %u, this mkdisk reads version %u size %zu",
		    path, t.version, t.size, LOADER_PATCH_VERSION, sizeof t);

	printf("image: %s, %llu bytes\n", path, (ull)im.size);
	printf("loader: LBA %llu, %u sectors\n", (ull)m.loader_lba, m.loader_sectors);
	printf("patch table: version %u, %u bytes at loader byte 0x%x\n", t.version, t.size,
	       LOADER_PATCH_OFFSET);
	uint8_t *tab = config_read(&im, &t);
	const struct lb_cfg_header *h = (const void *)tab;
	const struct lb_cfg_entry *e = cfg_entry(tab, h->default_entry);
	printf("entries: %u, default %u, timeout %u s\n", h->entry_count, h->default_entry + 1u, h->timeout);
	printf("boot messages: %s%s\n", h->flags & LBC_VERBOSE ? "verbose" : "quiet (Ctrl held at boot: verbose)",
	       h->flags & LBC_NO_TIMING ? ", no timing line" : h->flags & LBC_TIMING ? ", timing line" : "");
	for (unsigned i = 0; i < h->entry_count; i++) {
		const struct lb_cfg_entry *x = cfg_entry(tab, i);
		const char *v = cfg_string(tab, x->version);
		printf("entry %u: \"%s\"%s%s, kernel LBA %llu, initrd ", i + 1, cfg_string(tab, x->title), *v ? " version " : "",
		       v, (ull)x->kernel.lba);
		if (x->initrd.bytes)
			printf("LBA %llu", (ull)x->initrd.lba);
		else
			printf("none");
		printf(", cmdline \"%s\"\n", cfg_string(tab, x->cmdline));
	}
	printf("flags: ");
	flags_print(stdout, lb_flag_names, e->kflags | (h->flags & LBC_NO_TIMING ? INFO_NO_TIMING : 0));
	printf("\ntest flags: ");
	flags_print(stdout, lb_test_flag_names, t.test_flags);
	printf("\n");
	extent(&im, "kernel", &e->kernel);
	extent(&im, "initrd", &e->initrd);
	kernel_facts(tab, e);
	free(tab);
	close(im.fd);
}
