/* target.c: what --output names, checked before the slow work (a directory, a missing folder,
 * no write permission, a character device, the same file as an input, a block device that
 * holds something), and opening an image or block device to write in place (host). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "target.h"

static void not_an_input(const char *out, const struct stat *ost, const char *opt, const char *path)
{
	struct stat st;
	if (path && stat(path, &st) == 0 && st.st_dev == ost->st_dev && st.st_ino == ost->st_ino)
		die("output", "%s is the same file as %s %s; mkdisk would overwrite its own input", out, opt, path);
}

int open_in_place(const char *what, const char *path, int whole, uint64_t *sectors)
{
	struct stat st;
	int fd = open(path, O_RDWR);
	if (fd < 0 || fstat(fd, &st) < 0)
		die(what, "%s: %s", path, strerror(errno));
	if (S_ISBLK(st.st_mode)) {
		/* whole: the device is overwritten, so it must not be mounted or otherwise in use
		 * (O_EXCL). --install writes only where nothing is mounted: a mounted partition holds
		 * a file system, which the probe refuses. */
		close(fd);
		fd = open(path, O_RDWR | (whole ? O_EXCL : 0));
		if (fd < 0)
			die(what, "%s: %s%s", path, strerror(errno),
			    errno == EBUSY ? " (mounted, or a partition of it is in use)" : "");
		int ssz = 0;
		uint64_t bytes = 0;
		if (ioctl(fd, BLKSSZGET, &ssz) < 0 || ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			die(what, "%s: cannot read the device's sector size and capacity: %s", path, strerror(errno));
		if (ssz != LB_SECTOR)
			die(what, "%s: %d-byte logical sectors; the BIOS boot path reads 512-byte sectors", path, ssz);
		*sectors = bytes / LB_SECTOR;
	} else if (S_ISREG(st.st_mode)) {
		*sectors = (uint64_t)st.st_size / LB_SECTOR;
	} else {
		die(what, "%s: neither a disk image file nor a block device", path);
	}
	return fd;
}

/* A block device named for a new image must be blank, or hold a longboot image already. */
static void blank_device(const char *path, struct target *t)
{
	uint64_t sectors;
	uint8_t s[2 * LB_SECTOR];
	struct found f;
	char text[160];
	t->fd = open_in_place("output", path, 1, &sectors);
	t->dev_bytes = sectors * LB_SECTOR;
	if (t->dev_bytes < sizeof s || pread(t->fd, s, sizeof s, 0) != (ssize_t)sizeof s)
		die("output", "%s: cannot read its first sectors: %s", path, strerror(errno));
	if (probe_fs(t->fd, 0, t->dev_bytes, &f)) {
		found_text(&f, text, sizeof text);
		die("output", "%s holds %s; mkdisk does not overwrite it (wipefs -a %s clears a disk you no longer need)",
		    path, text, path);
	}
	if (!memcmp(s + LB_SECTOR, "EFI PART", 8))
		die("output", "%s holds a GPT partition table; use --install to add longboot to it, or clear it first (wipefs -a %s)",
		    path, path);
	if (!mbr_signed(s))
		return;
	int used = 0, ours = le32(s + MBR_PATCH_OFFSET) == MBR_PATCH_MAGIC;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr_entry(s, (unsigned)i);
		if (e[4] && le32(e + 12)) {
			used++;
			ours &= e[4] == 0xDA;
		}
	}
	if (used && !ours)
		die("output", "%s holds an MBR partition table with %d partition%s; use --install to add longboot to it, or clear it first (wipefs -a %s)",
		    path, used, used > 1 ? "s" : "", path);
}

void output_check(const struct options *o, struct target *t)
{
	struct stat st;
	const char *out = o->output;
	memset(t, 0, sizeof *t);
	t->fd = -1;
	if (stat(out, &st) == 0) {
		t->exists = 1;
		if (S_ISDIR(st.st_mode))
			die("output", "%s is a directory; name the image file to write", out);
		if (S_ISCHR(st.st_mode))
			die("output", "%s is a character device; mkdisk writes images to regular files and block devices only", out);
		if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
			die("output", "%s is neither a regular file nor a block device", out);
		for (unsigned i = 0; i < o->cfg.count; i++) {
			not_an_input(out, &st, "--kernel", o->cfg.e[i].kernel);
			not_an_input(out, &st, "--initrd", o->cfg.e[i].initrd);
		}
		not_an_input(out, &st, "--bootsect", o->bootsect_path);
		not_an_input(out, &st, "--loader", o->loader_path);
		t->is_block = S_ISBLK(st.st_mode);
		if (t->is_block && !o->install)
			blank_device(out, t);
		return;
	}
	int err = errno;
	char *copy = strdup(out);
	if (!copy)
		die("memory", "cannot copy a path");
	const char *dir = dirname(copy);
	if (err == EACCES)
		die("output", "%s: no permission to look into folder %s (or one above it)", out, dir);
	if (err != ENOENT)
		die("output", "%s: %s", out, strerror(err));
	if (o->install)
		die("install", "%s: %s", out, strerror(err));
	if (stat(dir, &st) < 0 && errno == ENOENT)
		die("output", "%s: folder %s does not exist", out, dir);
	if (stat(dir, &st) < 0)
		die("output", "%s: folder %s: %s", out, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("output", "%s: %s is not a folder", out, dir);
	if (access(dir, W_OK | X_OK) < 0)
		die("output", "%s: no permission to create files in folder %s", out, dir);
	free(copy);
}
