/* test_main.c: host unit tests of the boot menu's pure parts: the configuration
 * table check (common/cfgtable.c) and its writer (disk/cfgbuild.c), key decoding
 * (setup16/keys.c), the line editor, the menu model, and mkdisk's entry parsing (disk/config.c). */
#include "check.h"
#include "tests.h"

int checks_passed, checks_failed;

int main(int argc, char **argv)
{
	test_crc32();
	test_cfgtable();
	test_keys();
	test_editline();
	test_menu();
	test_bootmenu();
	test_config(argc > 1 ? argv[1] : "/tmp", argc > 2 ? argv[2] : "disk/README.md");
	printf("menu: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}
