/* test_lzo.c: host tests of lzo/ against liblzo2 and lzop's format: Adler-32 against lzo_adler32;
 * hand-made streams and files, one per rejection reason; overlapping matches of every short
 * distance and the farthest (49151); LZO1X-1, -1(15) and -999 streams of generated data decoded
 * by ours and lzo1x_decompress_safe; lzop files with every checksum choice; every prefix;
 * random byte changes; the output one byte short. Prints 'lzo: N passed, N failed' (run under
 * ASan + UBSan by make test-lzo). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzo/lzo1x.h>
#include "check.h"
#include "tlzo.h"
#include "lzo_internal.h"

int checks_passed, checks_failed;

static void test_adler(void)
{
	uint8_t d[20000];
	int bad = 0;

	sample(d, sizeof d, 2, 3);
	for (size_t n = 0; n < sizeof d; n += 1 + n / 3)
		if (adler32_update(1, d, n) != lzo_adler32(1, d, n))
			bad++;
	memset(d, 0xFF, sizeof d);
	if (adler32_update(1, d, sizeof d) != lzo_adler32(1, d, sizeof d))
		bad++;
	CHECK(bad == 0, "adler32 agrees with lzo_adler32: %d wrong", bad);
}

/* A raw stream: ours gives want; liblzo2 agrees on OK (same bytes) or refused. */
static void block(const char *name, const void *s, size_t n, size_t cap, enum lzo_result want)
{
	static uint8_t out[100000], ref[100000];
	size_t olen, rlen;
	enum lzo_result r = lzo_decode_block(s, n, out, cap, &olen);
	enum ref_kind k = ref_block(s, n, ref, cap, &rlen);

	CHECK(r == want, "block %s: got %s, want %s", name, lzo_strerror(r), lzo_strerror(want));
	CHECK((k == REF_OK) == (want == LZO_OK), "block %s: liblzo2 verdict %d", name, k);
	if (want == LZO_OK)
		CHECK(olen == rlen && !memcmp(out, ref, olen), "block %s: %zu bytes, liblzo2 %zu", name, olen, rlen);
}

#define BLOCK(name, lit, want) block(name, lit, sizeof lit - 1, 1000, want)

static void test_blocks(void)
{
	BLOCK("end marker only", "\x11\x00\x00", LZO_OK);
	BLOCK("empty", "", LZO_ERR_INPUT_END);
	BLOCK("one literal", "\x12" "a\x11\x00\x00", LZO_OK);
	BLOCK("end marker with extra length", "\x10\x00\x05\x00\x00", LZO_OK);
	BLOCK("literals cut short", "\x15" "ab", LZO_ERR_INPUT_END);
	BLOCK("no end marker", "\x12" "a", LZO_ERR_INPUT_END);
	BLOCK("end marker cut short", "\x12" "a\x11\x00", LZO_ERR_INPUT_END);
	BLOCK("distance 2 after 1 byte", "\x12" "a\x44\x00\x11\x00\x00", LZO_ERR_LOOKBEHIND);
	BLOCK("M2 distance 1", "\x12" "a\x40\x00\x11\x00\x00", LZO_OK);
	BLOCK("bytes after the end marker", "\x11\x00\x00\x00", LZO_ERR_NOT_CONSUMED);
	BLOCK("literal run", "\x00\x01" "0123456789abcdefghi\x11\x00\x00", LZO_OK);
	BLOCK("M1 at the start", "\x01\x00\x11\x00\x00", LZO_ERR_INPUT_END); /* a 4-literal run cut */
	block("4 literals into 3", "\x15" "abcd\x11\x00\x00", 8, 3, LZO_ERR_OUTPUT_FULL);
	block("4 literals into 4", "\x15" "abcd\x11\x00\x00", 8, 4, LZO_OK);
}

static size_t put_len(uint8_t *b, size_t o, size_t extra)
{
	for (; extra > 255; extra -= 255)
		b[o++] = 0;
	b[o++] = (uint8_t)extra;
	return o;
}

/* Distances 1..40 with M3 lengths across the copy steps; distance 49151 by M4. */
static void test_overlaps(void)
{
	static const size_t lens[] = { 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 64, 300, 5000, 40000 };
	static uint8_t s[120000], want[120000], out[120000], ref[120000];
	int bad = 0, n = 0;

	for (size_t dist = 1; dist <= 41; dist++) {
		for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
			size_t len = lens[li], o = 0, w = 0, olen, rlen;
			if (dist == 41) /* the farthest distance instead */
				dist = 49151;
			s[o++] = (uint8_t)(dist <= 238 ? 17 + dist : 0);
			if (dist > 238)
				o = put_len(s, o, dist - 3 - 15);
			for (size_t i = 0; i < dist; i++)
				want[w++] = s[o++] = (uint8_t)(i * 29 + dist);
			if (dist <= 16384) { /* M3: 2 + L, distance 1 + D */
				s[o++] = (uint8_t)(len - 2 <= 31 ? 32 | (len - 2) : 32);
				if (len - 2 > 31)
					o = put_len(s, o, len - 2 - 31);
				s[o++] = (uint8_t)((dist - 1) << 2), s[o++] = (uint8_t)((dist - 1) >> 6);
			} else { /* M4 with bit 3: 16384 + 16384 + D */
				size_t d = dist - 32768;
				s[o++] = (uint8_t)(len - 2 <= 7 ? 24 | (len - 2) : 24);
				if (len - 2 > 7)
					o = put_len(s, o, len - 2 - 7);
				s[o++] = (uint8_t)(d << 2), s[o++] = (uint8_t)(d >> 6);
			}
			for (size_t i = 0; i < len; i++, w++)
				want[w] = want[w - dist];
			memcpy(s + o, "\x11\x00\x00", 3), o += 3;
			enum lzo_result r = lzo_decode_block(s, o, out, sizeof out, &olen);
			enum ref_kind k = ref_block(s, o, ref, sizeof ref, &rlen);
			if (r != LZO_OK || olen != w || memcmp(out, want, w) || k != REF_OK || rlen != w ||
			    memcmp(ref, want, w))
				bad++;
			n++;
		}
	}
	CHECK(bad == 0, "overlapping and far matches: %d of %d wrong", bad, n);
}

/* Whole files: ours gives want; the lzop reading by liblzo2 agrees. */
static void file(const char *name, const uint8_t *in, size_t n, enum lzo_result want)
{
	static uint8_t out[1 << 21], ref[1 << 21];
	size_t olen, rlen;
	enum lzo_result r = lzo_decode(in, n, NULL, out, sizeof out, &olen, NULL);
	enum ref_kind k = ref_lzop(in, n, ref, sizeof ref, &rlen);

	CHECK(r == want, "%s: got %s, want %s", name, lzo_strerror(r), lzo_strerror(want));
	CHECK((k == REF_OK) == (want == LZO_OK), "%s: reference verdict %d", name, k);
	if (want == LZO_OK)
		CHECK(olen == rlen && !memcmp(out, ref, olen), "%s: %zu bytes, reference %zu", name, olen, rlen);
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* Rewrite the header checksum of an lzop file made by make_lzop (name "a.txt", version 0x1040). */
static void resum(uint8_t *f)
{
	size_t end = 9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 1 + 5;
	uint32_t flags = (uint32_t)f[17] << 24 | f[18] << 16 | f[19] << 8 | f[20];

	be32(f + end, flags & 0x1000 ? lzo_crc32(0, f + 9, end - 9) : lzo_adler32(1, f + 9, end - 9));
}

static void test_files(void)
{
	static uint8_t src[300000], f[700000], g[700000];
	size_t n;

	file("empty input", (const uint8_t *)"", 0, LZO_ERR_TRUNCATED);
	file("not lzop", (const uint8_t *)"hello, world", 12, LZO_ERR_MAGIC);
	file("magic cut short", (const uint8_t *)"\x89LZO", 4, LZO_ERR_TRUNCATED);
	sample(src, 1000, 0, 1);
	n = make_lzop(src, 1000, 3, 9, 1, 256 * 1024, f);
	file("lzop -9 of 1000 bytes", f, n, LZO_OK);
#define VARIANT(name, edit, want) do { memcpy(g, f, n); edit; file(name, g, n, want); } while (0)
	VARIANT("version 0x0800", (g[9] = 0x08, g[10] = 0, resum(g)), LZO_ERR_VERSION);
	VARIANT("version needed 0x2000", (g[13] = 0x20, g[14] = 0, resum(g)), LZO_ERR_VERSION_NEEDED);
	VARIANT("method 4", (g[15] = 4, resum(g)), LZO_ERR_METHOD);
	VARIANT("reserved flag", (g[19] |= 0x40, resum(g)), LZO_ERR_FLAGS_RESERVED);
	VARIANT("filter flag", (g[19] |= 0x08, resum(g)), LZO_ERR_FILTER);
	VARIANT("multipart flag", (g[19] |= 0x04, resum(g)), LZO_ERR_MULTIPART);
	VARIANT("extra field flag", (g[20] |= 0x40, resum(g)), LZO_ERR_EXTRA_FIELD);
	VARIANT("header checksum flipped", g[42] ^= 1, LZO_ERR_HEADER_CHECKSUM);
	VARIANT("block size 64 MiB + 1", be32(g + 43, (64u << 20) + 1), LZO_ERR_BLOCK_SIZE);
	VARIANT("split file", be32(g + 43, 0xFFFFFFFF), LZO_ERR_BLOCK_SIZE);
	VARIANT("compressed size 0", be32(g + 47, 0), LZO_ERR_COMPRESSED_SIZE);
	VARIANT("compressed size above the block", be32(g + 47, 1001), LZO_ERR_COMPRESSED_SIZE);
	VARIANT("data checksum flipped", g[54] ^= 1, LZO_ERR_CHECKSUM);
	VARIANT("block claims one byte more", be32(g + 43, 1001), LZO_ERR_BLOCK_LENGTH);
	VARIANT("block claims one byte less", be32(g + 43, 999), LZO_ERR_BLOCK_LENGTH);
	VARIANT("a byte after the end", (void)0, LZO_OK);
	memcpy(g, f, n), g[n] = 0;
	file("a byte after the end", g, n + 1, LZO_ERR_TRAILING_GARBAGE);
	n = make_lzop(src, 1000, 1, 1, 0x1000 | 0x100 | 0x200 | 2 | 1, 256 * 1024, f);
	file("every checksum, CRC-32 header", f, n, LZO_OK);
	VARIANT("compressed CRC-32 flipped", g[64] ^= 0x80, LZO_ERR_COMPRESSED_CHECKSUM);
	VARIANT("compressed Adler-32 flipped", g[60] ^= 0x80, LZO_ERR_COMPRESSED_CHECKSUM);
	VARIANT("data CRC-32 flipped", g[56] ^= 0x80, LZO_ERR_CHECKSUM);
	sample(src, 1000, 2, 1); /* random: a stored block */
	n = make_lzop(src, 1000, 1, 1, 0x100 | 0x200 | 2 | 1, 256 * 1024, f);
	file("stored block with every checksum", f, n, LZO_OK);
	{ /* every prefix is truncated, and the output one byte short is full */
		size_t olen;
		int bad = 0;
		sample(src, 3000, 0, 4);
		n = make_lzop(src, 3000, 3, 9, 0x100 | 2 | 1, 1024, f);
		for (size_t i = 0; i < n; i++)
			if (lzo_decode(f, i, NULL, g, sizeof g, &olen, NULL) !=
			    (i >= 1 && i < 9 && memcmp(f, "\x89LZO\0\r\n\x1a\n", i) ? LZO_ERR_MAGIC : LZO_ERR_TRUNCATED))
				bad++;
		CHECK(bad == 0, "every prefix of a %zu-byte lzop file truncated: %d not", n, bad);
		CHECK(lzo_decode(f, n, NULL, g, 2999, &olen, NULL) == LZO_ERR_OUTPUT_FULL,
		      "output one byte short");
	}
}

/* Generated data at every method: raw streams against lzo1x_decompress_safe, lzop files. */
static void test_diff(void)
{
	static const size_t sizes[] = { 0, 1, 3, 4, 20, 1000, 65536, 300000, 2u << 20 };
	static const struct { int method, level; } m[] = { { 1, 1 }, { 2, 1 }, { 3, 1 }, { 3, 9 } };
	size_t big = 2u << 20;
	uint8_t *src = malloc(big), *z = malloc(big + big / 16 + 1000), *out = malloc(big), *ref = malloc(big),
		*f = malloc(big + big / 8 + 4096);
	int bad = 0, cases = 0;

	for (int kind = 0; kind < SAMPLE_KINDS; kind++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
			for (size_t j = 0; j < sizeof m / sizeof m[0]; j++) {
				size_t n = sizes[i], zl, olen, rlen;
				if (n == big && (kind % 3 || m[j].method != 3))
					continue; /* time under ASan */
				sample(src, n, kind, (uint32_t)(i * 7 + kind));
				zl = ref_compress(src, n, m[j].method, m[j].level, z);
				enum lzo_result r = lzo_decode_block(z, zl, out, n, &olen);
				enum ref_kind k = ref_block(z, zl, ref, n, &rlen);
				int ok = r == LZO_OK && olen == n && !memcmp(out, src, n) && k == REF_OK;
				if (n)
					ok &= lzo_decode_block(z, zl, out, n - 1, &olen) == LZO_ERR_OUTPUT_FULL;
				size_t fl = make_lzop(src, n, m[j].method, m[j].level,
						      j & 1 ? 0x1000 | 0x100 | 0x200 : 1 | 2, 256 * 1024, f);
				ok &= lzo_decode(f, fl, NULL, out, n, &olen, NULL) == LZO_OK && olen == n &&
				      !memcmp(out, src, n);
				if (!ok && bad++ < 5)
					printf("%s %zu method %d level %d: %s\n", sample_names[kind], n,
					       m[j].method, m[j].level, lzo_strerror(r));
				cases++;
			}
	CHECK(bad == 0, "differential: %d of %d cases wrong", bad, cases);
	printf("ok %d streams of LZO1X-1, -1(15), -999 decode as liblzo2 decodes them\n", cases);
	/* random changes of valid streams and files: ours and liblzo2 agree */
	uint32_t seed = 99;
	int flips = 0, kept = 0;
	bad = 0;
	for (int t = 0; t < 3000; t++) {
		size_t n = 1 + rnd(&seed) % 20000, zl, olen, rlen;
		sample(src, n, (int)(rnd(&seed) % SAMPLE_KINDS), rnd(&seed));
		int file_mode = t & 1;
		zl = file_mode ? make_lzop(src, n, 1 + (int)(rnd(&seed) % 3), 9, rnd(&seed) & 0x1303, 4096, z)
			       : ref_compress(src, n, 1 + (int)(rnd(&seed) % 3), 9, z);
		for (unsigned c = 1 + rnd(&seed) % 3; c; c--)
			z[rnd(&seed) % zl] ^= (uint8_t)(1 + rnd(&seed) % 255);
		enum lzo_result r = file_mode ? lzo_decode(z, zl, NULL, out, big, &olen, NULL)
					      : lzo_decode_block(z, zl, out, big, &olen);
		enum ref_kind k = file_mode ? ref_lzop(z, zl, ref, big, &rlen) : ref_block(z, zl, ref, big, &rlen);
		if ((r == LZO_OK) != (k == REF_OK) || (r == LZO_OK && (olen != rlen || memcmp(out, ref, olen))))
			if (bad++ < 5)
				printf("change %d (%s): ours %s, reference %d\n", t, file_mode ? "file" : "raw",
				       lzo_strerror(r), k);
		kept += r == LZO_OK;
		flips++;
	}
	CHECK(bad == 0, "%d random changes: %d disagree with liblzo2", flips, bad);
	printf("ok %d random changes agree with liblzo2 (%d still decode)\n", flips, kept);
	free(src), free(z), free(out), free(ref), free(f);
}

static void test_strerror(void)
{
	int bad = 0;

	for (int i = 0; i < LZO_RESULT_COUNT; i++)
		for (int j = 0; j < i; j++)
			if (!strcmp(lzo_strerror(i), lzo_strerror(j)))
				bad++;
	CHECK(bad == 0 && lzo_strerror(LZO_RESULT_COUNT) != NULL, "every result has its own reason");
}

int main(void)
{
	test_adler();
	test_blocks();
	test_overlaps();
	test_files();
	test_diff();
	test_strerror();
	printf("lzo: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
