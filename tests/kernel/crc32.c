/* crc32.c: the test kernel's own CRC-32 (reflected polynomial 0xEDB88320, byte table built
 * on first use), 64-bit long mode; independent of lm64's inflate/crc32. */
#include "tk.h"

static uint32_t table[256];

uint32_t tk_crc32(const uint8_t *p, uint64_t n)
{
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
			table[i] = c;
		}
	uint32_t c = 0xFFFFFFFFu;
	for (uint64_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return ~c;
}
