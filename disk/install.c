/* install.c: installs longboot into an existing MBR-partitioned raw image, in place: boot code
 * replaced, disk signature and partition table kept, loader in the gap before the first
 * partition, kernel and initrd in that gap or in the partition named by --partition (host).
 * Everything is validated before the first byte is written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mkdisk.h"

struct part {
	uint8_t type;
	uint64_t start, count;  /* count 0 or type 0: unused */
};

static int is_extended(uint8_t t)
{
	return t == 0x05 || t == 0x0F || t == 0x85;
}

static void read_table(const char *path, const uint8_t *mbr, uint64_t disk_sectors, struct part *pt)
{
	if (mbr[510] != 0x55 || mbr[511] != 0xAA)
		die("install", "%s: no MBR (bytes 510-511 are %02x %02x, need 55 aa)", path, mbr[510], mbr[511]);
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;
		pt[i].type = e[4];
		pt[i].start = le32(e + 8);
		pt[i].count = pt[i].type ? le32(e + 12) : 0;
		if (pt[i].type == 0xEE)
			die("install", "%s: partition %d has type 0xEE, a GPT protective MBR: GPT disks are not supported",
			    path, i + 1);
		if (!pt[i].count)
			continue;
		if (pt[i].start == 0)
			die("install", "%s: partition %d starts at LBA 0, over the MBR", path, i + 1);
		if (pt[i].start + pt[i].count > disk_sectors)
			die("install", "%s: partition %d (LBA %llu..%llu) ends beyond the image's %llu sectors",
			    path, i + 1, (unsigned long long)pt[i].start,
			    (unsigned long long)(pt[i].start + pt[i].count - 1), (unsigned long long)disk_sectors);
	}
}

/* Kernel then initrd from from_lba on (aligned when that still fits before limit). */
static int place(struct plan *pl, uint64_t from, uint64_t limit, uint64_t ksec, uint64_t isec)
{
	static const uint64_t aligns[] = { ALIGN_SECTORS, 1 };
	for (int i = 0; i < 2; i++) {
		uint64_t a = aligns[i];
		pl->kernel_lba = align_up(from, a);
		pl->initrd_lba = isec ? align_up(pl->kernel_lba + ksec, a) : 0;
		pl->end_lba = isec ? pl->initrd_lba + isec : pl->kernel_lba + ksec;
		if (pl->end_lba <= limit)
			return 1;
	}
	return 0;
}

static void check_overlap(const struct part *pt, int chosen, uint64_t lba, uint64_t n, const char *what)
{
	for (int i = 0; i < 4; i++)
		if (pt[i].count && i + 1 != chosen && lba < pt[i].start + pt[i].count && pt[i].start < lba + n)
			die("install", "the %s (LBA %llu..%llu) would overwrite partition %d (LBA %llu..%llu)", what,
			    (unsigned long long)lba, (unsigned long long)(lba + n - 1), i + 1,
			    (unsigned long long)pt[i].start, (unsigned long long)(pt[i].start + pt[i].count - 1));
}

static void write_padded(int fd, const struct buf *b, uint64_t lba, const char *path)
{
	static const uint8_t zero[LB_SECTOR];
	pwrite_all(fd, b->p, b->n, lba * LB_SECTOR, path);
	if (b->n % LB_SECTOR)
		pwrite_all(fd, zero, LB_SECTOR - b->n % LB_SECTOR, lba * LB_SECTOR + b->n, path);
}

/* The image being installed into, read and checked by install_open() before the kernel work. */
static struct {
	int fd;
	uint64_t disk_sectors;
	uint8_t mbr[LB_SECTOR];
	struct part pt[4];
} tgt = { -1, 0, { 0 }, { { 0, 0, 0 } } };

void install_open(const char *path)
{
	tgt.fd = open(path, O_RDWR);
	if (tgt.fd < 0)
		die("install", "%s: %s", path, strerror(errno));
	off_t size = lseek(tgt.fd, 0, SEEK_END);
	if (size < LB_SECTOR)
		die("install", "%s: %lld bytes, not a disk image", path, (long long)size);
	tgt.disk_sectors = (uint64_t)size / LB_SECTOR;
	if (pread(tgt.fd, tgt.mbr, LB_SECTOR, 0) != LB_SECTOR)
		die("install", "%s: cannot read the MBR: %s", path, strerror(errno));
	read_table(path, tgt.mbr, tgt.disk_sectors, tgt.pt);
}

void image_install(const struct options *o, const struct stages *s, const struct kernel *k,
		   const struct buf *initrd)
{
	const char *path = o->output;
	uint8_t *mbr = tgt.mbr;
	struct part *pt = tgt.pt;
	struct plan pl;
	int fd = tgt.fd;
	uint64_t disk_sectors = tgt.disk_sectors;

	uint64_t first = disk_sectors;
	for (int i = 0; i < 4; i++)
		if (pt[i].count && pt[i].start < first)
			first = pt[i].start;
	pl.loader_lba = 1;
	pl.loader_sectors = (uint32_t)sectors_of(s->loader.n);
	if (1 + pl.loader_sectors > first)
		die("install", "%s: the gap before the first partition is %llu sectors (%llu bytes), the loader needs %u (%zu bytes)",
		    path, (unsigned long long)(first - 1), (unsigned long long)(first - 1) * LB_SECTOR,
		    pl.loader_sectors, s->loader.n);
	const struct part *np = NULL;
	if (o->partition) {
		np = &pt[o->partition - 1];
		if (!np->count)
			die("install", "%s: partition %d is empty", path, o->partition);
		if (is_extended(np->type))
			die("install", "%s: partition %d is an extended partition (type 0x%02x), it holds others",
			    path, o->partition, np->type);
	}
	uint64_t ksec = sectors_of(k->gz.n), isec = sectors_of(initrd->n);
	int chosen = 0;
	if (!place(&pl, 1 + pl.loader_sectors, first, ksec, isec)) {
		if (!np)
			die("install", "%s: kernel and initrd need %llu sectors, the gap before the first partition has %llu free after the loader; name a partition to replace with --partition N",
			    path, (unsigned long long)(ksec + isec),
			    (unsigned long long)(first - 1 - pl.loader_sectors));
		if (!place(&pl, np->start, np->start + np->count, ksec, isec))
			die("install", "%s: partition %d has %llu sectors, kernel and initrd need %llu", path,
			    o->partition, (unsigned long long)np->count, (unsigned long long)(ksec + isec));
		chosen = o->partition;
	}
	check_overlap(pt, 0, pl.loader_lba, pl.loader_sectors, "loader");
	check_overlap(pt, chosen, pl.kernel_lba, ksec, "kernel");
	if (isec)
		check_overlap(pt, chosen, pl.initrd_lba, isec, "initrd");

	struct buf loader = { xmalloc((size_t)pl.loader_sectors * LB_SECTOR), (size_t)pl.loader_sectors * LB_SECTOR };
	patch_loader(o, s, k, initrd, &pl, loader.p);
	patch_mbr(&pl, s->bootsect.p, mbr); /* bytes 440..509 stay as read */
	/* The MBR goes last: a failure before it leaves the old boot code in charge. */
	write_padded(fd, &loader, pl.loader_lba, path);
	write_padded(fd, &k->gz, pl.kernel_lba, path);
	if (isec)
		write_padded(fd, initrd, pl.initrd_lba, path);
	if (fsync(fd) < 0 && errno != EINVAL)
		die("install", "%s: fsync: %s", path, strerror(errno));
	pwrite_all(fd, mbr, LB_SECTOR, 0, path);
	if (close(fd) < 0)
		die("install", "%s: %s", path, strerror(errno));
	printf("mkdisk: %s: installed; loader LBA 1 (%u sectors), kernel LBA %llu (%zu bytes gzip), initrd LBA %llu (%zu bytes)%s\n",
	       path, pl.loader_sectors, (unsigned long long)pl.kernel_lba, k->gz.n,
	       (unsigned long long)pl.initrd_lba, initrd->n, chosen ? " in the named partition" : " in the gap");
	free(loader.p);
}
