/* huffman.c: Huffman-coded literals (RFC 8878 4.2): the tree description (direct or
 * FSE-compressed weights), the decoding table, and the 1- or 4-stream bitstreams. */
#include "zstd_internal.h"

/* 4.2.1.2: weights compressed with FSE (Accuracy_Log <= 6), decoded by two interleaved states
 * from one backward bitstream until a state update reads past its start. */
static enum zstd_result fse_weights(struct zs_work *w, const uint8_t *src, size_t n,
				    uint8_t *wt, unsigned *count)
{
	int16_t norm[ZS_HUF_LOG_MAX + 1];
	unsigned nsym, log, s1, s2, k = 0;
	size_t hdr;
	struct zs_bits b;
	enum zstd_result r;

	r = zs_fse_read_counts(src, n, ZS_HUF_WEIGHT_LOG, ZS_HUF_LOG_MAX, norm, &nsym, &log, &hdr);
	if (r != zstd_OK)
		return r;
	if (hdr >= n)
		return zstd_ERR_FSE_STREAM_SIZE;
	zs_fse_build_weights(w->wfse, norm, nsym, log);
	if (!zs_bits_init(&b, src + hdr, n - hdr))
		return zstd_ERR_FSE_STREAM_PADDING;
	s1 = (unsigned)zs_bits_read(&b, log);
	zs_bits_refill(&b);
	s2 = (unsigned)zs_bits_read(&b, log);
	zs_bits_refill(&b);
	for (;;) {
		/* room for this symbol and the other state's last one (255 weights at most) */
		if (k + 2 > ZS_HUF_SYMBOLS - 1)
			return zstd_ERR_HUF_TOO_MANY_SYMBOLS;
		wt[k++] = w->wfse[s1].symbol;
		s1 = w->wfse[s1].next_base + (unsigned)zs_bits_read(&b, w->wfse[s1].nbits);
		zs_bits_refill(&b);
		if (zs_bits_overread(&b)) {
			wt[k++] = w->wfse[s2].symbol;
			break;
		}
		if (k + 2 > ZS_HUF_SYMBOLS - 1)
			return zstd_ERR_HUF_TOO_MANY_SYMBOLS;
		wt[k++] = w->wfse[s2].symbol;
		s2 = w->wfse[s2].next_base + (unsigned)zs_bits_read(&b, w->wfse[s2].nbits);
		zs_bits_refill(&b);
		if (zs_bits_overread(&b)) {
			wt[k++] = w->wfse[s1].symbol;
			break;
		}
	}
	*count = k;
	return zstd_OK;
}

/* 4.2.1.1 / 4.2.1.3: read the weights, add the implied last one, build the table: weight w
 * (code length log + 1 - w) fills 2^(w-1) cells; lower weights first, symbols ascending. */
enum zstd_result zs_huf_read_table(struct zs_work *w, const uint8_t *src, size_t n, size_t *used)
{
	uint8_t wt[ZS_HUF_SYMBOLS];
	unsigned rank[ZS_HUF_LOG_MAX + 2] = { 0 };
	unsigned start[ZS_HUF_LOG_MAX + 2];
	unsigned count = 0, i, hb, log, rest, last, pos;
	uint32_t total = 0;
	enum zstd_result r;

	if (n < 1)
		return zstd_ERR_HUF_HEADER_SIZE;
	hb = src[0];
	if (hb >= 128) {
		/* direct: hb - 127 weights of 4 bits, the first in the high nibble */
		count = hb - 127;
		if ((count + 1) / 2 + 1 > n)
			return zstd_ERR_HUF_HEADER_SIZE;
		for (i = 0; i < count; i++)
			wt[i] = (uint8_t)(i & 1 ? src[1 + i / 2] & 15 : src[1 + i / 2] >> 4);
		*used = (count + 1) / 2 + 1;
	} else {
		if ((size_t)hb + 1 > n)
			return zstd_ERR_HUF_HEADER_SIZE;
		r = fse_weights(w, src + 1, hb, wt, &count);
		if (r != zstd_OK)
			return r;
		*used = (size_t)hb + 1;
	}
	for (i = 0; i < count; i++) {
		if (wt[i] > ZS_HUF_LOG_MAX)
			return zstd_ERR_HUF_WEIGHT;
		rank[wt[i]]++;
		total += (1u << wt[i]) >> 1;
	}
	if (total == 0)
		return zstd_ERR_HUF_WEIGHTS_SUM;
	log = zs_highbit32(total) + 1;
	if (log > ZS_HUF_LOG_MAX)
		return zstd_ERR_HUF_WEIGHT;
	rest = (1u << log) - total;
	if (rest != 1u << zs_highbit32(rest))
		return zstd_ERR_HUF_WEIGHTS_SUM;
	last = zs_highbit32(rest) + 1;
	wt[count++] = (uint8_t)last;
	rank[last]++;
	/* a complete code has an even number (>= 2) of the longest codes */
	if (rank[1] < 2 || (rank[1] & 1))
		return zstd_ERR_HUF_WEIGHTS_SUM;
	pos = 0;
	for (i = 1; i <= log; i++) {
		start[i] = pos;
		pos += rank[i] << (i - 1);
	}
	for (i = 0; i < count; i++) {
		unsigned wi = wt[i], len, j;
		struct zs_huf_cell c;

		if (wi == 0)
			continue;
		len = 1u << (wi - 1);
		c.symbol = (uint8_t)i;
		c.nbits = (uint8_t)(log + 1 - wi);
		for (j = 0; j < len; j++)
			w->huf[start[wi] + j] = c;
		start[wi] += len;
	}
	w->huf_log = log;
	w->have_huf = 1;
	w->have_huf2 = 0;
	return zstd_OK;
}

#define HUF_SYM(b, t, log) __extension__ ({                                   \
	const struct zs_huf_cell *c_ = &(t)[zs_bits_peek(&(b), (log))];        \
	(b).used += c_->nbits;                                                  \
	c_->symbol; })

/* One stream to its end, refilling before every symbol; exact consumption checked. */
static int huf_tail(struct zs_bits *b, const struct zs_huf_cell *t, unsigned log,
		    uint8_t *op, uint8_t *end)
{
	while (op < end) {
		zs_bits_refill(b);
		*op++ = HUF_SYM(*b, t, log);
	}
	return zs_bits_done(b);
}

/* Fast refill: valid while ptr - start >= 8. */
static inline void refill_fast(struct zs_bits *b)
{
	b->ptr -= b->used >> 3;
	b->used &= 7;
	b->c = zs_load64(b->ptr);
}

/* 4.2.2: count literals from one stream, or from four (the 6-byte jump table first; each of
 * the first three regenerates (count + 3) / 4 literals, the fourth the rest). */
/* The two-symbol table: cell i holds the code at the top of the log bits i and, when the
 * next code fits entirely in the bits left, that one too. */
static void build_huf2(struct zs_work *w)
{
	unsigned i, size = 1u << w->huf_log, log = w->huf_log;

	for (i = 0; i < size; i++) {
		struct zs_huf_cell c1 = w->huf[i], c2;
		struct zs_huf2_cell e = { { c1.symbol, 0 }, c1.nbits, 1 };

		if (c1.nbits < log) {
			c2 = w->huf[(i << c1.nbits) & (size - 1)];
			if (c2.nbits <= log - c1.nbits) {
				e.sym[1] = c2.symbol;
				e.nbits = (uint8_t)(c1.nbits + c2.nbits);
				e.len = 2;
			}
		}
		w->huf2[i] = e;
	}
	w->have_huf2 = 1;
}

enum zstd_result zs_huf_decode(struct zs_work *w, uint8_t *dst, size_t count,
			       const uint8_t *src, size_t n, int four_streams)
{
	const struct zs_huf_cell *t = w->huf;
	unsigned log = w->huf_log;
	struct zs_bits b[4];
	uint8_t *op[4], *end[4];
	size_t len[4], seg, off;
	int i, ok = 1;

	if (!four_streams) {
		if (n == 0 || !zs_bits_init(&b[0], src, n))
			return zstd_ERR_HUF_STREAM_PADDING;
		return huf_tail(&b[0], t, log, dst, dst + count) ? zstd_OK : zstd_ERR_HUF_STREAM_SIZE;
	}
	if (n < 10)
		return zstd_ERR_LIT_JUMP_TABLE;
	len[0] = zs_load16(src);
	len[1] = zs_load16(src + 2);
	len[2] = zs_load16(src + 4);
	if (len[0] + len[1] + len[2] > n - 6)
		return zstd_ERR_LIT_JUMP_TABLE;
	len[3] = n - 6 - len[0] - len[1] - len[2];
	seg = (count + 3) / 4;
	off = 6;
	for (i = 0; i < 4; i++) {
		if (len[i] == 0 || !zs_bits_init(&b[i], src + off, len[i]))
			return zstd_ERR_HUF_STREAM_PADDING;
		off += len[i];
		op[i] = dst + seg * (size_t)i;
		end[i] = i == 3 ? dst + count : op[i] + seg;
	}
	/* 4 codes of up to 12 bits per stream per refill (57 bits guaranteed). The bits are
	 * kept left-aligned, so a lookup is a shift, a load and a shift; the streams are
	 * written one after the other (few live registers) and still overlap out of order.
	 * Many literals: two-symbol lookups (up to 8 symbols a refill; each stores 2 bytes, so
	 * a stream stops 8 bytes before its end, never touching the next one's output). */
	_Static_assert(4 * ZS_HUF_LOG_MAX <= 57, "four codes per refill");
	if (count >= (4u << log)) {
		const struct zs_huf2_cell *t2;
		unsigned shift = 64 - log;

		if (!w->have_huf2)
			build_huf2(w);
		t2 = w->huf2;
		while (end[3] - op[3] >= 8 && end[0] - op[0] >= 8 &&
		       b[0].ptr - b[0].start >= 8 && b[1].ptr - b[1].start >= 8 &&
		       b[2].ptr - b[2].start >= 8 && b[3].ptr - b[3].start >= 8) {
			for (i = 0; i < 4; i++) {
				const struct zs_huf2_cell *e;
				uint8_t *o = op[i];
				uint64_t x;
				unsigned u;

				refill_fast(&b[i]);
				u = b[i].used;
				x = b[i].c << u;
#define HUF2_STEP() (e = &t2[x >> shift], *(zs_u16_un *)o = *(const zs_u16_un *)e->sym, \
		     o += e->len, x <<= e->nbits, u += e->nbits)
				HUF2_STEP(); HUF2_STEP(); HUF2_STEP(); HUF2_STEP();
#undef HUF2_STEP
				b[i].used = u;
				op[i] = o;
			}
		}
	}
	{
		unsigned shift = 64 - log;

		while (end[3] - op[3] >= 4 && end[0] - op[0] >= 4 &&
		       b[0].ptr - b[0].start >= 8 && b[1].ptr - b[1].start >= 8 &&
		       b[2].ptr - b[2].start >= 8 && b[3].ptr - b[3].start >= 8) {
			for (i = 0; i < 4; i++) {
				struct zs_huf_cell c;
				uint8_t *o = op[i];
				uint64_t x;
				unsigned u;

				refill_fast(&b[i]);
				u = b[i].used;
				x = b[i].c << u;
				c = t[x >> shift]; o[0] = c.symbol; x <<= c.nbits; u += c.nbits;
				c = t[x >> shift]; o[1] = c.symbol; x <<= c.nbits; u += c.nbits;
				c = t[x >> shift]; o[2] = c.symbol; x <<= c.nbits; u += c.nbits;
				c = t[x >> shift]; o[3] = c.symbol; u += c.nbits;
				b[i].used = u;
				op[i] = o + 4;
			}
		}
	}
	for (i = 0; i < 4; i++)
		ok &= huf_tail(&b[i], t, log, op[i], end[i]);
	return ok ? zstd_OK : zstd_ERR_HUF_STREAM_SIZE;
}
