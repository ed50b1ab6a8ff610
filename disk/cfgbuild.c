/* cfgbuild.c: serializes boot entries into the configuration table of include/config.h: header,
 * entries, a string pool with each string and setup header stored once, the CRC-32 (host). */
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "inflate.h" /* crc32_update */

struct pool {
	uint8_t *t;
	uint32_t lo, end; /* pool starts at lo; bytes used up to end */
	uint32_t need;    /* bytes the pool would need (counted on past the limit) */
};

/* Stores p[0..n) once (an equal byte run already in the pool is reused); returns its offset. */
static uint16_t pool_add(struct pool *pl, const void *p, uint32_t n)
{
	for (uint32_t at = pl->lo; at + n <= pl->end; at++)
		if (!memcmp(pl->t + at, p, n))
			return (uint16_t)at;
	pl->need += n;
	if (pl->end + n > LB_CFG_MAX_BYTES)
		return 0;
	memcpy(pl->t + pl->end, p, n);
	pl->end += n;
	return (uint16_t)(pl->end - n);
}

static uint16_t add_string(struct pool *pl, const char *s)
{
	return s && *s ? pool_add(pl, s, (uint32_t)strlen(s) + 1) : 0;
}

uint32_t cfg_build(uint8_t *out, const struct lb_cfg_header *hdr, const struct cfg_build_entry *e,
		   unsigned n, char *err, size_t errlen)
{
	struct lb_cfg_header h = *hdr;
	memset(out, 0, LB_CFG_MAX_BYTES);
	if (n < 1 || n > LB_CFG_MAX_ENTRIES) {
		snprintf(err, errlen, "%u entries, want 1 to %u", n, LB_CFG_MAX_ENTRIES);
		return 0;
	}
	if (h.default_entry >= n) {
		snprintf(err, errlen, "default entry %u, but there are %u entries", h.default_entry + 1u, n);
		return 0;
	}
	struct pool pl = { out, 0, 0, 0 };
	pl.lo = pl.end = (uint32_t)(sizeof h + n * sizeof(struct lb_cfg_entry));
	for (unsigned i = 0; i < n; i++) {
		struct lb_cfg_entry x = e[i].fixed;
		size_t tl = e[i].title ? strlen(e[i].title) : 0;
		size_t vl = e[i].version ? strlen(e[i].version) : 0;
		size_t cl = e[i].cmdline ? strlen(e[i].cmdline) : 0;
		if (tl == 0 || tl > LB_CFG_TITLE_MAX - 1) {
			snprintf(err, errlen, "entry %u: title of %zu bytes, want 1 to %u", i + 1, tl,
				 LB_CFG_TITLE_MAX - 1);
			return 0;
		}
		if (vl > LB_CFG_VERSION_MAX - 1) {
			snprintf(err, errlen, "entry %u: version of %zu bytes, at most %u", i + 1, vl,
				 LB_CFG_VERSION_MAX - 1);
			return 0;
		}
		if (x.cmdline_max > LB_CFG_CMDLINE_MAX - 1 || cl > x.cmdline_max) {
			snprintf(err, errlen, "entry %u: command line of %zu bytes, the kernel takes at most %u",
				 i + 1, cl, x.cmdline_max > LB_CFG_CMDLINE_MAX - 1 ? LB_CFG_CMDLINE_MAX - 1 : x.cmdline_max);
			return 0;
		}
		if (x.setup_header_len > LB_CFG_SETUP_MAX) {
			snprintf(err, errlen, "entry %u: setup header of %u bytes, at most %u", i + 1,
				 x.setup_header_len, LB_CFG_SETUP_MAX);
			return 0;
		}
		x.title = add_string(&pl, e[i].title);
		x.version = add_string(&pl, e[i].version);
		x.cmdline = add_string(&pl, e[i].cmdline);
		x.setup_header = x.setup_header_len ? pool_add(&pl, e[i].setup_header, x.setup_header_len) : 0;
		memset(x.reserved, 0, sizeof x.reserved);
		memcpy(out + sizeof h + i * sizeof x, &x, sizeof x);
	}
	if (pl.lo + pl.need > LB_CFG_MAX_BYTES) {
		snprintf(err, errlen, "titles, versions, command lines and setup headers need %u bytes, "
			 "%u fit with %u entries", pl.need, LB_CFG_MAX_BYTES - pl.lo, n);
		memset(out, 0, LB_CFG_MAX_BYTES);
		return 0;
	}
	h.magic = LB_CFG_MAGIC;
	h.version = LB_CFG_VERSION;
	h.header_size = sizeof h;
	h.entry_size = sizeof(struct lb_cfg_entry);
	h.table_bytes = pl.end;
	h.entry_count = (uint8_t)n;
	h.crc32 = 0;
	memset(h.reserved, 0, sizeof h.reserved);
	memcpy(out, &h, sizeof h);
	h.crc32 = crc32_update(0, out, pl.end);
	memcpy(out, &h, sizeof h);
	return pl.end;
}
