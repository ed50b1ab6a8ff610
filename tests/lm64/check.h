/* check.h: the tiny assertion kit of the lm64 host unit tests. */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>
#include <string.h>

extern int checks_passed, checks_failed;

#define CHECK(cond, ...) do { \
	if (cond) { checks_passed++; } else { \
		checks_failed++; \
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} } while (0)

#define CHECK_EQ(got, want) do { \
	unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
	CHECK(g_ == w_, "got 0x%llx, want 0x%llx", g_, w_); } while (0)

void test_elf(void);
void test_reloc(void);
void test_kaslr(void);

#endif
