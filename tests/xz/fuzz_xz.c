/* fuzz_xz.c: libFuzzer target (host): our .xz/.lzma decoder against liblzma, the input and the
 * output each ending right at a PROT_NONE guard page; aborts unless liblzma gives the same
 * verdict (and, on success, the same bytes and length). First byte: bits 0-1 the mode (0 raw
 * .xz, 1 raw .lzma, 2 and 3: a .xz / .lzma stream liblzma builds from the rest, then mutated),
 * bits 2-4 the output capacity. Known difference: reserved check IDs (liblzma skips them, we
 * refuse them) are not compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <lzma.h>
#include "xz.h"
#include "inflate.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 18)

static uint8_t *guarded(size_t max)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = (max + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE))
		abort();
	return m + len; /* callers use end - n */
}

static void put_crc(uint8_t *p, size_t len) /* CRC32 of p[0..len) at p + len */
{
	uint32_t c = crc32_update(0, p, len);
	for (int i = 0; i < 4; i++)
		p[len + i] = (uint8_t)(c >> (8 * i));
}

/* Build a stream of the payload: cfg bits 0-1 check, 2-4 filter, 5 preset 0/1, 6 lc/lp/pb,
 * 7 (.xz) a block every 700 bytes (LZMA_FULL_FLUSH). */
static size_t build(int lzma, unsigned cfg, const uint8_t *p, size_t n, uint8_t *out, size_t cap)
{
	static const lzma_check checks[4] = { LZMA_CHECK_NONE, LZMA_CHECK_CRC32, LZMA_CHECK_CRC64,
					      LZMA_CHECK_SHA256 };
	static const lzma_vli bcj[8] = { LZMA_VLI_UNKNOWN, LZMA_FILTER_X86, LZMA_FILTER_ARM,
		LZMA_FILTER_ARMTHUMB, LZMA_FILTER_ARM64, LZMA_FILTER_POWERPC, LZMA_FILTER_SPARC,
		LZMA_FILTER_DELTA };
	lzma_options_delta delta = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 3 };
	lzma_options_lzma o;
	lzma_filter f[3];
	lzma_stream st = LZMA_STREAM_INIT;
	int k = 0;
	lzma_ret r;

	lzma_lzma_preset(&o, (cfg >> 5) & 1);
	o.dict_size = 1 << 16;
	if (cfg & 0x40) {
		o.lc = 0; o.lp = 2; o.pb = 1;
	}
	if (lzma) {
		r = lzma_alone_encoder(&st, &o);
	} else {
		if (bcj[(cfg >> 2) & 7] != LZMA_VLI_UNKNOWN) {
			f[k].id = bcj[(cfg >> 2) & 7];
			f[k++].options = f[0].id == LZMA_FILTER_DELTA ? &delta : NULL;
		}
		f[k].id = LZMA_FILTER_LZMA2;
		f[k++].options = &o;
		f[k].id = LZMA_VLI_UNKNOWN;
		r = lzma_stream_encoder(&st, f, checks[cfg & 3]);
	}
	if (r != LZMA_OK)
		abort();
	st.next_out = out;
	st.avail_out = cap;
	if (!lzma && (cfg & 0x80)) {
		while (n > 700 && r == LZMA_OK) {
			st.next_in = p;
			st.avail_in = 700;
			do
				r = lzma_code(&st, LZMA_FULL_FLUSH);
			while (r == LZMA_OK);
			r = r == LZMA_STREAM_END ? LZMA_OK : r;
			p += 700;
			n -= 700;
		}
	}
	st.next_in = p;
	st.avail_in = n;
	do
		r = lzma_code(&st, LZMA_FINISH);
	while (r == LZMA_OK);
	n = st.total_out;
	lzma_end(&st);
	return r == LZMA_STREAM_END ? n : 0;
}

/* liblzma's verdict: .xz streams (concatenated, padding, the whole input) or one .lzma. */
static lzma_ret ref_decode(int lzma, const uint8_t *in, size_t n, uint8_t *ref, size_t cap,
			   size_t *rlen, size_t *rused, int *ok)
{
	lzma_ret lr;

	*rlen = *rused = 0;
	if (lzma) {
		lzma_stream st = LZMA_STREAM_INIT;
		if (lzma_alone_decoder(&st, 1 << 28) != LZMA_OK)
			abort();
		st.next_in = in;
		st.avail_in = n;
		st.next_out = ref;
		st.avail_out = cap;
		do
			lr = lzma_code(&st, LZMA_FINISH);
		while (lr == LZMA_OK);
		*rused = st.total_in;
		*rlen = st.total_out;
		lzma_end(&st);
		*ok = lr == LZMA_STREAM_END;
	} else {
		uint64_t memlimit = 1 << 28;
		lr = lzma_stream_buffer_decode(&memlimit, LZMA_CONCATENATED, NULL, in, rused, n,
					       ref, rlen, cap);
		*ok = lr == LZMA_OK && *rused == n;
	}
	return lr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *in_end, *out_end, *ref, *tmp;
	static _Alignas(16) uint8_t work[XZ_WORK_BYTES];
	static const size_t caps[8] = { 0, 1, 7, 300, 4096, 20000, 65536, OUT_MAX };
	size_t n, cap, olen = 0, used = 0, rlen = 0, rused = 0;
	unsigned mode;
	enum xz_result r;
	lzma_ret lr;
	uint8_t *in, *out;
	int ours_ok, ref_ok, lzma;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX + 1);
		tmp = malloc(IN_MAX);
	}
	if (size < 1 || size - 1 > IN_MAX / 2)
		return 0;
	mode = data[0] & 3;
	lzma = mode & 1;
	cap = caps[(data[0] >> 2) & 7];
	data++;
	size--;
	if (mode < 2) {
		n = size;
		memcpy(tmp, data, n);
	} else {
		/* data: cfg, flags (bits 0-1 mutations, bit 2 fix the header CRCs), 3 bytes per
		 * mutation (position 16 bits, xor value), then the payload */
		unsigned cfg, nm, fix;
		const uint8_t *mut;
		if (size < 2)
			return 0;
		cfg = data[0];
		nm = data[1] & 3;
		fix = data[1] & 4;
		if (size < 2 + 3 * nm)
			return 0;
		mut = data + 2;
		n = build(lzma, cfg, data + 2 + 3 * nm, size - 2 - 3 * nm, tmp, IN_MAX);
		if (!n)
			return 0;
		for (unsigned k = 0; k < nm; k++)
			tmp[(mut[3 * k] | mut[3 * k + 1] << 8) % n] ^= mut[3 * k + 2] ? mut[3 * k + 2] : 1;
		if (fix && !lzma && n >= 12 + 4) {
			put_crc(tmp + 6, 2);
			size_t h = ((size_t)tmp[12] + 1) * 4;
			if (tmp[12] && 12 + h <= n)
				put_crc(tmp + 12, h - 4);
		}
	}
	in = in_end - n;
	memcpy(in, tmp, n);
	out = out_end - cap;
	r = lzma ? xz_decode_lzma(in, n, &used, out, cap, &olen, work)
		 : xz_decode(in, n, &used, out, cap, &olen, work);
	if (olen > cap || used > n)
		abort();
	if (r == XZ_ERR_CHECK_UNSUPPORTED)
		return 0;
	lr = ref_decode(lzma, in, n, ref, cap, &rlen, &rused, &ref_ok);
	/* liblzma wants room past the last byte to see the end (LZMA_BUF_ERROR at an exactly full
	 * buffer, e.g. a capacity of 0 for empty content): one more byte, the same bytes out */
	if (!ref_ok && lr == LZMA_BUF_ERROR && r == XZ_OK && olen == cap)
		lr = ref_decode(lzma, in, n, ref, cap + 1, &rlen, &rused, &ref_ok);
	if (lr == LZMA_MEMLIMIT_ERROR || lr == LZMA_MEM_ERROR)
		return 0;
	ours_ok = r == XZ_OK;
	if (ours_ok != ref_ok || (ours_ok && (olen != rlen || used != rused || memcmp(out, ref, olen))))
		fprintf(stderr, "fuzz_xz: mode %u cap %zu n %zu: ours %s (out %zu, used %zu), "
			"liblzma %d (out %zu, used %zu)\n", mode, cap, n, xz_strerror(r), olen, used,
			(int)lr, rlen, rused);
	if (ours_ok != ref_ok)
		abort();
	if (ours_ok && (olen != rlen || used != rused || memcmp(out, ref, olen)))
		abort();
	return 0;
}
