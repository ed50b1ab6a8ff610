/* config.c: the configuration table (include/config.h), 64-bit: both slots read into buffers
 * of their own and checked; the newer valid one is used as it was read and checked, byte for
 * byte (a slot is never read a second time, so a failed or different second read cannot put
 * another table in its place). It says whether the boot is verbose: then setup16's log is
 * printed first. */
#include "lm64.h"
#include "cfgtable.h"
#include "fmt.h"

static uint8_t slot[2][LB_CFG_MAX_BYTES] __attribute__((aligned(16)));

/* Reads slot s (0: A, 1: B) into slot[s] and checks it; why: the fault, if any. */
static void read_slot(const struct handoff *h, unsigned s, struct cfg_check *c, char *why, size_t n)
{
	const char *name = s ? "config B" : "config A";
	if (disk_load(name, h->config_lba[s], LB_CFG_MAX_BYTES, (uint64_t)(uintptr_t)slot[s], 0)) {
		c->code = CFG_SHORT;
		c->entry = -1;
		fmt_snprintf(why, n, "%s", fail_reason);
		return;
	}
	if (cfg_validate(slot[s], LB_CFG_MAX_BYTES, c))
		cfg_describe(c, why, n);
}

const struct lb_cfg_header *config_load(const struct handoff *h)
{
	struct cfg_check a, b;
	char da[FAIL_REASON_MAX], db[FAIL_REASON_MAX];
	read_slot(h, 0, &a, da, sizeof da);
	read_slot(h, 1, &b, db, sizeof db);
	int pick = cfg_pick(&a, &b);
	if (pick < 0)
		fatal("no valid configuration table: slot A at lba 0x%llx: %s; slot B at lba 0x%llx: %s",
		      (unsigned long long)h->config_lba[0], da, (unsigned long long)h->config_lba[1], db);
	fail_reason[0] = 0; /* a slot's read failure is not an entry's */
	const struct lb_cfg_header *c = (const struct lb_cfg_header *)slot[pick];
	con_verbose = (c->flags & LBC_VERBOSE) || (bda8(BDA_SHIFT) & BDA_CTRL);
	if (con_verbose && h->log_len)
		con_printf("%s", (const char *)(uintptr_t)h->log);
	con_note("config: slot %c, sequence %u, %u entries, default %u, timeout %u s\n", pick ? 'B' : 'A',
		 c->sequence, c->entry_count, c->default_entry + 1u, c->timeout);
	return c;
}
