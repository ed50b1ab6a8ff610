/* test_main.c: the xz host tests (differential against liblzma, edge streams); ends with the
 * line 'xz: N passed, N failed' and a non-zero exit on failure. */
#include <stdio.h>
#include "check.h"
#include "txz.h"

int checks_passed, checks_failed;

int main(void)
{
	test_diff();
	test_edge();
	printf("xz: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
