/* tbz_util.c: the bzip2 tests' reference side (libbz2's decoder and encoder), sample data and
 * the decoder's workspace (host test code). */
#include <stdlib.h>
#include <string.h>
#include <bzlib.h>
#include "tbz.h"

uint32_t tbz_rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void tbz_sample(uint8_t *d, size_t n, int kind, uint32_t seed)
{
	static const char *const words[] = { "block ", "sort ", "huffman ", "burrows ", "wheeler ",
					     "selector ", "\n", "0123456789", "the ", "of " };
	size_t i = 0;

	seed |= 1;
	while (i < n) {
		uint32_t r = tbz_rnd(&seed);

		switch (kind) {
		case 0: {
			const char *w = words[r % 10];
			while (*w && i < n)
				d[i++] = (uint8_t)*w++;
			break;
		}
		case 1: /* little-endian words with small values, some pointers */
			d[i++] = (uint8_t)(r & 0x0f);
			if (i < n) d[i++] = (uint8_t)((r >> 8) & 0x03);
			if (i < n) d[i++] = (r >> 16) & 1 ? 0xff : 0;
			if (i < n) d[i++] = (r >> 17) & 1 ? 0xff : 0;
			break;
		case 2:
			d[i++] = (uint8_t)(r >> 11);
			break;
		case 3: { /* a phrase repeated with rare changes */
			static const char ph[] = "abcabcabd-xyzzy.";
			d[i] = (uint8_t)ph[i % 16];
			if ((r & 255) == 0)
				d[i] = (uint8_t)(r >> 8);
			i++;
			break;
		}
		case 4: { /* runs of 1..600 of one byte */
			size_t len = 1 + (r >> 8) % 600;
			uint8_t c = (uint8_t)(r & 7);
			while (len-- && i < n)
				d[i++] = c;
			break;
		}
		case 5:
			d[i++] = (uint8_t)("AB\0\xff"[r & 3]);
			break;
		default:
			d[i++] = 'z';
		}
	}
}

struct ref_result ref_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	struct ref_result res = { REF_OTHER, 0, 0 };
	bz_stream s;
	int r;

	memset(&s, 0, sizeof s);
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		abort();
	s.next_in = (char *)in;
	s.avail_in = (unsigned)n;
	s.next_out = (char *)out;
	s.avail_out = (unsigned)cap;
	for (;;) {
		r = BZ2_bzDecompress(&s);
		if (r != BZ_OK)
			break;
		if (s.avail_out == 0 || s.avail_in == 0)
			break;
	}
	res.in_used = n - s.avail_in;
	res.out_len = cap - s.avail_out;
	if (r == BZ_STREAM_END)
		res.kind = REF_OK;
	else if (r == BZ_DATA_ERROR)
		res.kind = REF_DATA_ERROR;
	else if (r == BZ_DATA_ERROR_MAGIC)
		res.kind = REF_MAGIC;
	else if (r == BZ_OK && s.avail_out == 0)
		res.kind = REF_OUTPUT_FULL;
	else if (r == BZ_OK)
		res.kind = REF_NEED_INPUT;
	BZ2_bzDecompressEnd(&s);
	return res;
}

size_t ref_encode(const uint8_t *in, size_t n, int level, uint8_t *out, size_t cap)
{
	unsigned len = (unsigned)cap;

	if (BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)in, (unsigned)n, level, 0, 0) != BZ_OK)
		return 0;
	return len;
}

void *tbz_work(void)
{
	static void *w;

	if (!w && !(w = aligned_alloc(64, (BZIP2_WORK_BYTES + 63) / 64 * 64)))
		abort();
	return w;
}
