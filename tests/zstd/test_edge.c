/* test_edge.c: hand-made zstd streams: empty input, empty and one-byte frames, raw and RLE
 * blocks, the largest window, skippable frames, each malformed frame/block/section field with
 * its own result, checksum flips, truncation at every byte, and a short output buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tzstd.h"

/* A frame builder: header (FHD, window descriptor, FCS) then blocks. */
struct fb {
	uint8_t b[4096];
	size_t n;
};

static void put(struct fb *f, const void *p, size_t n) { memcpy(f->b + f->n, p, n); f->n += n; }
static void put8(struct fb *f, unsigned v) { f->b[f->n++] = (uint8_t)v; }
static void put24(struct fb *f, unsigned v) { put8(f, v); put8(f, v >> 8); put8(f, v >> 16); }
static void put32(struct fb *f, uint32_t v) { put24(f, v); put8(f, v >> 24); }

/* magic + FHD byte + optional window descriptor (wd >= 0) */
static void header(struct fb *f, unsigned fhd, int wd)
{
	f->n = 0;
	put32(f, 0xFD2FB528u);
	put8(f, fhd);
	if (wd >= 0)
		put8(f, (unsigned)wd);
}
static void block(struct fb *f, int last, unsigned type, unsigned size)
{
	put24(f, (unsigned)last | type << 1 | size << 3);
}

static enum zstd_result dec(const struct fb *f, size_t cap, size_t *ol)
{
	return tz_decode(f->b, f->n, cap, NULL, ol);
}

#define EXPECT(f, cap, want) do { size_t ol_; enum zstd_result r_ = dec(f, cap, &ol_); \
	CHECK(r_ == (want), "got %s, want %s", zstd_strerror(r_), zstd_strerror(want)); } while (0)

static void test_frames(void)
{
	struct fb f;
	uint8_t *o;
	size_t ol;
	enum zstd_result r;
	static const uint8_t abc[5] = "abcde";

	/* empty input, empty frame (single segment, FCS 0, one empty last raw block) */
	r = tz_decode(abc, 0, 10, NULL, &ol);
	CHECK(r == zstd_ERR_TRUNCATED, "empty input: %s", zstd_strerror(r));
	header(&f, 0x20, -1); put8(&f, 0); block(&f, 1, 0, 0);
	tz_check_roundtrip("empty frame", f.b, f.n, abc, 0);
	/* one byte, raw block, with checksum (XXH64("x") low 32 bits) */
	header(&f, 0x24, -1); put8(&f, 1); block(&f, 1, 0, 1); put8(&f, 'x');
	put32(&f, (uint32_t)zstd_xxh64("x", 1, 0));
	tz_check_roundtrip("one byte raw + checksum", f.b, f.n, (const uint8_t *)"x", 1);
	/* checksum flips: each bit of the checksum, and a content byte */
	{
		size_t i;
		int bad = 0;
		for (i = 0; i < 32; i++) {
			f.b[f.n - 4 + i / 8] ^= (uint8_t)(1 << (i % 8));
			bad += dec(&f, 10, &ol) != zstd_ERR_CHECKSUM;
			f.b[f.n - 4 + i / 8] ^= (uint8_t)(1 << (i % 8));
		}
		CHECK(bad == 0, "%d checksum bit flips not reported as checksum mismatch", bad);
		f.b[f.n - 5] ^= 1;
		EXPECT(&f, 10, zstd_ERR_CHECKSUM);
		f.b[f.n - 5] ^= 1;
	}
	/* RLE block of 100000 bytes, window descriptor (1 MiB), no FCS */
	header(&f, 0x00, 10 << 3); block(&f, 1, 1, 100000); put8(&f, 'z');
	o = malloc(100000);
	memset(o, 'z', 100000);
	tz_check_roundtrip("rle block", f.b, f.n, o, 100000);
	free(o);
	/* raw + RLE + raw, not last / last */
	header(&f, 0x00, 0); block(&f, 0, 0, 3); put(&f, "abc", 3);
	block(&f, 0, 1, 2); put8(&f, 'd'); block(&f, 1, 0, 0);
	tz_check_roundtrip("raw rle empty-raw", f.b, f.n, (const uint8_t *)"abcdd", 5);
	/* the largest window (2^31 + 7/8): accepted; one step more is refused */
	header(&f, 0x00, (31 - 10) << 3 | 7); block(&f, 1, 0, 2); put(&f, "hi", 2);
	tz_check_roundtrip("window 2^31 * 15/8", f.b, f.n, (const uint8_t *)"hi", 2);
	header(&f, 0x00, (32 - 10) << 3); block(&f, 1, 0, 2); put(&f, "hi", 2);
	EXPECT(&f, 10, zstd_ERR_WINDOW_TOO_LARGE);
	/* 2-byte FCS is + 256; 8-byte FCS */
	header(&f, 0x40, 0); put8(&f, 0); put8(&f, 0); block(&f, 1, 1, 256); put8(&f, 'q');
	o = malloc(256); memset(o, 'q', 256);
	tz_check_roundtrip("fcs 2 bytes", f.b, f.n, o, 256);
	free(o);
	header(&f, 0xC0, 0); put32(&f, 3); put32(&f, 0); block(&f, 1, 0, 3); put(&f, "abc", 3);
	tz_check_roundtrip("fcs 8 bytes", f.b, f.n, (const uint8_t *)"abc", 3);
	/* malformed frame fields, each with its own result */
	header(&f, 0x20, -1); put8(&f, 4); block(&f, 1, 0, 3); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_CONTENT_SIZE);
	header(&f, 0x28, -1); put8(&f, 3); block(&f, 1, 0, 3); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_FRAME_RESERVED);
	header(&f, 0x21, -1); put8(&f, 7); put8(&f, 3); block(&f, 1, 0, 3); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_DICTIONARY);
	header(&f, 0x20, -1); put8(&f, 3); block(&f, 1, 3, 3); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_BLOCK_TYPE);
	header(&f, 0x00, 10 << 3); block(&f, 1, 1, 128 * 1024 + 1); put8(&f, 1);
	EXPECT(&f, 200000, zstd_ERR_BLOCK_SIZE);
	header(&f, 0x00, 10 << 3); block(&f, 1, 0, 128 * 1024 + 1);
	EXPECT(&f, 200000, zstd_ERR_BLOCK_SIZE);
	/* a raw block of 3 bytes in a frame whose single-segment window is 2 bytes */
	header(&f, 0x20, -1); put8(&f, 2); block(&f, 1, 0, 3); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_BLOCK_SIZE);
	/* magic, trailing bytes, skippable frames */
	header(&f, 0x20, -1); put8(&f, 3); block(&f, 1, 0, 3); put(&f, "abc", 3);
	f.b[0] ^= 1;
	EXPECT(&f, 10, zstd_ERR_MAGIC);
	f.b[0] ^= 1;
	put(&f, "\x28\xb5\x2f", 3);
	EXPECT(&f, 10, zstd_ERR_TRUNCATED);
	f.n -= 3;
	put(&f, "junkjunk", 8);
	EXPECT(&f, 10, zstd_ERR_MAGIC);
	f.n -= 8;
	put32(&f, 0x184D2A5F); put32(&f, 3); put(&f, "xyz", 3);
	tz_check_roundtrip("frame + skippable", f.b, f.n, (const uint8_t *)"abc", 3);
	f.n -= 1;
	EXPECT(&f, 10, zstd_ERR_SKIPPABLE_SIZE);
	f.n = 0; put32(&f, 0x184D2A50); put32(&f, 0);
	tz_check_roundtrip("only a skippable frame", f.b, f.n, abc, 0);
}

/* Compressed blocks made by hand: literals and sequences sections. */
static void test_sections(void)
{
	struct fb f;

	/* raw literals "abc", 0 sequences */
	header(&f, 0x00, 0); block(&f, 1, 2, 5); put8(&f, 3 << 3 | 0); put(&f, "abc", 3); put8(&f, 0);
	tz_check_roundtrip("compressed block, raw literals", f.b, f.n, (const uint8_t *)"abc", 3);
	/* RLE literals: 5 x 'r' */
	header(&f, 0x00, 0); block(&f, 1, 2, 3); put8(&f, 5 << 3 | 1); put8(&f, 'r'); put8(&f, 0);
	tz_check_roundtrip("compressed block, rle literals", f.b, f.n, (const uint8_t *)"rrrrr", 5);
	/* errors of the sections */
	header(&f, 0x00, 0); block(&f, 1, 2, 1); put8(&f, 0);
	EXPECT(&f, 10, zstd_ERR_BLOCK_SHORT);
	header(&f, 0x00, 0); block(&f, 1, 2, 4); put8(&f, 5 << 3 | 0); put(&f, "abc", 3);
	EXPECT(&f, 10, zstd_ERR_LIT_SIZE);
	/* 0 sequences, then a stray byte */
	header(&f, 0x00, 0); block(&f, 1, 2, 6); put8(&f, 3 << 3); put(&f, "abc", 3); put8(&f, 0); put8(&f, 0);
	EXPECT(&f, 10, zstd_ERR_SEQ_NO_SEQUENCES_SIZE);
	/* treeless literals with no table in the frame */
	header(&f, 0x00, 0); block(&f, 1, 2, 6); put8(&f, 3 | 0 << 2 | (8 << 4)); put8(&f, 2 << 6 & 0xFF); put8(&f, 0);
	put(&f, "\x01\x80", 2); put8(&f, 0);
	EXPECT(&f, 20, zstd_ERR_TREELESS_NO_TABLE);
	/* 4 streams for 5 literals: size format 01, Regenerated_Size 5 */
	header(&f, 0x00, 0); block(&f, 1, 2, 12); put24(&f, 2 | 1 << 2 | 5 << 4 | 8 << 14);
	put(&f, "\x81\x10\x00\x00\x00\x00\x00\x00", 8); put8(&f, 0);
	EXPECT(&f, 20, zstd_ERR_LIT_4_STREAMS);
	/* sequences: repeat mode without a table; reserved bits; RLE symbol past the codes */
	header(&f, 0x00, 0); block(&f, 1, 2, 5); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0xFC); put8(&f, 1); put8(&f, 1);
	EXPECT(&f, 20, zstd_ERR_SEQ_REPEAT_NO_TABLE);
	header(&f, 0x00, 0); block(&f, 1, 2, 4); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x01); put8(&f, 1);
	EXPECT(&f, 20, zstd_ERR_SEQ_RESERVED);
	header(&f, 0x00, 0); block(&f, 1, 2, 6); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x40); put8(&f, 36); put8(&f, 1); put8(&f, 1);
	EXPECT(&f, 20, zstd_ERR_SEQ_RLE_SYMBOL);
	/* FSE description with Accuracy_Log 10 for literal lengths (max 9) */
	header(&f, 0x00, 0); block(&f, 1, 2, 6); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x80); put8(&f, 5); put8(&f, 0); put8(&f, 1);
	EXPECT(&f, 20, zstd_ERR_FSE_ACCURACY_LOG);
	/* sequences with an empty bitstream; with padding byte 0 */
	header(&f, 0x00, 0); block(&f, 1, 2, 3); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x00);
	EXPECT(&f, 20, zstd_ERR_SEQ_STREAM_PADDING);
	header(&f, 0x00, 0); block(&f, 1, 2, 4); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x00); put8(&f, 0);
	EXPECT(&f, 20, zstd_ERR_SEQ_STREAM_PADDING);
	/* one sequence, all RLE codes: LL code 0, OF code 0 (repeat 1 with ll 0 -> rep[1] = 4),
	 * ML code 0 (3): offset 4 reaches before the frame's start */
	header(&f, 0x00, 0); block(&f, 1, 2, 7); put8(&f, 0 << 3); put8(&f, 1); put8(&f, 0x54);
	put8(&f, 0); put8(&f, 0); put8(&f, 0); put8(&f, 1);
	EXPECT(&f, 20, zstd_ERR_OFFSET_TOO_FAR);
	/* the same with 4 raw literals first: "abcd" + match at offset 4 ... ll 4 uses rep[0]=1 */
	header(&f, 0x00, 0); block(&f, 1, 2, 11); put8(&f, 4 << 3); put(&f, "abcd", 4); put8(&f, 1); put8(&f, 0x54);
	put8(&f, 4); put8(&f, 0); put8(&f, 0); put8(&f, 1);
	tz_check_roundtrip("hand-made sequence, offset 1 run", f.b, f.n, (const uint8_t *)"abcdddd", 7);
	/* the literal length (code 5) exceeds the 4 literals */
	f.b[f.n - 4] = 5;
	EXPECT(&f, 20, zstd_ERR_LITERALS_OVERRUN);
	/* a stream byte 0x03: one bit left over after the sequence */
	f.b[f.n - 4] = 4; f.b[f.n - 1] = 3;
	EXPECT(&f, 20, zstd_ERR_SEQ_TRAILING_BITS);
}

/* A libzstd stream cut at every length fails cleanly (ASan watches the exact-size copies). */
static void test_truncation(void)
{
	static uint8_t src[3000];
	size_t clen, i, ol;
	uint8_t *c;
	uint32_t seed = 5;
	int bad = 0;

	for (i = 0; i < sizeof src; i++) src[i] = (uint8_t)("hello, world "[i % 13] + (tz_rand(&seed) % 7 == 0));
	c = tz_compress(src, sizeof src, 19, 0, 0, 1, 1, &clen);
	for (i = 0; i < clen; i++)
		bad += tz_decode(c, i, sizeof src, NULL, &ol) == zstd_OK;
	CHECK(bad == 0, "%d truncations of %zu decoded as OK", bad, clen);
	free(c);
	c = tz_compress(src, sizeof src, 3, 0, 0, 0, 0, &clen);
	bad = 0;
	for (i = 0; i < clen; i++)
		bad += tz_decode(c, i, sizeof src, NULL, &ol) == zstd_OK;
	CHECK(bad == 0, "%d truncations of the streamed frame (%zu bytes) decoded as OK", bad, clen);
	free(c);
}

void test_edge(void)
{
	int r;

	for (r = 0; r < zstd_RESULT_COUNT; r++)
		CHECK(zstd_strerror((enum zstd_result)r) != NULL, "%d", r);
	CHECK(strcmp(zstd_strerror(zstd_ERR_DICTIONARY), "dictionary required") == 0, "dict");
	CHECK(zstd_xxh64("", 0, 0) == 0xEF46DB3751D8E999ull, "xxh64 of nothing");
	CHECK(zstd_xxh64("abc", 3, 0) == 0x44BC2CF5AD770999ull, "xxh64 of abc");
	test_frames();
	test_sections();
	test_truncation();
}
