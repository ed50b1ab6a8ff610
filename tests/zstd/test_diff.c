/* test_diff.c: differential tests: inputs of every shape (text, binary, random, small
 * alphabets, runs and short periods, long matches, block-size edges, a window of several
 * MiB) compressed by libzstd at levels -5, 1, 3, 19 and 22, one-shot (content size,
 * single segment) and streamed with flushes (window descriptor, many blocks), with and
 * without checksum, and with --long=27; each decodes byte for byte with ours (host test). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tzstd.h"

struct input {
	const char *name;
	uint8_t *data;
	size_t len;
};

static uint8_t *read_files(const char *const *paths, size_t max, size_t *len)
{
	uint8_t *b = malloc(max);
	size_t n = 0;

	for (; *paths && n < max; paths++) {
		FILE *f = fopen(*paths, "rb");
		if (!f)
			continue;
		n += fread(b + n, 1, max - n, f);
		fclose(f);
	}
	*len = n;
	return b;
}

static int make_inputs(struct input *in)
{
	static const char *const text[] = { "/usr/include/zstd.h", "/usr/include/stdio.h",
		"/usr/include/stdlib.h", "/usr/include/unistd.h", "/usr/include/string.h",
		"/usr/include/zlib.h", "/usr/include/elf.h", "/usr/include/link.h", NULL };
	static const char *const bin[] = { "/bin/bash", "/usr/bin/zstd", NULL };
	uint32_t seed = 7;
	size_t i;
	int n = 0;

	in[n++] = (struct input){ "empty", malloc(1), 0 };
	in[n] = (struct input){ "one byte", malloc(1), 1 }; in[n++].data[0] = 'x';
	in[n].name = "text";
	in[n].data = read_files(text, 1 << 19, &in[n].len);
	n++;
	in[n].name = "binary";
	in[n].data = read_files(bin, 1 << 19, &in[n].len);
	n++;
	in[n] = (struct input){ "random 300k", malloc(300000), 300000 };
	for (i = 0; i < in[n].len; i++) in[n].data[i] = (uint8_t)tz_rand(&seed);
	n++;
	in[n] = (struct input){ "4-letter alphabet 200k", malloc(200000), 200000 };
	for (i = 0; i < in[n].len; i++) in[n].data[i] = "acgt"[tz_rand(&seed) & 3];
	n++;
	/* runs (offset 1) and periods 2..15: the overlapping match copies */
	in[n] = (struct input){ "runs and periods 200k", malloc(200000), 200000 };
	for (i = 0; i < in[n].len; i++) {
		size_t blk = i / 5000, period = 1 + blk % 15;
		in[n].data[i] = (uint8_t)(blk * 7 + (i % period) * (blk & 1 ? tz_rand(&seed) & 1 : 1));
	}
	n++;
	/* one random 64 KiB block eight times: matches of 64 KiB */
	in[n] = (struct input){ "long matches 512k", malloc(8 << 16), 8 << 16 };
	for (i = 0; i < 1 << 16; i++) in[n].data[i] = (uint8_t)tz_rand(&seed);
	for (; i < in[n].len; i++) in[n].data[i] = in[n].data[i - (1 << 16)];
	n++;
	/* short random words with repeats: many sequences, Huffman literals */
	in[n] = (struct input){ "words 400k", malloc(400000), 400000 };
	for (i = 0; i < in[n].len; i++) {
		unsigned r = tz_rand(&seed);
		in[n].data[i] = r % 11 == 0 ? ' ' : (uint8_t)('a' + r % 26 * (r % 3 == 0));
	}
	n++;
	in[n] = (struct input){ "exactly 128k", malloc(131072), 131072 };
	for (i = 0; i < in[n].len; i++) in[n].data[i] = (uint8_t)(tz_rand(&seed) % 5 + i / 1000);
	n++;
	in[n] = (struct input){ "128k + 1 random", malloc(131073), 131073 };
	for (i = 0; i < in[n].len; i++) in[n].data[i] = (uint8_t)tz_rand(&seed);
	n++;
	return n;
}

/* 3 MiB of random bytes twice: only a window over 3 MiB (--long=27) finds the match. */
static void test_big_window(void)
{
	size_t half = 3 << 20, n = 2 * half, clen, i;
	uint8_t *d = malloc(n), *c;
	uint32_t seed = 99;

	for (i = 0; i < half; i++) d[i] = (uint8_t)(tz_rand(&seed) ^ (i >> 9));
	memcpy(d + half, d, half);
	c = tz_compress(d, n, 3, 27, 1, 1, 1, &clen);
	CHECK(clen < half + half / 8, "--long=27 found the 3 MiB match: %zu bytes", clen);
	tz_check_roundtrip("6 MiB --long=27 level 3", c, clen, d, n);
	free(c);
	c = tz_compress(d, n, 1, 27, 1, 0, 0, &clen);
	tz_check_roundtrip("6 MiB --long=27 level 1 streamed", c, clen, d, n);
	free(c);
	free(d);
}

/* Two frames, a skippable frame between them and one at the end. */
static void test_concat(const struct input *a, const struct input *b)
{
	size_t la, lb, n = a->len + b->len;
	uint8_t *ca = tz_compress(a->data, a->len, 3, 0, 0, 1, 1, &la);
	uint8_t *cb = tz_compress(b->data, b->len, 19, 0, 0, 0, 0, &lb);
	uint8_t *c = malloc(la + lb + 40), *want = malloc(n + 1);
	static const uint8_t skip[13] = { 0x5a, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5 };
	size_t p = 0;

	memcpy(c + p, ca, la); p += la;
	memcpy(c + p, skip, 13); p += 13;
	memcpy(c + p, cb, lb); p += lb;
	memcpy(c + p, skip, 8); c[p + 4] = 0; p += 8;   /* empty skippable frame */
	memcpy(want, a->data, a->len);
	memcpy(want + a->len, b->data, b->len);
	tz_check_roundtrip("concatenated frames", c, p, want, n);
	free(ca); free(cb); free(c); free(want);
}

void test_diff(void)
{
	static struct input in[16];
	static const int levels[] = { -5, 1, 3, 19, 22 };
	int n = make_inputs(in), i, l, mode;
	char what[128];

	for (i = 0; i < n; i++) {
		for (l = 0; l < 5; l++) {
			if (levels[l] >= 19 && in[i].len > (1u << 20))
				continue;
			for (mode = 0; mode < 2; mode++) {
				size_t clen;
				uint8_t *c = tz_compress(in[i].data, in[i].len, levels[l], 0, 0,
							 (l + mode) & 1, !mode, &clen);
				snprintf(what, sizeof what, "%s level %d %s", in[i].name, levels[l],
					 mode ? "streamed" : "one-shot");
				tz_check_roundtrip(what, c, clen, in[i].data, in[i].len);
				free(c);
			}
		}
	}
	test_concat(&in[2], &in[6]);
	test_big_window();
	for (i = 0; i < n; i++)
		free(in[i].data);
}
