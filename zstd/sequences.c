/* sequences.c: decoding and executing the sequences of a block (RFC 8878 3.1.1.3.2.1.2 and
 * 3.1.1.4): the three FSE states over one backward bitstream, repeat offsets (3.1.1.5), and
 * the literal and match copies into the flat output buffer (word-sized while it has room). */
#include "zstd_internal.h"

typedef uint8_t v16 __attribute__((vector_size(16), aligned(1), may_alias));

/* 16 bytes from s to d (may overlap only as a match at distance >= 16 does). */
static inline void copy16(uint8_t *d, const uint8_t *s)
{
	*(v16 *)d = *(const v16 *)s;
}

/* Copy n bytes in 16-byte steps; may write up to 15 bytes past d + n and read past s + n.
 * The first 16 bytes are copied before the length is looked at (most copies are short). */
static inline void wild16(uint8_t *d, const uint8_t *s, size_t n)
{
	uint8_t *e = d + n;

	copy16(d, s);
	if (LIKELY(n <= 16))
		return;
	d += 16;
	s += 16;
	do {
		copy16(d, s);
		copy16(d + 16, s + 16);
		d += 32;
		s += 32;
	} while (d < e);
}

/* A match of ml bytes at distance off ending before end - zstd_OUT_SLACK: whole words, the
 * short distances first widened to a multiple of themselves of at least 8. */
static inline void match_fast(uint8_t *op, size_t off, size_t ml)
{
	const uint8_t *m = op - off;
	uint8_t *e = op + ml;

	if (LIKELY(off >= 16)) {
		wild16(op, m, ml);
		return;
	}
	if (off >= 8) {
		do {
			zs_store64(op, zs_load64(m));
			op += 8;
			m += 8;
		} while (op < e);
		return;
	}
	if (off == 1) {
		uint64_t v = 0x0101010101010101ull * m[0];
		do {
			zs_store64(op, v);
			zs_store64(op + 8, v);
			op += 16;
		} while (op < e);
		return;
	}
	/* 2..7: 8 bytes one by one, then the same pattern at distance off * ceil(8 / off) */
	{
		static const uint8_t widen[8] = { 0, 0, 8, 9, 8, 10, 12, 14 };
		unsigned i;

		for (i = 0; i < 8; i++)
			op[i] = m[i];
		op += 8;
		m = op - widen[off];
		while (op < e) {
			zs_store64(op, zs_load64(m));
			op += 8;
			m += 8;
		}
	}
}

/* The same near the end of the buffer: exactly ml bytes. */
static inline void match_exact(uint8_t *op, size_t off, size_t ml)
{
	const uint8_t *m = op - off;
	size_t i;

	if (off >= ml) {
		__builtin_memcpy(op, m, ml);
		return;
	}
	for (i = 0; i < ml; i++)
		op[i] = m[i];
}

enum zstd_result zs_sequences(struct zs_work *w, const uint8_t *src, size_t n,
			      const uint8_t *lit, size_t lit_len,
			      uint8_t *out, uint8_t *frame_start, uint8_t **pos, uint8_t *out_end)
{
	const uint8_t *lit_end = lit + lit_len;
	uint8_t *op = *pos;
	unsigned nseq;
	size_t hs;
	enum zstd_result r;

	(void)out;
	r = zs_seq_header(w, src, n, &nseq, &hs);
	if (r != zstd_OK)
		return r;
	if (nseq > 0) {
		const struct zs_seq_cell *llt = w->ll, *oft = w->of, *mlt = w->ml;
		uint32_t rep0 = w->rep[0], rep1 = w->rep[1], rep2 = w->rep[2];
		struct zs_bits b;
		unsigned sll, sof, sml;

		if (hs >= n || !zs_bits_init(&b, src + hs, n - hs))
			return zstd_ERR_SEQ_STREAM_PADDING;
		/* 3.1.1.3.2.1.2: initial states, literal lengths first, then offsets, match lengths */
		sll = (unsigned)zs_bits_read(&b, w->ll_log);
		zs_bits_refill(&b);
		sof = (unsigned)zs_bits_read(&b, w->of_log);
		zs_bits_refill(&b);
		sml = (unsigned)zs_bits_read(&b, w->ml_log);
		for (;;) {
			const struct zs_seq_cell *cl = &llt[sll], *co = &oft[sof], *cm = &mlt[sml];
			size_t ll, ml, off;
			uint32_t ov;

			zs_bits_refill(&b);
			/* extra bits: offset, then match length, then literal length */
			/* short lengths have no extra bits: skipping the read is a predictable branch */
			ov = co->base + (uint32_t)zs_bits_read(&b, co->extra);
			ml = cm->base;
			if (cm->extra)
				ml += (size_t)zs_bits_read(&b, cm->extra);
			/* 57 bits after a refill: with at most 15 bits so far, the literal length's 16
			 * and the 26 state bits still fit; else refill */
			_Static_assert(ZS_LL_LOG_MAX + ZS_ML_LOG_MAX + ZS_OF_LOG_MAX == 26, "state bits");
			if (UNLIKELY(co->extra + cm->extra > 15))
				zs_bits_refill(&b);
			ll = cl->base;
			if (cl->extra)
				ll += (size_t)zs_bits_read(&b, cl->extra);
			/* 3.1.1.5 repeat offsets: values 1..3 name a recent offset (shifted by one
			 * when the literal length is 0); larger values are a new offset + 3 */
			if (ov > 3) {
				off = ov - 3;
				rep2 = rep1;
				rep1 = rep0;
				rep0 = (uint32_t)off;
			} else {
				unsigned idx = ov - 1 + (ll == 0);
				if (idx == 0) {
					off = rep0;
				} else if (idx == 1) {
					off = rep1;
					rep1 = rep0;
					rep0 = (uint32_t)off;
				} else {
					off = idx == 2 ? rep2 : (size_t)rep0 - 1;
					if (UNLIKELY(off == 0))
						return zstd_ERR_OFFSET_ZERO;
					rep2 = rep1;
					rep1 = rep0;
					rep0 = (uint32_t)off;
				}
			}
			if (UNLIKELY(zs_bits_overread(&b)))
				return zstd_ERR_SEQ_OVERREAD;
			/* 3.1.1.4 execution: ll literals, then the match */
			if (LIKELY(ll + ml + zstd_OUT_SLACK <= (size_t)(out_end - op) &&
				   ll <= (size_t)(lit_end - lit) && off <= (size_t)(op + ll - frame_start))) {
				wild16(op, lit, ll);
				op += ll;
				lit += ll;
				match_fast(op, off, ml);
				op += ml;
			} else {
				if (ll + ml > (size_t)(out_end - op))
					return *pos = op, zstd_ERR_OUTPUT_FULL;
				if (ll > (size_t)(lit_end - lit))
					return *pos = op, zstd_ERR_LITERALS_OVERRUN;
				__builtin_memcpy(op, lit, ll);
				op += ll;
				lit += ll;
				if (off > (size_t)(op - frame_start))
					return *pos = op, zstd_ERR_OFFSET_TOO_FAR;
				match_exact(op, off, ml);
				op += ml;
			}
			if (--nseq == 0)
				break;
			/* state updates (<= 26 bits, within the last refill's 57): literal lengths,
			 * match lengths, offsets */
			sll = cl->next_base + (unsigned)zs_bits_read(&b, cl->nbits);
			sml = cm->next_base + (unsigned)zs_bits_read(&b, cm->nbits);
			sof = co->next_base + (unsigned)zs_bits_read(&b, co->nbits);
		}
		*pos = op;
		if (zs_bits_overread(&b))
			return zstd_ERR_SEQ_OVERREAD;
		zs_bits_refill(&b);
		if (!zs_bits_done(&b))
			return zstd_ERR_SEQ_TRAILING_BITS;
		w->rep[0] = rep0;
		w->rep[1] = rep1;
		w->rep[2] = rep2;
	}
	/* the literals after the last sequence */
	if ((size_t)(lit_end - lit) > (size_t)(out_end - op))
		return *pos = op, zstd_ERR_OUTPUT_FULL;
	__builtin_memcpy(op, lit, (size_t)(lit_end - lit));
	*pos = op + (lit_end - lit);
	return zstd_OK;
}
