/* test_crc32.c: common/crc32.c against the standard check value and continued in pieces. */
#include <string.h>
#include "check.h"
#include "tests.h"
#include "inflate.h" /* crc32_update */

void test_crc32(void)
{
	static uint8_t buf[5000];
	CHECK_EQ(crc32_update(0, "123456789", 9), 0xCBF43926);   /* the CRC-32 check value */
	CHECK_EQ(crc32_update(0, "", 0), 0);
	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 7 + (i >> 8));
	uint32_t whole = crc32_update(0, buf, sizeof buf);
	/* continued in pieces, as a caller does chunk by chunk */
	uint32_t c = 0;
	for (unsigned at = 0; at < sizeof buf; at += 1234)
		c = crc32_update(c, buf + at, sizeof buf - at < 1234 ? sizeof buf - at : 1234);
	CHECK_EQ(c, whole);
	CHECK_EQ(crc32_update(crc32_update(0, buf, 17), buf + 17, sizeof buf - 17), whole);
}
