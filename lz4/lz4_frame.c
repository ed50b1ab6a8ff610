/* lz4_frame.c: the frame layer (lz4_Frame_format.md): standard frames (descriptor, header
 * checksum, blocks with their checksums, end mark, content checksum), legacy frames (Linux's
 * kernel payloads, lz4 -l) and skippable frames, back to back; and the raw block entry.
 * Freestanding. */
#include "lz4_internal.h"

/* Frame descriptor (lz4_Frame_format.md "Frame Descriptor"): FLG bits. */
#define FLG_VERSION_SHIFT 6      /* bits 7-6: version, must be 01 */
#define FLG_BLOCK_INDEP   0x20   /* bit 5: blocks are independent */
#define FLG_BLOCK_CHECK   0x10   /* bit 4: each block is followed by its XXH32 */
#define FLG_CONTENT_SIZE  0x08   /* bit 3: an 8-byte content size follows BD */
#define FLG_CONTENT_CHECK 0x04   /* bit 2: the end mark is followed by the content XXH32 */
#define FLG_RESERVED      0x02   /* bit 1: reserved, must be 0 */
#define FLG_DICT_ID       0x01   /* bit 0: a 4-byte dictionary ID follows */
/* BD: bit 7 and bits 3-0 reserved, bits 6-4 the block maximum size ID (4..7). */
#define BD_RESERVED       0x8F
#define BD_ID_SHIFT       4
#define BD_ID_MIN         4
/* magic + FLG + BD + HC: the shortest descriptor liblz4 looks at. */
#define HEADER_MIN        7
/* "Data Blocks": block size word; the high bit marks a stored block; 0 is the end mark. */
#define BLOCK_STORED      0x80000000u
#define BLOCK_SIZE_MASK   0x7FFFFFFFu

/* Where one decode stands: the input and output and how far each is used. */
struct lz4_pos {
	const uint8_t *in;
	size_t in_len, ip;       /* bytes of input read */
	uint8_t *out, *out_end;
	uint8_t *op;             /* next output byte */
};

/* Bytes of input left. */
LZ4_INLINE size_t left(const struct lz4_pos *s) { return s->in_len - s->ip; }

LZ4_INLINE int is_magic(uint32_t m)
{
	return m == LZ4_MAGIC_FRAME || m == LZ4_MAGIC_LEGACY ||
	       (m & LZ4_MAGIC_SKIP_MASK) == LZ4_MAGIC_SKIP_FIRST;
}

/* Block maximum size for BD IDs 4..7: 64 KiB, 256 KiB, 1 MiB, 4 MiB. */
LZ4_INLINE size_t block_max(unsigned id) { return (size_t)1 << (8 + 2 * id); }
_Static_assert((1u << (8 + 2 * 7)) == 4u << 20, "BD ID 7 is 4 MiB");

/* The content XXH32 kept over the frame's output in whole stripes, block by block (while the
 * block is still in cache). */
LZ4_INLINE void content_update(struct xxh32 *h, const uint8_t **done, const uint8_t *op)
{
	*done += xxh32_stripes(h, *done, (size_t)(op - *done));
}

/* A standard frame; s->ip is at its magic. */
static enum lz4_result frame_standard(struct lz4_pos *s)
{
	const uint8_t *h = s->in + s->ip, *done;
	uint8_t *frame_out = s->op;
	unsigned flg, bd;
	size_t hlen, bmax, need;
	uint64_t csize = 0;
	struct xxh32 content;

	if (left(s) < HEADER_MIN)
		return LZ4_ERR_TRUNCATED;
	flg = h[4];
	if (flg & FLG_RESERVED)
		return LZ4_ERR_FLG_RESERVED;
	if (flg >> FLG_VERSION_SHIFT != 1)
		return LZ4_ERR_VERSION;
	hlen = HEADER_MIN + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0);
	if (left(s) < hlen)
		return LZ4_ERR_TRUNCATED;
	bd = h[5];
	if (bd & 0x80)
		return LZ4_ERR_BD_RESERVED;
	if (bd >> BD_ID_SHIFT < BD_ID_MIN)
		return LZ4_ERR_BLOCK_MAX_ID;
	if (bd & BD_RESERVED)
		return LZ4_ERR_BD_RESERVED;
	/* HC: the second byte of the XXH32 of the descriptor from FLG to HC (exclusive). */
	if (((xxh32(h + 4, hlen - 5, 0) >> 8) & 0xFF) != h[hlen - 1])
		return LZ4_ERR_HEADER_CHECKSUM;
	if (flg & FLG_CONTENT_SIZE)
		csize = le64(h + 6);
	bmax = block_max(bd >> BD_ID_SHIFT);
	s->ip += hlen;
	xxh32_init(&content, 0);
	done = frame_out;
	for (;;) {
		uint32_t word;
		size_t size;
		const uint8_t *b;

		if (left(s) < 4)
			return LZ4_ERR_TRUNCATED;
		word = le32(s->in + s->ip);
		s->ip += 4;
		if (word == 0)
			break; /* end mark */
		size = word & BLOCK_SIZE_MASK;
		if (size > bmax)
			return LZ4_ERR_BLOCK_SIZE;
		need = size + (flg & FLG_BLOCK_CHECK ? 4 : 0);
		if (left(s) < need)
			return LZ4_ERR_TRUNCATED;
		b = s->in + s->ip;
		/* The block checksum covers the block's data as stored, before decoding. */
		if ((flg & FLG_BLOCK_CHECK) && xxh32(b, size, 0) != le32(b + size))
			return LZ4_ERR_BLOCK_CHECKSUM;
		if (word & BLOCK_STORED) {
			if (size > (size_t)(s->out_end - s->op))
				return LZ4_ERR_OUTPUT_FULL;
			__builtin_memcpy(s->op, b, size);
			s->op += size;
		} else {
			/* Linked blocks may reach back into the frame's earlier blocks. */
			const uint8_t *floor = flg & FLG_BLOCK_INDEP ? s->op : frame_out;
			enum lz4_result r = lz4_block(b, b + size, floor, &s->op, bmax, s->out_end);

			if (r != LZ4_OK)
				return r;
		}
		s->ip += need;
		if (flg & FLG_CONTENT_CHECK)
			content_update(&content, &done, s->op);
	}
	if ((flg & FLG_CONTENT_SIZE) && csize != 0 && csize != (uint64_t)(s->op - frame_out))
		return LZ4_ERR_CONTENT_SIZE;
	if (flg & FLG_CONTENT_CHECK) {
		if (left(s) < 4)
			return LZ4_ERR_TRUNCATED;
		if (xxh32_digest(&content, done, (size_t)(s->op - done)) != le32(s->in + s->ip))
			return LZ4_ERR_CONTENT_CHECKSUM;
		s->ip += 4;
	}
	return LZ4_OK;
}

/* A legacy frame (lz4 -l; Linux's lib/decompress_unlz4.c); s->ip is at its magic. It ends at the
 * end of the input or at a word that is a frame magic. */
static enum lz4_result frame_legacy(struct lz4_pos *s)
{
	s->ip += 4;
	while (left(s) > 0) {
		uint32_t size;
		enum lz4_result r;
		const uint8_t *b;

		if (left(s) < 4)
			return LZ4_ERR_TRUNCATED;
		size = le32(s->in + s->ip);
		if (is_magic(size))
			break; /* the next frame starts here */
		if (size > LZ4_LEGACY_BOUND)
			return LZ4_ERR_LEGACY_BLOCK_SIZE;
		if (size == 0)
			return LZ4_ERR_LEGACY_BLOCK_EMPTY;
		if (left(s) - 4 < size)
			return LZ4_ERR_TRUNCATED;
		b = s->in + s->ip + 4;
		r = lz4_block(b, b + size, s->op, &s->op, LZ4_LEGACY_BLOCK_MAX, s->out_end);
		if (r != LZ4_OK)
			return r;
		s->ip += 4 + (size_t)size;
	}
	return LZ4_OK;
}

/* A skippable frame: magic, 4-byte size, that many bytes of user data. */
static enum lz4_result frame_skippable(struct lz4_pos *s)
{
	uint32_t size;

	if (left(s) < 8)
		return LZ4_ERR_TRUNCATED;
	size = le32(s->in + s->ip + 4);
	if (left(s) - 8 < size)
		return LZ4_ERR_TRUNCATED;
	s->ip += 8 + (size_t)size;
	return LZ4_OK;
}

enum lz4_result lz4_decode(const uint8_t *in, size_t in_len, size_t *in_used,
			   uint8_t *out, size_t out_cap, size_t *out_len, void *work)
{
	struct lz4_pos s = { in, in_len, 0, out, out + out_cap, out };
	enum lz4_result r = in_len ? LZ4_OK : LZ4_ERR_TRUNCATED;

	(void)work; /* LZ4_WORK_BYTES is 0 */
	while (r == LZ4_OK && left(&s) > 0) {
		uint32_t magic;

		if (left(&s) < 4) {
			r = LZ4_ERR_TRUNCATED;
			break;
		}
		magic = le32(in + s.ip);
		if (magic == LZ4_MAGIC_FRAME)
			r = frame_standard(&s);
		else if (magic == LZ4_MAGIC_LEGACY)
			r = frame_legacy(&s);
		else if ((magic & LZ4_MAGIC_SKIP_MASK) == LZ4_MAGIC_SKIP_FIRST)
			r = frame_skippable(&s);
		else
			r = s.ip == 0 ? LZ4_ERR_MAGIC : LZ4_ERR_TRAILING_GARBAGE;
	}
	if (in_used)
		*in_used = s.ip;
	*out_len = (size_t)(s.op - out);
	return r;
}

enum lz4_result lz4_decode_block(const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t *op = out;
	enum lz4_result r = LZ4_ERR_TRUNCATED;

	if (in_len)
		r = lz4_block(in, in + in_len, out, &op, out_cap, out + out_cap);
	*out_len = (size_t)(op - out);
	return r;
}
