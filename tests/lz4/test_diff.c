/* test_diff.c: differential tests of lz4/ against liblz4 (host): generated data compressed by
 * liblz4's block compressors (fast, HC 9, HC 12) and frame compressor (block sizes, linked and
 * independent blocks, checksums, content size) and as legacy frames, decoded by ours and by
 * liblz4, compared byte for byte; frames back to back; every prefix; random byte flips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <lz4hc.h>
#include "check.h"
#include "tlz4.h"

void test_diff(void);

static const size_t sizes[] = { 0, 1, 5, 12, 13, 64, 1000, 65536, 65537, 300000, 3u << 20 };
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* Block level: ours against LZ4_decompress_safe, with the exact capacity and with room. */
static void block_case(const uint8_t *src, size_t n, int level, const char *name)
{
	int bound = LZ4_compressBound((int)n);
	char *c = malloc((size_t)bound + 1);
	uint8_t *out = malloc(n + 1000), *ref = malloc(n + 1000);
	int clen = level == 1 ? LZ4_compress_default((const char *)src, c, (int)n, bound)
			      : LZ4_compress_HC((const char *)src, c, (int)n, bound, level);
	size_t olen;

	CHECK(clen > 0, "%s: compress", name);
	for (int room = 0; room <= 1; room++) {
		size_t cap = n + (room ? 1000 : 0);
		enum lz4_result r = lz4_decode_block((uint8_t *)c, (size_t)clen, out, cap, &olen);
		int d = LZ4_decompress_safe(c, (char *)ref, clen, (int)cap);

		CHECK(r == LZ4_OK && olen == n && !memcmp(out, src, n), "%s level %d cap %zu: %s, %zu bytes",
		      name, level, cap, lz4_strerror(r), olen);
		CHECK(d == (int)n && !memcmp(ref, src, n), "%s: reference gave %d", name, d);
		if (n) {
			r = lz4_decode_block((uint8_t *)c, (size_t)clen, out, n - 1, &olen);
			CHECK(r == LZ4_ERR_OUTPUT_FULL, "%s level %d one byte short: %s", name, level,
			      lz4_strerror(r));
		}
	}
	free(c), free(out), free(ref);
}

/* A whole input: ours and the reference give the same verdict and bytes, and they are want. */
static void whole_case(const uint8_t *z, size_t zlen, const uint8_t *want, size_t n, const char *name)
{
	uint8_t *out = malloc(n + 64), *ref = malloc(n + 64);
	size_t olen = 0, rlen = 0, used = 0;
	enum lz4_result r = lz4_decode(z, zlen, &used, out, n, &olen, NULL);
	enum ref_kind k = ref_decode(z, zlen, ref, n, &rlen);

	CHECK(r == LZ4_OK && olen == n && used == zlen && !memcmp(out, want, n),
	      "%s: %s, %zu of %zu bytes", name, lz4_strerror(r), olen, n);
	CHECK(k == REF_OK && rlen == n && !memcmp(ref, want, n), "%s: reference %d, %zu bytes", name,
	      k, rlen);
	if (n) {
		r = lz4_decode(z, zlen, NULL, out, n - 1, &olen, NULL);
		CHECK(r == LZ4_ERR_OUTPUT_FULL, "%s: one byte short: %s", name, lz4_strerror(r));
	}
	free(out), free(ref);
}

static void frame_cases(const uint8_t *src, size_t n, const char *what)
{
	static const struct { int id, linked, bsum, csum, csize; } v[] = {
		{ 4, 0, 0, 1, 0 }, { 4, 1, 1, 1, 1 }, { 5, 1, 0, 0, 0 }, { 6, 0, 1, 0, 1 },
		{ 7, 1, 1, 1, 0 }, { 7, 0, 0, 0, 1 },
	};
	static const int levels[] = { 1, 9, 12 };
	size_t cap = LZ4F_compressFrameBound(n, NULL) + (n >> 4) + 4096;
	uint8_t *z = malloc(cap);
	char name[160];

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		LZ4F_preferences_t p;

		memset(&p, 0, sizeof p);
		p.frameInfo.blockSizeID = (LZ4F_blockSizeID_t)v[i].id;
		p.frameInfo.blockMode = v[i].linked ? LZ4F_blockLinked : LZ4F_blockIndependent;
		p.frameInfo.blockChecksumFlag = v[i].bsum ? LZ4F_blockChecksumEnabled : LZ4F_noBlockChecksum;
		p.frameInfo.contentChecksumFlag = v[i].csum ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum;
		p.frameInfo.contentSize = v[i].csize ? n : 0;
		p.compressionLevel = levels[i % 3];
		size_t zlen = make_frame(src, n, &p, z, cap);
		snprintf(name, sizeof name, "%s frame B%d %s%s%s%s level %d", what, v[i].id,
			 v[i].linked ? "linked" : "indep", v[i].bsum ? " bsum" : "",
			 v[i].csum ? " csum" : "", v[i].csize ? " csize" : "", p.compressionLevel);
		CHECK(zlen > 0, "%s: compress", name);
		whole_case(z, zlen, src, n, name);
	}
	for (size_t i = 0; i < 3; i++) {
		size_t zlen = make_legacy(src, n, levels[i], z, cap);

		snprintf(name, sizeof name, "%s legacy level %d", what, levels[i]);
		CHECK(zlen > 0, "%s: compress", name);
		whole_case(z, zlen, src, n, name);
		block_case(src, n, levels[i], what);
	}
	free(z);
}

/* Frames back to back: standard, skippable, legacy, standard (empty), legacy. */
static void test_concat(void)
{
	size_t n = 200000, cap = 4 * n, o = 0;
	uint8_t *a = malloc(n), *z = malloc(cap), *want = malloc(3 * n);
	LZ4F_preferences_t p;

	sample(a, n, 5, 3);
	memset(&p, 0, sizeof p);
	p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
	o += make_frame(a, n, &p, z + o, cap - o);
	memcpy(z + o, "\x53\x2a\x4d\x18\x03\0\0\0abc", 11); /* skippable 0x184D2A53, 3 bytes */
	o += 11;
	o += make_legacy(a, n / 2, 9, z + o, cap - o);
	o += make_frame(a, 0, &p, z + o, cap - o);
	o += make_legacy(a + 7, n - 7, 1, z + o, cap - o);
	memcpy(want, a, n);
	memcpy(want + n, a, n / 2);
	memcpy(want + n + n / 2, a + 7, n - 7);
	whole_case(z, o, want, 2 * n + n / 2 - 7, "frames back to back");
	free(a), free(z), free(want);
}

/* Every proper prefix: a standard frame's is truncated; a legacy frame's is truncated or, at a
 * block boundary, a shorter valid frame; the reference agrees. */
static void test_prefixes(void)
{
	uint8_t src[3000], z[4000], out[3000], ref[3000];
	LZ4F_preferences_t p;
	int bad = 0;

	sample(src, sizeof src, 0, 9);
	memset(&p, 0, sizeof p);
	p.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
	p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
	p.frameInfo.contentSize = sizeof src;
	size_t zlen = make_frame(src, sizeof src, &p, z, sizeof z);
	for (size_t i = 0; i < zlen; i++) {
		size_t olen, rlen;
		enum lz4_result r = lz4_decode(z, i, NULL, out, sizeof out, &olen, NULL);
		enum ref_kind k = ref_decode(z, i, ref, sizeof ref, &rlen);
		if (r != LZ4_ERR_TRUNCATED || k != REF_TRUNCATED)
			if (bad++ < 3)
				printf("prefix %zu: ours %s, reference %d\n", i, lz4_strerror(r), k);
	}
	CHECK(bad == 0, "every prefix of a %zu-byte frame truncated: %d not", zlen, bad);
	zlen = make_legacy(src, sizeof src, 9, z, sizeof z);
	bad = 0;
	for (size_t i = 0; i < zlen; i++) {
		size_t olen, rlen;
		enum lz4_result r = lz4_decode(z, i, NULL, out, sizeof out, &olen, NULL);
		enum ref_kind k = ref_decode(z, i, ref, sizeof ref, &rlen);
		int ok = i == 4 ? r == LZ4_OK && olen == 0 : r == LZ4_ERR_TRUNCATED;
		if (!ok || (k == REF_OK) != (r == LZ4_OK))
			bad++;
	}
	CHECK(bad == 0, "every prefix of a %zu-byte legacy frame: %d wrong", zlen, bad);
}

/* Random byte changes of valid streams: ours and liblz4 agree (up to the stricter rules). */
static void test_flips(int count)
{
	size_t n = 20000, cap = 2 * n + 1000;
	uint8_t *src = malloc(n), *z = malloc(cap), *m = malloc(cap), *out = malloc(1 << 20),
		*ref = malloc(1 << 20);
	uint32_t seed = 12345;
	int bad = 0, accepted = 0, stricter = 0;

	for (int t = 0; t < count; t++) {
		LZ4F_preferences_t p;
		size_t zlen, olen, rlen, len = 1 + rnd(&seed) % n;

		sample(src, len, (int)(rnd(&seed) % SAMPLE_KINDS), rnd(&seed));
		memset(&p, 0, sizeof p);
		p.frameInfo.blockSizeID = LZ4F_max64KB;
		p.frameInfo.blockMode = rnd(&seed) & 1 ? LZ4F_blockLinked : LZ4F_blockIndependent;
		p.frameInfo.blockChecksumFlag = (LZ4F_blockChecksum_t)(rnd(&seed) & 1);
		p.frameInfo.contentChecksumFlag = (LZ4F_contentChecksum_t)(rnd(&seed) & 1);
		p.compressionLevel = (int)(rnd(&seed) % 13);
		zlen = t & 1 ? make_frame(src, len, &p, z, cap) : make_legacy(src, len, p.compressionLevel, z, cap);
		memcpy(m, z, zlen);
		for (unsigned k = 1 + rnd(&seed) % 3; k; k--)
			m[4 + rnd(&seed) % (zlen - 4)] ^= (uint8_t)(1 + rnd(&seed) % 255);
		enum lz4_result r = lz4_decode(m, zlen, NULL, out, 1 << 20, &olen, NULL);
		enum ref_kind k = ref_decode(m, zlen, ref, 1 << 20, &rlen);
		if (r == LZ4_OK)
			accepted++;
		if (k == REF_OK && lz4_stricter(r)) {
			stricter++;
			continue;
		}
		if ((r == LZ4_OK) != (k == REF_OK) || (r == LZ4_ERR_TRUNCATED) != (k == REF_TRUNCATED) ||
		    (r == LZ4_OK && (olen != rlen || memcmp(out, ref, olen)))) {
			if (bad++ < 5) {
				printf("flip %d: ours %s (%zu bytes), reference %d (%zu bytes)\n", t,
				       lz4_strerror(r), olen, k, rlen);
				if (getenv("TLZ4_DUMP")) {
					FILE *f = fopen(getenv("TLZ4_DUMP"), "wb");
					if (f)
						fwrite(m, 1, zlen, f), fclose(f);
				}
			}
		}
	}
	CHECK(bad == 0, "%d random changes: %d disagree with liblz4", count, bad);
	printf("ok %d random changes agree with liblz4 (%d still decode, %d refused by the stricter end rules)\n",
	       count, accepted, stricter);
	free(src), free(z), free(m), free(out), free(ref);
}

void test_diff(void)
{
	uint8_t *src = malloc(sizes[NSIZES - 1]);
	char what[64];

	for (int kind = 0; kind < SAMPLE_KINDS; kind++) {
		for (size_t i = 0; i < NSIZES; i++) {
			/* the largest size for two kinds only (time under ASan) */
			if (i == NSIZES - 1 && kind != 0 && kind != 5)
				continue;
			sample(src, sizes[i], kind, (uint32_t)(kind * 100 + i));
			snprintf(what, sizeof what, "%s %zu", sample_names[kind], sizes[i]);
			frame_cases(src, sizes[i], what);
		}
	}
	free(src);
	test_concat();
	test_prefixes();
	test_flips(3000);
}
