/* tlzo.c: shared helpers of the host lzo tests: liblzo2 as the reference (raw LZO1X and lzop files
 * read the way lzop 1.04 reads them), an lzop writer, sample data. */
#include <stdlib.h>
#include <string.h>
#include <lzo/lzo1x.h>
#include "tlzo.h"

const char *const sample_names[SAMPLE_KINDS] = { "text", "binary", "random", "repetitive",
						 "runs", "mixed" };

uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void sample(uint8_t *d, size_t n, int kind, uint32_t seed)
{
	static const char *const words[] = { "lzop ", "block ", "literal ", "match ", "distance ",
					     "state ", "\n", "0123456789 ", "adler ", "the " };
	size_t i = 0;

	seed |= 1;
	switch (kind) {
	case 0:
		while (i < n) {
			const char *w = words[rnd(&seed) % 10];
			while (*w && i < n)
				d[i++] = (uint8_t)*w++;
		}
		break;
	case 1:
		for (; i < n; i++)
			d[i] = (i & 7) < 3 ? (uint8_t)(i >> 3) : (i & 7) == 3 ? (uint8_t)(rnd(&seed) & 3) : 0;
		break;
	case 2:
		for (; i < n; i++)
			d[i] = (uint8_t)rnd(&seed);
		break;
	case 3:
		while (i < n) {
			size_t period = 1 + rnd(&seed) % 20, len = 1 + rnd(&seed) % 3000;
			for (size_t k = 0; k < len && i < n; k++, i++)
				d[i] = k < period ? (uint8_t)rnd(&seed) : d[i - period];
		}
		break;
	case 4:
		while (i < n) {
			size_t len = 1 + rnd(&seed) % 100000;
			uint8_t b = (uint8_t)(rnd(&seed) & 1 ? 0 : rnd(&seed));
			for (size_t k = 0; k < len && i < n; k++)
				d[i++] = b;
		}
		break;
	default: /* pieces of the others, with repeats up to 49151 back (M4's reach) */
		while (i < n) {
			size_t len = 1 + rnd(&seed) % 5000;
			if (len > n - i)
				len = n - i;
			if (i > 50000 && rnd(&seed) & 1)
				memcpy(d + i, d + i - 49151 + rnd(&seed) % 1000, len);
			else
				sample(d + i, len, (int)(rnd(&seed) % 5), rnd(&seed));
			i += len;
		}
	}
}

static void init(void)
{
	static int done;

	if (!done && lzo_init() != LZO_E_OK)
		abort();
	done = 1;
}

enum ref_kind ref_block(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	lzo_uint d = cap;
	int r;

	init();
	*out_len = 0;
	if (n == 0)
		return REF_ERROR;
	r = lzo1x_decompress_safe(in, n, out, &d, NULL);
	*out_len = d;
	return r == LZO_E_OK ? REF_OK : r == LZO_E_OUTPUT_OVERRUN ? REF_OUTPUT_FULL : REF_ERROR;
}

size_t ref_compress(const uint8_t *src, size_t n, int method, int level, uint8_t *dst)
{
	static uint8_t wrk[LZO1X_999_MEM_COMPRESS];
	lzo_uint d = 0;
	int r;

	init();
	if (method == 1)
		r = lzo1x_1_compress(src, n, dst, &d, wrk);
	else if (method == 2)
		r = lzo1x_1_15_compress(src, n, dst, &d, wrk);
	else
		r = lzo1x_999_compress_level(src, n, dst, &d, wrk, NULL, 0, 0, level);
	if (r != LZO_E_OK)
		abort();
	return d;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

size_t make_lzop(const uint8_t *src, size_t n, int method, int level, uint32_t flags,
		 size_t block, uint8_t *dst)
{
	static const uint8_t hdr[] = { 0x89, 0x4C, 0x5A, 0x4F, 0x00, 0x0D, 0x0A, 0x1A, 0x0A,
				       0x10, 0x40, 0x20, 0xA0, 0x09, 0x40 };
	uint8_t *c = malloc(block + block / 16 + 64 + 3);
	size_t o = sizeof hdr, hs = 9;
	uint32_t sum;

	memcpy(dst, hdr, sizeof hdr);
	dst[o++] = (uint8_t)method;
	dst[o++] = (uint8_t)level;
	be32(dst + o, flags | 0x03000000u), o += 4;
	be32(dst + o, 0x81A4), o += 4;
	be32(dst + o, 0x5A000000u), o += 4;
	be32(dst + o, 0), o += 4;
	dst[o++] = 5;
	memcpy(dst + o, "a.txt", 5), o += 5;
	sum = flags & 0x1000 ? lzo_crc32(0, dst + hs, o - hs) : lzo_adler32(1, dst + hs, o - hs);
	be32(dst + o, sum), o += 4;
	for (size_t i = 0; i < n; i += block) {
		size_t len = n - i < block ? n - i : block, clen = ref_compress(src + i, len, method, level, c);
		const uint8_t *p = clen < len ? c : src + i;

		if (clen >= len)
			clen = len; /* stored */
		be32(dst + o, (uint32_t)len), o += 4;
		be32(dst + o, (uint32_t)clen), o += 4;
		if (flags & 1)
			be32(dst + o, lzo_adler32(1, src + i, len)), o += 4;
		if (flags & 0x100)
			be32(dst + o, lzo_crc32(0, src + i, len)), o += 4;
		if (clen < len && (flags & 2))
			be32(dst + o, lzo_adler32(1, c, clen)), o += 4;
		if (clen < len && (flags & 0x200))
			be32(dst + o, lzo_crc32(0, c, clen)), o += 4;
		memcpy(dst + o, p, clen), o += clen;
	}
	be32(dst + o, 0), o += 4;
	free(c);
	return o;
}

/* lzop 1.04's reading (lzop.c p_header / x_decompress): header fields and checksum, then blocks. */
enum ref_kind ref_lzop(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t p = 9, hs = 9, olen = 0;
	uint32_t version, needed = 0x0900, flags, sum, method;

	*out_len = 0;
	init();
	if (n < 9 || memcmp(in, "\x89LZO\0\r\n\x1a\n", 9))
		return REF_ERROR;
#define NEED(k) do { if (n - p < (size_t)(k)) return REF_ERROR; } while (0)
	NEED(4);
	version = (uint32_t)in[p] << 8 | in[p + 1];
	p += 4;
	if (version < 0x0900)
		return REF_ERROR;
	if (version >= 0x0940) {
		NEED(2);
		needed = (uint32_t)in[p] << 8 | in[p + 1];
		p += 2;
		if (needed > 0x1040 || needed < 0x0900)
			return REF_ERROR;
	}
	NEED(1);
	method = in[p++];
	if (method < 1 || method > 3)
		return REF_ERROR;
	if (version >= 0x0940)
		{ NEED(1); p++; }
	NEED(4);
	flags = rd32(in + p), p += 4;
	if ((flags & ~0xFFF03FFFu) || (flags & (0x400 | 0x800)))
		return REF_ERROR;
	NEED(version >= 0x0940 ? 13 : 9);
	p += version >= 0x0940 ? 12 : 8;
	NEED(in[p] + 1);
	p += 1 + in[p];
	sum = flags & 0x1000 ? lzo_crc32(0, in + hs, p - hs) : lzo_adler32(1, in + hs, p - hs);
	NEED(4);
	if (rd32(in + p) != sum || (flags & 0x40))
		return REF_ERROR;
	p += 4;
	for (;;) {
		uint32_t dl, sl, da = 0, dc = 0, ca = 0, cc = 0;

		NEED(4);
		dl = rd32(in + p), p += 4;
		if (dl == 0)
			break;
		if (dl > 64u << 20)
			return REF_ERROR;
		NEED(4);
		sl = rd32(in + p), p += 4;
		if (sl == 0 || sl > dl)
			return REF_ERROR;
		if (flags & 1)
			{ NEED(4); da = rd32(in + p), p += 4; }
		if (flags & 0x100)
			{ NEED(4); dc = rd32(in + p), p += 4; }
		if (sl < dl && (flags & 2))
			{ NEED(4); ca = rd32(in + p), p += 4; }
		if (sl < dl && (flags & 0x200))
			{ NEED(4); cc = rd32(in + p), p += 4; }
		NEED(sl);
		if (cap - olen < dl)
			return REF_OUTPUT_FULL;
		if (sl < dl) {
			lzo_uint d = dl;
			if (((flags & 2) && lzo_adler32(1, in + p, sl) != ca) ||
			    ((flags & 0x200) && lzo_crc32(0, in + p, sl) != cc))
				return REF_ERROR;
			if (lzo1x_decompress_safe(in + p, sl, out + olen, &d, NULL) != LZO_E_OK || d != dl)
				return REF_ERROR;
		} else {
			memcpy(out + olen, in + p, dl);
		}
		if (((flags & 1) && lzo_adler32(1, out + olen, dl) != da) ||
		    ((flags & 0x100) && lzo_crc32(0, out + olen, dl) != dc))
			return REF_ERROR;
		p += sl;
		olen += dl;
		*out_len = olen;
	}
	return p == n ? REF_OK : REF_ERROR;
#undef NEED
}
