/* lzo1x.c: one LZO1X stream (the format of LZO1X-1, -1(15) and -999; the instruction encoding as
 * Linux's Documentation/staging/lzo.rst describes it, without its LZO-RLE extension), with every
 * bound checked as lzo1x_decompress_safe does. Literals and matches are copied in 16- and 8-byte
 * words while the output has room past them, byte-exact near the end. Freestanding; 64-bit. */
#include "lzo_internal.h"

/* First byte: 18..255 start with a run of (byte - 17) literals; 0..17 are an instruction. */
#define FIRST_LITERALS 17
/* Instructions, by opcode:
 *   0..15   after no literals: a run of 3 + (L ?: 15 + extra) literals (L = the low 4 bits);
 *           after 1..3 literals (M1): 2 bytes from distance 1 + (op >> 2) + (next << 2);
 *           after 4 or more literals: 3 bytes from distance 2049 + (op >> 2) + (next << 2);
 *   16..31  M4: 2 + (L ?: 7 + extra) bytes (L = low 3 bits) from distance 16384 + (bit 3 << 14)
 *           + (LE16 >> 2); distance 16384 exactly is the end marker;
 *   32..63  M3: 2 + (L ?: 31 + extra) bytes (L = low 5 bits) from distance 1 + (LE16 >> 2);
 *   64..255 M2: (op >> 5) + 1 bytes (3..8) from distance 1 + ((op >> 2) & 7) + (next << 3).
 * Every match ends with S, the low 2 bits of the byte two before the next (the opcode for M1 and
 * M2, the LE16's first byte for M3 and M4): S literals follow; with S = 0 the next opcode 0..15 is
 * a literal run. "extra": zero bytes count 255 each, up to a non-zero byte added as it is. */
#define M1_FAR_BASE 2049
#define M4_BASE     16384

/* Whole-word copies need this much room past the end of what they copy. */
#define WORD_SLACK 32

/* Offsets 2..7 (as in lz4/): 4 single bytes and a word from a period back, then words from
 * small_period[off] (the smallest multiple of off that is >= 8) back. */
static const uint8_t small_inc[8] = { 0, 0, 2, 1, 4, 4, 4, 4 };
static const uint8_t small_period[8] = { 0, 8, 8, 9, 8, 10, 12, 14 };

/* Copy len literals; the caller checked len <= iend - ip and len <= oend - op. */
LZO_INLINE void copy_literals(uint8_t *op, const uint8_t *ip, size_t len, const uint8_t *iend,
			      const uint8_t *oend)
{
	if (LZO_LIKELY((size_t)(iend - ip) >= len + 16 && (size_t)(oend - op) >= len + 16)) {
		for (size_t i = 0; i < len; i += 16)
			lzo_copy16(op + i, ip + i);
	} else {
		__builtin_memcpy(op, ip, len);
	}
}

/* Copy a match of len bytes from op - dist (1 <= dist <= op - out); the caller checked
 * len <= oend - op. */
LZO_INLINE void copy_match(uint8_t *op, size_t dist, size_t len, const uint8_t *oend)
{
	const uint8_t *src = op - dist;
	uint8_t *end = op + len;

	if (LZO_LIKELY((size_t)(oend - op) >= len + WORD_SLACK)) {
		if (dist >= 16) {
			/* each 16-byte load reads only bytes stored before it */
			do {
				lzo_copy16(op, src);
				op += 16, src += 16;
			} while (op < end);
		} else if (dist >= 8) {
			do {
				lzo_store64(op, lzo_load64(src));
				op += 8, src += 8;
			} while (op < end);
		} else if (dist == 1) {
			uint64_t v = 0x0101010101010101ull * *src;

			do {
				lzo_store64(op, v);
				lzo_store64(op + 8, v);
				op += 16;
			} while (op < end);
		} else {
			op[0] = src[0];
			op[1] = src[1];
			op[2] = src[2];
			op[3] = src[3];
			*(lzo_u32_un *)(op + 4) = *(const lzo_u32_un *)(src + small_inc[dist]);
			src = op + 8 - small_period[dist];
			for (op += 8; op < end; op += 8, src += 8)
				lzo_store64(op, lzo_load64(src));
		}
	} else {
		/* exact: bytes (each reads a byte already final), words when far enough back */
		if (dist >= 8)
			for (; end - op >= 8; op += 8, src += 8)
				lzo_store64(op, lzo_load64(src));
		while (op < end)
			*op++ = *src++;
	}
}

/* Add a length's extra bytes at *ipp to *len; 0 when the input ends first. */
LZO_INLINE int extra_len(const uint8_t **ipp, const uint8_t *iend, size_t *len)
{
	const uint8_t *ip = *ipp;

	for (;;) {
		if (ip == iend)
			return 0;
		if (*ip)
			break;
		*len += 255;
		ip++;
	}
	*len += *ip++;
	*ipp = ip;
	return 1;
}

enum lzo_result lzo1x_block(const uint8_t *ip, const uint8_t *iend, const uint8_t *out,
			    uint8_t **opp, uint8_t *oend)
{
	uint8_t *op = *opp;
	unsigned state = 0; /* literals the last instruction copied: 0, 1..3, or 4 for 4 or more */
	enum lzo_result r;
	size_t t, len, dist;

	if (ip == iend) {
		r = LZO_ERR_INPUT_END;
		goto done;
	}
	if (*ip > FIRST_LITERALS) {
		len = *ip++ - FIRST_LITERALS;
		if (len > (size_t)(oend - op)) {
			r = LZO_ERR_OUTPUT_FULL;
			goto done;
		}
		if (len > (size_t)(iend - ip)) {
			r = LZO_ERR_INPUT_END;
			goto done;
		}
		copy_literals(op, ip, len, iend, oend);
		op += len, ip += len;
		state = len < 4 ? (unsigned)len : 4;
	}
	for (;;) {
		if (LZO_UNLIKELY(ip == iend)) {
			r = LZO_ERR_INPUT_END;
			goto done;
		}
		t = *ip++;
		if (t < 16) {
			if (state == 0) {
				/* a literal run of 4 or more */
				len = t;
				if (len == 0) {
					len = 15;
					if (!extra_len(&ip, iend, &len)) {
						r = LZO_ERR_INPUT_END;
						goto done;
					}
				}
				len += 3;
				if (len > (size_t)(oend - op)) {
					r = LZO_ERR_OUTPUT_FULL;
					goto done;
				}
				if (len > (size_t)(iend - ip)) {
					r = LZO_ERR_INPUT_END;
					goto done;
				}
				copy_literals(op, ip, len, iend, oend);
				op += len, ip += len;
				state = 4;
				continue;
			}
			/* M1 */
			if (LZO_UNLIKELY(ip == iend)) {
				r = LZO_ERR_INPUT_END;
				goto done;
			}
			dist = (t >> 2) + ((size_t)*ip++ << 2);
			if (state == 4)
				dist += M1_FAR_BASE, len = 3;
			else
				dist += 1, len = 2;
		} else if (t >= 64) {
			/* M2 */
			if (LZO_UNLIKELY(ip == iend)) {
				r = LZO_ERR_INPUT_END;
				goto done;
			}
			dist = ((t >> 2) & 7) + ((size_t)*ip++ << 3) + 1;
			len = (t >> 5) + 1;
		} else {
			/* M3 (32..63) and M4 (16..31) */
			size_t w;

			len = t >= 32 ? t & 31 : t & 7;
			if (len == 0) {
				len = t >= 32 ? 31 : 7;
				if (!extra_len(&ip, iend, &len)) {
					r = LZO_ERR_INPUT_END;
					goto done;
				}
			}
			len += 2;
			if (LZO_UNLIKELY(iend - ip < 2)) {
				r = LZO_ERR_INPUT_END;
				goto done;
			}
			w = lzo_le16(ip);
			ip += 2;
			if (t >= 32) {
				dist = (w >> 2) + 1;
			} else {
				dist = ((t & 8) << 11) + (w >> 2);
				if (dist == 0)
					break; /* the end marker */
				dist += M4_BASE;
			}
		}
		if (LZO_UNLIKELY(dist > (size_t)(op - out))) {
			r = LZO_ERR_LOOKBEHIND;
			goto done;
		}
		if (LZO_UNLIKELY(len > (size_t)(oend - op))) {
			r = LZO_ERR_OUTPUT_FULL;
			goto done;
		}
		copy_match(op, dist, len, oend);
		op += len;
		/* S literals follow: the low 2 bits of the byte two before */
		state = ip[-2] & 3;
		if (state) {
			if (LZO_UNLIKELY(state > (size_t)(oend - op))) {
				r = LZO_ERR_OUTPUT_FULL;
				goto done;
			}
			if (LZO_UNLIKELY(state > (size_t)(iend - ip))) {
				r = LZO_ERR_INPUT_END;
				goto done;
			}
			if (LZO_LIKELY(iend - ip >= 4 && oend - op >= 4)) {
				*(lzo_u32_un *)op = *(const lzo_u32_un *)ip;
			} else {
				for (unsigned i = 0; i < state; i++)
					op[i] = ip[i];
			}
			op += state, ip += state;
		}
	}
	r = ip == iend ? LZO_OK : LZO_ERR_NOT_CONSUMED;
done:
	*opp = op;
	return r;
}
