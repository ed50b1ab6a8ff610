/* stream.c: bzip2 streams: the "BZh" + level header, blocks until the end-of-stream marker,
 * each block's CRC and the combined stream CRC, streams back to back; the result strings. */
#include "bzip2_internal.h"

/* One stream at in[0..in_len); *used gets its bytes, output goes to out[*pos..cap). */
static enum bzip2_result decode_one(const uint8_t *in, size_t in_len, size_t *used,
				    uint8_t *out, size_t cap, size_t *pos, struct bz_work *w)
{
	struct bz_bits b = { in, in + in_len, 0, 0, 0 };
	uint32_t combined = 0, hi, lo;
	unsigned level;
	enum bzip2_result r;

	*used = 0;
	if (in_len < 3)
		return (in_len < 1 || in[0] == 'B') && (in_len < 2 || in[1] == 'Z')
		       ? BZIP2_ERR_TRUNCATED : BZIP2_ERR_MAGIC;
	if (in[0] != 'B' || in[1] != 'Z' || in[2] != 'h')
		return BZIP2_ERR_MAGIC;
	if (in_len < 4)
		return BZIP2_ERR_TRUNCATED;
	if (in[3] < '1' || in[3] > '9')
		return BZIP2_ERR_LEVEL;
	level = in[3] - '0';
	b.p = in + 4;
	for (;;) {
		struct bz_block *blk = &w->blk;
		uint32_t crc;
		size_t start = *pos;

		hi = bz_get(&b, 24);
		lo = bz_get(&b, 24);
		if (hi == BZ_EOS_MAGIC_HI && lo == BZ_EOS_MAGIC_LO)
			break;
		if (hi != BZ_BLOCK_MAGIC_HI || lo != BZ_BLOCK_MAGIC_LO)
			return bz_fail(&b, BZIP2_ERR_BLOCK_MAGIC);
		r = bz_read_block(&b, w, level, blk);
		if (r != BZIP2_OK)
			return r;
		r = bz_unbwt(w, blk, out, cap, pos);
		if (r != BZIP2_OK)
			return r;
		crc = ~bz_crc_update(w->crc, 0xffffffffu, out + start, *pos - start);
		if (crc != blk->crc)
			return BZIP2_ERR_BLOCK_CRC;
		combined = (combined << 1 | combined >> 31) ^ crc;
	}
	hi = bz_get(&b, 32);
	if (BZ_OVERRUN(b.bc, b.phantom))
		return BZIP2_ERR_TRUNCATED;
	if (hi != combined)
		return BZIP2_ERR_STREAM_CRC;
	/* Padding to the byte boundary: the whole bytes left in the buffer (phantom zero bytes
	 * included, none of them consumed) are not part of the stream. */
	*used = (size_t)(b.p - in) + b.phantom - b.bc / 8;
	return BZIP2_OK;
}

static int work_ok(const void *work)
{
	return work && ((uintptr_t)work & 7) == 0;
}

enum bzip2_result bzip2_decode_stream(const uint8_t *in, size_t in_len, size_t *in_used,
				      uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	size_t used = 0, pos = 0;
	enum bzip2_result r = BZIP2_ERR_BAD_WORK;

	if (work_ok(work)) {
		bz_crc_init(((struct bz_work *)work)->crc);
		r = decode_one(in, in_len, &used, out, out_cap, &pos, work);
	}
	if (in_used)
		*in_used = used;
	*out_len = pos;
	return r;
}

enum bzip2_result bzip2_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			       uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	size_t off = 0, pos = 0, used;
	enum bzip2_result r = BZIP2_ERR_BAD_WORK;

	if (work_ok(work)) {
		bz_crc_init(((struct bz_work *)work)->crc);
		do {
			r = decode_one(in + off, in_len - off, &used, out, out_cap, &pos, work);
			off += used;
			/* After the first stream, anything not starting like "BZh" is garbage. */
			if (r == BZIP2_ERR_MAGIC && off > 0)
				r = BZIP2_ERR_TRAILING_GARBAGE;
		} while (r == BZIP2_OK && off < in_len);
	}
	if (in_used)
		*in_used = off;
	*out_len = pos;
	return r;
}

const char *bzip2_strerror(enum bzip2_result r)
{
	static const char *const msg[BZIP2_RESULT_COUNT] = {
		[BZIP2_OK] = "ok",
		[BZIP2_ERR_TRUNCATED] = "unexpected end of input",
		[BZIP2_ERR_OUTPUT_FULL] = "output buffer full",
		[BZIP2_ERR_BAD_WORK] = "workspace missing or not 8-byte aligned",
		[BZIP2_ERR_MAGIC] = "not a bzip2 stream (no BZh magic)",
		[BZIP2_ERR_LEVEL] = "invalid block size level (not 1-9)",
		[BZIP2_ERR_BLOCK_MAGIC] = "invalid block magic",
		[BZIP2_ERR_STREAM_CRC] = "stream crc mismatch",
		[BZIP2_ERR_TRAILING_GARBAGE] = "trailing garbage after stream",
		[BZIP2_ERR_RANDOMISED] = "randomised block not supported",
		[BZIP2_ERR_NO_SYMBOLS] = "empty symbol map",
		[BZIP2_ERR_GROUPS] = "invalid number of huffman tables",
		[BZIP2_ERR_NO_SELECTORS] = "no selectors",
		[BZIP2_ERR_SELECTOR] = "selector out of range",
		[BZIP2_ERR_CODE_LENGTH] = "huffman code length out of range",
		[BZIP2_ERR_CODE_UNUSED] = "unused huffman codeword",
		[BZIP2_ERR_CODE_PAST_ALPHABET] = "over-subscribed huffman code past its alphabet",
		[BZIP2_ERR_SELECTORS_USED_UP] = "block runs past its selectors",
		[BZIP2_ERR_RUN_OVERFLOW] = "runa/runb run too long",
		[BZIP2_ERR_BLOCK_TOO_LONG] = "block longer than its level allows",
		[BZIP2_ERR_ORIGPTR] = "origptr out of range",
		[BZIP2_ERR_RUN_NO_COUNT] = "block ends inside a run (no count byte)",
		[BZIP2_ERR_BLOCK_CRC] = "block crc mismatch",
	};

	return (unsigned)r < BZIP2_RESULT_COUNT && msg[r] ? msg[r] : "unknown error";
}
