/* fuzz_inflate.c: libFuzzer target (host): decodes arbitrary bytes as raw deflate or one gzip
 * member with our inflate, the input and the output each ending right at a PROT_NONE guard
 * page, and aborts unless zlib gives the same verdict and the same bytes. First byte: bit 0
 * gzip member / raw deflate, bits 1-3 output capacity, bit 4 CPU-specific loops (raw). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tinf.h"
#include "inflate_state.h"

#define IN_MAX  (1u << 20)
#define OUT_MAX (1u << 18)

/* A buffer of max bytes whose end touches an inaccessible page. */
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
	static uint8_t *in_end, *out_end, *ref;
	static unsigned cpu;
	static const size_t caps[8] = { 0, 1, 7, 300, 4096, 65536, 200000, OUT_MAX };
	uint8_t *in, *out;
	size_t n, cap, olen = 0, used = 0, m;
	enum inflate_result r;
	struct ref_result z;
	int gzip, ok;

	if (!in_end) {
		in_end = guarded(IN_MAX);
		out_end = guarded(OUT_MAX);
		ref = malloc(OUT_MAX);
		cpu = inflate_cpu_features();
	}
	if (size < 1 || size - 1 > IN_MAX)
		return 0;
	gzip = data[0] & 1;
	cap = caps[(data[0] >> 1) & 7];
	n = size - 1;
	in = in_end - n;
	memcpy(in, data + 1, n);
	out = out_end - cap;
	/* Raw mode: bit 4 of the first byte runs the loops the CPU offers (BMI2) on any size. */
	r = gzip ? inflate_gzip_member(in, n, &used, out, cap, &olen)
		 : inflate_raw_cpu(in, n, &used, out, cap, &olen, NULL, data[0] & 0x10 ? cpu : 0, NULL);
	if (olen > cap || (r == INFLATE_OK && used > n))
		abort();
	z = ref_inflate(gzip, in, n, ref, cap);
	m = olen < z.out_len ? olen : z.out_len;
	if (r == INFLATE_OK)
		ok = z.kind == REF_OK && z.out_len == olen && z.in_used == used;
	else if (r == INFLATE_ERR_OUTPUT_FULL || z.kind == REF_OUTPUT_FULL)
		ok = r == INFLATE_ERR_OUTPUT_FULL || r == INFLATE_ERR_TRUNCATED ||
		     z.kind == REF_OUTPUT_FULL;
	else if (r == INFLATE_ERR_TRUNCATED)
		ok = z.kind == REF_NEED_INPUT;
	else
		ok = z.kind == REF_DATA_ERROR && z.msg &&
		     !strncmp(inflate_strerror(r), z.msg, strlen(z.msg));
	/* Bytes both produced must agree, on success and on failure alike. */
	if (!ok || memcmp(out, ref, m))
		abort();
	return 0;
}
