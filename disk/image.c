/* image.c: the embedded boot stages, filling their patch tables, and writing a new raw image
 * (plain disk or 1.44 MB floppy) through a temporary file renamed into place, or in place onto
 * a blank block device (host). */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "target.h"

extern const uint8_t stage_bootsect[], stage_bootsect_end[];
extern const uint8_t stage_loader[], stage_loader_end[];

#define FLOPPY_SECTORS 2880u
#define CYLINDER (16u * 63u)     /* a plain image is whole cylinders of 16 heads x 63 sectors, the
                                  * geometry Bochs and SeaBIOS derive from a disk's size */
#define PART_TYPE_NONFS 0xDA

void stages_get(const struct options *o, struct stages *s)
{
	if (o->bootsect_path) {
		s->bootsect = read_file("bootsect", o->bootsect_path);
	} else {
		s->bootsect.p = (uint8_t *)stage_bootsect;
		s->bootsect.n = (size_t)(stage_bootsect_end - stage_bootsect);
	}
	if (o->loader_path) {
		s->loader = read_file("loader", o->loader_path);
	} else {
		s->loader.p = (uint8_t *)stage_loader;
		s->loader.n = (size_t)(stage_loader_end - stage_loader);
	}
	if (s->bootsect.n != LB_SECTOR)
		die("bootsect", "%zu bytes, need exactly %d", s->bootsect.n, LB_SECTOR);
	if (le32(s->bootsect.p + MBR_PATCH_OFFSET) != MBR_PATCH_MAGIC)
		die("bootsect", "no MBR patch table (magic 0x%08x) at offset 0x%x", MBR_PATCH_MAGIC,
		    MBR_PATCH_OFFSET);
	if (s->loader.n <= LOADER_SUM_START)
		die("loader", "%zu bytes, too small to hold the head, the patch table and code", s->loader.n);
	if (s->loader.n > LB_LOADER_MAX_SECTORS * LB_SECTOR)
		die("loader", "%zu bytes, more than the %d sectors the MBR reads (LB_LOADER_MAX_SECTORS)",
		    s->loader.n, LB_LOADER_MAX_SECTORS);
	if (le32(s->loader.p + offsetof(struct loader_head, magic)) != LOADER_HEAD_MAGIC)
		die("loader", "no loader head (magic 0x%08x) at offset 0", LOADER_HEAD_MAGIC);
	const uint8_t *t = s->loader.p + LOADER_PATCH_OFFSET;
	if (le32(t) != LOADER_PATCH_MAGIC)
		die("loader", "no loader patch table (magic 0x%08x) at offset 0x%x", LOADER_PATCH_MAGIC,
		    LOADER_PATCH_OFFSET);
	if (le16(t + 4) != LOADER_PATCH_VERSION || le16(t + 6) != sizeof(struct loader_patch))
		die("loader", "patch table version %u size %u, mkdisk writes version %u size %zu",
		    le16(t + 4), le16(t + 6), LOADER_PATCH_VERSION, sizeof(struct loader_patch));
}

/* The head's checksum (include/patch.h); copy is zero-padded past n to a whole sector. */
static void loader_sum(struct loader_head *h, const uint8_t *p, size_t n)
{
	uint32_t a = 0, b = 0;
	for (size_t i = 0; i < n; i += 4) {
		a += le32(p + i);
		b += a;
	}
	h->sum_a = a;
	h->sum_b = b;
}

void patch_loader(const struct options *o, const struct stages *s, const struct plan *pl, uint8_t *copy)
{
	struct loader_patch t;
	memset(copy, 0, (size_t)pl->loader_sectors * LB_SECTOR);
	memcpy(copy, s->loader.p, s->loader.n);
	memset(&t, 0, sizeof t);
	t.magic = LOADER_PATCH_MAGIC;
	t.version = LOADER_PATCH_VERSION;
	t.size = sizeof t;
	t.test_flags = o->test_flags;
	t.config_lba[0] = pl->cfg_lba;
	t.config_lba[1] = pl->cfg_lba + LB_CFG_SLOT_SECTORS;
	memcpy(copy + LOADER_PATCH_OFFSET, &t, sizeof t);
	/* The head: what setup16's first sector checks before it runs the rest. */
	struct loader_head h;
	memcpy(&h, copy, sizeof h);
	h.bytes = (uint32_t)s->loader.n;
	loader_sum(&h, copy + LOADER_SUM_START, s->loader.n - LOADER_SUM_START);
	memcpy(copy, &h, sizeof h);
}

/* Both slots of the configuration table (the same copy, sequence 1) into out[CFG_SECTORS]. */
static void config_slots(const struct options *o, const struct entries *en, uint8_t *out)
{
	entries_table(o, en, out);
	memcpy(out + LB_CFG_MAX_BYTES, out, LB_CFG_MAX_BYTES);
}

void patch_mbr(const struct plan *pl, const uint8_t *bootsect, uint8_t *mbr)
{
	struct mbr_patch m = { .magic = MBR_PATCH_MAGIC, .loader_sectors = (uint16_t)pl->loader_sectors,
			       .loader_lba = pl->loader_lba };
	memcpy(mbr, bootsect, MBR_PATCH_OFFSET);
	memcpy(mbr + MBR_PATCH_OFFSET, &m, sizeof m);
	mbr[MBR_SIG_OFF] = 0x55;
	mbr[MBR_SIG_OFF + 1] = 0xAA;
}

/* CHS bytes (head, sector|cyl hi, cyl lo) of an LBA with heads x 63 sectors. */
static void chs(uint64_t lba, unsigned heads, uint8_t *out)
{
	uint64_t c = lba / (heads * 63), h = lba / 63 % heads, sec = lba % 63 + 1;
	if (c > 1023)
		c = 1023, h = heads - 1, sec = 63;
	out[0] = (uint8_t)h;
	out[1] = (uint8_t)(sec | (c >> 2 & 0xC0));
	out[2] = (uint8_t)c;
}

/* One active non-FS-data partition over LBA 1..total-1, and a signature from the content. */
static void partition_and_signature(uint8_t *mbr, uint64_t total, uint32_t content_crc)
{
	uint64_t n = total - 1 > 0xFFFFFFFEull ? 0xFFFFFFFEull : total - 1;
	uint8_t *e = mbr + MBR_PART_OFF;
	uint32_t sig = content_crc ? content_crc : 0x4C424F54u;
	/* the geometry a BIOS gives a disk of this size: 16 x 63 up to 1024 cylinders, then the
	 * 255 x 63 of LBA-assisted translation */
	unsigned heads = total <= 1024ull * CYLINDER ? 16 : 255;
	memcpy(mbr + MBR_DISK_SIG_OFF, &sig, 4);
	mbr[MBR_DISK_SIG_OFF + 4] = mbr[MBR_DISK_SIG_OFF + 5] = 0;
	memset(e, 0, 4 * MBR_PART_SIZE);
	e[0] = 0x80;
	chs(1, heads, e + 1);
	e[4] = PART_TYPE_NONFS;
	chs(n, heads, e + 5);
	uint32_t start = 1, count = (uint32_t)n;
	memcpy(e + 8, &start, 4);
	memcpy(e + 12, &count, 4);
}

void floppy_check(const struct stages *s, uint64_t initrd_bytes)
{
	uint64_t need = 1 + sectors_of(s->loader.n) + sectors_of(initrd_bytes);
	if (need > FLOPPY_SECTORS)
		die("floppy", "the MBR, loader and initrd alone need %llu sectors, a 1.44 MB floppy has %u",
		    (unsigned long long)need, FLOPPY_SECTORS);
}

/* A temporary file next to the output, renamed into place by finish(). */
static int open_tmp(const char *out, uint64_t bytes, char **tmp_out)
{
	size_t plen = strlen(out);
	char *tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", out);
	int fd = mkstemp(tmp);
	if (fd < 0)
		die("output", "%s: cannot create a temporary file: %s", tmp, strerror(errno));
	cleanup_path(tmp);
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) < 0 || ftruncate(fd, (off_t)bytes) < 0)
		die("output", "%s: cannot size to %llu bytes: %s", tmp, (unsigned long long)bytes, strerror(errno));
	*tmp_out = tmp;
	return fd;
}

void image_create(const struct options *o, const struct stages *s, struct entries *en, const struct target *t)
{
	struct plan pl;
	uint64_t align = o->floppy ? 1 : ALIGN_SECTORS, total;
	const struct config *c = &o->cfg;
	pl.loader_sectors = (uint32_t)sectors_of(s->loader.n);
	pl.loader_lba = o->lba_offset ? o->lba_offset : 1;
	pl.cfg_fixed = 0;
	plan_payloads(en, &pl, pl.loader_lba + pl.loader_sectors, align);
	if (o->floppy) {
		if (pl.end_lba > FLOPPY_SECTORS)
			die("floppy", "loader, kernels, initrds and configuration table need %llu sectors, a 1.44 MB floppy has %u",
			    (unsigned long long)pl.end_lba, FLOPPY_SECTORS);
		total = FLOPPY_SECTORS;
	} else {
		total = align_up(pl.end_lba, CYLINDER);
	}
	if (t->is_block && total * LB_SECTOR > t->dev_bytes)
		die("output", "%s: %llu bytes, the image needs %llu", o->output, (unsigned long long)t->dev_bytes,
		    (unsigned long long)(total * LB_SECTOR));

	uint8_t *loader = xmalloc((size_t)pl.loader_sectors * LB_SECTOR);
	uint8_t mbr[LB_SECTOR] = { 0 };
	uint8_t *cfg = xmalloc(CFG_SECTORS * LB_SECTOR);
	patch_loader(o, s, &pl, loader);
	config_slots(o, en, cfg);
	patch_mbr(&pl, s->bootsect.p, mbr);
	if (!o->floppy) {
		uint32_t c = lb_crc32(loader, (size_t)pl.loader_sectors * LB_SECTOR);
		partition_and_signature(mbr, total, c);
	}

	char *tmp = NULL;
	const char *dst = o->output;
	int fd = t->is_block ? t->fd : open_tmp(o->output, total * LB_SECTOR, &tmp);
	if (tmp)
		dst = tmp;
	/* the MBR last: on a device, a failure before it leaves no bootable half-image */
	pwrite_all(fd, loader, (size_t)pl.loader_sectors * LB_SECTOR, pl.loader_lba * LB_SECTOR, dst);
	for (unsigned i = 0; i < en->npay; i++)
		pwrite_all(fd, en->pay[i].b.p, en->pay[i].b.n, en->pay[i].lba * LB_SECTOR, dst);
	pwrite_all(fd, cfg, CFG_SECTORS * LB_SECTOR, pl.cfg_lba * LB_SECTOR, dst);
	if (t->is_block && fsync(fd) < 0)
		die("output", "%s: fsync: %s", dst, strerror(errno));
	pwrite_all(fd, mbr, sizeof mbr, 0, dst);
	if ((t->is_block && fsync(fd) < 0) || close(fd) < 0)
		die("output", "%s: %s", dst, strerror(errno));
	if (tmp && rename(tmp, o->output) < 0)
		die("output", "cannot rename %s to %s: %s", tmp, o->output, strerror(errno));
	cleanup_path(NULL);
	char ird[64];
	const struct pay *kp = &en->pay[en->kpay[c->def]];
	entries_initrd_text(en, c->def, ird, sizeof ird);
	char cfgs[96];
	snprintf(cfgs, sizeof cfgs, "configuration LBA %llu", (unsigned long long)pl.cfg_lba);
	if (c->count > 1)
		snprintf(cfgs + strlen(cfgs), sizeof cfgs - strlen(cfgs), " (%u entries, default %u, timeout %u s)",
			 c->count, c->def + 1, c->timeout);
	printf("mkdisk: %s: %llu bytes%s; loader LBA %llu (%u sectors), %s, kernel LBA %llu (%zu bytes %s), %s\n",
	       o->output, (unsigned long long)(total * LB_SECTOR), t->is_block ? " written to the device" : "",
	       (unsigned long long)pl.loader_lba, pl.loader_sectors, cfgs, (unsigned long long)kp->lba, kp->b.n,
	       zformat_name(zformat_detect(kp->b.p, kp->b.n)), ird);
	entries_print(o, en);
	free(tmp);
	free(cfg);
	free(loader);
}
