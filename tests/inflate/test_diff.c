/* test_diff.c: differential tests: streams made by zlib (every level, strategy, window size
 * 9..15, memLevel, sync and full flushes), libdeflate (levels 1..12) and zopfli decode
 * byte-for-byte to their input with our inflate, raw and gzip (host test). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <libdeflate.h>
#include "tinf.h"

struct input {
	const char *name;
	uint8_t *data;
	size_t len;
};

static uint32_t lcg(uint32_t *s) { return *s = *s * 1103515245u + 12345u, *s >> 16; }

static uint8_t *read_path(const char *path, size_t *len, size_t max)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(max ? max : 1);

	*len = f ? fread(b, 1, max, f) : 0;
	if (f)
		fclose(f);
	return b;
}

/* Deterministic inputs covering the interesting match shapes. */
static int make_inputs(struct input *in)
{
	uint32_t seed = 1;
	int n = 0;
	size_t i;

	in[n++] = (struct input){ "empty", malloc(1), 0 };
	in[n] = (struct input){ "one byte", malloc(1), 1 }; in[n++].data[0] = 'x';
	in[n] = (struct input){ "random 70k", malloc(70000), 70000 };
	for (i = 0; i < 70000; i++) in[n].data[i] = (uint8_t)lcg(&seed);
	n++;
	in[n] = (struct input){ "4-letter alphabet 100k", malloc(100000), 100000 };
	for (i = 0; i < 100000; i++) in[n].data[i] = "acgt"[lcg(&seed) & 3];
	n++;
	/* Runs (distance 1, length 258) and short periods (distances 2..7). */
	in[n] = (struct input){ "runs and periods 60k", malloc(60000), 60000 };
	for (i = 0; i < 60000; i++) {
		size_t blk = i / 3000, period = 1 + blk % 9;
		in[n].data[i] = (uint8_t)(blk * 7 + (i % period));
	}
	n++;
	/* A random 32 KiB block repeated: matches at distance exactly 32768. */
	in[n] = (struct input){ "32k repeat", malloc(3 * 32768 + 100), 3 * 32768 + 100 };
	for (i = 0; i < 32768; i++) in[n].data[i] = (uint8_t)lcg(&seed);
	for (; i < in[n].len; i++) in[n].data[i] = in[n].data[i - 32768];
	n++;
	in[n].name = "zlib.h";
	in[n].data = read_path("/usr/include/zlib.h", &in[n].len, 1 << 20);
	n++;
	in[n].name = "stdlib.h";
	in[n].data = read_path("/usr/include/stdlib.h", &in[n].len, 1 << 20);
	n++;
	return n;
}

/* zlib deflate with all the knobs; flush every `every` bytes with `flush` (0: never). */
static size_t zdeflate(const struct input *in, int level, int strategy, int wbits, int memlevel,
		       int flush, size_t every, uint8_t *out, size_t cap)
{
	z_stream z;
	size_t pos = 0;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, wbits, memlevel, strategy) != Z_OK)
		return 0;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	do {
		size_t chunk = every && flush ? every : in->len - pos;
		if (chunk > in->len - pos)
			chunk = in->len - pos;
		z.next_in = in->data + pos;
		z.avail_in = (uInt)chunk;
		pos += chunk;
		deflate(&z, pos == in->len ? Z_FINISH : flush);
	} while (pos < in->len);
	deflateEnd(&z);
	return z.total_out;
}

static void check_raw(const char *name, const struct input *in, const uint8_t *c, size_t clen)
{
	uint8_t *out = malloc(in->len + 1);
	size_t olen = 0, used = 0;
	enum inflate_result r = inflate_raw(c, clen, &used, out, in->len, &olen);

	tinf_check(r == INFLATE_OK && olen == in->len && used == clen &&
		   !memcmp(out, in->data, in->len), name, "'%s', out %zu/%zu, used %zu/%zu",
		   inflate_strerror(r), olen, in->len, used, clen);
	free(out);
}

static void check_gzip(const char *name, const struct input *in, const uint8_t *g, size_t glen)
{
	uint8_t *out = malloc(in->len + 1);
	size_t olen = 0;
	enum inflate_result r = inflate_gzip(g, glen, out, in->len, &olen);

	tinf_check(r == INFLATE_OK && olen == in->len && !memcmp(out, in->data, in->len), name,
		   "'%s', out %zu/%zu", inflate_strerror(r), olen, in->len);
	free(out);
}

static void diff_zlib(const struct input *in)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE,
					  Z_FIXED };
	static const char *const snames[] = { "default", "filtered", "huffman", "rle", "fixed" };
	size_t cap = in->len + in->len / 8 + 4096, clen;
	uint8_t *c = malloc(cap);
	char name[160];

	for (int level = 0; level <= 9; level++)
		for (int s = 0; s < 5; s++) {
			clen = zdeflate(in, level, strategies[s], -15, 8, 0, 0, c, cap);
			snprintf(name, sizeof name, "zlib %s level %d %s", in->name, level, snames[s]);
			check_raw(name, in, c, clen);
			clen = zdeflate(in, level, strategies[s], 15 + 16, 8, 0, 0, c, cap);
			strcat(name, " gzip");
			check_gzip(name, in, c, clen);
		}
	for (int wbits = 9; wbits <= 15; wbits++)
		for (int level = 1; level <= 9; level += 4) {
			clen = zdeflate(in, level, Z_DEFAULT_STRATEGY, -wbits, wbits < 12 ? 1 : 9, 0, 0,
					c, cap);
			snprintf(name, sizeof name, "zlib %s level %d window %d", in->name, level, wbits);
			check_raw(name, in, c, clen);
		}
	for (int level = 0; level <= 9; level += 3) {
		clen = zdeflate(in, level, Z_DEFAULT_STRATEGY, -15, 8, Z_SYNC_FLUSH, 1000, c, cap);
		snprintf(name, sizeof name, "zlib %s level %d sync flush", in->name, level);
		check_raw(name, in, c, clen);
		clen = zdeflate(in, level, Z_DEFAULT_STRATEGY, -15, 8, Z_FULL_FLUSH, 777, c, cap);
		snprintf(name, sizeof name, "zlib %s level %d full flush", in->name, level);
		check_raw(name, in, c, clen);
	}
	free(c);
}

static void diff_libdeflate(const struct input *in)
{
	size_t cap = in->len + in->len / 8 + 4096, clen;
	uint8_t *c = malloc(cap);
	char name[160];

	for (int level = 0; level <= 12; level++) {
		struct libdeflate_compressor *lc = libdeflate_alloc_compressor(level);
		if (!lc)
			continue;
		clen = libdeflate_deflate_compress(lc, in->data, in->len, c, cap);
		snprintf(name, sizeof name, "libdeflate %s level %d", in->name, level);
		check_raw(name, in, c, clen);
		clen = libdeflate_gzip_compress(lc, in->data, in->len, c, cap);
		strcat(name, " gzip");
		check_gzip(name, in, c, clen);
		libdeflate_free_compressor(lc);
	}
	free(c);
}

/* zopfli (Debian package zopfli), when installed: its optimal-parse streams. */
static void diff_zopfli(const struct input *in, const char *tmpdir)
{
	char path[256], cmd[600], name[160];
	size_t glen;
	uint8_t *g;
	FILE *f;

	if (in->len > 120000 || system("command -v zopfli >/dev/null 2>&1") != 0)
		return;
	snprintf(path, sizeof path, "%s/zopfli.in", tmpdir);
	f = fopen(path, "wb");
	fwrite(in->data, 1, in->len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "zopfli --i3 -c %s > %s.gz", path, path);
	if (system(cmd) != 0)
		return;
	strcat(path, ".gz");
	g = read_path(path, &glen, 1 << 22);
	snprintf(name, sizeof name, "zopfli %s gzip", in->name);
	check_gzip(name, in, g, glen);
	free(g);
}

void test_diff(void)
{
	struct input in[16];
	int n = make_inputs(in);
	char tmpdir[] = "/tmp/tinf.XXXXXX";

	if (!mkdtemp(tmpdir))
		strcpy(tmpdir, "/tmp");
	if (system("command -v zopfli >/dev/null 2>&1") != 0)
		printf("inflate: zopfli not installed, its streams skipped (apt-get install zopfli)\n");
	for (int i = 0; i < n; i++) {
		diff_zlib(&in[i]);
		diff_libdeflate(&in[i]);
		diff_zopfli(&in[i], tmpdir);
		free(in[i].data);
	}
	if (strcmp(tmpdir, "/tmp")) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
		(void)!system(cmd);
	}
}
