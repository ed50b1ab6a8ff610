/* decompress.c: host-side unpacking of gzip, xz, lzma, lz4 (legacy), zstd and bzip2 streams,
 * (host); gzpack.c packs. */
#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "mkdisk.h"
#include "progress.h"

#define OUT_MAX (1024 * MiB) /* more than any kernel; stops decompression bombs */
#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8 * MiB)

enum zformat zformat_detect(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return ZF_GZIP;
	if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
		return ZF_XZ;
	if (n >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return ZF_LZMA;
	if (n >= 4 && le32(p) == LZ4_LEGACY_MAGIC)
		return ZF_LZ4;
	if (n >= 4 && le32(p) == 0xFD2FB528u)
		return ZF_ZSTD;
	if (n >= 3 && !memcmp(p, "BZh", 3))
		return ZF_BZIP2;
	return ZF_NONE;
}

const char *zformat_name(enum zformat f)
{
	static const char *const names[] = { "unknown", "gzip", "xz", "lzma", "lz4", "zstd", "bzip2" };
	return names[f];
}

/* A growing output buffer; room() returns at least one free byte. */
struct out {
	struct buf b;
	size_t cap;
	const char *what;
};

static void out_init(struct out *o, const char *what, size_t hint)
{
	o->what = what;
	o->cap = hint && hint < OUT_MAX ? hint + 64 * KiB : 16 * MiB;
	o->b.p = xmalloc(o->cap);
	o->b.n = 0;
}

/* Make at least need bytes free; returns the free bytes. */
static size_t reserve(struct out *o, size_t need)
{
	while (o->cap - o->b.n < need) {
		if (o->cap >= OUT_MAX)
			die(o->what, "decompresses to more than %llu MiB", OUT_MAX / MiB);
		o->cap = o->cap * 2 > OUT_MAX ? OUT_MAX : o->cap * 2;
		o->b.p = xrealloc(o->b.p, o->cap);
	}
	return o->cap - o->b.n;
}

static size_t room(struct out *o)
{
	return reserve(o, 1);
}

static size_t chunk(size_t n)
{
	return n > 0x40000000u ? 0x40000000u : n;
}

static void un_gzip(struct out *o, const uint8_t *in, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		die(o->what, "zlib: inflateInit2 failed");
	z.next_in = (Bytef *)in;
	for (;;) {
		if (z.avail_in == 0) {
			size_t used = (size_t)(z.next_in - in);
			z.avail_in = (uInt)chunk(n - used);
		}
		z.avail_out = (uInt)chunk(room(o));
		z.next_out = o->b.p + o->b.n;
		uInt before = z.avail_out;
		int r = inflate(&z, Z_NO_FLUSH);
		o->b.n += before - z.avail_out;
		progress_step((uint64_t)(z.next_in - in));
		if (r == Z_STREAM_END)
			break;
		if (r == Z_BUF_ERROR && (size_t)(z.next_in - in) == n)
			die(o->what, "gzip data truncated after %zu bytes", n);
		if (r != Z_OK && r != Z_BUF_ERROR)
			die(o->what, "bad gzip data: %s", z.msg ? z.msg : "zlib error");
	}
	inflateEnd(&z);
}

static void un_lzma(struct out *o, const uint8_t *in, size_t n, int xz)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r = xz ? lzma_stream_decoder(&s, UINT64_MAX, 0) : lzma_alone_decoder(&s, UINT64_MAX);
	if (r != LZMA_OK)
		die(o->what, "liblzma: decoder init failed (%d)", (int)r);
	s.next_in = in;
	s.avail_in = n;
	do {
		size_t avail = room(o);
		s.next_out = o->b.p + o->b.n;
		s.avail_out = avail;
		r = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
		o->b.n += avail - s.avail_out;
		progress_step(n - s.avail_in);
		if (r == LZMA_BUF_ERROR)
			die(o->what, "%s data truncated after %zu bytes", xz ? "xz" : "lzma", n);
		if (r != LZMA_OK && r != LZMA_STREAM_END)
			die(o->what, "bad %s data (liblzma error %d)", xz ? "xz" : "lzma", (int)r);
	} while (r != LZMA_STREAM_END);
	lzma_end(&s);
}

/* Linux's lz4 "legacy" format: magic, then blocks of (4-byte size, compressed data) each
 * decoding to at most 8 MiB; the kernel's build appends the 4-byte output size. */
static void un_lz4(struct out *o, const uint8_t *in, size_t n)
{
	size_t pos = 4;
	while (pos + 4 <= n) {
		uint32_t csize = le32(in + pos);
		if (csize == LZ4_LEGACY_MAGIC) {
			pos += 4;
			continue;
		}
		if (pos + 4 == n || csize == 0)
			break; /* the appended size (or an end mark) */
		pos += 4;
		if (csize > n - pos || csize > (uint32_t)LZ4_compressBound((int)LZ4_LEGACY_BLOCK))
			die(o->what, "lz4 block of %u bytes at offset %zu runs past the end", csize, pos - 4);
		reserve(o, LZ4_LEGACY_BLOCK);
		int r = LZ4_decompress_safe((const char *)in + pos, (char *)o->b.p + o->b.n, (int)csize,
					    (int)LZ4_LEGACY_BLOCK);
		if (r < 0)
			die(o->what, "bad lz4 block at offset %zu", pos - 4);
		o->b.n += (size_t)r;
		pos += csize;
		progress_step(pos);
	}
	if (o->b.n == 0)
		die(o->what, "lz4 stream holds no blocks");
}

static void un_zstd(struct out *o, const uint8_t *in, size_t n)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, n, 0 };
	size_t r;
	if (!d)
		die(o->what, "libzstd: cannot create a context");
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 31);
	do {
		ZSTD_outBuffer ob = { o->b.p, 0, 0 };
		room(o);
		ob.dst = o->b.p + o->b.n;
		ob.size = o->cap - o->b.n;
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->b.n += ob.pos;
		progress_step(ib.pos);
		if (ZSTD_isError(r))
			die(o->what, "bad zstd data: %s", ZSTD_getErrorName(r));
		if (r && ib.pos == ib.size && ob.pos < ob.size)
			die(o->what, "zstd data truncated after %zu bytes", n);
	} while (r != 0);
	ZSTD_freeDCtx(d);
}

static void un_bzip2(struct out *o, const uint8_t *in, size_t n)
{
	bz_stream s;
	int r;
	memset(&s, 0, sizeof s);
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		die(o->what, "libbz2: init failed");
	s.next_in = (char *)in;
	s.avail_in = (unsigned)chunk(n);
	do {
		size_t avail = chunk(room(o));
		s.next_out = (char *)o->b.p + o->b.n;
		s.avail_out = (unsigned)avail;
		r = BZ2_bzDecompress(&s);
		o->b.n += avail - s.avail_out;
		progress_step((uint64_t)(s.next_in - (char *)in));
		if (r != BZ_OK && r != BZ_STREAM_END)
			die(o->what, "bad bzip2 data (libbz2 error %d)", r);
		if (r == BZ_OK && s.avail_in == 0 && s.avail_out)
			die(o->what, "bzip2 data truncated after %zu bytes", n);
	} while (r != BZ_STREAM_END);
	BZ2_bzDecompressEnd(&s);
}

struct buf decompress(const char *what, enum zformat f, const uint8_t *in, size_t n, size_t size_hint)
{
	struct out o;
	char step[64];
	snprintf(step, sizeof step, "unpacking the %s (%s)", what, zformat_name(f));
	out_init(&o, what, size_hint);
	progress_start(step, n);
	switch (f) {
	case ZF_GZIP: un_gzip(&o, in, n); break;
	case ZF_XZ: un_lzma(&o, in, n, 1); break;
	case ZF_LZMA: un_lzma(&o, in, n, 0); break;
	case ZF_LZ4: un_lz4(&o, in, n); break;
	case ZF_ZSTD: un_zstd(&o, in, n); break;
	case ZF_BZIP2: un_bzip2(&o, in, n); break;
	default: die(what, "unknown compression format");
	}
	progress_done();
	return o.b;
}
