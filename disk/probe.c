/* probe.c: what a partition (or a whole disk) holds, recognised blkid-style from the signatures
 * that file systems and volume formats write at fixed offsets (their public on-disk format
 * descriptions): LUKS, LVM2, Linux RAID, XFS, Btrfs, ext2/3/4, F2FS, JFS, NTFS, exFAT,
 * FAT12/16/32, ISO 9660, swap; the label where it is cheap to read; longboot's own mark (host). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "partmark.h"
#include "target.h"

struct region {
	int fd;
	uint64_t off, len;
};

/* 1 when all n bytes at `at` lie inside the region and could be read. */
static int rd(const struct region *r, uint64_t at, void *buf, size_t n)
{
	if (at > r->len || n > r->len - at)
		return 0;
	return pread(r->fd, buf, n, (off_t)(r->off + at)) == (ssize_t)n;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A label from n bytes: stops at NUL, trailing blanks dropped, control bytes shown as '?'. */
static void label(struct found *f, const uint8_t *p, size_t n)
{
	size_t i, end = 0;
	if (n > sizeof f->label - 1)
		n = sizeof f->label - 1;
	for (i = 0; i < n && p[i]; i++) {
		f->label[i] = p[i] < 0x20 || p[i] == 0x7f ? '?' : (char)p[i];
		if (p[i] != ' ')
			end = i + 1;
	}
	f->label[end] = 0;
}

static int luks(const struct region *r, struct found *f)
{
	uint8_t h[72];
	if (!rd(r, 0, h, sizeof h) || memcmp(h, "LUKS\xba\xbe", 6))
		return 0;
	if (h[6] == 0 && h[7] == 2) {
		f->what = "a LUKS2 encrypted volume";
		label(f, h + 24, 48);
	} else {
		f->what = "a LUKS1 encrypted volume";
	}
	return 1;
}

static int lvm2(const struct region *r, struct found *f)
{
	uint8_t s[32];
	for (unsigned i = 0; i < 4; i++)
		if (rd(r, i * 512ull, s, sizeof s) && !memcmp(s, "LABELONE", 8) && !memcmp(s + 24, "LVM2 001", 8)) {
			f->what = "an LVM2 physical volume";
			return 1;
		}
	return 0;
}

/* md superblock 1.1 (at 0), 1.2 (at 4 KiB), 0.90 (last 64 KiB-aligned 64 KiB), 1.0 (end - 8 KiB). */
static int linux_raid(const struct region *r, struct found *f)
{
	uint64_t at[4] = { 0, 4096, 0, 0 };
	uint8_t m[4];
	int n = 2;
	if (r->len >= 128 * 1024) {
		at[n++] = (r->len & ~65535ull) - 65536;
		at[n++] = (r->len - 8192) & ~4095ull;
	}
	for (int i = 0; i < n; i++)
		if (rd(r, at[i], m, 4) && le32(m) == 0xa92b4efcu) {
			f->what = "a Linux RAID member (md)";
			return 1;
		}
	return 0;
}

static int xfs(const struct region *r, struct found *f)
{
	uint8_t sb[120];
	if (!rd(r, 0, sb, sizeof sb) || memcmp(sb, "XFSB", 4))
		return 0;
	uint32_t bs = be32(sb + 4);
	if (bs < 512 || bs > 65536 || (bs & (bs - 1)))
		return 0;
	f->what = "an XFS file system";
	label(f, sb + 108, 12);
	return 1;
}

static int btrfs(const struct region *r, struct found *f)
{
	uint8_t m[8], l[256];
	if (!rd(r, 0x10040, m, 8) || memcmp(m, "_BHRfS_M", 8))
		return 0;
	f->what = "a Btrfs file system";
	if (rd(r, 0x1012b, l, sizeof l))
		label(f, l, sizeof l);
	return 1;
}

/* ext2/3/4 by their feature flags, as e2fsprogs and blkid tell them apart. */
static int ext(const struct region *r, struct found *f)
{
	uint8_t sb[0x88];
	if (!rd(r, 1024, sb, sizeof sb) || le16(sb + 0x38) != 0xEF53 || le32(sb + 0x18) > 6)
		return 0;
	uint32_t compat = le32(sb + 0x5C), incompat = le32(sb + 0x60), ro = le32(sb + 0x64);
	if (incompat & 0x0008) {              /* JOURNAL_DEV */
		f->what = "an ext3/ext4 external journal";
	} else {
		/* ext2/ext3 know only FILETYPE, RECOVER, META_BG and SPARSE_SUPER, LARGE_FILE, BTREE_DIR */
		int newer = (incompat & ~0x16u) || (ro & ~0x7u);
		f->what = newer ? "an ext4 file system" : compat & 0x4 ? "an ext3 file system" : "an ext2 file system";
	}
	label(f, sb + 0x78, 16);
	return 1;
}

static int f2fs(const struct region *r, struct found *f)
{
	uint8_t m[4];
	if (!rd(r, 1024, m, 4) || le32(m) != 0xF2F52010u)
		return 0;
	f->what = "an F2FS file system";
	return 1;
}

static int jfs(const struct region *r, struct found *f)
{
	uint8_t m[4];
	if (!rd(r, 32768, m, 4) || memcmp(m, "JFS1", 4))
		return 0;
	f->what = "a JFS file system";
	return 1;
}

static int iso9660(const struct region *r, struct found *f)
{
	uint8_t d[72];
	if (!rd(r, 32768, d, sizeof d) || memcmp(d + 1, "CD001", 5))
		return 0;
	f->what = "an ISO 9660 file system";
	label(f, d + 40, 32);
	return 1;
}

/* NTFS: the label is the $VOLUME_NAME attribute (0x60) of MFT record 3 ($Volume), UTF-16LE. */
static void ntfs_label(const struct region *r, const uint8_t *bs, struct found *f)
{
	uint32_t bps = le16(bs + 0x0B), spc = bs[0x0D];
	if (spc > 0x80)
		spc = 1u << (256 - spc);
	int8_t cpr = (int8_t)bs[0x40];
	if (bps < 256 || bps > 4096 || (bps & (bps - 1)) || !spc)
		return;
	uint64_t cluster = (uint64_t)bps * spc, recsize = cpr > 0 ? cpr * cluster : 1ull << -cpr;
	uint8_t rec[4096];
	if (recsize < 512 || recsize > sizeof rec || recsize % bps || cpr == 0)
		return;
	if (!rd(r, le64(bs + 0x30) * cluster + 3 * recsize, rec, (size_t)recsize) || memcmp(rec, "FILE", 4))
		return;
	unsigned usa = le16(rec + 4), nusa = le16(rec + 6);
	if (!nusa || usa + 2u * nusa > recsize || (nusa - 1) * bps > recsize)
		return;
	for (unsigned i = 1; i < nusa; i++) {  /* the fixups: each sector's last 2 bytes */
		uint8_t *end = rec + i * bps - 2;
		if (memcmp(end, rec + usa, 2))
			return;
		memcpy(end, rec + usa + 2 * i, 2);
	}
	for (uint32_t a = le16(rec + 0x14); a + 24 <= recsize;) {
		uint32_t type = le32(rec + a), alen = le32(rec + a + 4);
		if (type == 0xFFFFFFFFu || alen < 24 || a + alen > recsize)
			return;
		if (type == 0x60 && rec[a + 8] == 0) {
			uint32_t vlen = le32(rec + a + 0x10), voff = le16(rec + a + 0x14);
			size_t o = 0;
			for (uint32_t i = 0; i + 1 < vlen && voff + i + 1 < alen && o + 4 < sizeof f->label; i += 2) {
				unsigned c = le16(rec + a + voff + i);
				if (c < 0x80) {
					f->label[o++] = c < 0x20 ? '?' : (char)c;
				} else if (c < 0x800) {
					f->label[o++] = (char)(0xC0 | c >> 6);
					f->label[o++] = (char)(0x80 | (c & 0x3F));
				} else {
					f->label[o++] = (char)(0xE0 | c >> 12);
					f->label[o++] = (char)(0x80 | (c >> 6 & 0x3F));
					f->label[o++] = (char)(0x80 | (c & 0x3F));
				}
			}
			f->label[o] = 0;
			return;
		}
		a += alen;
	}
}

/* NTFS and exFAT name themselves at byte 3 (OEM name); FAT by its BIOS parameter block. */
static int boot_sector_fs(const struct region *r, struct found *f)
{
	uint8_t s[512];
	if (!rd(r, 0, s, sizeof s))
		return 0;
	if (!memcmp(s + 3, "NTFS    ", 8)) {
		f->what = "an NTFS file system";
		ntfs_label(r, s, f);
		return 1;
	}
	if (!memcmp(s + 3, "EXFAT   ", 8)) {
		f->what = "an exFAT file system";
		return 1;
	}
	uint32_t bps = le16(s + 0x0B), spc = s[0x0D], res = le16(s + 0x0E), nfats = s[0x10];
	uint32_t root = le16(s + 0x11), tot = le16(s + 0x13), fatsz = le16(s + 0x16);
	if ((s[0] != 0xEB && s[0] != 0xE9) || bps < 512 || bps > 4096 || (bps & (bps - 1)) || !spc ||
	    (spc & (spc - 1)) || !res || !nfats || nfats > 4 || s[0x15] < 0xF0)
		return 0;
	int fat32 = fatsz == 0;
	const uint8_t *typ = s + (fat32 ? 0x52 : 0x36), *lab = s + (fat32 ? 0x47 : 0x2B);
	if (memcmp(typ, "FAT", 3))
		return 0;
	if (fat32)
		fatsz = le32(s + 0x24);
	if (!tot)
		tot = le32(s + 0x20);
	uint32_t meta = res + nfats * fatsz + (root * 32 + bps - 1) / bps;
	uint32_t clusters = tot > meta ? (tot - meta) / spc : 0;
	f->what = fat32 ? "a FAT32 file system" : clusters < 4085 ? "a FAT12 file system" : "a FAT16 file system";
	if (memcmp(lab, "NO NAME    ", 11))
		label(f, lab, 11);
	return 1;
}

/* Swap: the signature ends the first page (4, 8, 16 or 64 KiB pages); the label is in the v1 header. */
static int swap(const struct region *r, struct found *f)
{
	static const unsigned pages[] = { 4096, 8192, 16384, 65536 };
	uint8_t sig[10], l[16];
	for (unsigned i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		if (!rd(r, pages[i] - 10, sig, 10))
			continue;
		if (!memcmp(sig, "SWAPSPACE2", 10) || !memcmp(sig, "SWAP-SPACE", 10)) {
			f->what = "a swap area";
			if (!memcmp(sig, "SWAPSPACE2", 10) && rd(r, 1024 + 28, l, sizeof l))
				label(f, l, sizeof l);
			return 1;
		}
		if (!memcmp(sig, "S1SUSPEND", 9) || !memcmp(sig, "S2SUSPEND", 9) || !memcmp(sig, "ULSUSPEND", 9) ||
		    !memcmp(sig, "LINHIB0001", 10)) {
			f->what = "a swap area holding a hibernation image";
			return 1;
		}
	}
	return 0;
}

int probe_fs(int fd, uint64_t off, uint64_t len, struct found *f)
{
	static int (*const probes[])(const struct region *, struct found *) = {
		luks, lvm2, xfs, btrfs, ext, f2fs, jfs, boot_sector_fs, iso9660, swap, linux_raid,
	};
	struct region r = { fd, off, len };
	for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		memset(f, 0, sizeof *f);
		if (probes[i](&r, f))
			return 1;
	}
	return 0;
}

void found_text(const struct found *f, char *out, size_t n)
{
	if (f->label[0])
		snprintf(out, n, "%s (label %s)", f->what, f->label);
	else
		snprintf(out, n, "%s", f->what);
}

int probe_mark(int fd, uint64_t off)
{
	uint8_t s[sizeof(struct lb_part_mark)];
	return pread(fd, s, sizeof s, (off_t)off) == (ssize_t)sizeof s &&
	       !memcmp(s, LB_PART_MARK_MAGIC, 16) && le32(s + 16) == LB_PART_MARK_VERSION;
}

void make_mark(uint8_t *sector, uint64_t lba, uint64_t sectors)
{
	struct lb_part_mark m;
	memcpy(m.magic, LB_PART_MARK_MAGIC, 16);
	m.version = LB_PART_MARK_VERSION;
	m.size = sizeof m;
	m.part_lba = lba;
	m.part_sectors = sectors;
	memset(sector, 0, LB_SECTOR);
	memcpy(sector, &m, sizeof m);
}
