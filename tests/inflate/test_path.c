/* test_path.c: the CPU dispatch is one choice for every input size: a tiny member that expands a
 * lot (16 MiB of zeros in about 16 KB) takes the same loop and CRC-32 back end as a large one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "tinf.h"
#include "crc32_internal.h"

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void test_path(void)
{
	const size_t zeros = 16u << 20, big = 1u << 20;
	uint8_t *data = calloc(zeros, 1), *g = malloc(zeros / 2), *out = malloc(zeros);
	struct inflate_path tiny = { 0 }, large = { 0 };
	unsigned f = inflate_cpu_features();
	size_t n, olen = 0;
	uint32_t x = 7;

	n = tinf_zlib_gzip(data, zeros, 9, Z_DEFAULT_STRATEGY, g, zeros / 2);
	tinf_check(n < 20000 && inflate_gzip_member_path(g, n, NULL, out, zeros, &olen, &tiny) ==
		   INFLATE_OK && olen == zeros, "path: 16 MiB of zeros in a small member decode",
		   "member %zu bytes, olen %zu", n, olen);
	for (size_t i = 0; i < big; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (uint8_t)(x % 61);
	}
	n = tinf_zlib_gzip(data, big, 1, Z_DEFAULT_STRATEGY, g, zeros / 2);
	tinf_check(n > 500000 && inflate_gzip_member_path(g, n, NULL, out, zeros, &olen, &large) ==
		   INFLATE_OK && olen == big, "path: a large member decodes", "member %zu bytes", n);
	tinf_check(same(tiny.loop, large.loop) && same(tiny.crc, large.crc),
		   "path: a tiny member takes the large member's loop and CRC back end",
		   "tiny %s/%s, large %s/%s", tiny.loop, tiny.crc, large.loop, large.crc);
	tinf_check(same(large.loop, inflate_loop_name(f)) &&
		   same(large.crc, crc32_path_name(big, f)),
		   "path: the paths are the CPU's best", "%s/%s for features %#x", large.loop,
		   large.crc, f);
	printf("inflate: paths: loop %s, crc %s (tiny member and large member)\n", tiny.loop,
	       tiny.crc);
	/* Forcing the generic paths (INFLATE_CPU=generic in zcat and the benchmark). */
	inflate_cpu_restrict(0);
	tinf_check(inflate_gzip_member_path(g, n, NULL, out, zeros, &olen, &large) == INFLATE_OK &&
		   same(large.loop, "generic") && same(large.crc, "slice16"),
		   "path: restricted to the generic loop and slice-by-16", "%s/%s", large.loop,
		   large.crc);
	free(data);
	free(g);
	free(out);
}
