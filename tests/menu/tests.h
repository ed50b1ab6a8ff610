/* tests.h: the groups of tests/menu (one file each). */
#ifndef TEST_MENU_TESTS_H
#define TEST_MENU_TESTS_H
void test_crc32(void);
void test_cfgtable(void);
void test_keys(void);
void test_editline(void);
void test_menu(void);
void test_bootmenu(void);
void test_config(const char *tmpdir, const char *readme);
#endif
