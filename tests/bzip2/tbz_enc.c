/* tbz_enc.c: a small bzip2 encoder for the tests (host C): naive block sorting by prefix
 * doubling, MTF and RUNA/RUNB, fixed-shape Huffman codes, and switches that write malformed
 * streams on purpose (struct tbz_opts). Slow; for blocks up to some 100 KB. */
#include <stdlib.h>
#include <string.h>
#include "tbz.h"

struct bw { uint8_t *p; size_t cap, bits; int over; };

static void put(struct bw *w, uint32_t v, unsigned n)
{
	while (n--) {
		size_t byte = w->bits >> 3;
		if (byte >= w->cap) { w->over = 1; return; }
		if ((w->bits & 7) == 0)
			w->p[byte] = 0;
		if ((v >> n) & 1)
			w->p[byte] |= (uint8_t)(0x80 >> (w->bits & 7));
		w->bits++;
	}
}

uint32_t tbz_crc(uint32_t crc, const uint8_t *p, size_t n)
{
	while (n--) {
		crc ^= (uint32_t)*p++ << 24;
		for (int k = 0; k < 8; k++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u : crc << 1;
	}
	return crc;
}

/* The initial run-length coding: 4..259 equal bytes become 4 bytes and a count. */
static size_t rle1(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t r = 1;
		while (i + r < n && in[i + r] == in[i] && r < 259)
			r++;
		if (r >= 4) {
			memset(out + o, in[i], 4);
			out[o + 4] = (uint8_t)(r - 4);
			o += 5;
		} else {
			memset(out + o, in[i], r);
			o += r;
		}
		i += r;
	}
	return o;
}

/* Sorting the rotations by prefix doubling: rank pairs (rank[i], rank[i + k]). */
static const uint32_t *g_rank;
static size_t g_n, g_k;
static int cmp_rot(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t rx = g_rank[x], ry = g_rank[y];
	if (rx != ry) return rx < ry ? -1 : 1;
	rx = g_rank[(x + g_k) % g_n]; ry = g_rank[(y + g_k) % g_n];
	if (rx != ry) return rx < ry ? -1 : 1;
	return 0;
}

static void sort_rotations(const uint8_t *b, size_t n, uint32_t *sa)
{
	uint32_t *rank = malloc(n * 4 + 4), *tmp = malloc(n * 4 + 4);

	for (size_t i = 0; i < n; i++) { sa[i] = (uint32_t)i; rank[i] = b[i]; }
	g_rank = rank; g_n = n;
	for (g_k = 0;; g_k = g_k ? g_k * 2 : 1) {
		qsort(sa, n, 4, cmp_rot);
		tmp[sa[0]] = 0;
		for (size_t i = 1; i < n; i++)
			tmp[sa[i]] = tmp[sa[i - 1]] + (cmp_rot(&sa[i - 1], &sa[i]) != 0);
		memcpy(rank, tmp, n * 4);
		if (n == 0 || rank[sa[n - 1]] == n - 1 || g_k >= n)
			break;
	}
	free(rank);
	free(tmp);
}

/* Code lengths for an alphabet of a symbols (see len_mode). */
static void lengths(int mode, unsigned a, uint8_t *len)
{
	unsigned k = 1;
	while ((1u << k) < a) k++;
	for (unsigned i = 0; i < a; i++) {
		unsigned short_ones = (1u << k) - a; /* complete: this many get k - 1 bits */
		len[i] = (uint8_t)(i < short_ones ? k - 1 : k);
		if (mode == 1) len[i] = (uint8_t)(k + 1);
		if (mode == 2) len[i] = (uint8_t)(k - 1 ? k - 1 : 1);
	}
	if (mode == 3) {
		/* A chain 1, 2, .., m, then the other r symbols share the last 2^-m evenly, the
		 * longest at 20 bits (a <= 21: the chain alone, 1..a-1 and a-1). */
		unsigned m = a <= 21 ? a - 1 : 20 - k, r = a - m, kr = 0;
		while ((1u << kr) < r) kr++;
		for (unsigned i = 0; i < a; i++)
			len[i] = (uint8_t)(i < m ? i + 1 : (i - m < (1u << kr) - r ? m + kr - 1 : m + kr));
		if (a <= 21)
			len[a - 1] = (uint8_t)(a - 1);
	}
}

static void write_block(struct bw *w, const uint8_t *blk, size_t n, uint32_t crc,
			const struct tbz_opts *o)
{
	uint32_t *sa = malloc(n * 4 + 4), orig = 0;
	uint16_t *syms = malloc((n + 40) * 2 * sizeof *syms);
	uint8_t used[256] = { 0 }, seq[256], mtf[256], len[260];
	unsigned n_used = 0, groups = o->groups ? (unsigned)o->groups : 2, nsym = 0;
	size_t zrun = 0;

	if (n && !o->raw_l) sort_rotations(blk, n, sa);
	if (o->raw_l) /* sa[] such that the last column is blk itself */
		for (size_t j = 0; j < n; j++) sa[j] = (uint32_t)((j + 1) % n);
	for (size_t i = 0; i < n; i++) used[blk[i]] = 1;
	if (n == 0) used[0] = 1;
	if (o->empty_map) memset(used, 0, sizeof used);
	for (int i = 0; i < 256; i++) if (used[i]) seq[n_used++] = (uint8_t)i;
	memcpy(mtf, seq, n_used);
	for (size_t j = 0; j < n; j++) {
		uint8_t c = blk[(sa[j] + n - 1) % n];
		unsigned idx = 0;
		if (sa[j] == 0 && !o->raw_l) orig = (uint32_t)j;
		while (mtf[idx] != c) idx++;
		memmove(mtf + 1, mtf, idx);
		mtf[0] = c;
		if (idx == 0) { zrun++; continue; }
		for (; zrun; zrun = (zrun - 1) >> 1)
			syms[nsym++] = (zrun - 1) & 1;
		syms[nsym++] = (uint16_t)(idx + 1);
	}
	for (; zrun; zrun = (zrun - 1) >> 1)
		syms[nsym++] = (zrun - 1) & 1;
	if (o->runs_before_eob)
		syms[nsym++] = 2; /* MTF index 1, so the RUNAs below start a run of their own */
	for (int i = 0; i < o->runs_before_eob; i++)
		syms[nsym++] = 0;
	syms[nsym++] = (uint16_t)(n_used + 1);

	put(w, 0x314159, 24); put(w, 0x265359, 24);
	put(w, crc ^ o->block_crc_xor, 32);
	put(w, o->randomised ? 1 : 0, 1);
	put(w, (uint32_t)((int)orig + o->orig_ptr_delta), 24);
	{
		uint32_t ranges = 0;
		for (int i = 0; i < 256; i++) if (used[i]) ranges |= 0x8000u >> (i / 16);
		put(w, ranges, 16);
		for (int r = 0; r < 16; r++) {
			uint32_t bits = 0;
			if (!(ranges & (0x8000u >> r))) continue;
			for (int j = 0; j < 16; j++) if (used[r * 16 + j]) bits |= 0x8000u >> j;
			put(w, bits, 16);
		}
	}
	put(w, groups, 3);
	{
		int nsel = (int)((nsym + 49) / 50) + o->sel_delta;
		uint8_t smtf[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
		if (nsel < 0) nsel = 0;
		put(w, (uint32_t)nsel, 15);
		for (int i = 0; i < nsel; i++) {
			unsigned want = groups ? (unsigned)i % groups : 0, j = 0;
			if (i == 0 && o->bad_selector) {
				for (unsigned k = 0; k < groups; k++) put(w, 1, 1);
				put(w, 0, 1);
				continue;
			}
			while (smtf[j] != want) j++;
			memmove(smtf + 1, smtf, j);
			smtf[0] = (uint8_t)want;
			for (unsigned k = 0; k < j; k++) put(w, 1, 1);
			put(w, 0, 1);
		}
	}
	lengths(o->len_mode, n_used + 2, len);
	for (unsigned t = 0; t < groups; t++) {
		unsigned cur = len[0];
		if (o->bad_len == 1) cur = 0;
		if (o->bad_len == 2) cur = 20;
		put(w, cur, 5);
		for (unsigned s = 0; s < n_used + 2; s++) {
			if (o->bad_len == 2 && s == 0) { put(w, 2, 2); cur++; /* up from 20 to 21 */ }
			while (cur != len[s]) {
				put(w, cur < len[s] ? 2 : 3, 2);
				cur += cur < len[s] ? 1 : -1;
			}
			put(w, 0, 1);
		}
	}
	{
		/* Canonical codes, MSB first: by length, then symbol. */
		uint32_t code[260], next = 0;
		unsigned a = n_used + 2;
		for (unsigned l = 1; l <= 20; l++) {
			for (unsigned s = 0; s < a; s++) if (len[s] == l) code[s] = next++;
			next <<= 1;
		}
		if (o->emit_unused)
			put(w, 0xfffff, 20);
		for (unsigned i = 0; i < nsym; i++) put(w, code[syms[i]], len[syms[i]]);
	}
	free(sa);
	free(syms);
}

size_t tbz_encode(const uint8_t *in, size_t n, const struct tbz_opts *o, uint8_t *out, size_t cap)
{
	struct bw w = { out, cap, 0, 0 };
	int level = o->level ? o->level : 9;
	size_t per = o->block_bytes ? o->block_bytes : (n ? n : 1);
	uint32_t combined = 0;
	uint8_t *blk = malloc(n + n / 4 + 16);

	put(&w, 'B', 8); put(&w, 'Z', 8); put(&w, 'h', 8);
	put(&w, o->level_char ? (uint32_t)o->level_char : (uint32_t)('0' + level), 8);
	for (size_t off = 0; off < n || (o->raw_block && off == 0 && n == 0); off += per) {
		size_t len = n - off < per ? n - off : per, bn;
		uint32_t crc;
		if (o->raw_block) {
			/* The bytes are the block as it is after the initial RLE; the CRC is over them
			 * decoded the way the decoder does it (a trailing 4-run counts as 4 bytes). */
			memcpy(blk, in, n);
			bn = n;
			len = n;
			{
				uint8_t *dec = malloc(n * 64 + 1);
				size_t d = 0, same = 0; int prev = -1;
				for (size_t i = 0; i < n; i++) {
					if (same == 4) { memset(dec + d, prev, in[i]); d += in[i]; same = 0; prev = -1; continue; }
					dec[d++] = in[i]; same = in[i] == prev ? same + 1 : 1; prev = in[i];
				}
				crc = ~tbz_crc(~0u, dec, d);
				free(dec);
			}
		} else {
			bn = rle1(in + off, len, blk);
			crc = ~tbz_crc(~0u, in + off, len);
		}
		write_block(&w, blk, bn, crc, o);
		combined = (combined << 1 | combined >> 31) ^ crc ^ o->block_crc_xor;
		if (o->raw_block)
			break;
	}
	put(&w, 0x177245, 24); put(&w, 0x385090 ^ (uint32_t)o->eos_magic_xor, 24);
	put(&w, combined ^ o->stream_crc_xor, 32);
	while (w.bits & 7)
		put(&w, 0, 1);
	free(blk);
	return w.over ? 0 : w.bits / 8;
}
