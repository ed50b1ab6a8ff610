/* check.h: the lm64 host unit tests' entry points, with the shared assertion kit. */
#ifndef CHECK_H
#define CHECK_H
#include <string.h>
#include "../lib/check.h"

void test_elf(void);
void test_reloc(void);
void test_kaslr(void);
void test_elfdiff(void);
void test_place(void);

#endif
