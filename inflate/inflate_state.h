/* inflate_state.h: the decoder state of one inflate_raw call (on its stack), shared by the
 * block layer (inflate.c) and the literal/match loop (inflate_codes.c). Freestanding. */
#ifndef INFLATE_STATE_H
#define INFLATE_STATE_H
#include "bits.h"
#include "huffman.h"

struct inflate_state {
	struct bitreader br;
	const uint8_t *in;
	uint8_t *out, *op, *out_end;
	int tables_fixed; /* litlen/dist hold the fixed code already */
	int use_bmi2;     /* CPUID says BMI2: run the loop compiled for it */
	uint32_t litlen[LITLEN_ENOUGH];
	uint32_t dist[DIST_ENOUGH];
	uint32_t precode[PRECODE_ENOUGH];
	uint8_t lens[288 + 32];
};

/* Decode literal/length and distance codes with s->litlen and s->dist up to end-of-block. */
enum inflate_result inflate_codes(struct inflate_state *s);

/* CPUID.(EAX=7,ECX=0):EBX.BMI2[bit 8] (crc32_clmul.c keeps the CPUID code together). */
int inflate_have_bmi2(void);

#endif
