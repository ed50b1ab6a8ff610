/* update.c: --install onto a disk that already holds longboot (the MBR points at a loader where
 * this install puts its loader, and one of the two configuration slots it names is valid) is an
 * update that a power cut at any point leaves bootable: the newest valid slot and every payload
 * it references stay untouched, the new payloads go into free sectors, and the older slot,
 * rewritten with sequence = newest + 1, is the last write that matters (host). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cfgtable.h"
#include "target.h"

struct span {
	uint64_t lo, hi; /* [lo, hi) */
};
#define MAX_USED (3 + 2 * LB_CFG_MAX_ENTRIES + MAX_PAYLOADS)

static void sync_or_die(int fd, const char *path)
{
	if (fsync(fd) < 0 && errno != EINVAL)
		die("install", "%s: fsync: %s", path, strerror(errno));
}

static int read_at(int fd, void *p, size_t n, uint64_t lba)
{
	return pread(fd, p, n, (off_t)(lba * LB_SECTOR)) == (ssize_t)n;
}

static int in_regions(const struct update_disk *d, uint64_t lba, uint64_t n)
{
	for (int i = 0; i < d->nr; i++)
		if (lba >= d->r[i].lo && lba + n <= d->r[i].hi)
			return i;
	return -1;
}

static int overlaps(const struct span *u, int nu, uint64_t lba, uint64_t n)
{
	for (int i = 0; i < nu; i++)
		if (lba < u[i].hi && u[i].lo < lba + n)
			return 1;
	return 0;
}

/* First fit of n sectors at `align` in the regions, avoiding the used spans; 0: none. */
static uint64_t first_fit(const struct update_disk *d, const struct span *u, int nu, uint64_t n, uint64_t align)
{
	for (int r = 0; r < d->nr; r++)
		for (uint64_t at = align_up(d->r[r].lo, align); at + n <= d->r[r].hi;) {
			int hit = -1;
			for (int i = 0; i < nu && hit < 0; i++)
				if (at < u[i].hi && u[i].lo < at + n)
					hit = i;
			if (hit < 0)
				return at;
			at = align_up(u[hit].hi, align);
		}
	return 0;
}

/* Sectors of the regions not in a used span (for the refusal message). */
static uint64_t free_sectors(const struct update_disk *d, const struct span *u, int nu)
{
	uint64_t n = 0;
	for (int r = 0; r < d->nr; r++)
		for (uint64_t lba = d->r[r].lo; lba < d->r[r].hi; lba++)
			n += !overlaps(u, nu, lba, 1);
	return n;
}

/* The payload bytes are on the disk at an extent of the current table: reuse it. */
static int same_on_disk(int fd, const struct pay *p, const struct lb_cfg_extent *x)
{
	if (x->bytes != p->b.n || x->crc32 != p->crc)
		return 0;
	uint8_t *q = xmalloc(p->b.n);
	int same = read_at(fd, q, p->b.n, x->lba) && !memcmp(q, p->b.p, p->b.n);
	free(q);
	return same;
}

static void set_sequence(uint8_t *t, uint32_t seq)
{
	struct lb_cfg_header h;
	memcpy(&h, t, sizeof h);
	h.sequence = seq;
	h.crc32 = 0;
	memcpy(t, &h, sizeof h);
	h.crc32 = lb_crc32(t, h.table_bytes);
	memcpy(t, &h, sizeof h);
}

int install_update(const struct options *o, const struct stages *s, struct entries *en, const struct update_disk *d)
{
	const char *path = d->path;
	struct mbr_patch m;
	memcpy(&m, d->mbr + MBR_PATCH_OFFSET, sizeof m);
	if (m.magic != MBR_PATCH_MAGIC || m.loader_lba != d->loader_lba || !m.loader_sectors)
		return 0; /* no longboot there, or its loader elsewhere: a first install */
	uint8_t *old_loader = xmalloc((size_t)m.loader_sectors * LB_SECTOR);
	struct loader_patch lp;
	if (!read_at(d->fd, old_loader, (size_t)m.loader_sectors * LB_SECTOR, m.loader_lba) ||
	    (size_t)m.loader_sectors * LB_SECTOR < LOADER_PATCH_OFFSET + sizeof lp) {
		free(old_loader);
		return 0;
	}
	memcpy(&lp, old_loader + LOADER_PATCH_OFFSET, sizeof lp);
	uint64_t cfg = lp.config_lba[0];
	if (lp.magic != LOADER_PATCH_MAGIC || lp.config_lba[1] != cfg + LB_CFG_SLOT_SECTORS ||
	    in_regions(d, cfg, CFG_SECTORS) < 0) {
		free(old_loader);
		return 0;
	}
	static uint8_t slot[2][LB_CFG_MAX_BYTES];
	struct cfg_check ck[2];
	for (int i = 0; i < 2; i++) {
		if (!read_at(d->fd, slot[i], LB_CFG_MAX_BYTES, cfg + (uint64_t)i * LB_CFG_SLOT_SECTORS))
			memset(slot[i], 0, LB_CFG_MAX_BYTES);
		cfg_validate(slot[i], LB_CFG_MAX_BYTES, &ck[i]);
	}
	int newest = cfg_pick(&ck[0], &ck[1]);
	if (newest < 0) {
		free(old_loader);
		return 0; /* neither slot valid: nothing bootable to keep, a first install */
	}

	/* The loader this install would write, with the slots where they are. */
	struct plan pl = { .loader_lba = d->loader_lba, .cfg_lba = cfg, .cfg_fixed = 1,
			   .loader_sectors = (uint32_t)sectors_of(s->loader.n) };
	struct buf loader = { xmalloc((size_t)pl.loader_sectors * LB_SECTOR), (size_t)pl.loader_sectors * LB_SECTOR };
	patch_loader(o, s, &pl, loader.p);
	if (pl.loader_sectors != m.loader_sectors || memcmp(loader.p, old_loader, loader.n)) {
		if (!o->rewrite_loader)
			die("install", "%s: the loader at LBA %llu differs from this mkdisk's (another longboot version or --test-flag); rewriting it in place is not power-safe, so nothing was written: run again with --rewrite-loader (a power cut during that write leaves the disk unbootable)",
			    path, (unsigned long long)d->loader_lba);
		fprintf(stderr, "mkdisk: %s: --rewrite-loader: the loader changes, so this install rewrites everything in place (not power-safe)\n", path);
		free(loader.p);
		free(old_loader);
		return 0;
	}
	free(old_loader);

	/* Used: the loader, both slots, every payload the newest slot references. */
	struct span used[MAX_USED];
	int nu = 0;
	used[nu++] = (struct span){ pl.loader_lba, pl.loader_lba + pl.loader_sectors };
	used[nu++] = (struct span){ cfg, cfg + CFG_SECTORS };
	const uint8_t *cur = slot[newest];
	const struct lb_cfg_header *ch = (const void *)cur;
	uint64_t kept = 0;
	for (unsigned i = 0; i < ch->entry_count; i++) {
		const struct lb_cfg_entry *e = cfg_entry(cur, i);
		const struct lb_cfg_extent *x[2] = { &e->kernel, &e->initrd };
		for (int j = 0; j < 2; j++)
			if (x[j]->bytes) { /* a shared extent is counted once */
				uint64_t n = sectors_of(x[j]->bytes);
				kept += overlaps(used, nu, x[j]->lba, n) ? 0 : n;
				used[nu++] = (struct span){ x[j]->lba, x[j]->lba + n };
			}
	}
	int fixed = nu;
	/* Each new payload: the same bytes already on the disk, else free sectors. */
	uint8_t reused[MAX_PAYLOADS] = { 0 };
	uint64_t need = 0;
	for (unsigned p = 0; p < en->npay; p++) {
		struct pay *py = &en->pay[p];
		for (unsigned i = 0; i < ch->entry_count && !reused[p]; i++) {
			const struct lb_cfg_entry *e = cfg_entry(cur, i);
			const struct lb_cfg_extent *x = py->is_kernel ? &e->kernel : &e->initrd;
			if (same_on_disk(d->fd, py, x))
				py->lba = x->lba, reused[p] = 1;
		}
		if (!reused[p])
			need += sectors_of(py->b.n);
	}
	for (unsigned pass = 0; pass < 2; pass++) /* kernels, then initrds */
		for (unsigned p = 0; p < en->npay; p++) {
			struct pay *py = &en->pay[p];
			uint64_t n = sectors_of(py->b.n);
			if (reused[p] || py->is_kernel != !pass)
				continue;
			uint64_t at = first_fit(d, used, nu, n, ALIGN_SECTORS);
			if (!at)
				at = first_fit(d, used, nu, n, 1);
			if (!at)
				die("install", "%s: update: the new kernels and initrds need %llu sectors (%llu bytes), %llu are free beside the loader, both configuration slots and the %llu sectors of the payloads the current configuration boots; nothing was written",
				    path, (unsigned long long)need, (unsigned long long)need * LB_SECTOR,
				    (unsigned long long)free_sectors(d, used, fixed), (unsigned long long)kept);
			py->lba = at;
			used[nu++] = (struct span){ at, at + n };
		}

	/* The table: first with the current sequence (unchanged disk: nothing to write). */
	uint8_t *t = xmalloc(LB_CFG_MAX_BYTES);
	entries_table(o, en, t);
	uint8_t mbr[LB_SECTOR];
	memcpy(mbr, d->mbr, LB_SECTOR);
	patch_mbr(&pl, s->bootsect.p, mbr);
	int mbr_same = !memcmp(mbr, d->mbr, MBR_CODE_BYTES), all_reused = 1;
	for (unsigned p = 0; p < en->npay; p++)
		all_reused &= reused[p];
	set_sequence(t, ck[newest].sequence);
	const struct lb_cfg_header *nh = (const void *)t;
	if (mbr_same && all_reused && nh->table_bytes == ch->table_bytes && !memcmp(t, cur, nh->table_bytes)) {
		printf("mkdisk: %s: up to date (configuration slot %c, sequence %u): nothing written\n", path,
		       'A' + newest, ck[newest].sequence);
		free(t);
		free(loader.p);
		return 1;
	}
	uint32_t seq = ck[newest].sequence + 1;
	set_sequence(t, seq);
	memset(t + nh->table_bytes, 0, LB_CFG_MAX_BYTES - nh->table_bytes);

	/* Writes: marks and payloads into free sectors, fsync, the older slot, fsync, the MBR. */
	for (int r = 0; r < d->nr; r++) {
		uint8_t mark[LB_SECTOR], now[LB_SECTOR];
		int wanted = 0;
		for (int i = fixed; i < nu; i++)
			wanted |= in_regions(d, used[i].lo, used[i].hi - used[i].lo) == r;
		if (!d->mark_count[r] || !wanted)
			continue;
		make_mark(mark, d->mark_lba[r], d->mark_count[r]);
		if (!read_at(d->fd, now, LB_SECTOR, d->mark_lba[r]) || memcmp(now, mark, LB_SECTOR))
			pwrite_all(d->fd, mark, LB_SECTOR, d->mark_lba[r] * LB_SECTOR, path);
	}
	static const uint8_t zero[LB_SECTOR];
	for (unsigned p = 0; p < en->npay; p++) {
		const struct pay *py = &en->pay[p];
		if (reused[p])
			continue;
		pwrite_all(d->fd, py->b.p, py->b.n, py->lba * LB_SECTOR, path);
		if (py->b.n % LB_SECTOR)
			pwrite_all(d->fd, zero, LB_SECTOR - py->b.n % LB_SECTOR, py->lba * LB_SECTOR + py->b.n, path);
	}
	sync_or_die(d->fd, path);
	int older = 1 - newest;
	uint64_t slot_lba = cfg + (uint64_t)older * LB_CFG_SLOT_SECTORS;
	pwrite_all(d->fd, t, LB_CFG_MAX_BYTES, slot_lba * LB_SECTOR, path); /* the switch */
	sync_or_die(d->fd, path);
	if (!mbr_same) {
		pwrite_all(d->fd, mbr, MBR_CODE_BYTES, 0, path);
		sync_or_die(d->fd, path);
	}
	if (close(d->fd) < 0)
		die("install", "%s: %s", path, strerror(errno));
	const struct pay *kp = &en->pay[en->kpay[o->cfg.def]];
	char ird[64];
	entries_initrd_text(en, o->cfg.def, ird, sizeof ird);
	printf("mkdisk: %s: updated; configuration slot %c (LBA %llu) sequence %u, slot %c (sequence %u) kept until the next update; kernel LBA %llu (%zu bytes %s), %s; loader LBA %llu unchanged%s\n",
	       path, 'A' + older, (unsigned long long)slot_lba, seq, 'A' + newest, ck[newest].sequence,
	       (unsigned long long)kp->lba, kp->b.n, zformat_name(zformat_detect(kp->b.p, kp->b.n)), ird, (unsigned long long)pl.loader_lba,
	       mbr_same ? "" : ", MBR boot code replaced");
	entries_print(o, en);
	free(t);
	free(loader.p);
	return 1;
}
