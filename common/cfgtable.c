/* cfgtable.c: checks one copy of the configuration table (include/config.h) field by field and
 * picks the newer valid copy of two. Freestanding: setup16 (-m16) and host tests. */
#include "cfgtable.h"
#include "crc32.h"
#include "fmt.h"

static enum cfg_code fail(struct cfg_check *c, enum cfg_code code, uint32_t got, uint32_t want)
{
	c->code = code;
	c->got = got;
	c->want = want;
	return code;
}

/* A string at off: inside the pool [lo, end), NUL-terminated before end, at most max-1 bytes. */
static enum cfg_code check_string(struct cfg_check *c, const uint8_t *t, uint32_t lo, uint32_t end,
				  uint16_t off, const char *field, uint32_t max)
{
	c->field = field;
	c->lo = lo;
	c->hi = end;
	if (off < lo || off >= end)
		return fail(c, CFG_STR_RANGE, off, 0);
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
	if (end < sizeof *h + sizeof(struct lb_cfg_entry) || end > room)
		return fail(c, CFG_TABLE_SIZE, end, room);
	const uint32_t at = (uint32_t)((const uint8_t *)&h->crc32 - t);
	uint32_t crc = crc32_small(0, t, at);
	crc = crc32_small(crc, zero, 4);
	crc = crc32_small(crc, t + at + 4, end - at - 4);
	if (crc != h->crc32)
		return fail(c, CFG_CRC, crc, h->crc32);
	if (h->entry_count < 1 || h->entry_count > LB_CFG_MAX_ENTRIES)
		return fail(c, CFG_COUNT, h->entry_count, LB_CFG_MAX_ENTRIES);
	uint32_t lo = sizeof *h + (uint32_t)h->entry_count * sizeof(struct lb_cfg_entry);
	if (end < lo)
		return fail(c, CFG_ENTRIES_FIT, end, lo);
	if (h->default_entry >= h->entry_count)
		return fail(c, CFG_DEFAULT, h->default_entry, h->entry_count);
	if (h->timeout > LB_CFG_TIMEOUT_MAX)
		return fail(c, CFG_TIMEOUT, h->timeout, LB_CFG_TIMEOUT_MAX);
	for (unsigned i = 0; i < h->entry_count; i++) {
		c->entry = (int)i;
		if (check_entry(c, t, lo, end, cfg_entry(table, i)))
			return c->code;
	}
	*c = (struct cfg_check){ CFG_OK, -1, 0, 0, 0, 0, 0, h->sequence };
	return CFG_OK;
}

int cfg_describe(const struct cfg_check *c, char *buf, size_t n)
{
	char pre[16] = "";
	if (c->entry >= 0)
		fmt_snprintf(pre, sizeof pre, "entry %d: ", c->entry + 1);
	switch (c->code) {
	case CFG_OK:
		return fmt_snprintf(buf, n, "valid, sequence %u", c->sequence);
	case CFG_SHORT:
		return fmt_snprintf(buf, n, "only %u bytes, less than the %u-byte header", c->got, c->want);
	case CFG_MAGIC:
		return fmt_snprintf(buf, n, "no configuration table (magic 0x%08x, want 0x%08x)", c->got, c->want);
	case CFG_VERSION:
		return fmt_snprintf(buf, n, "table version %u, this loader reads version %u", c->got, c->want);
	case CFG_HEADER_SIZE:
		return fmt_snprintf(buf, n, "header size %u, want %u", c->got, c->want);
	case CFG_ENTRY_SIZE:
		return fmt_snprintf(buf, n, "entry size %u, want %u", c->got, c->want);
	case CFG_TABLE_SIZE:
		return fmt_snprintf(buf, n, "table size %u bytes, want %u to %u", c->got,
				    (unsigned)(sizeof(struct lb_cfg_header) + sizeof(struct lb_cfg_entry)), c->want);
	case CFG_CRC:
		return fmt_snprintf(buf, n, "CRC-32 0x%08x does not match the stored 0x%08x (damaged or half-written)",
				    c->got, c->want);
	case CFG_COUNT:
		return fmt_snprintf(buf, n, "%u entries, want 1 to %u", c->got, c->want);
	case CFG_ENTRIES_FIT:
		return fmt_snprintf(buf, n, "table size %u bytes, but its entries need %u", c->got, c->want);
	case CFG_DEFAULT:
		return fmt_snprintf(buf, n, "default entry %u, but there are %u entries", c->got + 1, c->want);
	case CFG_TIMEOUT:
		return fmt_snprintf(buf, n, "timeout %u s, at most %u", c->got, c->want);
	case CFG_NO_KERNEL:
		return fmt_snprintf(buf, n, "%skernel of 0 bytes", pre);
	case CFG_NO_TITLE:
		return fmt_snprintf(buf, n, "%sno title", pre);
	case CFG_STR_RANGE:
		return fmt_snprintf(buf, n, "%s%s at offset 0x%x, outside the string pool 0x%x..0x%x", pre,
				    c->field, c->got, c->lo, c->hi);
	case CFG_STR_NUL:
		return fmt_snprintf(buf, n, "%s%s at offset 0x%x has no NUL before the table ends", pre,
				    c->field, c->got);
	case CFG_STR_LONG:
		return fmt_snprintf(buf, n, "%s%s of %u bytes, at most %u", pre, c->field, c->got, c->want);
	case CFG_SETUP_LEN:
		return fmt_snprintf(buf, n, "%ssetup header of %u bytes, at most %u", pre, c->got, c->want);
	case CFG_SETUP_RANGE:
		return fmt_snprintf(buf, n, "%ssetup header at 0x%x+%u, outside the string pool 0x%x..0x%x", pre,
				    c->got, c->want, c->lo, c->hi);
	case CFG_CMDLINE_MAX:
		return fmt_snprintf(buf, n, "%scommand line limit %u, at most %u", pre, c->got, c->want);
	}
	return fmt_snprintf(buf, n, "fault %d", (int)c->code);
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
