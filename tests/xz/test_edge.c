/* test_edge.c: hand-made edge streams: empty, one byte, the largest dictionary, overlapping
 * matches, LZMA2 uncompressed and LZMA chunks, every CRC and check flipped (each with its own
 * result), truncation at every byte, the output one byte too small, padding, concatenation,
 * trailing bytes, unsupported filters and checks, bad chains, .lzma header cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "txz.h"
#include "inflate.h"

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* Where the parts of a one-block stream from ref_xz are (block header at 12). */
struct layout { size_t hsize, index, footer, check_at, check_len; };
static struct layout layout_of(const uint8_t *z, size_t zlen)
{
	struct layout l;
	static const size_t check_len[16] = { 0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64 };

	l.hsize = (z[12] + 1) * 4;
	l.footer = zlen - 12;
	l.index = l.footer - (le32(z + l.footer + 4) + 1) * 4;
	l.check_len = check_len[z[7] & 15];
	l.check_at = l.index - l.check_len;
	return l;
}

static enum xz_result dec(const uint8_t *z, size_t zlen, uint8_t *out, size_t cap, size_t *olen)
{
	size_t used;
	return ours_xz(z, zlen, &used, out, cap, olen);
}

#define EXPECT(z, zlen, want, what) do { \
	size_t o_; uint8_t *b_ = malloc(cap + 1); enum xz_result r_ = dec(z, zlen, b_, cap, &o_); \
	CHECK(r_ == (want), "%s: got %s, want %s", what, xz_strerror(r_), xz_strerror(want)); \
	free(b_); } while (0)

static void flips(void)
{
	static const lzma_check checks[] = { LZMA_CHECK_NONE, LZMA_CHECK_CRC32, LZMA_CHECK_CRC64,
					     LZMA_CHECK_SHA256 };
	size_t n = 5000, zlen, cap = n;
	uint8_t *raw = malloc(n);

	gen_fill(GEN_TEXT, raw, n, 7);
	for (size_t c = 0; c < 4; c++) {
		uint8_t *z = ref_xz(raw, n, &zlen, 1, checks[c], NULL, 0, -1);
		struct layout l = layout_of(z, zlen);
		EXPECT(z, zlen, XZ_OK, "unmodified");
		for (size_t k = 0; k < l.check_len; k++) {
			z[l.check_at + k] ^= 0x10;
			EXPECT(z, zlen, XZ_ERR_CHECK, "check flipped");
			z[l.check_at + k] ^= 0x10;
		}
		z[8] ^= 1;
		EXPECT(z, zlen, XZ_ERR_HEADER_CRC, "stream header crc32 flipped");
		z[8] ^= 1;
		z[12 + l.hsize - 2] ^= 1;
		EXPECT(z, zlen, XZ_ERR_BLOCK_HEADER_CRC, "block header crc32 flipped");
		z[12 + l.hsize - 2] ^= 1;
		z[l.footer - 1] ^= 1;
		EXPECT(z, zlen, XZ_ERR_INDEX_CRC, "index crc32 flipped");
		z[l.footer - 1] ^= 1;
		z[l.footer] ^= 1;
		EXPECT(z, zlen, XZ_ERR_FOOTER_CRC, "footer crc32 flipped");
		z[l.footer] ^= 1;
		z[zlen - 1] ^= 1;
		EXPECT(z, zlen, XZ_ERR_FOOTER_MAGIC, "footer magic flipped");
		z[zlen - 1] ^= 1;
		z[0] ^= 1;
		EXPECT(z, zlen, XZ_ERR_XZ_MAGIC, "magic flipped");
		z[0] ^= 1;
		/* index record's uncompressed size + 1 (CRC fixed): the index no longer matches */
		{
			size_t at = l.index + 2; /* indicator, count, unpadded size VLI, then usize */
			while (z[at] & 0x80)
				at++;
			at++;
			z[at]++;
			fix_crc32(z, l.index, l.footer - 4 - l.index);
			EXPECT(z, zlen, XZ_ERR_INDEX, "index record changed");
		}
		free(z);
	}
	/* footer flags differ from the header's (CRC fixed) */
	{
		uint8_t *z = ref_xz(raw, n, &zlen, 1, LZMA_CHECK_CRC32, NULL, 0, -1);
		z[zlen - 3] = LZMA_CHECK_CRC64;
		{
			uint32_t c = crc32_update(0, z + zlen - 8, 6);
			for (int i = 0; i < 4; i++)
				z[zlen - 12 + i] = (uint8_t)(c >> (8 * i));
		}
		EXPECT(z, zlen, XZ_ERR_FOOTER_FLAGS, "footer flags differ");
		/* a reserved check ID in both (CRCs fixed): refused, unlike liblzma which skips it */
		z[7] = 2;
		fix_crc32(z, 6, 2);
		EXPECT(z, zlen, XZ_ERR_CHECK_UNSUPPORTED, "reserved check id");
		z[7] = 0x11;
		fix_crc32(z, 6, 2);
		EXPECT(z, zlen, XZ_ERR_STREAM_FLAGS, "reserved stream flag bit");
		free(z);
	}
	free(raw);
}

/* Rewrite the block header of a one-filter stream (12 bytes at 12) as `h` (8 bytes before the
 * CRC32), fixing its CRC. */
static void set_block_header(uint8_t *z, const uint8_t h[8])
{
	memcpy(z + 12, h, 8);
	fix_crc32(z, 12, 8);
}

static void headers(void)
{
	size_t n = 3000, zlen, cap = n;
	uint8_t *raw = malloc(n), *z;

	gen_fill(GEN_BINARY, raw, n, 3);
	z = ref_xz(raw, n, &zlen, 1, LZMA_CHECK_CRC64, NULL, 0, -1);
	CHECK(z[12] == 2 && z[13] == 0 && z[14] == 0x21 && z[15] == 1, "one-filter header at 12");
	{ uint8_t h[8] = { 2, 0, 0x21, 1, 40, 0, 0, 0 }; /* the largest dictionary: 4 GiB - 1 */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_OK, "dictionary 4 GiB - 1"); }
	{ uint8_t h[8] = { 2, 0, 0x21, 1, 41, 0, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_PROPS, "dictionary byte 41"); }
	{ uint8_t h[8] = { 2, 0, 0x21, 1, 0x40 | 16, 0, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_PROPS, "dictionary reserved bit"); }
	{ uint8_t h[8] = { 2, 0, 0x21, 2, 16, 0, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_PROPS, "lzma2 props size 2"); }
	{ uint8_t h[8] = { 2, 1, 0x0B, 0, 0x21, 1, 16, 0 }; /* RISC-V BCJ before LZMA2 */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_UNSUPPORTED, "risc-v filter");
	  CHECK_EQ(xz_failed_filter(txz_work()), 0x0B); }
	{ uint8_t h[8] = { 2, 1, 0x21, 1, 16, 0x04, 0, 0 }; /* LZMA2 then x86 */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_CHAIN, "lzma2 not last"); }
	{ uint8_t h[8] = { 2, 0, 0x04, 0, 0, 0, 0, 0 }; /* x86 alone */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_CHAIN, "x86 last"); }
	{ uint8_t h[8] = { 2, 1, 0x04, 1, 0, 0x21, 1, 16 }; /* x86 with 1 props byte */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_FILTER_PROPS, "x86 props size 1"); }
	{ uint8_t h[8] = { 2, 0x04, 0x21, 1, 16, 0, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_BLOCK_FLAGS, "block flags reserved bit"); }
	{ uint8_t h[8] = { 2, 0, 0x21, 1, 16, 0, 1, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_BLOCK_HEADER_PADDING, "header padding"); }
	{ uint8_t h[8] = { 2, 0x40, 0x80, 0x00, 0x21, 1, 16, 0 }; /* non-minimal VLI 80 00 */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_VLI, "non-minimal vli"); }
	{ uint8_t h[8] = { 2, 0x40, 0x00, 0x21, 1, 16, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_COMPRESSED_SIZE, "compressed size 0"); }
	{ uint8_t h[8] = { 2, 0x40, 0x05, 0x21, 1, 16, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_COMPRESSED_SIZE, "compressed size 5"); }
	{ uint8_t h[8] = { 2, 0x80, 0x05, 0x21, 1, 16, 0, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_UNCOMPRESSED_SIZE, "uncompressed size 5"); }
	{ uint8_t h[8] = { 2, 0x80, 0xB8, 0x17, 0x21, 1, 16, 0 }; /* 3000 exactly */
	  set_block_header(z, h); EXPECT(z, zlen, XZ_OK, "uncompressed size 3000"); }
	{ uint8_t h[8] = { 2, 0x80, 0xB9, 0x17, 0x21, 1, 16, 0 };
	  set_block_header(z, h); EXPECT(z, zlen, XZ_ERR_UNCOMPRESSED_SIZE, "uncompressed size 3001"); }
	free(z);
	/* LZMA2 control bytes (first chunk at 24) */
	z = ref_xz(raw, n, &zlen, 1, LZMA_CHECK_NONE, NULL, 0, -1);
	CHECK(z[24] == 0xE0, "first chunk resets all: 0x%02x", z[24]);
	z[24] = 0x03; EXPECT(z, zlen, XZ_ERR_LZMA2_CONTROL, "control 0x03");
	z[24] = 0xC0; EXPECT(z, zlen, XZ_ERR_LZMA2_DICT_RESET, "first chunk without dict reset");
	z[24] = 0x02; EXPECT(z, zlen, XZ_ERR_LZMA2_DICT_RESET, "first chunk uncompressed, no reset");
	z[24] = 0xE0; z[29] = 225; EXPECT(z, zlen, XZ_ERR_LZMA_PROPS, "props 225");
	z[29] = 0x4 * 9 + 1; EXPECT(z, zlen, XZ_ERR_LZMA_PROPS, "lc 1 lp 4... lc+lp 5");
	free(z);
	free(raw);
}

static void chunks_and_buffers(void)
{
	size_t n = 400000, zlen, cap, olen, used;
	uint8_t *raw = malloc(n), *z, *out = malloc(n + 8);

	/* random then text: uncompressed chunks (control 1 first), then LZMA chunks */
	gen_fill(GEN_RANDOM, raw, n / 2, 1);
	gen_fill(GEN_TEXT, raw + n / 2, n / 2, 2);
	z = ref_xz(raw, n, &zlen, 6, LZMA_CHECK_CRC32, NULL, 0, -1);
	CHECK(z[24] == 0x01, "first chunk uncompressed with dict reset: 0x%02x", z[24]);
	CHECK(ours_xz(z, zlen, &used, out, n, &olen) == XZ_OK && olen == n && !memcmp(out, raw, n),
	      "uncompressed + lzma chunks");
	CHECK_EQ(ours_xz(z, zlen, &used, out, n - 1, &olen), XZ_ERR_OUTPUT_FULL);
	CHECK_EQ(olen, n - 1);
	CHECK(!memcmp(out, raw, n - 1), "output up to the full buffer is right");
	CHECK_EQ(ours_xz(z, zlen, &used, out, 100000, &olen), XZ_ERR_OUTPUT_FULL);
	CHECK_EQ(ours_xz(z, zlen, &used, out, 0, &olen), XZ_ERR_OUTPUT_FULL);
	free(z);
	/* overlapping matches: distance 1 runs and distance 3 */
	for (size_t i = 0; i < n; i++)
		raw[i] = i < n / 2 ? 'a' : "xyz"[i % 3];
	z = ref_xz(raw, n, &zlen, 9, LZMA_CHECK_CRC64, NULL, 0, -1);
	CHECK(ours_xz(z, zlen, &used, out, n, &olen) == XZ_OK && olen == n && !memcmp(out, raw, n),
	      "overlapping matches");
	CHECK_EQ(ours_xz(z, zlen, &used, out, n - 1, &olen), XZ_ERR_OUTPUT_FULL);
	free(z);
	/* .lzma: one byte short of the output, unknown and known size */
	gen_fill(GEN_BINARY, raw, n, 5);
	z = ref_lzma(raw, n, &zlen, 6, -1);
	CHECK(ours_lzma(z, zlen, &used, out, n, &olen) == XZ_OK && olen == n && used == zlen &&
	      !memcmp(out, raw, n), ".lzma");
	CHECK_EQ(ours_lzma(z, zlen, &used, out, n - 1, &olen), XZ_ERR_OUTPUT_FULL);
	z[13] = 1;
	CHECK_EQ(ours_lzma(z, zlen, &used, out, n, &olen), XZ_ERR_LZMA_RC_INIT);
	z[13] = 0;
	z[0] = 13; /* lc 4 lp 1 */
	CHECK_EQ(ours_lzma(z, zlen, &used, out, n, &olen), XZ_ERR_LZMA_PROPS);
	z[0] = 0x5D;
	z[1] = z[2] = z[3] = z[4] = 0xFF; /* dictionary 4 GiB - 1 */
	CHECK_EQ(ours_lzma(z, zlen, &used, out, n, &olen), XZ_OK);
	for (int i = 0; i < 8; i++) /* known size one short of the data: a symbol after it */
		z[5 + i] = (uint8_t)((uint64_t)(n - 1) >> (8 * i));
	CHECK(ours_lzma(z, zlen, &used, out, n, &olen) != XZ_OK, "known size too small");
	free(z);
	z = ref_lzma_sized(raw, n, &zlen, 6);
	CHECK_EQ(ours_lzma(z, zlen, &used, out, n - 1, &olen), XZ_ERR_OUTPUT_FULL);
	cap = n;
	CHECK_EQ(ours_lzma(z, zlen, &used, out, cap, &olen), XZ_OK);
	free(z);
	free(out);
	free(raw);
}

/* Every prefix of a small stream fails cleanly (the input copied to an exact-size buffer). */
static void truncation(void)
{
	size_t n = 2000, zlen, olen, used;
	uint8_t *raw = malloc(n), *out = malloc(n + 8);
	lzma_filter x86 = { LZMA_FILTER_X86, NULL };
	int bad = 0;

	gen_fill(GEN_MIXED, raw, n, 9);
	for (int kind = 0; kind < 4; kind++) {
		uint8_t *z = kind == 0 ? ref_xz(raw, n, &zlen, 1, LZMA_CHECK_SHA256, NULL, 0, -1)
			   : kind == 1 ? ref_xz(raw, n, &zlen, 6, LZMA_CHECK_CRC32, &x86, 1, -1)
			   : kind == 2 ? ref_lzma(raw, n, &zlen, 6, -1)
				       : ref_lzma_sized(raw, n, &zlen, 6);
		for (size_t k = 0; k < zlen; k++) {
			enum xz_result r = kind < 2 ? ours_xz(z, k, &used, out, n, &olen)
						    : ours_lzma(z, k, &used, out, n, &olen);
			if (r == XZ_OK || olen > n)
				bad++;
		}
		free(z);
	}
	CHECK(bad == 0, "%d truncated streams decoded", bad);
	free(raw);
	free(out);
}

static void containers(void)
{
	size_t n = 1000, zlen, olen, used, cap = 3 * n;
	uint8_t *raw = malloc(n), *z, *two, *out = malloc(3 * n);

	/* empty input, empty content, one byte */
	CHECK_EQ(ours_xz((const uint8_t *)"", 0, &used, out, cap, &olen), XZ_ERR_TRUNCATED);
	CHECK_EQ(ours_lzma((const uint8_t *)"", 0, &used, out, cap, &olen), XZ_ERR_TRUNCATED);
	raw[0] = 'q';
	z = ref_xz(raw, 0, &zlen, 6, LZMA_CHECK_CRC64, NULL, 0, -1);
	CHECK(ours_xz(z, zlen, &used, out, 0, &olen) == XZ_OK && olen == 0, "empty content");
	free(z);
	z = ref_xz(raw, 1, &zlen, 6, LZMA_CHECK_CRC64, NULL, 0, -1);
	CHECK(ours_xz(z, zlen, &used, out, 1, &olen) == XZ_OK && olen == 1 && out[0] == 'q', "one byte");
	CHECK_EQ(ours_xz(z, zlen, &used, out, 0, &olen), XZ_ERR_OUTPUT_FULL);
	free(z);
	z = ref_lzma(raw, 1, &zlen, 6, -1);
	CHECK(ours_lzma(z, zlen, &used, out, 1, &olen) == XZ_OK && olen == 1 && out[0] == 'q', ".lzma one byte");
	free(z);
	z = ref_lzma(raw, 0, &zlen, 6, -1);
	CHECK(ours_lzma(z, zlen, &used, out, 0, &olen) == XZ_OK && olen == 0, ".lzma empty");
	free(z);
	/* two streams with padding between and after; odd padding; garbage; trailing size */
	gen_fill(GEN_TEXT, raw, n, 4);
	z = ref_xz(raw, n, &zlen, 1, LZMA_CHECK_CRC32, NULL, 0, -1);
	two = calloc(1, 2 * zlen + 16);
	memcpy(two, z, zlen);
	memcpy(two + zlen + 8, z, zlen);
	CHECK(ours_xz(two, 2 * zlen + 8, &used, out, cap, &olen) == XZ_OK && olen == 2 * n &&
	      !memcmp(out + n, raw, n), "two streams, 8 bytes of padding between");
	CHECK_EQ(ours_xz(two, 2 * zlen + 12, &used, out, cap, &olen), XZ_OK);
	CHECK_EQ(ours_xz(two, 2 * zlen + 10, &used, out, cap, &olen), XZ_ERR_STREAM_PADDING);
	CHECK_EQ(ours_xz(two, zlen + 3, &used, out, cap, &olen), XZ_ERR_STREAM_PADDING);
	CHECK_EQ(ours_xz(two, zlen + 8 + 3, &used, out, cap, &olen), XZ_ERR_TRUNCATED);
	CHECK_EQ(ours_xz(two, 2 * zlen + 8, &used, out, 2 * n - 1, &olen), XZ_ERR_OUTPUT_FULL);
	memcpy(two + zlen, "\x10\x20\x30\x40", 4); /* Linux's appended size */
	CHECK_EQ(ours_xz(two, zlen + 4, &used, out, cap, &olen), XZ_ERR_TRAILING_GARBAGE);
	CHECK(xz_decode_stream(two, zlen + 4, &used, out, cap, &olen, txz_work()) == XZ_OK &&
	      used == zlen && olen == n, "one stream, trailing size left to the caller");
	free(two);
	CHECK_EQ(xz_decode(z, zlen, &used, out, cap, &olen, (uint8_t *)txz_work() + 8),
		 XZ_ERR_BAD_ARGUMENT);
	free(z);
	/* every reason has its own text */
	for (int a = 0; a < XZ_RESULT_COUNT; a++) {
		CHECK(xz_strerror(a) != NULL && strcmp(xz_strerror(a), "unknown error"), "text %d", a);
		for (int b = 0; b < a; b++)
			CHECK(strcmp(xz_strerror(a), xz_strerror(b)), "%d and %d share a text", a, b);
	}
	CHECK(!strcmp(xz_strerror(XZ_RESULT_COUNT), "unknown error"), "out of range");
	free(raw);
	free(out);
}

static void hashes(void)
{
	static const uint8_t abc_sha[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad };
	static const size_t big[] = { 256, 257, 319, 320, 1000, 4109, 65543 };
	uint8_t d[32], buf[300], *large = malloc(70000);

	xz_sha256("abc", 3, d);
	CHECK(!memcmp(d, abc_sha, 32), "sha256(abc)");
	CHECK_EQ(xz_crc64(0, "123456789", 9), 0x995DC9BBDF1939FAull);
	gen_fill(GEN_RANDOM, buf, sizeof(buf), 11);
	for (size_t k = 0; k <= sizeof(buf); k += 7) {
		CHECK_EQ(xz_crc64(0, buf, k), lzma_crc64(buf, k, 0));
		CHECK_EQ(xz_crc64(xz_crc64(0, buf, k / 2), buf + k / 2, k - k / 2), lzma_crc64(buf, k, 0));
	}
	/* the PCLMULQDQ folds (256 bytes and more), from unaligned starts and chained */
	gen_fill(GEN_RANDOM, large, 70000, 12);
	for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
		for (size_t off = 0; off < 3; off++) {
			CHECK_EQ(xz_crc64(0, large + off, big[k]), lzma_crc64(large + off, big[k], 0));
			CHECK_EQ(xz_crc64(lzma_crc64(large, 300, 0), large + 300 + off, big[k]),
				 lzma_crc64(large + 300 + off, big[k], lzma_crc64(large, 300, 0)));
		}
	free(large);
}

void test_edge(void)
{
	flips();
	headers();
	chunks_and_buffers();
	truncation();
	containers();
	hashes();
}
