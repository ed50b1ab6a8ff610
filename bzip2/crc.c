/* crc.c: the bzip2 CRC-32 (polynomial 0x04c11db7, MSB first, initial value and final xor
 * 0xffffffff), slice-by-8; the tables are built in the caller's workspace for each decode. */
#include "bzip2_internal.h"

#define BZ_CRC_POLY 0x04c11db7u

/* t[0][i]: the CRC register after shifting byte i through it; t[k][i]: the same byte followed
 * by k zero bytes. */
void bz_crc_init(uint32_t t[8][256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i << 24;

		for (int k = 0; k < 8; k++)
			c = (c & 0x80000000u) ? (c << 1) ^ BZ_CRC_POLY : c << 1;
		t[0][i] = c;
	}
	for (int k = 1; k < 8; k++)
		for (int i = 0; i < 256; i++)
			t[k][i] = (t[k - 1][i] << 8) ^ t[0][t[k - 1][i] >> 24];
}

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The register (not inverted: the caller starts with ~0 and inverts at the end) after p[0..n). */
uint32_t bz_crc_update(const uint32_t t[8][256], uint32_t crc, const uint8_t *p, size_t n)
{
	for (; n >= 8; n -= 8, p += 8) {
		uint32_t a = be32(p) ^ crc, b = be32(p + 4);

		crc = t[7][a >> 24] ^ t[6][(a >> 16) & 255] ^ t[5][(a >> 8) & 255] ^ t[4][a & 255] ^
		      t[3][b >> 24] ^ t[2][(b >> 16) & 255] ^ t[1][(b >> 8) & 255] ^ t[0][b & 255];
	}
	for (; n; n--, p++)
		crc = (crc << 8) ^ t[0][(crc >> 24) ^ *p];
	return crc;
}
