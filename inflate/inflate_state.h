/* inflate_state.h: the decoder state of one inflate_raw call (on its stack), shared by the
 * block layer (inflate.c) and the literal/match loop (inflate_codes.c). Freestanding. */
#ifndef INFLATE_STATE_H
#define INFLATE_STATE_H
#include "bits.h"
#include "huffman.h"
#include "crc32_internal.h"

#define DIST_AT LITLEN_ENOUGH

struct inflate_state {
	struct bitreader br;
	const uint8_t *in;
	uint8_t *out, *op, *out_end;
	int tables_fixed; /* litlen/dist hold the fixed code already */
	unsigned features; /* CPU_* bits (crc32_internal.h) */
	uint32_t *crc;     /* when not NULL: CRC-32 of the output, updated block by block */
	const uint8_t *crc_pos; /* output up to here is in *crc */
	size_t crc_max;          /* largest block summed so far, and the back end it used */
	const char *crc_path;
	/* The literal/length table, then the distance table at DIST_AT: the decode loop reaches
	 * both from one base register. */
	uint32_t codes[LITLEN_ENOUGH + DIST_ENOUGH];
	uint32_t precode[PRECODE_ENOUGH];
	uint8_t lens[288 + 32];
};

/* Decode literal/length and distance codes with the tables in s->codes up to end-of-block. */
enum inflate_result inflate_codes(struct inflate_state *s);

/* inflate_raw that also keeps the CRC-32 of the output in *crc (NULL: none), computed a block
 * at a time while the block is still in cache; *path (may be NULL) gets the paths taken. */
enum inflate_result inflate_raw_crc(const uint8_t *in, size_t in_len, size_t *in_used,
				    uint8_t *out, size_t out_cap, size_t *out_len, uint32_t *crc,
				    struct inflate_path *path);
/* The same with the CPU_* features given (tests use it to run every loop on any input). */
enum inflate_result inflate_raw_cpu(const uint8_t *in, size_t in_len, size_t *in_used,
				    uint8_t *out, size_t out_cap, size_t *out_len, uint32_t *crc,
				    unsigned features, struct inflate_path *path);

#endif
