/* selfcheck.c: decodes the gzip member mkdisk produced and compares it with what went in, with
 * our own inflate when it is linked in (MKDISK_OUR_INFLATE), otherwise with zlib; and a
 * bzImage's payload stored as it is, with the loader's decoders (MKDISK_OUR_UNPACK) (host). */
#include <stdlib.h>
#include <string.h>
#include "mkdisk.h"
#include "progress.h"
#ifdef MKDISK_OUR_INFLATE
#include "inflate.h"
#endif
#ifdef MKDISK_OUR_UNPACK
#include "unpack.h"

void payload_selfcheck(const struct buf *pl, const uint8_t *want, size_t want_n)
{
	uint8_t *out = xmalloc(want_n + 65536); /* the decoders' word-sized copies may pass the end */
	void *work = xmalloc(UNPACK_WORK_BYTES);
	struct unpack_result r;
	progress_start("verifying the payload with the loader's decoder", 0);
	if (unpack(pl->p, pl->n, out, want_n + 65536, work, UNPACK_SIZE_TRAILER, &r))
		die("payload self-check", "the loader's %s decoder rejects this kernel's payload: %s (result %d "
		    "after %zu bytes; --repack-gzip stores it as gzip instead)", unpack_format_name(r.format),
		    r.reason, r.code, r.out_len);
	if (r.out_len != want_n || memcmp(out, want, want_n))
		die("payload self-check", "the loader's %s decoder gives %zu bytes that differ from the %zu the "
		    "host's library decoded", unpack_format_name(r.format), r.out_len, want_n);
	progress_done();
	free(work);
	free(out);
}
#endif

void gzip_selfcheck(const struct buf *gz, const uint8_t *want, size_t want_n)
{
	uint8_t *out = xmalloc(want_n + 1);
	size_t got = 0;
	progress_start("verifying the gzip member", 0);
#ifdef MKDISK_OUR_INFLATE
	enum inflate_result r = inflate_gzip(gz->p, gz->n, out, want_n + 1, &got);
	if (r != INFLATE_OK)
		die("gzip self-check", "our inflate rejects the member mkdisk wrote: %s", inflate_strerror(r));
#else
	struct buf b = decompress("gzip self-check", ZF_GZIP, gz->p, gz->n, want_n);
	memcpy(out, b.p, b.n < want_n + 1 ? b.n : want_n + 1);
	got = b.n;
	free(b.p);
#endif
	if (got != want_n || memcmp(out, want, want_n))
		die("gzip self-check", "decoding the gzip member gives %zu bytes that differ from the %zu put in",
		    got, want_n);
	progress_done();
	free(out);
}
