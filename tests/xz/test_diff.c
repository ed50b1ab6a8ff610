/* test_diff.c: differential tests: generated inputs compressed by liblzma (.xz at presets 0, 6,
 * 9e with every check, every BCJ filter and Delta, chains of 4, lc/lp/pb variants, several
 * blocks with and without sizes; .lzma with and without end marker), decoded by ours and by
 * liblzma, compared byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "txz.h"

static void compare(const char *what, const uint8_t *z, size_t zlen, const uint8_t *raw, size_t n,
		    int lzma)
{
	size_t cap = n + 16, olen = 0, used = 0, rlen = 0, rused = 0;
	uint8_t *out = malloc(cap), *ref = malloc(cap);
	enum xz_result r = lzma ? ours_lzma(z, zlen, &used, out, cap, &olen)
				: ours_xz(z, zlen, &used, out, cap, &olen);
	lzma_ret lr = lzma ? ref_lzma_decode(z, zlen, &rused, ref, cap, &rlen)
			   : ref_xz_decode(z, zlen, &rused, ref, cap, &rlen);
	int ok = r == XZ_OK && olen == n && !memcmp(out, raw, n) && used == zlen;

	CHECK(ok, "%s: %s, %zu of %zu bytes, used %zu of %zu", what, xz_strerror(r), olen, n, used, zlen);
	CHECK(lr == (lzma ? LZMA_STREAM_END : LZMA_OK) && rlen == n && rused == zlen,
	      "%s: liblzma %d", what, lr);
	if (ok)
		printf("ok %s\n", what);
	free(out);
	free(ref);
}

static void one(const char *what, uint8_t *z, size_t zlen, const uint8_t *raw, size_t n, int lzma)
{
	CHECK(z != NULL, "%s: liblzma could not encode", what);
	if (z)
		compare(what, z, zlen, raw, n, lzma);
	free(z);
}

/* The encoder sets zlen: called before one() reads it. */
#define ONE(expr, lzma) do { uint8_t *z_ = (expr); one(what, z_, zlen, raw, n, lzma); } while (0)

void test_diff(void)
{
	static const size_t sizes[] = { 0, 1, 5, 100, 4097, 70000, 150000 };
	static const struct { const char *name; uint32_t preset; lzma_check check; } cfg[] = {
		{ "-0 crc64", 0, LZMA_CHECK_CRC64 },
		{ "-6 crc32", 6, LZMA_CHECK_CRC32 },
		{ "-9e sha256", 9 | LZMA_PRESET_EXTREME, LZMA_CHECK_SHA256 },
		{ "-1 none", 1, LZMA_CHECK_NONE },
	};
	lzma_options_bcj start = { .start_offset = 0x1000 };
	lzma_options_delta d1 = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 1 };
	lzma_options_delta d4 = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 4 };
	lzma_options_delta d256 = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 256 };
	const struct { const char *name; lzma_filter f[3]; int n; } fil[] = {
		{ "x86", { { LZMA_FILTER_X86, NULL } }, 1 },
		{ "x86 start=0x1000", { { LZMA_FILTER_X86, &start } }, 1 },
		{ "powerpc", { { LZMA_FILTER_POWERPC, NULL } }, 1 },
		{ "ia64", { { LZMA_FILTER_IA64, NULL } }, 1 },
		{ "arm", { { LZMA_FILTER_ARM, NULL } }, 1 },
		{ "armthumb", { { LZMA_FILTER_ARMTHUMB, NULL } }, 1 },
		{ "sparc", { { LZMA_FILTER_SPARC, NULL } }, 1 },
		{ "arm64", { { LZMA_FILTER_ARM64, NULL } }, 1 },
		{ "arm64 start=0x1000", { { LZMA_FILTER_ARM64, &start } }, 1 },
		{ "delta 1", { { LZMA_FILTER_DELTA, &d1 } }, 1 },
		{ "delta 4", { { LZMA_FILTER_DELTA, &d4 } }, 1 },
		{ "delta 256", { { LZMA_FILTER_DELTA, &d256 } }, 1 },
		{ "delta 4 + x86 + arm", { { LZMA_FILTER_DELTA, &d4 }, { LZMA_FILTER_X86, NULL },
					   { LZMA_FILTER_ARM, NULL } }, 3 },
	};
	static const int lclppb[] = { 4, 0x440, 0x031, 0x102, 0x400 };
	char what[160];

	for (int g = 0; g < GEN_COUNT; g++) {
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			size_t n = sizes[s], zlen;
			uint8_t *raw = malloc(n + 1);
			gen_fill(g, raw, n, (uint32_t)(g * 100 + s));
			for (size_t c = 0; c < sizeof(cfg) / sizeof(cfg[0]); c++) {
				if (cfg[c].preset > 6 && ((g != GEN_TEXT && g != GEN_BINARY) || n < 100))
					continue; /* -9e is slow (a 674 MiB encoder): two corpora suffice */
				snprintf(what, sizeof(what), "xz %s %s %zu", cfg[c].name, gen_names[g], n);
				ONE(ref_xz(raw, n, &zlen, cfg[c].preset, cfg[c].check, NULL, 0, -1), 0);
			}
			for (size_t f = 0; f < sizeof(fil) / sizeof(fil[0]); f++) {
				if (n > 100000 && g != GEN_BINARY && g != GEN_MIXED)
					continue;
				snprintf(what, sizeof(what), "xz -0 %s %s %zu", fil[f].name, gen_names[g], n);
				ONE(ref_xz(raw, n, &zlen, 0, LZMA_CHECK_CRC32, fil[f].f, fil[f].n, -1), 0);
			}
			if (n > 1000 && n < 100000) {
				for (size_t k = 0; k < sizeof(lclppb) / sizeof(lclppb[0]); k++) {
					snprintf(what, sizeof(what), "xz -1 lc=%d lp=%d pb=%d %s %zu",
						 lclppb[k] & 15, (lclppb[k] >> 4) & 15, lclppb[k] >> 8,
						 gen_names[g], n);
					ONE(ref_xz(raw, n, &zlen, 1, LZMA_CHECK_CRC64, NULL, 0, lclppb[k]), 0);
					snprintf(what, sizeof(what), "lzma -1 lc=%d lp=%d pb=%d %s %zu",
						 lclppb[k] & 15, (lclppb[k] >> 4) & 15, lclppb[k] >> 8,
						 gen_names[g], n);
					ONE(ref_lzma(raw, n, &zlen, 1, lclppb[k]), 1);
				}
			}
			/* Linux's xz_wrap.sh: --check=crc32 --x86 --lzma2=,dict=32MiB (preset 6) */
			if (n > 1000) {
				lzma_filter x86 = { LZMA_FILTER_X86, NULL };
				snprintf(what, sizeof(what), "xz -6 --x86 crc32 %s %zu", gen_names[g], n);
				ONE(ref_xz(raw, n, &zlen, 6, LZMA_CHECK_CRC32, &x86, 1, -1), 0);
			}
			for (uint32_t p = 0; p <= 9; p += 3) {
				if (p > 6 && ((g != GEN_TEXT && g != GEN_BINARY) || n < 100))
					continue;
				snprintf(what, sizeof(what), "lzma -%u %s %zu", p, gen_names[g], n);
				ONE(ref_lzma(raw, n, &zlen, p, -1), 1);
			}
			snprintf(what, sizeof(what), "lzma -1 known size, no end marker %s %zu", gen_names[g], n);
			ONE(ref_lzma_sized(raw, n, &zlen, 1), 1);
			{ /* the end marker and the known size together (liblzma 5.4 accepts it) */
				uint8_t *z = ref_lzma(raw, n, &zlen, 1, -1);
				if (z)
					for (int i = 0; i < 8; i++)
						z[5 + i] = (uint8_t)((uint64_t)n >> (8 * i));
				snprintf(what, sizeof(what), "lzma -1 known size + end marker %s %zu",
					 gen_names[g], n);
				one(what, z, zlen, raw, n, 1);
			}
			if (n > 10000) {
				snprintf(what, sizeof(what), "xz blocks (full flush) %s %zu", gen_names[g], n);
				ONE(ref_xz_blocks(raw, n, &zlen, 30000, 0), 0);
				snprintf(what, sizeof(what), "xz blocks with sizes (mt) %s %zu", gen_names[g], n);
				ONE(ref_xz_blocks(raw, n, &zlen, 25000, 1), 0);
			}
			free(raw);
		}
	}
}
