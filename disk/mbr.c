/* mbr.c: an MBR partition table read into a struct ptable: the four primary entries and the
 * logical partitions of an extended one, found by walking its chain of extended boot records
 * (EBRs), numbered 5, 6, ... in chain order as Linux numbers them (host). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "target.h"

#define MAX_LOGICAL 128

static int is_extended(uint8_t t)
{
	return t == 0x05 || t == 0x0F || t == 0x85;
}

static struct ptent *add(const char *path, struct ptable *t, int number, uint8_t type, uint64_t start,
			 uint64_t count)
{
	if (t->n == PT_MAX)
		die("install", "%s: more than %d partitions", path, PT_MAX);
	struct ptent *p = &t->p[t->n++];
	memset(p, 0, sizeof *p);
	p->number = number;
	p->mbr_type = type;
	p->start = start;
	p->count = count;
	p->extended = is_extended(type);
	p->longboot_type = type == 0xDA;
	snprintf(p->type_text, sizeof p->type_text, "type 0x%02x", type);
	return p;
}

static void check_bounds(const char *path, const struct ptable *t, const struct ptent *p)
{
	if (p->start == 0)
		die("install", "%s: partition %d starts at LBA 0, over the MBR", path, p->number);
	if (p->start + p->count > t->sectors)
		die("install", "%s: partition %d (LBA %llu..%llu) ends beyond the image's %llu sectors", path,
		    p->number, (unsigned long long)p->start, (unsigned long long)(p->start + p->count - 1),
		    (unsigned long long)t->sectors);
}

/* The logical partitions inside the extended partition ext (numbers from *next on). */
static void walk_ebrs(const char *path, int fd, struct ptable *t, const struct ptent *ext, int *next)
{
	uint64_t lo = ext->start, hi = ext->start + ext->count, ebr = lo;
	for (int hops = 0;; hops++) {
		uint8_t s[LB_SECTOR];
		if (hops == MAX_LOGICAL)
			die("install", "%s: the extended partition %d holds a chain of more than %d boot records (a loop?)",
			    path, ext->number, MAX_LOGICAL);
		if (ebr < lo || ebr >= hi)
			die("install", "%s: the extended partition %d's chain points at LBA %llu, outside it (LBA %llu..%llu)",
			    path, ext->number, (unsigned long long)ebr, (unsigned long long)lo,
			    (unsigned long long)(hi - 1));
		if (pread(fd, s, LB_SECTOR, (off_t)(ebr * LB_SECTOR)) != LB_SECTOR)
			die("install", "%s: cannot read the extended boot record at LBA %llu: %s", path,
			    (unsigned long long)ebr, strerror(errno));
		if (!mbr_signed(s))
			die("install", "%s: the extended boot record at LBA %llu has no 55 aa signature", path,
			    (unsigned long long)ebr);
		const uint8_t *e1 = mbr_entry(s, 0), *e2 = mbr_entry(s, 1);
		t->ebr[t->nebr] = ebr;
		t->ebr_of[t->nebr] = 0;
		if (e1[4] && le32(e1 + 12)) {
			struct ptent *p = add(path, t, (*next)++, e1[4], ebr + le32(e1 + 8), le32(e1 + 12));
			if (p->start <= ebr || p->start + p->count > hi)
				die("install", "%s: partition %d (LBA %llu..%llu) lies outside its extended partition %d (LBA %llu..%llu)",
				    path, p->number, (unsigned long long)p->start,
				    (unsigned long long)(p->start + p->count - 1), ext->number,
				    (unsigned long long)lo, (unsigned long long)(hi - 1));
			if (p->extended)
				die("install", "%s: partition %d is an extended partition nested in a logical slot", path,
				    p->number);
			t->ebr_of[t->nebr] = p->number;
		}
		t->nebr++;
		if (t->nebr == PT_MAX)
			die("install", "%s: more than %d extended boot records", path, PT_MAX);
		if (!is_extended(e2[4]) || !le32(e2 + 12))
			return;
		ebr = lo + le32(e2 + 8);
	}
}

void mbr_read(const char *path, int fd, const uint8_t *mbr, uint64_t sectors, struct ptable *t)
{
	memset(t, 0, sizeof *t);
	t->sectors = sectors;
	t->first_usable = 1;
	t->last_usable = sectors - 1;
	if (!mbr_signed(mbr))
		die("install", "%s: no MBR (bytes 510-511 are %02x %02x, need 55 aa)", path, mbr[MBR_SIG_OFF],
		    mbr[MBR_SIG_OFF + 1]);
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr_entry(mbr, (unsigned)i);
		if (e[4] && le32(e + 12))
			check_bounds(path, t, add(path, t, i + 1, e[4], le32(e + 8), le32(e + 12)));
	}
	int primaries = t->n, next = 5;
	for (int i = 0; i < primaries; i++)
		if (t->p[i].extended)
			walk_ebrs(path, fd, t, &t->p[i], &next);
}

const struct ptent *pt_find(const struct ptable *t, int number)
{
	for (int i = 0; i < t->n; i++)
		if (t->p[i].number == number)
			return &t->p[i];
	return NULL;
}
