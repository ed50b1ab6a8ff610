/* fuzz_bzip2.c: libFuzzer target (host): decodes one bzip2 stream with our decoder, the input
 * and the output each ending right at a PROT_NONE guard page, and aborts unless libbz2 gives the
 * same verdict and the same bytes (ours may refuse what libbz2 accepts only where bzip2.h says
 * so: randomised blocks, an over-subscribed code's
 * codewords past its alphabet). First byte: bits 0-1 the mode (0 raw bytes,
 * 1 the rest compressed by libbz2, 2 by the test encoder with table shapes from byte 1, 3 raw
 * after "BZh9"), bits 2-4 the output capacity. Modes 1 and 2: byte 1 the options, byte 2 the
 * number of bit flips (bits 0-2) and, mode 2, one malformation of the test encoder's (bits 3-7),
 * then two bytes per flip (its bit position), then the payload. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tbz.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 20)

static uint8_t *guarded(size_t max)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = (max + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE))
		abort();
	return m + len; /* callers use end - n */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *in_end, *out_end, *ref, *buf;
	static const size_t caps[8] = { 0, 1, 100, 4096, 65536, 300000, 700000, OUT_MAX };
	size_t n = 0, cap, olen = 0, used = 0;
	enum bzip2_result r;
	struct ref_result z;
	uint8_t *in, *out;
	int mode;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX);
		buf = malloc(IN_MAX);
	}
	if (size < 1 || size > 65536)
		return 0;
	mode = data[0] & 3;
	cap = caps[(data[0] >> 2) & 7];
	if (mode == 0 || mode == 3) {
		if (mode == 3)
			memcpy(buf, "BZh9", 4), n = 4;
		memcpy(buf + n, data + 1, size - 1);
		n += size - 1;
	} else {
		size_t flips, hdr;

		if (size < 3)
			return 0;
		flips = data[2] & 7;
		hdr = 3 + 2 * flips;
		if (size < hdr)
			return 0;
		if (mode == 1) {
			/* Levels 1-3: the payload fits one block anyway, and a level-9 encoder allocates 7 MB. */
			n = ref_encode(data + hdr, size - hdr, 1 + data[1] % 3, buf, IN_MAX);
		} else {
			struct tbz_opts o = { 0 };
			o.len_mode = data[1] & 3;
			o.groups = 2 + (data[1] >> 2) % 5;
			o.block_bytes = data[1] & 0x80 ? 700 : 0;
			o.level = 1 + (data[1] >> 5) % 3;
			/* Flip count byte bits 3-7: one malformation of the test encoder's, or none. */
			switch (data[2] >> 3) {
			case 1: o.emit_unused = 1; break;
			case 2: o.runs_before_eob = 20 + (data[1] & 3); break;
			case 3: o.sel_delta = (int)(data[1] & 7) - 2; break;
			case 4: o.raw_block = o.raw_l = 1; o.orig_ptr_delta = data[1]; break;
			case 5: o.raw_block = 1; break;
			case 6: o.bad_len = 1 + (data[1] & 1); break;
			case 7: o.groups = data[1] & 7; break;
			}
			n = tbz_encode(data + hdr, size - hdr, &o, buf, IN_MAX);
		}
		for (size_t i = 0; i < flips && n; i++) {
			size_t bit = ((size_t)data[3 + 2 * i] << 8 | data[4 + 2 * i]) % (n * 8);
			buf[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		}
	}
	in = in_end - n;
	memcpy(in, buf, n);
	out = out_end - cap;
	r = bzip2_decode_stream(in, n, &used, out, cap, &olen, tbz_work());
	if (olen > cap || used > n)
		abort();
	z = ref_decode(in, n, ref, cap);
	if (r == BZIP2_OK) {
		if (z.kind != REF_OK || z.out_len != olen || z.in_used != used || memcmp(out, ref, olen))
			abort();
	} else if (z.kind == REF_OK) {
		if (r != BZIP2_ERR_RANDOMISED && r != BZIP2_ERR_CODE_PAST_ALPHABET)
			abort();
	}
	return 0;
}
