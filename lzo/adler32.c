/* adler32.c: Adler-32 (RFC 1950 section 8.2, "ADLER32 algorithm"): lzop's default header and
 * block checksum. Sums are reduced modulo 65521 once per NMAX bytes, the most that cannot
 * overflow 32 bits. Freestanding. */
#include "lzo_internal.h"

#define BASE 65521u /* the largest prime below 2^16 */
#define NMAX 5552   /* 255 n (n + 1) / 2 + (n + 1) (BASE - 1) <= 2^32 - 1 */

uint32_t adler32_update(uint32_t adler, const uint8_t *p, size_t n)
{
	uint32_t a = adler & 0xFFFF, b = adler >> 16;

	while (n > 0) {
		size_t k = n < NMAX ? n : NMAX;

		n -= k;
		for (; k >= 8; k -= 8, p += 8) {
			a += p[0], b += a;
			a += p[1], b += a;
			a += p[2], b += a;
			a += p[3], b += a;
			a += p[4], b += a;
			a += p[5], b += a;
			a += p[6], b += a;
			a += p[7], b += a;
		}
		for (; k; k--)
			a += *p++, b += a;
		a %= BASE;
		b %= BASE;
	}
	return b << 16 | a;
}
