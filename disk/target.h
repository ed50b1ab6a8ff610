/* target.h: what is on the disk mkdisk writes to: file system signatures (probe.c), MBR and GPT
 * partition tables (mbr.c, gpt.c) and the checks on --output (target.c) (host). */
#ifndef TARGET_H
#define TARGET_H
#include <stddef.h>
#include <stdint.h>
#include "mkdisk.h"

/* probe.c: what a region of a disk holds, blkid-style. */
struct found {
	const char *what;   /* "an ext4 file system", "a swap area", ... */
	char label[80];     /* "" when none or not read */
};
/* 1 when bytes [off, off+len) of fd hold a file system or volume signature we know. */
int probe_fs(int fd, uint64_t off, uint64_t len, struct found *f);
/* "an ext4 file system (label root)" */
void found_text(const struct found *f, char *out, size_t n);
/* 1 when the sector at byte off starts with longboot's partition mark (include/partmark.h). */
int probe_mark(int fd, uint64_t off);
/* The mark sector for a partition at lba of sectors. */
void make_mark(uint8_t *sector, uint64_t lba, uint64_t sectors);

/* mbr.c, gpt.c: one partition as the user names it. */
#define PT_MAX 256
struct ptent {
	int number;           /* MBR: 1-4 primary, 5.. logical; GPT: entry index + 1 */
	uint64_t start, count;
	uint8_t mbr_type;     /* MBR type byte (GPT: 0) */
	int extended;         /* MBR extended partition (holds others) */
	int longboot_type;    /* type 0xDA or the GPT BIOS boot partition type */
	char type_text[96];   /* "type 0x83", "type 0FC63DAF-8483-4772-8E79-3D69D8477DE4 (Linux file system)" */
};
struct ptable {
	int gpt;
	uint64_t sectors;               /* of the disk */
	uint64_t first_usable, last_usable;
	struct ptent p[PT_MAX];
	int n;
	uint64_t ebr[PT_MAX];           /* MBR: sectors holding extended boot records */
	int ebr_of[PT_MAX];             /* the logical partition each describes (0: none) */
	int nebr;
	unsigned gpt_entries;           /* GPT: entries in the array */
};
void mbr_read(const char *path, int fd, const uint8_t *mbr, uint64_t sectors, struct ptable *t);
void gpt_read(const char *path, int fd, uint64_t sectors, struct ptable *t);
/* die()s saying how to make a BIOS boot partition of at least need_sectors. */
void gpt_no_boot_partition(const char *path, const struct ptable *t, uint64_t need_sectors)
	__attribute__((noreturn));
const struct ptent *pt_find(const struct ptable *t, int number);

/* target.c: --output, checked before the slow work. */
struct target {
	int exists, is_block;
	int fd;               /* block device opened for a plain image (else -1) */
	uint64_t dev_bytes;   /* size of that block device */
};
void output_check(const struct options *o, struct target *t);
/* Opens path for writing in place (an image file or a block device); sets *sectors. whole: the
 * whole device will be written (a block device must then not be in use). */
int open_in_place(const char *what, const char *path, int whole, uint64_t *sectors);

#endif
