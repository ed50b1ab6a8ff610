/* xz_container.h: what the .xz container files share (block.c, stream.c): check IDs, the
 * multibyte integer, one block's index record. Not for callers. */
#ifndef XZ_CONTAINER_H
#define XZ_CONTAINER_H
#include "xz_internal.h"
#include "inflate.h"      /* crc32_update: the gzip CRC-32 is the .xz CRC32 */

/* xz file format 2.1.1.2: check IDs (the low 4 bits of the second stream flags byte). */
#define XZ_CHECK_NONE    0x00
#define XZ_CHECK_CRC32   0x01
#define XZ_CHECK_CRC64   0x04
#define XZ_CHECK_SHA256  0x0A
#define XZ_VLI_BYTES_MAX 9

/* 4.3: an index record, as the block gave it. */
struct xz_record {
	uint64_t unpadded;      /* header + compressed data + check, without the block padding */
	uint64_t uncompressed;
};

enum xz_result xz_vli(const uint8_t *in, size_t len, size_t *i, uint64_t *v);
size_t xz_check_size(unsigned id);
/* One block at in[0..in_len) (in[0] != 0, the header size byte) into out[*pos..out_cap). */
enum xz_result xz_block(struct xz_work *w, const uint8_t *in, size_t in_len, size_t *in_used,
			uint8_t *out, size_t *pos, size_t out_cap, unsigned check,
			struct xz_record *rec);

#endif
