/* test_main.c: host lz4 test driver: XXH32 against libxxhash, hand-made edge streams, the
 * differential tests against liblz4; prints 'lz4: N passed, N failed' (run under ASan + UBSan
 * by make test-lz4). */
#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>
#include "check.h"
#include "tlz4.h"
#include "lz4_internal.h"

int checks_passed, checks_failed;

void test_edge(void);
void test_diff(void);

/* XXH32 of every length 0..300 and seeds, one shot and fed in uneven stripes. */
static void test_xxh32(void)
{
	uint8_t d[300];
	int bad = 0;

	sample(d, sizeof d, 2, 1);
	for (size_t n = 0; n <= sizeof d; n++) {
		uint32_t seed = (uint32_t)n * 0x9E3779B1u;
		struct xxh32 s;
		size_t done = 0;

		if (xxh32(d, n, seed) != XXH32(d, n, seed))
			bad++;
		xxh32_init(&s, 0);
		while (n - done >= 16)
			done += xxh32_stripes(&s, d + done, (n - done) % 40 + 16 > n - done ? n - done : (n - done) % 40 + 16);
		if (xxh32_digest(&s, d + done, n - done) != XXH32(d, n, 0))
			bad++;
	}
	CHECK(bad == 0, "xxh32 agrees with libxxhash: %d wrong", bad);
}

int main(void)
{
	test_xxh32();
	test_edge();
	test_diff();
	printf("lz4: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
