/* check.h: the assertion kit of the C host unit tests. One file of each test program defines
 * `int checks_passed, checks_failed;` and ends with the line 'suite: N passed, N failed'. */
#ifndef LB_TEST_CHECK_H
#define LB_TEST_CHECK_H
#include <stdio.h>

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

#endif
