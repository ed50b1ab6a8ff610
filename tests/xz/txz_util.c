/* txz_util.c: the xz tests' helpers: seeded input generators, liblzma as reference encoder
 * and decoder, our decoder behind exact-size input copies. */
#include <stdlib.h>
#include <string.h>
#include "txz.h"
#include "inflate.h"

const char *const gen_names[GEN_COUNT] = { "text", "binary", "random", "runs", "long", "zeros",
					    "mixed" };

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void gen_fill(enum gen_kind k, uint8_t *buf, size_t n, uint32_t seed)
{
	static const char *const words[] = { "the", "loader", "reads", "kernel", "payload", "and",
		"decodes", "it", "with", "our", "own", "range", "coder", "dictionary", "match",
		"literal", "\n", "of", "a", "to", "block", "stream", "index", "check" };
	uint32_t s = seed * 2654435761u + 1;
	size_t i = 0;

	switch (k) {
	case GEN_TEXT:
		while (i < n) {
			const char *w = words[rnd(&s) % (sizeof(words) / sizeof(words[0]))];
			for (size_t j = 0; w[j] && i < n; j++)
				buf[i++] = (uint8_t)w[j];
			if (i < n)
				buf[i++] = ' ';
		}
		break;
	case GEN_BINARY: /* x86-like: CALL/JMP rel32 among other bytes */
		while (i < n) {
			uint32_t r = rnd(&s);
			if ((r & 7) == 0 && n - i >= 5) {
				uint32_t rel = (rnd(&s) % 65536) - 32768;
				buf[i++] = (r & 8) ? 0xE8 : 0xE9;
				memcpy(buf + i, &rel, 4);
				i += 4;
			} else {
				buf[i++] = (uint8_t)(r >> 8) & ((r & 16) ? 0xFF : 0x0F);
			}
		}
		break;
	case GEN_RANDOM:
		for (; i < n; i++)
			buf[i] = (uint8_t)(rnd(&s) >> 24);
		break;
	case GEN_RUNS:
		while (i < n) {
			uint8_t b = (uint8_t)rnd(&s);
			size_t len = 1 + rnd(&s) % 300;
			for (; len-- && i < n; i++)
				buf[i] = b;
		}
		break;
	case GEN_LONG: /* one 4 KiB random block repeated with rare changes: long matches */
		for (; i < n; i++)
			buf[i] = i < 4096 ? (uint8_t)rnd(&s) : buf[i - 4096];
		for (i = 4096; i < n; i += 1 + rnd(&s) % 50000)
			buf[i] ^= 0x5A;
		break;
	case GEN_ZEROS:
		memset(buf, 0, n);
		break;
	case GEN_MIXED: /* random and text pieces: LZMA2 uncompressed and LZMA chunks, resets */
		while (i < n) {
			size_t len = 1000 + rnd(&s) % 200000;
			if (len > n - i)
				len = n - i;
			gen_fill((rnd(&s) & 1) ? GEN_RANDOM : GEN_TEXT, buf + i, len, rnd(&s));
			i += len;
		}
		break;
	default:
		break;
	}
}

static uint8_t *encode(lzma_stream *st, const uint8_t *in, size_t n, size_t *len, size_t every)
{
	size_t cap = n + n / 2 + 65536, done = 0;
	uint8_t *out = malloc(cap);
	lzma_ret r = LZMA_OK;

	st->next_out = out;
	st->avail_out = cap;
	while (r == LZMA_OK) {
		size_t chunk = every && n - done > every ? every : n - done;
		lzma_action a = every && done + chunk < n ? LZMA_FULL_FLUSH : LZMA_FINISH;
		st->next_in = in + done;
		st->avail_in = chunk;
		do
			r = lzma_code(st, a);
		while (r == LZMA_OK && (st->avail_in || a == LZMA_FINISH));
		done += chunk;
		if (a == LZMA_FULL_FLUSH && r == LZMA_STREAM_END)
			r = LZMA_OK;
		if (a == LZMA_FINISH)
			break;
	}
	*len = st->total_out;
	lzma_end(st);
	if (r != LZMA_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* Inputs shorter than the preset's dictionary get a dictionary of their size (as xz(1) does
 * for files): the same stream but for the dictionary size field, and far less encoder memory. */
static void fit_dict(lzma_options_lzma *o, size_t n)
{
	if (o->dict_size > n)
		o->dict_size = n < 4096 ? 4096 : (uint32_t)n;
}

static void set_lclppb(lzma_options_lzma *o, int lclppb)
{
	if (lclppb >= 0) {
		o->lc = lclppb & 15;
		o->lp = (lclppb >> 4) & 15;
		o->pb = (lclppb >> 8) & 15;
	}
}

uint8_t *ref_xz(const uint8_t *in, size_t n, size_t *len, uint32_t preset, lzma_check check,
		const lzma_filter *pre, int npre, int lclppb)
{
	lzma_options_lzma o;
	lzma_filter f[5];
	lzma_stream st = LZMA_STREAM_INIT;

	if (lzma_lzma_preset(&o, preset))
		return NULL;
	set_lclppb(&o, lclppb);
	fit_dict(&o, n);
	for (int i = 0; i < npre; i++)
		f[i] = pre[i];
	f[npre].id = LZMA_FILTER_LZMA2;
	f[npre].options = &o;
	f[npre + 1].id = LZMA_VLI_UNKNOWN;
	if (lzma_stream_encoder(&st, f, check) != LZMA_OK)
		return NULL;
	return encode(&st, in, n, len, 0);
}

uint8_t *ref_xz_blocks(const uint8_t *in, size_t n, size_t *len, size_t every, int mt)
{
	lzma_stream st = LZMA_STREAM_INIT;

	if (mt) {
		lzma_mt m = { .flags = 0, .threads = 1, .block_size = every, .timeout = 0,
			      .preset = 1, .check = LZMA_CHECK_CRC64 };
		if (lzma_stream_encoder_mt(&st, &m) != LZMA_OK)
			return NULL;
		return encode(&st, in, n, len, 0);
	}
	if (lzma_easy_encoder(&st, 1, LZMA_CHECK_CRC32) != LZMA_OK)
		return NULL;
	return encode(&st, in, n, len, every);
}

uint8_t *ref_lzma(const uint8_t *in, size_t n, size_t *len, uint32_t preset, int lclppb)
{
	lzma_options_lzma o;
	lzma_stream st = LZMA_STREAM_INIT;

	if (lzma_lzma_preset(&o, preset))
		return NULL;
	set_lclppb(&o, lclppb);
	fit_dict(&o, n);
	if (lzma_alone_encoder(&st, &o) != LZMA_OK)
		return NULL;
	return encode(&st, in, n, len, 0);
}

uint8_t *ref_lzma_sized(const uint8_t *in, size_t n, size_t *len, uint32_t preset)
{
	lzma_options_lzma o;
	lzma_filter f[2];
	lzma_stream st = LZMA_STREAM_INIT;
	uint8_t *raw, *out;
	size_t rlen;

	if (lzma_lzma_preset(&o, preset))
		return NULL;
	fit_dict(&o, n);
	o.ext_flags = 0;
	o.ext_size_low = (uint32_t)n;
	o.ext_size_high = (uint32_t)((uint64_t)n >> 32);
	f[0].id = LZMA_FILTER_LZMA1EXT;
	f[0].options = &o;
	f[1].id = LZMA_VLI_UNKNOWN;
	if (lzma_raw_encoder(&st, f) != LZMA_OK)
		return NULL;
	raw = encode(&st, in, n, &rlen, 0);
	if (!raw)
		return NULL;
	out = malloc(rlen + 13);
	out[0] = (uint8_t)((o.pb * 5 + o.lp) * 9 + o.lc);
	for (int i = 0; i < 4; i++)
		out[1 + i] = (uint8_t)(o.dict_size >> (8 * i));
	for (int i = 0; i < 8; i++)
		out[5 + i] = (uint8_t)((uint64_t)n >> (8 * i));
	memcpy(out + 13, raw, rlen);
	free(raw);
	*len = rlen + 13;
	return out;
}

lzma_ret ref_xz_decode(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
		       size_t *out_len)
{
	uint64_t memlimit = (uint64_t)1 << 30;
	size_t ip = 0, op = 0;
	lzma_ret r = lzma_stream_buffer_decode(&memlimit, LZMA_CONCATENATED, NULL, in, &ip, n,
					       out, &op, cap);

	*in_used = ip;
	*out_len = op;
	return r;
}

lzma_ret ref_lzma_decode(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
			 size_t *out_len)
{
	lzma_stream st = LZMA_STREAM_INIT;
	lzma_ret r = lzma_alone_decoder(&st, (uint64_t)1 << 30);

	if (r != LZMA_OK)
		return r;
	st.next_in = in;
	st.avail_in = n;
	st.next_out = out;
	st.avail_out = cap;
	do /* LZMA_BUF_ERROR: no progress possible, the input truncated or the output full */
		r = lzma_code(&st, LZMA_FINISH);
	while (r == LZMA_OK);
	*in_used = st.total_in;
	*out_len = st.total_out;
	lzma_end(&st);
	return r;
}

void *txz_work(void)
{
	static _Alignas(16) uint8_t work[XZ_WORK_BYTES];
	return work;
}

enum xz_result ours_xz(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
		       size_t *out_len)
{
	uint8_t *copy = malloc(n ? n : 1);
	enum xz_result r;

	memcpy(copy, in, n);
	r = xz_decode(copy, n, in_used, out, cap, out_len, txz_work());
	free(copy);
	return r;
}

enum xz_result ours_lzma(const uint8_t *in, size_t n, size_t *in_used, uint8_t *out, size_t cap,
			 size_t *out_len)
{
	uint8_t *copy = malloc(n ? n : 1);
	enum xz_result r;

	memcpy(copy, in, n);
	r = xz_decode_lzma(copy, n, in_used, out, cap, out_len, txz_work());
	free(copy);
	return r;
}

void fix_crc32(uint8_t *in, size_t at, size_t len)
{
	uint32_t c = crc32_update(0, in + at, len);

	for (int i = 0; i < 4; i++)
		in[at + len + i] = (uint8_t)(c >> (8 * i));
}
