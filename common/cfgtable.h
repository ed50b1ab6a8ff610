/* cfgtable.h: checking the configuration table of include/config.h and choosing between its two
 * copies. Freestanding (setup16 -m16 and host tests), no allocation, no libc. */
#ifndef LB_CFGTABLE_H
#define LB_CFGTABLE_H
#include <stddef.h>
#include <stdint.h>
#include "config.h"

/* Every way a copy can be refused; cfg_describe() words each one. */
enum cfg_code {
	CFG_OK = 0,
	CFG_SHORT,         /* fewer bytes available than a header */
	CFG_MAGIC,         /* no table (got: magic) */
	CFG_VERSION,       /* got: version */
	CFG_HEADER_SIZE,   /* got: header_size */
	CFG_ENTRY_SIZE,    /* got: entry_size */
	CFG_TABLE_SIZE,    /* got: table_bytes, want: the least, lo: the most there is room for */
	CFG_CRC,           /* got: computed, want: stored */
	CFG_COUNT,         /* got: entry_count */
	CFG_ENTRIES_FIT,   /* got: table_bytes, want: bytes the entries need */
	CFG_DEFAULT,       /* got: default_entry + 1, want: entry_count */
	CFG_TIMEOUT,       /* got: timeout */
	CFG_NO_KERNEL,     /* entry: kernel.bytes is 0 */
	CFG_NO_TITLE,      /* entry: title offset 0 or an empty title */
	CFG_STR_RANGE,     /* entry, field: got offset outside the string pool want..lo */
	CFG_STR_NUL,       /* entry, field: got offset, no NUL before the end of the table */
	CFG_STR_LONG,      /* entry, field: got length, want the maximum */
	CFG_SETUP_LEN,     /* entry: got setup_header_len, want LB_CFG_SETUP_MAX */
	CFG_SETUP_RANGE,   /* entry: got offset, want length: outside the pool lo..hi */
	CFG_CMDLINE_MAX,   /* entry: got cmdline_max, want the most a table holds */
};

struct cfg_check {
	enum cfg_code code;
	int entry;          /* entry index (0-based) for entry faults, else -1 */
	const char *field;  /* "title", "version", "command line" for string faults */
	uint32_t got, want;
	uint32_t lo, hi;    /* more values for the message (see enum cfg_code) */
	uint32_t sequence;  /* of a valid copy */
};

/* Checks the copy in table[0..avail). Returns c->code (CFG_OK: every offset, length and string
 * of the table may be used without further checks). */
enum cfg_code cfg_validate(const void *table, uint32_t avail, struct cfg_check *c);

/* The fault as one line without a prefix, e.g. "CRC-32 0x1234abcd does not match the stored
 * 0x89ab0011 (damaged or half-written)". Returns the full length (as snprintf). */
int cfg_describe(const struct cfg_check *c, char *buf, size_t n);

/* Which copy to use: 0 (A), 1 (B) or -1 (neither is valid). Both valid: the newer sequence
 * number in serial-number order (B when B - A, as a signed 32-bit value, is above 0). */
int cfg_pick(const struct cfg_check *a, const struct cfg_check *b);

/* Accessors for a validated table. */
const struct lb_cfg_entry *cfg_entry(const void *table, unsigned i);
const char *cfg_string(const void *table, uint16_t offset); /* "" for offset 0 */

#endif
