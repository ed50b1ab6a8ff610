/* cfgtable.c: checks one copy of the configuration table (include/config.h) field by field and
 * picks the newer valid copy of two. Freestanding: setup16 (-m16) and host tests. */
#include "cfgtable.h"
#include "inflate.h" /* crc32_update */
#include "fmt.h"

static enum cfg_code fail(struct cfg_check *c, enum cfg_code code, uint32_t got, uint32_t want)
{
	c->code = code;
	if (code < CFG_STR_RANGE || code > CFG_STR_LONG)
		c->field = 0;
	c->got = got;
	c->want = want;
	return code;
}

/* A string at off: inside the pool [lo, end), NUL-terminated before end, at most max-1 bytes. */
static enum cfg_code check_string(struct cfg_check *c, const uint8_t *t, uint32_t lo, uint32_t end,
				  uint16_t off, const char *field, uint32_t max)
{
	c->field = field;
	c->lo = end;
	if (off < lo || off >= end)
		return fail(c, CFG_STR_RANGE, off, lo); /* offset, pool start, pool end */
	uint32_t n = 0;
	while (off + n < end && t[off + n])
		n++;
	if (off + n == end)
		return fail(c, CFG_STR_NUL, off, 0);
	if (n > max - 1)
		return fail(c, CFG_STR_LONG, n, max - 1);
	c->got = n;
	return CFG_OK;
}

static enum cfg_code check_entry(struct cfg_check *c, const uint8_t *t, uint32_t lo, uint32_t end,
				 const struct lb_cfg_entry *e)
{
	enum cfg_code r;
	if (e->kernel.bytes == 0)
		return fail(c, CFG_NO_KERNEL, 0, 0);
	if (e->title == 0)
		return fail(c, CFG_NO_TITLE, 0, 0);
	if ((r = check_string(c, t, lo, end, e->title, "title", LB_CFG_TITLE_MAX)))
		return r;
	if (c->got == 0)
		return fail(c, CFG_NO_TITLE, 0, 0);
	if (e->version && (r = check_string(c, t, lo, end, e->version, "version", LB_CFG_VERSION_MAX)))
		return r;
	if (e->cmdline_max > LB_CFG_CMDLINE_MAX - 1)
		return fail(c, CFG_CMDLINE_MAX, e->cmdline_max, LB_CFG_CMDLINE_MAX - 1);
	if (e->cmdline && (r = check_string(c, t, lo, end, e->cmdline, "command line",
					    (uint32_t)e->cmdline_max + 1)))
		return r;
	c->field = 0;
	if (e->setup_header_len > LB_CFG_SETUP_MAX)
		return fail(c, CFG_SETUP_LEN, e->setup_header_len, LB_CFG_SETUP_MAX);
	if (e->setup_header_len &&
	    (e->setup_header < lo || (uint32_t)e->setup_header + e->setup_header_len > end)) {
		c->lo = lo;
		c->hi = end;
		return fail(c, CFG_SETUP_RANGE, e->setup_header, e->setup_header_len);
	}
	return CFG_OK;
}

enum cfg_code cfg_validate(const void *table, uint32_t avail, struct cfg_check *c)
{
	const uint8_t *t = table;
	const struct lb_cfg_header *h = table;
	static const uint8_t zero[4];
	*c = (struct cfg_check){ CFG_OK, -1, 0, 0, 0, 0, 0, 0 };
	if (avail < sizeof *h)
		return fail(c, CFG_SHORT, avail, sizeof *h);
	if (h->magic != LB_CFG_MAGIC)
		return fail(c, CFG_MAGIC, h->magic, LB_CFG_MAGIC);
	if (h->version != LB_CFG_VERSION)
		return fail(c, CFG_VERSION, h->version, LB_CFG_VERSION);
	if (h->header_size != sizeof *h)
		return fail(c, CFG_HEADER_SIZE, h->header_size, sizeof *h);
	if (h->entry_size != sizeof(struct lb_cfg_entry))
		return fail(c, CFG_ENTRY_SIZE, h->entry_size, sizeof(struct lb_cfg_entry));
	uint32_t room = avail < LB_CFG_MAX_BYTES ? avail : LB_CFG_MAX_BYTES;
	uint32_t end = h->table_bytes;
	if (end < sizeof *h + sizeof(struct lb_cfg_entry) || end > room) {
		c->lo = room;
		return fail(c, CFG_TABLE_SIZE, end, sizeof *h + sizeof(struct lb_cfg_entry));
	}
	const uint32_t at = (uint32_t)((const uint8_t *)&h->crc32 - t);
	uint32_t crc = crc32_update(0, t, at);
	crc = crc32_update(crc, zero, 4);
	crc = crc32_update(crc, t + at + 4, end - at - 4);
	if (crc != h->crc32)
		return fail(c, CFG_CRC, crc, h->crc32);
	if (h->entry_count < 1 || h->entry_count > LB_CFG_MAX_ENTRIES)
		return fail(c, CFG_COUNT, h->entry_count, LB_CFG_MAX_ENTRIES);
	uint32_t lo = sizeof *h + (uint32_t)h->entry_count * sizeof(struct lb_cfg_entry);
	if (end < lo)
		return fail(c, CFG_ENTRIES_FIT, end, lo);
	if (h->default_entry >= h->entry_count)
		return fail(c, CFG_DEFAULT, h->default_entry + 1u, h->entry_count); /* 1-based, as shown */
	if (h->timeout > LB_CFG_TIMEOUT_MAX)
		return fail(c, CFG_TIMEOUT, h->timeout, LB_CFG_TIMEOUT_MAX);
	for (unsigned i = 0; i < h->entry_count; i++) {
		c->entry = (int)i;
		if (check_entry(c, t, lo, end, cfg_entry(table, i)))
			return c->code;
	}
	*c = (struct cfg_check){ CFG_OK, -1, 0, h->sequence, 0, 0, 0, h->sequence };
	return CFG_OK;
}

/* One format per code, each taking (entry prefix, field, got, want, lo, hi) in this order and
 * using a leading part of them: one call site keeps the 16-bit code small. */
static const char *const formats[] = {
	[CFG_OK]          = "%s%svalid, sequence %u",
	[CFG_SHORT]       = "%s%sonly %u bytes, less than the %u-byte header",
	[CFG_MAGIC]       = "%s%sno configuration table (magic 0x%08x, want 0x%08x)",
	[CFG_VERSION]     = "%s%stable version %u, this loader reads version %u",
	[CFG_HEADER_SIZE] = "%s%sheader size %u, want %u",
	[CFG_ENTRY_SIZE]  = "%s%sentry size %u, want %u",
	[CFG_TABLE_SIZE]  = "%s%stable size %u bytes, want %u to %u",
	[CFG_CRC]         = "%s%sCRC-32 0x%08x does not match the stored 0x%08x (damaged or half-written)",
	[CFG_COUNT]       = "%s%s%u entries, want 1 to %u",
	[CFG_ENTRIES_FIT] = "%s%stable size %u bytes, but its entries need %u",
	[CFG_DEFAULT]     = "%s%sdefault entry %u, but there are %u entries",
	[CFG_TIMEOUT]     = "%s%stimeout %u s, at most %u",
	[CFG_NO_KERNEL]   = "%s%skernel of 0 bytes",
	[CFG_NO_TITLE]    = "%s%sno title",
	[CFG_STR_RANGE]   = "%s%s at offset 0x%x, outside the string pool 0x%x..0x%x",
	[CFG_STR_NUL]     = "%s%s at offset 0x%x has no NUL before the table ends",
	[CFG_STR_LONG]    = "%s%s of %u bytes, at most %u",
	[CFG_SETUP_LEN]   = "%s%ssetup header of %u bytes, at most %u",
	[CFG_SETUP_RANGE] = "%s%ssetup header at 0x%x+%u, outside the string pool 0x%x..0x%x",
	[CFG_CMDLINE_MAX] = "%s%scommand line limit %u, at most %u",
};

int cfg_describe(const struct cfg_check *c, char *buf, size_t n)
{
	char pre[16] = "";
	if (c->entry >= 0)
		fmt_snprintf(pre, sizeof pre, "entry %d: ", c->entry + 1);
	if ((unsigned)c->code >= sizeof formats / sizeof formats[0])
		return fmt_snprintf(buf, n, "fault %d", (int)c->code);
	return fmt_snprintf(buf, n, formats[c->code], pre, c->field ? c->field : "", c->got, c->want,
			    c->lo, c->hi);
}

int cfg_pick(const struct cfg_check *a, const struct cfg_check *b)
{
	if (a->code != CFG_OK)
		return b->code == CFG_OK ? 1 : -1;
	if (b->code != CFG_OK)
		return 0;
	return (int32_t)(b->sequence - a->sequence) > 0 ? 1 : 0;
}

const struct lb_cfg_entry *cfg_entry(const void *table, unsigned i)
{
	const uint8_t *t = table;
	return (const struct lb_cfg_entry *)(t + sizeof(struct lb_cfg_header) + i * sizeof(struct lb_cfg_entry));
}

const char *cfg_string(const void *table, uint16_t offset)
{
	return offset ? (const char *)table + offset : "";
}
