/* bwt.c: the inverse Burrows-Wheeler transform of a block and the undoing of the initial
 * run-length coding (4 equal bytes, then a count byte 0..255 of further copies). The walk
 * through the block is a chain of dependent cache misses (4 bytes x 900,000 of links), so it is
 * cut into segments at marker rows and BZ_LANES segments are walked at once: a first pass finds
 * each segment's length and successor, a second writes each segment's text at its offset. */
#include "bzip2_internal.h"

typedef uint32_t bz_u32_un __attribute__((aligned(1), may_alias));

#define BZ_LINK(e)   (((e) >> 8) & 0xfffffu) /* the next row */
#define BZ_MARK      0x80000000u             /* this row starts a segment */
#define BZ_LANES     8                       /* segments walked at once */
#define BZ_MIN_LANED 8192                    /* smaller blocks: one plain walk */
_Static_assert(BZ_MAX_BLOCK <= (1u << 20), "a link holds the row in 20 bits");
_Static_assert(BZ_MAX_SEGMENTS >= BZ_LANES, "a segment per lane");

/* The plain walk, as libbz2 does it: n steps from row p, whatever cycle that row is on. */
static void walk_plain(const uint32_t *tt, uint32_t p, uint32_t n, uint8_t *s)
{
	for (uint32_t t = 0; t < n; t++) {
		uint32_t e = tt[p];

		s[t] = (uint8_t)e;
		p = BZ_LINK(e);
	}
}

/* The walk in segments. Marker k sits at row p0 + k * stride (mod n), marker 0 at the start of
 * the text; a segment runs from its marker to the next marker on the walk. Returns 0 when the
 * rows are not one cycle (a block no encoder writes: the caller then walks plainly, so the
 * bytes are still libbz2's). Each lane keeps its row in pos[] and, in pass 1, its count so far;
 * the loops with every lane busy are unrolled and test nothing but the marker bit. */
static int walk_laned(uint32_t *tt, uint32_t p0, uint32_t n, uint8_t *s, struct bz_work *w)
{
	uint32_t stride = (n + BZ_MAX_SEGMENTS - 1) / BZ_MAX_SEGMENTS, m = (n + stride - 1) / stride;
	uint32_t *len = w->seg_len, *succ = w->seg_succ, *off = w->seg_off;
	uint32_t pos[BZ_LANES], cnt[BZ_LANES], seg[BZ_LANES], next, busy, o = 0, k = 0;
	uint8_t *op[BZ_LANES];

#define ROW(k) (p0 + (k) * stride >= n ? p0 + (k) * stride - n : p0 + (k) * stride)
	if (m < BZ_LANES)
		return 0;
	for (uint32_t i = 0; i < m; i++)
		tt[ROW(i)] |= BZ_MARK;
	/* Pass 1: from each marker to the next one, counting. A lane starts a segment with its
	 * first step taken, so the next marked row it reaches ends the segment. */
#define START1(l) do { seg[l] = next; pos[l] = BZ_LINK(tt[ROW(next)]); cnt[l] = 1; next++; } while (0)
	for (next = 0; next < BZ_LANES;)
		START1(next);
	busy = BZ_LANES;
	while (busy) {
		unsigned l;

		if (busy == BZ_LANES) {
			for (;;) {
#pragma GCC unroll 8
				for (l = 0; l < BZ_LANES; l++) {
					uint32_t e = tt[pos[l]];

					if (e & BZ_MARK)
						goto hit;
					pos[l] = BZ_LINK(e);
					cnt[l]++;
				}
			}
		}
		for (l = 0; l < BZ_LANES; l++) {
			uint32_t e;

			if (seg[l] == UINT32_MAX)
				continue;
			e = tt[pos[l]];
			if (e & BZ_MARK)
				goto hit;
			pos[l] = BZ_LINK(e);
			cnt[l]++;
		}
		continue;
hit:
		{
			uint32_t d = pos[l] >= p0 ? pos[l] - p0 : pos[l] + n - p0;

			len[seg[l]] = cnt[l];
			succ[seg[l]] = d / stride;
			if (next < m) {
				START1(l);
			} else {
				seg[l] = UINT32_MAX;
				busy--;
			}
		}
	}
#undef START1
	/* The text is segment 0, then each one's successor; one cycle only if that covers n. */
	for (uint32_t i = 0; i < m; i++) {
		off[k] = o;
		o += len[k];
		k = succ[k];
		if (k == 0)
			break;
	}
	if (o != n || k != 0)
		return 0;
	/* Pass 2: each segment's bytes at its offset, in rounds of as many steps as the lane
	 * nearest to its segment's end has left (cnt[] = the steps left). */
#define START2(l) do { seg[l] = next; pos[l] = ROW(next); op[l] = s + off[next]; \
			cnt[l] = len[next]; next++; } while (0)
	for (next = 0; next < BZ_LANES;)
		START2(next);
	busy = BZ_LANES;
	while (busy) {
		uint32_t steps = UINT32_MAX;

		for (unsigned l = 0; l < BZ_LANES; l++)
			if (seg[l] != UINT32_MAX && cnt[l] < steps)
				steps = cnt[l];
		if (busy == BZ_LANES) {
			for (uint32_t t = 0; t < steps; t++) {
#pragma GCC unroll 8
				for (unsigned l = 0; l < BZ_LANES; l++) {
					uint32_t e = tt[pos[l]];

					op[l][t] = (uint8_t)e;
					pos[l] = BZ_LINK(e);
				}
			}
		} else {
			for (uint32_t t = 0; t < steps; t++)
				for (unsigned l = 0; l < BZ_LANES; l++)
					if (seg[l] != UINT32_MAX) {
						uint32_t e = tt[pos[l]];

						op[l][t] = (uint8_t)e;
						pos[l] = BZ_LINK(e);
					}
		}
		for (unsigned l = 0; l < BZ_LANES; l++) {
			if (seg[l] == UINT32_MAX)
				continue;
			op[l] += steps;
			cnt[l] -= steps;
			if (cnt[l] == 0) {
				if (next < m) {
					START2(l);
				} else {
					seg[l] = UINT32_MAX;
					busy--;
				}
			}
		}
	}
#undef START2
#undef ROW
	return 1;
}

/* tt[] holds the block's bytes (the last column L of the sorted rotations); afterwards
 * tt[j] = next(j) << 8 | L[j] and s[0..n) holds the block's text. */
static void unbwt(struct bz_work *w, const struct bz_block *blk)
{
	uint32_t *tt = w->tt, cf[256], sum = 0, n = blk->n, p0;

	/* cf[c]: where the first c sits in the sorted first column. The i-th c of the last
	 * column is the i-th c of the first: row cf[c]++ is followed, in the text, by row i. */
	for (unsigned c = 0; c < 256; c++) {
		cf[c] = sum;
		sum += blk->count[c];
	}
	for (uint32_t i = 0; i < n; i++)
		tt[cf[tt[i] & 0xff]++] |= i << 8;
	/* The text starts at the row after origPtr's. */
	p0 = BZ_LINK(tt[blk->orig_ptr]);
	if (n < BZ_MIN_LANED || !walk_laned(tt, p0, n, w->s, w))
		walk_plain(tt, p0, n, w->s);
}

enum bzip2_result bz_unbwt(struct bz_work *w, const struct bz_block *blk,
			   uint8_t *out, size_t cap, size_t *pos)
{
	const uint8_t *s = w->s;
	uint8_t *o = out + *pos, *oend = out + cap;
	uint32_t n = blk->n, i = 0;
	enum bzip2_result r = BZIP2_OK;

	unbwt(w, blk);
	/* A run starts only where 4 equal bytes follow a byte written alone (or a count), so
	 * testing 4 bytes at each such position finds every run the encoder made. */
	while (i < n) {
		unsigned c = s[i];

		/* 8 bytes at once while no two neighbours among s[i..i+8] are equal (no run can
		 * start there, and s[i + 8] starts afresh). */
		if (n - i >= 9 && oend - o >= 8) {
			uint64_t x = *(const bz_u64_un *)(s + i), z = x ^ *(const bz_u64_un *)(s + i + 1);

			if (!((z - 0x0101010101010101ull) & ~z & 0x8080808080808080ull)) {
				*(bz_u64_un *)o = x;
				o += 8;
				i += 8;
				continue;
			}
		}
		if (n - i >= 4 && *(const bz_u32_un *)(s + i) == c * 0x01010101u) {
			size_t len;

			if (n - i == 4) {
				r = BZIP2_ERR_RUN_NO_COUNT;
				break;
			}
			len = 4 + (size_t)s[i + 4];
			if (len > (size_t)(oend - o)) {
				r = BZIP2_ERR_OUTPUT_FULL;
				break;
			}
			__builtin_memset(o, (int)c, len);
			o += len;
			i += 5;
			continue;
		}
		if (o == oend) {
			r = BZIP2_ERR_OUTPUT_FULL;
			break;
		}
		*o++ = (uint8_t)c;
		i++;
	}
	*pos = (size_t)(o - out);
	return r;
}
