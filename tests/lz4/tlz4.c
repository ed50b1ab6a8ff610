/* tlz4.c: shared helpers of the host lz4 tests: liblz4 as the reference decoder (lz4 -d's reading
 * of frames back to back), a legacy-frame writer, sample data. */
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <lz4hc.h>
#include "tlz4.h"

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
	static const char *const words[] = { "frame ", "block ", "literal ", "match ", "offset ",
					     "token ", "\n", "0123456789 ", "checksum ", "the " };
	size_t i = 0;

	seed |= 1;
	switch (kind) {
	case 0: /* text-like */
		while (i < n) {
			const char *w = words[rnd(&seed) % 10];
			while (*w && i < n)
				d[i++] = (uint8_t)*w++;
		}
		break;
	case 1: /* binary: little-endian records with small fields, like code or tables */
		for (; i < n; i++)
			d[i] = (i & 7) < 3 ? (uint8_t)(i >> 3) : (i & 7) == 3 ? (uint8_t)(rnd(&seed) & 3) : 0;
		break;
	case 2:
		for (; i < n; i++)
			d[i] = (uint8_t)rnd(&seed);
		break;
	case 3: /* short periods 1..20, repeated */
		while (i < n) {
			size_t period = 1 + rnd(&seed) % 20, len = 1 + rnd(&seed) % 3000;
			for (size_t k = 0; k < len && i < n; k++, i++)
				d[i] = k < period ? (uint8_t)rnd(&seed) : d[i - period];
		}
		break;
	case 4: /* long runs of one byte */
		while (i < n) {
			size_t len = 1 + rnd(&seed) % 100000;
			uint8_t b = (uint8_t)(rnd(&seed) & 1 ? 0 : rnd(&seed));
			for (size_t k = 0; k < len && i < n; k++)
				d[i++] = b;
		}
		break;
	default: /* pieces of the others, with far repeats */
		while (i < n) {
			size_t len = 1 + rnd(&seed) % 5000;
			if (len > n - i)
				len = n - i;
			if (i > 70000 && rnd(&seed) & 1)
				memcpy(d + i, d + i - 65535 + rnd(&seed) % 1000, len);
			else
				sample(d + i, len, (int)(rnd(&seed) % 5), rnd(&seed));
			i += len;
		}
	}
}

int lz4_stricter(enum lz4_result r)
{
	return r == LZ4_ERR_OFFSET_ZERO || r == LZ4_ERR_LAST_LITERALS || r == LZ4_ERR_LAST_MATCH ||
	       r == LZ4_ERR_LAST_TOKEN;
}

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

size_t make_legacy(const uint8_t *src, size_t n, int level, uint8_t *dst, size_t cap)
{
	size_t o = 4;

	if (cap < 4)
		return 0;
	wr32(dst, LZ4_MAGIC_LEGACY);
	for (size_t i = 0; i < n; i += LZ4_LEGACY_BLOCK_MAX) {
		size_t len = n - i < LZ4_LEGACY_BLOCK_MAX ? n - i : LZ4_LEGACY_BLOCK_MAX;
		int c;

		if (cap - o < 4 + (size_t)LZ4_compressBound((int)len))
			return 0;
		c = level < 3 ? LZ4_compress_default((const char *)src + i, (char *)dst + o + 4, (int)len,
						     LZ4_compressBound((int)len))
			      : LZ4_compress_HC((const char *)src + i, (char *)dst + o + 4, (int)len,
						LZ4_compressBound((int)len), level);
		if (c <= 0)
			return 0;
		wr32(dst + o, (uint32_t)c);
		o += 4 + (size_t)c;
	}
	return o;
}

size_t make_frame(const uint8_t *src, size_t n, const LZ4F_preferences_t *prefs, uint8_t *dst,
		  size_t cap)
{
	size_t r = LZ4F_compressFrame(dst, cap, src, n, prefs);

	return LZ4F_isError(r) ? 0 : r;
}

/* One legacy frame at in[*pos] (its magic), as lz4io's legacy reader and Linux's unlz4 do. */
static enum ref_kind ref_legacy(const uint8_t *in, size_t n, size_t *pos, uint8_t *out,
				size_t cap, size_t *olen)
{
	static char *tmp;
	size_t p = *pos + 4;

	if (!tmp && !(tmp = malloc(LZ4_LEGACY_BLOCK_MAX)))
		abort();
	while (p < n) {
		uint32_t size;
		int d;

		if (n - p < 4)
			return REF_TRUNCATED;
		size = rd32(in + p);
		if (size > LZ4_LEGACY_BOUND)
			break; /* lz4io: maybe the next frame's magic */
		if (n - p - 4 < size)
			return REF_TRUNCATED;
		d = LZ4_decompress_safe((const char *)in + p + 4, tmp, (int)size, LZ4_LEGACY_BLOCK_MAX);
		if (d < 0)
			return REF_ERROR;
		if (cap - *olen < (size_t)d) {
			memcpy(out + *olen, tmp, cap - *olen);
			*olen = cap;
			return REF_OUTPUT_FULL;
		}
		memcpy(out + *olen, tmp, (size_t)d);
		*olen += (size_t)d;
		p += 4 + size;
	}
	*pos = p;
	return REF_OK;
}

enum ref_kind ref_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	LZ4F_dctx *dctx;
	enum ref_kind k = n ? REF_OK : REF_TRUNCATED;
	size_t pos = 0;

	*out_len = 0;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
		abort();
	while (k == REF_OK && pos < n) {
		/* lz4io reads the magic itself: legacy frames are its own, unknown ones an error. */
		if (n - pos >= 4) {
			uint32_t m = rd32(in + pos);

			if (m == LZ4_MAGIC_LEGACY) {
				k = ref_legacy(in, n, &pos, out, cap, out_len);
				continue;
			}
			if (m != LZ4_MAGIC_FRAME && (m & LZ4_MAGIC_SKIP_MASK) != LZ4_MAGIC_SKIP_FIRST) {
				k = REF_ERROR;
				break;
			}
		}
		for (;;) {
			size_t dsz = cap - *out_len, ssz = n - pos;
			size_t r = LZ4F_decompress(dctx, out + *out_len, &dsz, in + pos, &ssz, NULL);

			if (LZ4F_isError(r)) {
				k = REF_ERROR;
				break;
			}
			pos += ssz;
			*out_len += dsz;
			if (r == 0)
				break; /* frame done */
			if (ssz == 0 && dsz == 0) { /* no progress: out of input or of room */
				k = *out_len == cap && pos < n ? REF_OUTPUT_FULL : REF_TRUNCATED;
				break;
			}
		}
	}
	LZ4F_freeDecompressionContext(dctx);
	return k;
}
