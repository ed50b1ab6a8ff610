/* test_edge.c: hand-made lz4 streams (host): one per rejection reason, each also given to liblz4
 * (which must refuse it too, or accept it where lz4.h says we are stricter); empty and one-byte
 * inputs, overlapping matches of every short offset, the largest offset, stored blocks, checksum
 * flips, the output buffer one byte short. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <xxhash.h>
#include "check.h"
#include "tlz4.h"

void test_edge(void);

/* A byte writer. */
struct bw {
	uint8_t b[300000];
	size_t n;
};
static void put(struct bw *w, const void *p, size_t n) { memcpy(w->b + w->n, p, n), w->n += n; }
static void put8(struct bw *w, unsigned v) { w->b[w->n++] = (uint8_t)v; }
static void put32(struct bw *w, uint32_t v) { for (int i = 0; i < 4; i++) put8(w, (v >> (8 * i)) & 0xFF); }

/* Magic, FLG, BD, the content size and dictionary ID when FLG has them, HC. */
static void header(struct bw *w, unsigned flg, unsigned bd, uint64_t csize)
{
	size_t start;

	put32(w, LZ4_MAGIC_FRAME);
	start = w->n;
	put8(w, flg), put8(w, bd);
	if (flg & 0x08)
		for (int i = 0; i < 8; i++)
			put8(w, (unsigned)(csize >> (8 * i)) & 0xFF);
	if (flg & 0x01)
		put32(w, 0x12345678);
	put8(w, (XXH32(w->b + start, w->n - start, 0) >> 8) & 0xFF);
}

/* Block level: ours gives want; liblz4 (capacity 1000) refuses unless want is OK or stricter. */
static void block(const char *name, const void *blk, size_t n, enum lz4_result want)
{
	uint8_t out[1000], ref[1000];
	size_t olen;
	enum lz4_result r = lz4_decode_block(blk, n, out, sizeof out, &olen);
	int d = LZ4_decompress_safe(blk, (char *)ref, (int)n, sizeof ref);

	CHECK(r == want, "block %s: got %s, want %s", name, lz4_strerror(r), lz4_strerror(want));
	if (want == LZ4_OK)
		CHECK(d == (int)olen && !memcmp(out, ref, olen), "block %s: liblz4 gave %d", name, d);
	else if (lz4_stricter(want))
		CHECK(d >= 0, "block %s: liblz4 refuses it too (%d): not stricter", name, d);
	else
		CHECK(d < 0, "block %s: liblz4 accepts it (%d)", name, d);
}

/* Whole input: ours gives want; liblz4 agrees on OK / truncated / refused. */
static void whole(const char *name, const uint8_t *in, size_t n, enum lz4_result want)
{
	static uint8_t out[1 << 20], ref[1 << 20];
	size_t olen, rlen;
	enum lz4_result r = lz4_decode(in, n, NULL, out, sizeof out, &olen, NULL);
	enum ref_kind k = ref_decode(in, n, ref, sizeof ref, &rlen);
	enum ref_kind kw = want == LZ4_OK || lz4_stricter(want) ? REF_OK :
			   want == LZ4_ERR_TRUNCATED ? REF_TRUNCATED : REF_ERROR;

	CHECK(r == want, "%s: got %s, want %s", name, lz4_strerror(r), lz4_strerror(want));
	CHECK(k == kw, "%s: liblz4 verdict %d, want %d", name, k, kw);
	if (want == LZ4_OK)
		CHECK(olen == rlen && !memcmp(out, ref, olen), "%s: %zu bytes, liblz4 %zu", name, olen, rlen);
}

#define BLOCK(name, lit, want) block(name, lit, sizeof lit - 1, want)

static void test_blocks(void)
{
	BLOCK("empty token", "\x00", LZ4_OK);
	BLOCK("one literal", "\x10" "a", LZ4_OK);
	BLOCK("literal length 15 without its byte", "\xF0", LZ4_ERR_LITERAL_LEN_END);
	BLOCK("literal length ending in 255", "\xF0\xFF", LZ4_ERR_LITERAL_LEN_END);
	BLOCK("literals past the end", "\x30" "ab", LZ4_ERR_LITERALS_END);
	BLOCK("one offset byte", "\x10" "a\x01", LZ4_ERR_OFFSET_END);
	BLOCK("match length 15 without its byte", "\x1F" "a\x01\x00", LZ4_ERR_MATCH_LEN_END);
	BLOCK("ends with a match", "\x50" "abcde\x01\x00", LZ4_ERR_NO_LAST_LITERALS);
	BLOCK("offset 0", "\x50" "abcde\x00\x00\x50" "vwxyz", LZ4_ERR_OFFSET_ZERO);
	BLOCK("offset before the start", "\x10" "a\x02\x00\x50" "vwxyz", LZ4_ERR_OFFSET_TOO_FAR);
	BLOCK("offset 65535 at the start", "\x0F\xFF\xFF\x50" "vwxyz", LZ4_ERR_OFFSET_TOO_FAR);
	BLOCK("4 last literals", "\x6F" "abcdef\x05\x00\x00\x40" "wxyz", LZ4_ERR_LAST_LITERALS);
	BLOCK("last match 9 bytes before the end", "\x10" "a\x01\x00\x50" "vwxyz", LZ4_ERR_LAST_MATCH);
	BLOCK("last token with a match length", "\x13" "a\x01\x00\x55" "vwxyz", LZ4_ERR_LAST_TOKEN);
	BLOCK("last match 12 bytes before the end", "\x13" "a\x01\x00\x50" "vwxyz", LZ4_OK);
	{ /* the last token's length byte takes ip past the fast loop's input slack (33 bytes
	   * left at the token): 100 literals, a match, then 31 literals */
		uint8_t b[140];
		size_t n = 0;
		b[n++] = 0xF0, b[n++] = 100 - 15;
		for (int i = 0; i < 100; i++)
			b[n++] = (uint8_t)(i * 7);
		b[n++] = 50, b[n++] = 0;
		b[n++] = 0xF0, b[n++] = 31 - 15;
		for (int i = 0; i < 31; i++)
			b[n++] = (uint8_t)i;
		block("last literals read past the fast loop's slack", b, n, LZ4_OK);
	}
	{ /* more output than the buffer: 1000 zeros need 1001 */
		uint8_t b[16] = { 0x1F, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xD3, 0x50, 'v', 'w', 'x', 'y', 'z' };
		block("1001 bytes into 1000", b, 14, LZ4_ERR_OUTPUT_FULL);
		b[7] = 0xD2; /* 1000 */
		block("1000 bytes into 1000", b, 14, LZ4_OK);
	}
}

/* Overlapping matches: every offset 1..40 with lengths across the copy loops' steps. */
static void test_overlaps(void)
{
	static const size_t lens[] = { 4, 5, 7, 8, 15, 16, 17, 18, 19, 31, 32, 33, 64, 270, 5000, 70000 };
	static struct bw w;
	static uint8_t want[80000], out[80000], ref[80000];
	int bad = 0, n = 0;

	for (size_t off = 1; off <= 40; off++) {
		for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
			size_t len = lens[li], o = 0, ml = len - 4, olen;
			w.n = 0;
			/* off literals, the match, 12 last literals */
			put8(&w, (off < 15 ? off : 15) << 4 | (ml < 15 ? ml : 15));
			if (off >= 15)
				put8(&w, off - 15);
			for (size_t i = 0; i < off; i++)
				want[o++] = (uint8_t)(i * 37 + off), put8(&w, want[o - 1]);
			put8(&w, off & 0xFF), put8(&w, off >> 8);
			if (ml >= 15) {
				size_t e = ml - 15;
				for (; e >= 255; e -= 255)
					put8(&w, 255);
				put8(&w, e);
			}
			for (size_t i = 0; i < len; i++, o++)
				want[o] = want[o - off];
			put8(&w, 0xC0);
			for (size_t i = 0; i < 12; i++)
				want[o++] = (uint8_t)i, put8(&w, i);
			enum lz4_result r = lz4_decode_block(w.b, w.n, out, sizeof out, &olen);
			int d = LZ4_decompress_safe((char *)w.b, (char *)ref, (int)w.n, sizeof ref);
			if (r != LZ4_OK || olen != o || memcmp(out, want, o) || d != (int)o || memcmp(ref, want, o))
				bad++;
			n++;
		}
	}
	CHECK(bad == 0, "overlapping matches: %d of %d wrong", bad, n);
}

static void test_frames(void)
{
	static struct bw w;
	static uint8_t data[140000];

	whole("empty input", (const uint8_t *)"", 0, LZ4_ERR_TRUNCATED);
	whole("one byte", (const uint8_t *)"\x04", 1, LZ4_ERR_TRUNCATED);
	whole("legacy magic alone", (const uint8_t *)"\x02\x21\x4c\x18", 4, LZ4_OK);
	whole("not lz4", (const uint8_t *)"abcdefgh", 8, LZ4_ERR_MAGIC);
	w.n = 0, header(&w, 0x40, 0x40, 0), put32(&w, 0);
	whole("empty frame", w.b, w.n, LZ4_OK);
	put(&w, "abcd", 4);
	whole("garbage after a frame", w.b, w.n, LZ4_ERR_TRAILING_GARBAGE);
	w.n -= 2;
	whole("2 bytes after a frame", w.b, w.n, LZ4_ERR_TRUNCATED);
	w.n = 0, header(&w, 0x80, 0x40, 0), put32(&w, 0);
	whole("FLG version 10", w.b, w.n, LZ4_ERR_VERSION);
	w.n = 0, header(&w, 0x42, 0x40, 0), put32(&w, 0);
	whole("FLG reserved bit", w.b, w.n, LZ4_ERR_FLG_RESERVED);
	w.n = 0, header(&w, 0x40, 0xC0, 0), put32(&w, 0);
	whole("BD bit 7", w.b, w.n, LZ4_ERR_BD_RESERVED);
	w.n = 0, header(&w, 0x40, 0x41, 0), put32(&w, 0);
	whole("BD bit 0", w.b, w.n, LZ4_ERR_BD_RESERVED);
	w.n = 0, header(&w, 0x40, 0x30, 0), put32(&w, 0);
	whole("BD block size ID 3", w.b, w.n, LZ4_ERR_BLOCK_MAX_ID);
	w.n = 0, header(&w, 0x40, 0x40, 0), put32(&w, 0), w.b[6] ^= 1;
	whole("header checksum flipped", w.b, w.n, LZ4_ERR_HEADER_CHECKSUM);
	w.n = 0, header(&w, 0x41, 0x40, 0), put32(&w, 0x80000005), put(&w, "hello", 5), put32(&w, 0);
	whole("dictionary ID, stored block", w.b, w.n, LZ4_OK);
	w.n = 0, header(&w, 0x40, 0x40, 0), put32(&w, 0x80000000), put32(&w, 0);
	whole("stored block of 0 bytes", w.b, w.n, LZ4_OK);
	w.n = 0, header(&w, 0x40, 0x40, 0), put32(&w, 0x80010001);
	memset(w.b + w.n, 'x', 65537), w.n += 65537, put32(&w, 0);
	whole("stored block over 64 KiB", w.b, w.n, LZ4_ERR_BLOCK_SIZE);
	w.n = 0, header(&w, 0x48, 0x40, 6), put32(&w, 0x80000005), put(&w, "hello", 5), put32(&w, 0);
	whole("content size 6 for 5 bytes", w.b, w.n, LZ4_ERR_CONTENT_SIZE);
	w.n = 0, header(&w, 0x48, 0x40, 0), put32(&w, 0x80000005), put(&w, "hello", 5), put32(&w, 0);
	whole("content size 0 (unknown)", w.b, w.n, LZ4_OK);
	w.n = 0, header(&w, 0x50, 0x40, 0), put32(&w, 0x80000005), put(&w, "hello", 5);
	put32(&w, XXH32("hello", 5, 0)), put32(&w, 0);
	whole("block checksum", w.b, w.n, LZ4_OK);
	w.b[w.n - 5] ^= 0x80;
	whole("block checksum flipped", w.b, w.n, LZ4_ERR_BLOCK_CHECKSUM);
	w.n = 0, header(&w, 0x44, 0x40, 0), put32(&w, 0x80000005), put(&w, "hello", 5), put32(&w, 0);
	put32(&w, XXH32("hello", 5, 0));
	whole("content checksum", w.b, w.n, LZ4_OK);
	w.b[w.n - 1] ^= 0x01;
	whole("content checksum flipped", w.b, w.n, LZ4_ERR_CONTENT_CHECKSUM);
	w.n = 0, put32(&w, LZ4_MAGIC_LEGACY), put32(&w, 0);
	whole("legacy block of size 0", w.b, w.n, LZ4_ERR_LEGACY_BLOCK_EMPTY);
	w.n = 0, put32(&w, LZ4_MAGIC_LEGACY), put32(&w, 0xFFFFFFF0);
	whole("legacy block size too large", w.b, w.n, LZ4_ERR_LEGACY_BLOCK_SIZE);
	w.n = 0, put32(&w, LZ4_MAGIC_LEGACY), put32(&w, 2), put(&w, "\x10" "a", 2);
	header(&w, 0x40, 0x40, 0), put32(&w, 0);
	whole("legacy frame, then a standard frame", w.b, w.n, LZ4_OK);
	w.n = 0, put32(&w, 0x184D2A5F), put32(&w, 3), put(&w, "abc", 3);
	whole("skippable frame", w.b, w.n, LZ4_OK);
	w.n -= 1;
	whole("skippable frame cut short", w.b, w.n, LZ4_ERR_TRUNCATED);
	/* a compressed block decoding to 64 KiB + 1 in a 64 KiB frame */
	w.n = 0, header(&w, 0x40, 0x40, 0);
	{
		uint8_t b[300] = { 0x1F, 0, 1, 0 };
		size_t n = 4, e = 65537 - 1 - 5 - 4 - 15;
		for (; e >= 255; e -= 255)
			b[n++] = 255;
		b[n++] = (uint8_t)e;
		memcpy(b + n, "\x50vwxyz", 6), n += 6;
		put32(&w, (uint32_t)n), put(&w, b, n), put32(&w, 0);
		whole("block of 64 KiB + 1", w.b, w.n, LZ4_ERR_BLOCK_OVERFLOW);
	}
	/* Linked blocks reach 65535 bytes back into the block before; independent ones do not. */
	for (int linked = 0; linked <= 1; linked++) {
		w.n = 0, header(&w, linked ? 0x40 : 0x60, 0x40, 0);
		sample(data, 65535, 2, 5);
		put32(&w, 0x80000000 | 65535), put(&w, data, 65535);
		/* block 2: a 65535-back match of 20 bytes, then 12 literals */
		put32(&w, 1 + 2 + 1 + 13), put(&w, "\x0F\xFF\xFF\x01\xC0", 5), put(&w, "0123456789ab", 12);
		put32(&w, 0);
		whole(linked ? "linked block, offset 65535 into the block before" :
			       "independent block, offset 65535 into the block before",
		      w.b, w.n, linked ? LZ4_OK : LZ4_ERR_OFFSET_TOO_FAR);
	}
}

static void test_strerror(void)
{
	int bad = 0;

	for (int i = 0; i < LZ4_RESULT_COUNT; i++)
		for (int j = 0; j < i; j++)
			if (!lz4_strerror(i) || !strcmp(lz4_strerror(i), lz4_strerror(j)))
				bad++;
	CHECK(bad == 0 && lz4_strerror(LZ4_RESULT_COUNT) != NULL, "every result has its own reason");
}

void test_edge(void)
{
	test_blocks();
	test_overlaps();
	test_frames();
	test_strerror();
}
