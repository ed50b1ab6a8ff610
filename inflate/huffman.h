/* huffman.h: decode-table entry format and the canonical Huffman table builder shared by the
 * deflate block decoder. Freestanding; any 64-bit mode.
 *
 * A table is indexed by the next TB input bits (LSB first, i.e. the codeword bit-reversed).
 * One 32-bit entry says everything the decoder needs for that prefix:
 *   bits  0-7   bits to drop from the bit buffer: codeword length + extra bits (<= 28)
 *               (subtable pointer: TB, the main-table bits)
 *   bits  8-13  codeword length alone, so extra = (bits & mask(total)) >> codelen; a shift
 *               count of (entry >> 8) needs no mask on x86 (subtable pointer: its index bits)
 *   bit  14     HUFF_SUB: pointer to a subtable for codewords longer than TB; value = offset
 *   bit  15     HUFF_EXC: stop decoding: value = the inflate_result, INFLATE_OK (0) for the
 *               end-of-block symbol 256, an error for a codeword that must not occur
 *   bits 16-30  value: length base (3..258), distance base (1..24577), offset, result, symbol
 *   bit  31     HUFF_LIT: literal byte, in bits 16-23 */
#ifndef HUFFMAN_H
#define HUFFMAN_H
#include <stdint.h>
#include "inflate.h"

#define HUFF_SUB     (1u << 14)
#define HUFF_EXC     (1u << 15)
#define HUFF_LIT     (1u << 31)
#define HUFF_VALUE(v) ((uint32_t)(v) << 16) /* v < 32768 */

#define HUFF_MAXLEN 15

/* Main-table bits and worst-case table sizes (main + every subtable) for complete codes over
 * up to 288 literal/length and 32 distance symbols with codewords of at most 15 bits, as
 * counted by the method of zlib's examples/enough.c. The builder checks the bound anyway. */
#define LITLEN_TB     11
#define LITLEN_ENOUGH 2342
#define DIST_TB       8
#define DIST_ENOUGH   402
#define PRECODE_TB    7
#define PRECODE_ENOUGH 128

_Static_assert(LITLEN_ENOUGH >= (1 << LITLEN_TB), "litlen table holds its main table");
_Static_assert(DIST_ENOUGH >= (1 << DIST_TB), "distance table holds its main table");
_Static_assert(PRECODE_ENOUGH == (1 << PRECODE_TB), "precode codes are at most 7 bits");
_Static_assert(HUFF_MAXLEN < 64, "codeword lengths and sub bits fit 6 bits");
_Static_assert(24577 < 32768 && LITLEN_ENOUGH < 32768 && INFLATE_RESULT_COUNT < 32768,
	       "values fit bits 16-30");

/* Which code is built: selects zlib's rules for incomplete codes and the error values. */
enum huff_kind { HUFF_PRECODE, HUFF_LITLEN, HUFF_DIST };

/* Build the table for nsyms code lengths lens[] (0 = unused symbol); tmpl[s] is symbol s's
 * entry without its length fields (flags, value, extra-bit count in bits 0-7). */
enum inflate_result huff_build(uint32_t *table, unsigned capacity, unsigned tb,
			       const uint8_t *lens, unsigned nsyms, const uint32_t *tmpl,
			       enum huff_kind kind);

#endif
