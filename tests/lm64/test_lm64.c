/* test_lm64.c: host unit tests of lm64's pure parts (ELF checks and moves, Linux relocation
 * table, KASLR slot choice), compiled from the same sources as the loader. */
#include "check.h"

int checks_passed, checks_failed;

int main(void)
{
	test_elf();
	test_reloc();
	test_kaslr();
	printf("test-lm64: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
