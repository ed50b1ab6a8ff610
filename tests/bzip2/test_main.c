/* test_main.c: host bzip2 test driver: the differential corpus against libbz2, hand-made edge
 * and malformed streams, every prefix, bit flips against libbz2, output limits; prints
 * 'bzip2: N passed, N failed' (run under ASan + UBSan by make test-bzip2). */
#include <stdio.h>
#include "check.h"

int checks_passed, checks_failed;

void test_diff(void);
void test_edge(void);

int main(void)
{
	test_diff();
	test_edge();
	printf("bzip2: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
