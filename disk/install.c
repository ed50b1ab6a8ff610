/* install.c: installs longboot into an existing partitioned disk (image file or block device),
 * in place. It writes only the MBR boot code (bytes 0..439), the gap before the first partition
 * (MBR disks) and a partition marked for longboot: type 0xDA, the GPT BIOS boot partition
 * type, or longboot's mark in its first sector (include/partmark.h); --force waives the type,
 * nothing waives a file system found there. Every check runs before the first write (host). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "target.h"

/* The disk being installed into, read and checked by install_check() before the kernel work. */
static struct {
	int fd;
	struct ptable t;
	uint8_t mbr[LB_SECTOR];
	const struct ptent *named;  /* --partition N */
	const struct ptent *part;   /* where the loader goes with the payloads (GPT; MBR gap too small) */
	uint64_t gap_end;           /* MBR: first sector of the first partition */
} tgt = { .fd = -1 };

/* The partition may be written: no file system on it, and marked for longboot (or --force). */
static void check_writable(const char *path, const struct ptent *p, int force)
{
	struct found f;
	char text[160];
	if (probe_fs(tgt.fd, p->start * LB_SECTOR, p->count * LB_SECTOR, &f)) {
		found_text(&f, text, sizeof text);
		die("install", "%s: partition %d holds %s; mkdisk never overwrites it, not even with --force", path,
		    p->number, text);
	}
	if (p->longboot_type || probe_mark(tgt.fd, p->start * LB_SECTOR) || force)
		return;
	if (tgt.t.gpt)
		die("install", "%s: partition %d (%s) is not marked for longboot: make it a BIOS boot partition (sgdisk --typecode=%d:EF02 %s) or pass --force",
		    path, p->number, p->type_text, p->number, path);
	die("install", "%s: partition %d (%s) is not marked for longboot: give it type 0xDA (sfdisk --part-type %s %d DA) or pass --force",
	    path, p->number, p->type_text, path, p->number);
}

static const struct ptent *named_partition(const char *path, int n)
{
	const struct ptable *t = &tgt.t;
	const struct ptent *p = pt_find(t, n);
	if (!p) {
		int logical = 0;
		for (int i = 0; i < t->n; i++)
			logical += t->p[i].number > 4;
		if (t->gpt && (unsigned)n > t->gpt_entries)
			die("install", "%s: partition %d does not exist: the GPT has %u entries", path, n, t->gpt_entries);
		if (t->gpt || n <= 4)
			die("install", "%s: partition %d is empty", path, n);
		if (logical)
			die("install", "%s: partition %d does not exist: the logical partitions are 5..%d", path, n,
			    4 + logical);
		die("install", "%s: partition %d does not exist: the disk has no logical partitions", path, n);
	}
	if (p->extended)
		die("install", "%s: partition %d is an extended partition (type 0x%02x), it holds others", path, n,
		    p->mbr_type);
	return p;
}

void install_check(const struct options *o, const struct stages *s, uint64_t initrd_bytes)
{
	const char *path = o->output;
	uint64_t sectors, loader = sectors_of(s->loader.n), isec = sectors_of(initrd_bytes) + CFG_SECTORS;
	tgt.fd = open_in_place("install", path, 0, &sectors);
	if (sectors < 2)
		die("install", "%s: %llu bytes, not a disk image", path, (unsigned long long)(sectors * LB_SECTOR));
	if (pread(tgt.fd, tgt.mbr, LB_SECTOR, 0) != LB_SECTOR)
		die("install", "%s: cannot read the MBR: %s", path, strerror(errno));
	int gpt = 0; /* a protective (or hybrid) MBR: an entry of type 0xEE */
	for (unsigned i = 0; i < 4 && mbr_signed(tgt.mbr); i++)
		gpt |= mbr_entry(tgt.mbr, i)[4] == MBR_TYPE_GPT;
	struct found f;
	char text[160];
	if (!gpt && probe_fs(tgt.fd, 0, sectors * LB_SECTOR, &f)) {
		found_text(&f, text, sizeof text);
		die("install", "%s holds %s on the whole disk, not a partition table; mkdisk never overwrites it", path,
		    text);
	}
	if (gpt)
		gpt_read(path, tgt.fd, sectors, &tgt.t);
	else
		mbr_read(path, tgt.fd, tgt.mbr, sectors, &tgt.t);
	const struct ptable *t = &tgt.t;
	if (o->partition) {
		tgt.named = named_partition(path, o->partition);
		check_writable(path, tgt.named, o->force);
	}
	if (gpt) {
		tgt.part = tgt.named;
		for (int i = 0; i < t->n && !tgt.part; i++)
			if (t->p[i].longboot_type)
				tgt.part = &t->p[i];
		if (!tgt.part) {
			/* mark, loader, initrd, and twice the room a kernel of its file's size takes */
			struct stat st;
			uint64_t kb = stat(o->kernel, &st) == 0 ? (uint64_t)st.st_size : 0;
			gpt_no_boot_partition(path, t, 1 + loader + ALIGN_SECTORS + 2 * (isec + sectors_of(kb)));
		}
		if (!tgt.named)
			check_writable(path, tgt.part, 0);
	} else {
		tgt.gap_end = sectors;
		for (int i = 0; i < t->n; i++)
			if (t->p[i].number <= 4 && t->p[i].start < tgt.gap_end)
				tgt.gap_end = t->p[i].start;
		if (1 + loader > tgt.gap_end && !tgt.named)
			die("install", "%s: the gap before the first partition is %llu sectors (%llu bytes), the loader needs %llu (%zu bytes); or name a partition marked for longboot with --partition N",
			    path, (unsigned long long)(tgt.gap_end - 1), (unsigned long long)(tgt.gap_end - 1) * LB_SECTOR,
			    (unsigned long long)loader, s->loader.n);
		if (1 + loader > tgt.gap_end)
			tgt.part = tgt.named; /* the loader goes into the partition too */
	}
	if (tgt.part && 1 + loader + isec > tgt.part->count)
		die("install", "%s: partition %d has %llu sectors, the mark, loader and initrd alone need %llu", path,
		    tgt.part->number, (unsigned long long)tgt.part->count, (unsigned long long)(1 + loader + isec));
	if (!tgt.part && 1 + loader + isec > tgt.gap_end && (!tgt.named || 1 + isec > tgt.named->count)) {
		if (!tgt.named)
			die("install", "%s: the initrd alone needs %llu sectors, the gap before the first partition has %llu free after the loader; name a partition marked for longboot with --partition N",
			    path, (unsigned long long)isec, (unsigned long long)(tgt.gap_end - 1 - loader));
		die("install", "%s: partition %d has %llu sectors, the mark and the initrd alone need %llu", path,
		    o->partition, (unsigned long long)tgt.named->count, (unsigned long long)(1 + isec));
	}
}

/* Payloads and the configuration slots from `from` on (aligned when that still fits before limit). */
static int place(struct entries *en, struct plan *pl, uint64_t from, uint64_t limit)
{
	static const uint64_t aligns[] = { ALIGN_SECTORS, 1 };
	for (int i = 0; i < 2; i++)
		if (plan_payloads(en, pl, from, aligns[i]) <= limit)
			return 1;
	return 0;
}

/* [lba, lba+n) touches no partition but `into`, and no extended boot record. */
static void check_overlap(const struct ptent *into, uint64_t lba, uint64_t n, const char *what)
{
	const struct ptable *t = &tgt.t;
	for (int i = 0; i < t->n; i++) {
		const struct ptent *p = &t->p[i];
		if (p != into && !p->extended && lba < p->start + p->count && p->start < lba + n)
			die("install", "the %s (LBA %llu..%llu) would overwrite partition %d (LBA %llu..%llu)", what,
			    (unsigned long long)lba, (unsigned long long)(lba + n - 1), p->number,
			    (unsigned long long)p->start, (unsigned long long)(p->start + p->count - 1));
	}
	for (int i = 0; i < t->nebr; i++)
		if (t->ebr[i] >= lba && t->ebr[i] < lba + n) {
			char whose[32] = "";
			if (t->ebr_of[i])
				snprintf(whose, sizeof whose, " of partition %d", t->ebr_of[i]);
			die("install", "the %s (LBA %llu..%llu) would overwrite the extended boot record%s at LBA %llu",
			    what, (unsigned long long)lba, (unsigned long long)(lba + n - 1), whose,
			    (unsigned long long)t->ebr[i]);
		}
}

static void write_padded(int fd, const struct buf *b, uint64_t lba, const char *path)
{
	static const uint8_t zero[LB_SECTOR];
	pwrite_all(fd, b->p, b->n, lba * LB_SECTOR, path);
	if (b->n % LB_SECTOR)
		pwrite_all(fd, zero, LB_SECTOR - b->n % LB_SECTOR, lba * LB_SECTOR + b->n, path);
}

static void zero_range(int fd, uint64_t from, uint64_t to, const char *path)
{
	static const uint8_t zero[LB_SECTOR];
	for (uint64_t lba = from; lba < to; lba++)
		pwrite_all(fd, zero, LB_SECTOR, lba * LB_SECTOR, path);
}

/* Where the loader and payloads go: the partition written into (NULL: only the gap). */
static const struct ptent *plan_install(const char *path, struct entries *en, struct plan *pl, uint64_t psec)
{
	const struct ptent *p = tgt.part;
	if (p) { /* GPT, or a gap too small: mark, loader and payloads in the partition */
		pl->loader_lba = p->start + 1;
		if (!place(en, pl, pl->loader_lba + pl->loader_sectors, p->start + p->count))
			die("install", "%s: partition %d has %llu sectors, the mark, loader, kernel and initrd need %llu", path,
			    p->number, (unsigned long long)p->count,
			    (unsigned long long)(1 + pl->loader_sectors + psec));
		return p;
	}
	pl->loader_lba = 1;
	if (place(en, pl, 1 + pl->loader_sectors, tgt.gap_end))
		return NULL;
	p = tgt.named;
	if (p && 1 + pl->loader_sectors + CFG_SECTORS <= tgt.gap_end) { /* the slots stay with the loader */
		pl->cfg_lba = 1 + pl->loader_sectors;
		pl->cfg_fixed = 1;
	}
	if (!p)
		die("install", "%s: kernel and initrd need %llu sectors, the gap before the first partition has %llu free after the loader; name a partition marked for longboot with --partition N",
		    path, (unsigned long long)psec, (unsigned long long)(tgt.gap_end - 1 - pl->loader_sectors));
	if (!place(en, pl, p->start + 1, p->start + p->count))
		die("install", "%s: partition %d has %llu sectors, the mark, kernel and initrd need %llu", path, p->number,
		    (unsigned long long)p->count, (unsigned long long)(1 + psec));
	return p;
}

void image_install(const struct options *o, const struct stages *s, struct entries *en)
{
	const char *path = o->output;
	const struct config *c = &o->cfg;
	struct plan pl;
	int fd = tgt.fd;
	uint64_t psec = entries_sectors(en) + CFG_SECTORS;
	pl.loader_sectors = (uint32_t)sectors_of(s->loader.n);
	pl.cfg_fixed = 0;
	struct update_disk ud = { .fd = fd, .path = path, .mbr = tgt.mbr };
	if (tgt.part) {
		ud.loader_lba = tgt.part->start + 1;
		ud.r[ud.nr].lo = tgt.part->start + 1, ud.r[ud.nr].hi = tgt.part->start + tgt.part->count;
		ud.mark_lba[ud.nr] = tgt.part->start, ud.mark_count[ud.nr++] = tgt.part->count;
	} else {
		ud.loader_lba = 1;
		ud.r[ud.nr].lo = 1, ud.r[ud.nr++].hi = tgt.gap_end;
		if (tgt.named) {
			ud.r[ud.nr].lo = tgt.named->start + 1, ud.r[ud.nr].hi = tgt.named->start + tgt.named->count;
			ud.mark_lba[ud.nr] = tgt.named->start, ud.mark_count[ud.nr++] = tgt.named->count;
		}
	}
	if (install_update(o, s, en, &ud))
		return;
	const struct ptent *into = plan_install(path, en, &pl, psec);
	check_overlap(tgt.part, pl.loader_lba, pl.loader_sectors, "loader");
	for (unsigned i = 0; i < en->npay; i++)
		check_overlap(into, en->pay[i].lba, sectors_of(en->pay[i].b.n), en->pay[i].is_kernel ? "kernel" : "initrd");
	check_overlap(pl.cfg_fixed ? tgt.part : into, pl.cfg_lba, CFG_SECTORS, "configuration table");

	struct buf loader = { xmalloc((size_t)pl.loader_sectors * LB_SECTOR), (size_t)pl.loader_sectors * LB_SECTOR };
	struct buf cfg = { xmalloc(CFG_SECTORS * LB_SECTOR), CFG_SECTORS * LB_SECTOR };
	uint8_t mark[LB_SECTOR];
	patch_loader(o, s, &pl, loader.p);
	entries_table(o, en, cfg.p);
	memcpy(cfg.p + LB_CFG_MAX_BYTES, cfg.p, LB_CFG_MAX_BYTES);
	patch_mbr(&pl, s->bootsect.p, tgt.mbr); /* bytes MBR_CODE_BYTES..511 stay as read */
	/* The MBR goes last: a failure before it leaves the old boot code in charge. */
	if (into) {
		make_mark(mark, into->start, into->count);
		pwrite_all(fd, mark, LB_SECTOR, into->start * LB_SECTOR, path);
		/* everything of longboot's part of the partition that no payload covers is zeroed: no
		 * stale signature (an old superblock's magic, a swap header) stays in it */
		int loader_in = pl.loader_lba > into->start;
		uint64_t first = loader_in ? pl.loader_lba + pl.loader_sectors : into->start + 1;
		if (loader_in)
			zero_range(fd, into->start + 1, pl.loader_lba, path);
		zero_range(fd, first, pl.end_lba, path);
	}
	for (unsigned i = 0; i < en->npay; i++)
		write_padded(fd, &en->pay[i].b, en->pay[i].lba, path);
	write_padded(fd, &cfg, pl.cfg_lba, path);
	write_padded(fd, &loader, pl.loader_lba, path);
	if (fsync(fd) < 0 && errno != EINVAL)
		die("install", "%s: fsync: %s", path, strerror(errno));
	pwrite_all(fd, tgt.mbr, MBR_CODE_BYTES, 0, path);
	if (fsync(fd) < 0 && errno != EINVAL)
		die("install", "%s: fsync: %s", path, strerror(errno));
	if (close(fd) < 0)
		die("install", "%s: %s", path, strerror(errno));
	char ird[64], where[160];
	const struct pay *kp = &en->pay[en->kpay[c->def]];
	entries_initrd_text(en, c->def, ird, sizeof ird);
	if (into)
		snprintf(where, sizeof where, "in partition %d (%s)", into->number, into->type_text);
	else
		snprintf(where, sizeof where, "in the gap before the first partition");
	printf("mkdisk: %s: installed; %s boot code replaced, loader LBA %llu (%u sectors), kernel LBA %llu (%zu bytes %s), %s, %s\n",
	       path, tgt.t.gpt ? "protective MBR" : "MBR", (unsigned long long)pl.loader_lba, pl.loader_sectors,
	       (unsigned long long)kp->lba, kp->b.n, zformat_name(zformat_detect(kp->b.p, kp->b.n)), ird, where);
	entries_print(o, en);
	free(cfg.p);
	free(loader.p);
}
