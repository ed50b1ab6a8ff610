/* gzpack.c: the kernel packed as one gzip member with libdeflate, in pieces so that a terminal
 * can show how far it got (host). Each piece of PIECE bytes is compressed on its own (libdeflate
 * has no streaming interface) and the raw deflate streams are joined into one: the final-block
 * bit of every stream but the last is cleared and an empty stored block brings the next stream
 * to a byte boundary (as zlib's Z_SYNC_FLUSH does). zlib finds where each stream's last block
 * starts and where it ends (inflate with Z_BLOCK stops at block boundaries). A piece starts
 * without the previous 32 KiB of history: 0.05 % larger on a Linux kernel. */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "mkdisk.h"
#include "progress.h"

#define PIECE (2 * MiB)

struct bits {
	uint8_t *p;
	uint64_t n; /* bits written */
};

/* Appends the nbits bits of a stream starting at a byte boundary, then (sync) an empty stored
 * block, which ends on a byte boundary: the next stream starts aligned, as a stored block inside
 * it needs (its LEN field sits at a byte boundary). */
static void bits_append(struct bits *b, const uint8_t *src, uint64_t nbits, int sync)
{
	memcpy(b->p + b->n / 8, src, (size_t)((nbits + 7) / 8));
	b->n += nbits;
	if (b->n & 7)
		b->p[b->n / 8] &= (uint8_t)((1u << (b->n & 7)) - 1);
	if (!sync)
		return;
	b->n = (b->n + 3 + 7) & ~(uint64_t)7; /* BFINAL 0, BTYPE 00 (stored), pad to the byte */
	memcpy(b->p + b->n / 8, "\0\0\xff\xff", 4); /* LEN 0, NLEN 0xffff */
	b->n += 32;
}

/* Where raw deflate stream s (decoding to out_n bytes) has its last block and its end, in bits. */
static void stream_bounds(const uint8_t *s, size_t n, size_t out_n, uint64_t *last, uint64_t *end)
{
	z_stream z;
	uint8_t *scratch = xmalloc(out_n + 1);
	uint64_t prev = 0;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -15) != Z_OK)
		die("gzip", "zlib: inflateInit2 failed");
	z.next_in = (Bytef *)s;
	z.avail_in = (uInt)n;
	z.next_out = scratch;
	z.avail_out = (uInt)(out_n + 1);
	for (;;) {
		int r = inflate(&z, Z_BLOCK);
		if (r != Z_OK && r != Z_STREAM_END)
			die("gzip", "libdeflate's stream of %zu bytes does not decode (zlib %d)", n, r);
		if (z.data_type & 128) { /* at a block boundary */
			uint64_t pos = (uint64_t)z.total_in * 8 - (z.data_type & 7);
			if (z.data_type & 64) { /* the final block just ended */
				*last = prev;
				*end = pos;
				break;
			}
			prev = pos;
		}
	}
	inflateEnd(&z);
	free(scratch);
}

struct buf gzip_pack(const uint8_t *p, size_t n, int level)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	if (!c)
		die("gzip", "libdeflate: cannot create a level %d compressor", level);
	size_t bound = libdeflate_deflate_compress_bound(c, n < PIECE ? n : PIECE);
	size_t npieces = n ? (n + PIECE - 1) / PIECE : 1;
	struct buf b;
	b.p = xmalloc(10 + npieces * (bound + 5) + 8);
	memcpy(b.p, "\x1f\x8b\x08\0\0\0\0\0\0\xff", 10); /* gzip, deflate, no name, no time */
	struct bits out = { b.p + 10, 0 };
	uint8_t *tmp = xmalloc(bound);
	char what[64];
	snprintf(what, sizeof what, "recompressing the kernel (gzip level %d)", level);
	progress_start(what, n);
	size_t off = 0;
	do {
		size_t len = n - off < PIECE ? n - off : PIECE;
		size_t got = libdeflate_deflate_compress(c, p + off, len, tmp, bound);
		if (!got)
			die("gzip", "libdeflate: compression of %zu bytes failed", len);
		uint64_t last, end;
		stream_bounds(tmp, got, len, &last, &end);
		off += len;
		if (off < n) /* not the final block of the whole member */
			tmp[last / 8] &= (uint8_t)~(1u << (last & 7));
		bits_append(&out, tmp, end, off < n);
		progress_step(off);
	} while (off < n);
	progress_done();
	b.n = 10 + (size_t)((out.n + 7) / 8);
	uint32_t crc = lb_crc32(p, n), isize = (uint32_t)n;
	for (int i = 0; i < 4; i++) {
		b.p[b.n + i] = (uint8_t)(crc >> 8 * i);
		b.p[b.n + 4 + i] = (uint8_t)(isize >> 8 * i);
	}
	b.n += 8;
	free(tmp);
	libdeflate_free_compressor(c);
	return b;
}
