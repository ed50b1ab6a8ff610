/* unpack.c: the payload decoders behind one call, the format found by its magic (unpack.h).
 * Freestanding: lm64, mkdisk and build/unpack compile it unchanged. Each decoder gets exactly
 * the stream's bytes (the size trailer cut off), so its own rule for what may follow holds. */
#include "unpack.h"
#include "inflate.h"
#include "xz.h"
#include "bzip2.h"
#include "lz4.h"
#include "lzo.h"
#include "zstddec.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))
_Static_assert(UNPACK_WORK_BYTES >= MAX(MAX(XZ_WORK_BYTES, zstd_WORK_BYTES),
					MAX(BZIP2_WORK_BYTES, MAX(LZ4_WORK_BYTES, LZO_WORK_BYTES))),
	       "UNPACK_WORK_BYTES holds every decoder's workspace");

static const char *const names[UNPACK_FORMATS] = {
	"unknown", "gzip", "xz", "lzma", "bzip2", "lz4", "lzo", "zstd",
};

const char *unpack_format_name(enum unpack_format f)
{
	return f < UNPACK_FORMATS ? names[f] : "unknown";
}

static int starts(const uint8_t *in, size_t n, const char *magic, size_t m)
{
	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++)
		if (in[i] != (uint8_t)magic[i])
			return 0;
	return 1;
}

/* The magics Linux's own decompressor (lib/decompress.c) tells its formats by. */
enum unpack_format unpack_detect(const uint8_t *in, size_t n)
{
	if (starts(in, n, "\x1f\x8b", 2))
		return UNPACK_GZIP;
	if (starts(in, n, "\xfd" "7zXZ\x00", 6))
		return UNPACK_XZ;
	if (starts(in, n, "\x5d\x00", 2))
		return UNPACK_LZMA;
	if (starts(in, n, "BZh", 3))
		return UNPACK_BZIP2;
	if (starts(in, n, "\x02\x21\x4c\x18", 4) || starts(in, n, "\x04\x22\x4d\x18", 4))
		return UNPACK_LZ4;
	if (starts(in, n, "\x89LZO", 4))
		return UNPACK_LZO;
	if (starts(in, n, "\x28\xb5\x2f\xfd", 4))
		return UNPACK_ZSTD;
	return UNPACK_UNKNOWN;
}

/* Each decoder's "the output buffer is too small" result. */
static int full_code(enum unpack_format f)
{
	switch (f) {
	case UNPACK_GZIP: return INFLATE_ERR_OUTPUT_FULL;
	case UNPACK_XZ: case UNPACK_LZMA: return XZ_ERR_OUTPUT_FULL;
	case UNPACK_BZIP2: return BZIP2_ERR_OUTPUT_FULL;
	case UNPACK_LZ4: return LZ4_ERR_OUTPUT_FULL;
	case UNPACK_LZO: return LZO_ERR_OUTPUT_FULL;
	case UNPACK_ZSTD: return zstd_ERR_OUTPUT_FULL;
	default: return -2;
	}
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int unpack(const uint8_t *in, size_t n, uint8_t *out, size_t cap, void *work, unsigned flags,
	   struct unpack_result *r)
{
	size_t used = 0, got = 0, body = n;
	int code = -1;
	r->format = unpack_detect(in, n);
	r->reason = "";
	/* gzip carries its size (ISIZE) itself; every other format's is 4 bytes after the stream */
	int trailer = (flags & UNPACK_SIZE_TRAILER) && r->format != UNPACK_GZIP && r->format != UNPACK_UNKNOWN;
	r->output_full = 0;
	if (trailer && n < 4) {
		r->reason = "shorter than the 4-byte size that must follow the stream";
		r->code = -1, r->in_used = 0, r->out_len = 0;
		return -1;
	}
	if (trailer)
		body = n - 4;
	int needs_work = r->format == UNPACK_XZ || r->format == UNPACK_LZMA || r->format == UNPACK_BZIP2 ||
			 r->format == UNPACK_ZSTD;
	if (needs_work && !work) {
		r->reason = "no workspace";
	} else switch (r->format) {
	case UNPACK_GZIP:
		code = inflate_gzip_member(in, body, &used, out, cap, &got);
		if (code)
			r->reason = inflate_strerror((enum inflate_result)code);
		break;
	case UNPACK_XZ:
		code = xz_decode(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = xz_strerror((enum xz_result)code);
		break;
	case UNPACK_LZMA:
		code = xz_decode_lzma(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = xz_strerror((enum xz_result)code);
		break;
	case UNPACK_BZIP2:
		code = bzip2_decode(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = bzip2_strerror((enum bzip2_result)code);
		break;
	case UNPACK_LZ4:
		code = lz4_decode(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = lz4_strerror((enum lz4_result)code);
		break;
	case UNPACK_LZO:
		code = lzo_decode(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = lzo_strerror((enum lzo_result)code);
		break;
	case UNPACK_ZSTD:
		code = zstd_decode(in, body, &used, out, cap, &got, work);
		if (code)
			r->reason = zstd_strerror((enum zstd_result)code);
		break;
	default:
		r->reason = "no decoder knows this format (not gzip, xz, lzma, bzip2, lz4, lzo or zstd)";
	}
	r->code = code;
	r->in_used = used;
	r->out_len = got;
	r->output_full = code == full_code(r->format);
	if (code)
		return -1;
	if (used != body) {
		r->code = -1;
		r->reason = "bytes after the end of the stream";
		return -1;
	}
	if (trailer && le32(in + body) != (uint32_t)got) {
		r->code = -1;
		r->reason = "the 4-byte size after the stream is not its decoded size";
		return -1;
	}
	return 0;
}
