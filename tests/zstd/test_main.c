/* test_main.c: the zstd host suite's main: differential tests against libzstd and the
 * hand-made edge streams; prints 'zstd: N passed, N failed'. */
#include <stdio.h>
#include "tzstd.h"

int checks_passed, checks_failed;

int main(void)
{
	test_edge();
	test_diff();
	printf("zstd: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
