/* test_lm64.c: host unit tests of lm64's pure parts (ELF checks and moves, Linux relocation
 * table, KASLR slot choice), compiled from the same sources as the loader; and mkdisk's
 * acceptance of a kernel payload against lm64's (test_elfdiff.c). */
#include "check.h"

int checks_passed, checks_failed;

int main(void)
{
	test_elf();
	test_reloc();
	test_kaslr();
	test_elfdiff();
	test_place();
	printf("test-lm64: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
