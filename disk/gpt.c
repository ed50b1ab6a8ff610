/* gpt.c: a GUID partition table (UEFI specification, chapter 5) read into a struct ptable after
 * checking both headers and both partition arrays (signatures, CRC-32s, where they say they
 * are, that they agree); and the advice for a GPT that has no BIOS boot partition (host). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "target.h"

#define HDR_MIN 92
#define ARRAY_MAX (4u << 20)

/* 21686148-6449-6E6F-744E-656564454649 as stored ("Hah!IdontNeedEFI"). */
static const uint8_t bios_boot_guid[16] = "Hah!IdontNeedEFI";

static const struct { const char *guid, *name; } known[] = {
	{ "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux file system" },
	{ "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "Linux x86-64 root" },
	{ "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap" },
	{ "E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM" },
	{ "A19D880F-05FC-4D3B-A006-743F0F84911E", "Linux RAID" },
	{ "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI system partition" },
	{ "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data" },
	{ "21686148-6449-6E6F-744E-656564454649", "BIOS boot partition" },
};

static void guid_text(const uint8_t *g, char *out, size_t n)
{
	snprintf(out, n, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", le32(g), le16(g + 4), le16(g + 6),
		 g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

struct hdr {
	uint8_t raw[LB_SECTOR];
	uint64_t my, alt, first, last, array_lba;
	uint32_t entries, entry_size, array_crc;
	uint8_t *array;
};

static void read_sectors(const char *path, int fd, uint64_t lba, void *p, size_t n, const char *what)
{
	if (pread(fd, p, n, (off_t)(lba * LB_SECTOR)) != (ssize_t)n)
		die("install", "%s: cannot read the %s at LBA %llu: %s", path, what, (unsigned long long)lba,
		    errno ? strerror(errno) : "short read");
}

#define DAMAGED(...) die("install", __VA_ARGS__)

/* Reads and checks the header at lba (which: "primary"/"backup") and its partition array. */
static void read_header(const char *path, int fd, uint64_t sectors, uint64_t lba, const char *which,
			struct hdr *h)
{
	char what[40];
	snprintf(what, sizeof what, "%s GPT header", which);
	read_sectors(path, fd, lba, h->raw, LB_SECTOR, what);
	const uint8_t *r = h->raw;
	if (memcmp(r, "EFI PART", 8))
		DAMAGED("%s: the %s GPT header (LBA %llu) has no \"EFI PART\" signature: a damaged GPT (sgdisk --verify %s tells more)",
			path, which, (unsigned long long)lba, path);
	uint32_t size = le32(r + 12), crc = le32(r + 16);
	if (size < HDR_MIN || size > LB_SECTOR)
		DAMAGED("%s: the %s GPT header says it is %u bytes, need %d..%d: a damaged GPT", path, which, size,
			HDR_MIN, LB_SECTOR);
	uint8_t copy[LB_SECTOR];
	memcpy(copy, r, size);
	memset(copy + 16, 0, 4);
	uint32_t got = lb_crc32(copy, size);
	if (got != crc)
		DAMAGED("%s: the %s GPT header's CRC-32 is 0x%08x, its bytes give 0x%08x: a damaged GPT (sgdisk --verify %s tells more)",
			path, which, crc, got, path);
	h->my = le64(r + 24);
	h->alt = le64(r + 32);
	h->first = le64(r + 40);
	h->last = le64(r + 48);
	h->array_lba = le64(r + 72);
	h->entries = le32(r + 80);
	h->entry_size = le32(r + 84);
	h->array_crc = le32(r + 88);
	if (h->my != lba)
		DAMAGED("%s: the %s GPT header at LBA %llu says it is at LBA %llu: a damaged GPT", path, which,
			(unsigned long long)lba, (unsigned long long)h->my);
	if (h->entry_size < 128 || h->entry_size % 128 || (h->entry_size & (h->entry_size - 1)) ||
	    !h->entries || (uint64_t)h->entries * h->entry_size > ARRAY_MAX)
		DAMAGED("%s: the %s GPT header describes %u entries of %u bytes: not a partition array mkdisk reads",
			path, which, h->entries, h->entry_size);
	size_t bytes = (size_t)h->entries * h->entry_size;
	uint64_t array_sectors = sectors_of(bytes);
	if (h->first > h->last || h->last >= sectors || h->array_lba < 1 || h->array_lba + array_sectors > sectors)
		DAMAGED("%s: the %s GPT header's usable LBAs %llu..%llu or its array at LBA %llu do not fit the %llu-sector disk",
			path, which, (unsigned long long)h->first, (unsigned long long)h->last,
			(unsigned long long)h->array_lba, (unsigned long long)sectors);
	h->array = xmalloc(bytes);
	snprintf(what, sizeof what, "%s GPT partition array", which);
	read_sectors(path, fd, h->array_lba, h->array, bytes, what);
	got = lb_crc32(h->array, bytes);
	if (got != h->array_crc)
		DAMAGED("%s: the %s GPT partition array's CRC-32 is 0x%08x, its bytes give 0x%08x: a damaged GPT (sgdisk --verify %s tells more)",
			path, which, h->array_crc, got, path);
}

void gpt_read(const char *path, int fd, uint64_t sectors, struct ptable *t)
{
	struct hdr p, b;
	memset(t, 0, sizeof *t);
	t->gpt = 1;
	t->sectors = sectors;
	if (sectors < 3)
		DAMAGED("%s: %llu sectors, too small to hold a GPT", path, (unsigned long long)sectors);
	read_header(path, fd, sectors, 1, "primary", &p);
	if (p.alt <= 1 || p.alt >= sectors)
		DAMAGED("%s: the primary GPT header puts the backup at LBA %llu, outside the %llu-sector disk", path,
			(unsigned long long)p.alt, (unsigned long long)sectors);
	read_header(path, fd, sectors, p.alt, "backup", &b);
	size_t bytes = (size_t)p.entries * p.entry_size;
	if (b.alt != 1 || b.first != p.first || b.last != p.last || b.entries != p.entries ||
	    b.entry_size != p.entry_size || memcmp(b.array, p.array, bytes) || memcmp(b.raw + 56, p.raw + 56, 16))
		DAMAGED("%s: the primary and the backup GPT disagree: a damaged GPT (sgdisk --verify %s tells more)", path,
			path);
	if (p.array_lba + sectors_of(bytes) > p.first || b.array_lba <= p.last)
		DAMAGED("%s: a GPT partition array overlaps the usable LBAs %llu..%llu: a damaged GPT", path,
			(unsigned long long)p.first, (unsigned long long)p.last);
	t->first_usable = p.first;
	t->last_usable = p.last;
	t->gpt_entries = p.entries;
	static const uint8_t zero[16];
	for (uint32_t i = 0; i < p.entries; i++) {
		const uint8_t *e = p.array + (size_t)i * p.entry_size;
		if (!memcmp(e, zero, 16))
			continue;
		uint64_t s = le64(e + 32), end = le64(e + 40);
		if (t->n == PT_MAX)
			die("install", "%s: the GPT uses more than %d entries", path, PT_MAX);
		if (s > end || s < p.first || end > p.last)
			DAMAGED("%s: GPT partition %u (LBA %llu..%llu) lies outside the usable LBAs %llu..%llu", path, i + 1,
				(unsigned long long)s, (unsigned long long)end, (unsigned long long)p.first,
				(unsigned long long)p.last);
		struct ptent *q = &t->p[t->n++];
		memset(q, 0, sizeof *q);
		q->number = (int)i + 1;
		q->start = s;
		q->count = end - s + 1;
		q->longboot_type = !memcmp(e, bios_boot_guid, 16);
		char g[40];
		guid_text(e, g, sizeof g);
		snprintf(q->type_text, sizeof q->type_text, "type %s", g);
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
			if (!strcmp(g, known[k].guid))
				snprintf(q->type_text, sizeof q->type_text, "%s, type %s", known[k].name, g);
	}
	free(p.array);
	free(b.array);
}

void gpt_no_boot_partition(const char *path, const struct ptable *t, uint64_t need)
{
	uint64_t mib = (need + 2047) / 2048, span = mib * 2048, at = 0;
	int number = 0;
	for (unsigned i = 1; i <= t->gpt_entries && !number; i++)
		if (!pt_find(t, (int)i))
			number = (int)i;
	/* the lowest 1 MiB-aligned start with span free sectors */
	for (uint64_t s = align_up(t->first_usable, 2048); s + span - 1 <= t->last_usable && !at;) {
		uint64_t next = 0;
		for (int i = 0; i < t->n; i++)
			if (s < t->p[i].start + t->p[i].count && t->p[i].start < s + span)
				if (t->p[i].start + t->p[i].count > next)
					next = t->p[i].start + t->p[i].count;
		if (!next)
			at = s;
		else
			s = align_up(next, 2048);
	}
	if (!number || !at)
		die("install", "%s: the GPT has no BIOS boot partition (type 21686148-6449-6E6F-744E-656564454649) and %s to make one of %llu MiB; free space, or name a partition marked for longboot with --partition N",
		    path, number ? "no free space" : "no free entry", (unsigned long long)mib);
	die("install", "%s: the GPT has no BIOS boot partition (type 21686148-6449-6E6F-744E-656564454649) to hold longboot; make one with: sgdisk --new=%d:%llu:+%lluM --typecode=%d:EF02 %s",
	    path, number, (unsigned long long)at, (unsigned long long)mib, number, path);
}
