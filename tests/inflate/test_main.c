/* test_main.c: host inflate test driver: rejection streams, differential corpus, every prefix
 * of valid streams, random bit flips against zlib, CRC-32 back ends; prints
 * 'inflate: N passed, N failed' (host test; run under ASan + UBSan by make test-inflate). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "tinf.h"
#include "crc32_internal.h"

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Sample data: text-like with repeats. */
static void sample(uint8_t *d, size_t n, uint32_t seed)
{
	static const char *const words[] = { "inflate ", "deflate ", "huffman ", "distance ",
					     "length ", "block ", "\n", "0123456789" };
	size_t i = 0;

	while (i < n) {
		const char *w = words[rnd(&seed) & 7];
		while (*w && i < n)
			d[i++] = (uint8_t)*w++;
		if ((rnd(&seed) & 15) == 0 && i < n)
			d[i++] = (uint8_t)rnd(&seed);
	}
}

/* Every proper prefix of a valid stream is truncated (raw and gzip). */
static void test_prefixes(void)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY };
	uint8_t data[3000], g[4000], out[3000];
	char name[96];

	sample(data, sizeof data, 7);
	for (int k = 0; k < 4; k++) {
		int level = k == 3 ? 0 : 6; /* k = 3: stored blocks */
		size_t glen = tinf_zlib_gzip(data, sizeof data, level, strategies[k % 3], g, sizeof g);
		int bad = 0, raw_bad = 0;
		size_t olen;

		for (size_t n = 0; n < glen; n++) {
			if (inflate_gzip(g, n, out, sizeof out, &olen) != INFLATE_ERR_TRUNCATED)
				bad++;
			/* The raw body of the member: header 10 bytes, trailer 8. */
			if (n >= 10 && n < glen - 8 &&
			    inflate_raw(g + 10, n - 10, NULL, out, sizeof out, &olen) !=
				    INFLATE_ERR_TRUNCATED)
				raw_bad++;
		}
		snprintf(name, sizeof name, "every prefix truncated (gzip, variant %d, %zu bytes)", k,
			 glen);
		tinf_check(bad == 0 && inflate_gzip(g, glen, out, sizeof out, &olen) == INFLATE_OK,
			   name, "%d prefixes not reported truncated", bad);
		snprintf(name, sizeof name, "every prefix truncated (raw, variant %d)", k);
		tinf_check(raw_bad == 0, name, "%d prefixes not reported truncated", raw_bad);
	}
}

/* Random bit flips: each flipped stream gives the same verdict and bytes as zlib; flips that
 * decode fine may only hit fields gzip does not check (MTIME, XFL, OS) or the pad bits. */
static void test_bitflips(int count)
{
	uint8_t data[20000], g[24000], t[24000];
	uint32_t seed = 12345;
	int disagree = 0, accepted = 0, sneaky = 0;
	size_t glen;

	sample(data, sizeof data, 3);
	glen = tinf_zlib_gzip(data, sizeof data, 9, Z_DEFAULT_STRATEGY, g, sizeof g);
	for (int i = 0; i < count; i++) {
		size_t bit = rnd(&seed) % (glen * 8), olen;
		uint8_t *out = malloc(sizeof data);
		enum inflate_result r;
		char name[64];

		memcpy(t, g, glen);
		t[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		if (i % 3 == 1) /* some double flips */
			t[(rnd(&seed) % glen)] ^= (uint8_t)(1 << (rnd(&seed) & 7));
		snprintf(name, sizeof name, "bit flip %d", i);
		if (!agree_with_zlib(name, 1, t, glen, sizeof data))
			disagree++;
		r = inflate_gzip(t, glen, out, sizeof data, &olen);
		if (r == INFLATE_OK) {
			accepted++;
			if (olen != sizeof data || memcmp(out, data, olen))
				sneaky++;
		}
		free(out);
	}
	tinf_check(disagree == 0, "bit flips agree with zlib", "%d of %d disagree", disagree, count);
	tinf_check(sneaky == 0, "no bit flip decodes to other bytes", "%d did", sneaky);
	tinf_check(accepted < count / 20, "bit flips are caught", "%d of %d accepted", accepted,
		   count);
	printf("inflate: %d bit-flipped streams: %d accepted (unchecked header fields/pad bits)\n",
	       count, accepted);
}

static void test_crc(void)
{
	uint8_t *b = malloc(70000);
	uint32_t seed = 99;
	unsigned f = inflate_cpu_features();
	int bad = 0;

	for (int i = 0; i < 70000; i++)
		b[i] = (uint8_t)rnd(&seed);
	for (size_t n = 0; n < 2100; n += (n < 300 ? 1 : 37))
		for (size_t off = 0; off < 4; off++) {
			uint32_t want = (uint32_t)crc32(0x12345678, b + off, (uInt)n);
			if (crc32_update(0x12345678, b + off, n) != want ||
			    crc32_update_table(0x12345678, b + off, n) != want ||
			    crc32_update_cpu(0x12345678, b + off, n, f) != want ||
			    (n >= 64 && (f & CPU_PCLMUL) &&
			     ~crc32_clmul_raw(~0x12345678u, b + off, n) != want) ||
			    (n >= 256 && (f & CPU_VPCLMUL512) &&
			     ~crc32_vpclmul_raw(~0x12345678u, b + off, n) != want))
				bad++;
		}
	tinf_check(bad == 0, "crc32 matches zlib (slice-by-16, pclmul, vpclmul, all lengths)", "%d bad",
		   bad);
	tinf_check(crc32_update(0, "123456789", 9) == 0xcbf43926, "crc32 check value",
		   "wrong");
	tinf_check(crc32_update(0, b, 70000) == (uint32_t)crc32(0, b, 70000), "crc32 70000 bytes",
		   "wrong");
	printf("inflate: CPU features: pclmulqdq %s, 512-bit vpclmulqdq %s, bmi2 %s\n",
	       f & CPU_PCLMUL ? "yes" : "no", f & CPU_VPCLMUL512 ? "yes" : "no",
	       f & CPU_BMI2 ? "yes" : "no");
	free(b);
}

/* Output scratch, NULL out-params, member boundaries. */
static void test_api(void)
{
	uint8_t data[5000], g[12000], out[10000];
	size_t glen, used = 0, olen, g2;

	sample(data, sizeof data, 11);
	glen = tinf_zlib_gzip(data, sizeof data, 6, Z_DEFAULT_STRATEGY, g, sizeof g);
	g2 = tinf_zlib_gzip(data, 100, 1, Z_DEFAULT_STRATEGY, g + glen, sizeof g - glen);
	tinf_check(inflate_gzip_member(g, glen + g2, &used, out, sizeof out, &olen) == INFLATE_OK &&
		   used == glen && olen == sizeof data, "member reports its length",
		   "used %zu want %zu", used, glen);
	tinf_check(inflate_gzip(g, glen + g2, out, sizeof out, &olen) == INFLATE_OK &&
		   olen == sizeof data + 100 && !memcmp(out + sizeof data, data, 100),
		   "two members concatenate", "olen %zu", olen);
	tinf_check(inflate_gzip(g, glen, out, sizeof data, NULL) == INFLATE_OK,
		   "NULL out_len", "failed");
	tinf_check(inflate_gzip(g, glen, out, sizeof data - 1, &olen) == INFLATE_ERR_OUTPUT_FULL,
		   "one byte short of output", "not output full");
	tinf_check(inflate_raw(g + 10, glen - 18, NULL, out, sizeof out, NULL) == INFLATE_OK,
		   "raw with NULL in_used/out_len", "failed");
}

int main(int argc, char **argv)
{
	int flips = 3000;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			tinf_verbose = 1;
		else if (!strcmp(argv[i], "--flips") && i + 1 < argc)
			flips = atoi(argv[++i]);
	}
	test_reject();
	test_crc();
	test_api();
	test_prefixes();
	test_bitflips(flips);
	test_diff();
	test_path();
	printf("inflate: %d passed, %d failed\n", tinf_passed, tinf_failed);
	return tinf_failed != 0;
}
