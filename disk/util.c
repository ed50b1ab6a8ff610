/* util.c: mkdisk's error reporting, allocation, file reading and little-endian helpers (host). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "mkdisk.h"
#include "progress.h"

static const char *tmp_to_remove;

/* An interrupted run removes its temporary output file too. */
static void on_signal(int sig)
{
	if (tmp_to_remove)
		unlink(tmp_to_remove);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cleanup_path(const char *tmp_path)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	if (tmp_path)
		tmp_to_remove = tmp_path; /* before a handler may look at it */
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], tmp_path ? on_signal : SIG_DFL);
	tmp_to_remove = tmp_path;
}

void die(const char *what, const char *fmt, ...)
{
	va_list ap;
	progress_done();
	fprintf(stderr, "mkdisk: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp_to_remove)
		unlink(tmp_to_remove);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("memory", "cannot allocate %zu bytes", n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("memory", "cannot allocate %zu bytes", n);
	return q;
}

struct buf read_file(const char *what, const char *path)
{
	struct buf b = { 0, 0 };
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		die(what, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		die(what, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die(what, "%s: not a regular file", path);
	if (st.st_size == 0)
		die(what, "%s: empty file", path);
	if ((uint64_t)st.st_size > 0xFFFFFFFFull)
		die(what, "%s: %lld bytes, more than the 4 GiB a payload may have", path,
		    (long long)st.st_size);
	b.n = (size_t)st.st_size;
	b.p = xmalloc(b.n);
	for (size_t got = 0; got < b.n;) {
		ssize_t r = read(fd, b.p + got, b.n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die(what, "%s: read failed: %s", path, r < 0 ? strerror(errno) : "file shrank");
		got += (size_t)r;
	}
	close(fd);
	return b;
}

void pwrite_all(int fd, const void *p, size_t n, uint64_t off, const char *path)
{
	const uint8_t *c = p;
	size_t total = n;
	if (total >= 4 * MiB) /* the kernel or the initrd: worth a progress line */
		progress_start("writing", total);
	while (n) {
		ssize_t r = pwrite(fd, c, n < 4 * MiB ? n : 4 * MiB, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("output", "%s: write at byte %llu failed: %s", path,
			    (unsigned long long)off, r < 0 ? strerror(errno) : "no progress");
		c += r;
		n -= (size_t)r;
		off += (uint64_t)r;
		progress_step(total - n);
	}
	if (total >= 4 * MiB)
		progress_done();
}

uint32_t lb_crc32(const void *p, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	const Bytef *b = p;
	while (n) {
		uInt chunk = n > 0x40000000u ? 0x40000000u : (uInt)n;
		c = crc32(c, b, chunk);
		b += chunk;
		n -= chunk;
	}
	return (uint32_t)c;
}

uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }
uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }
