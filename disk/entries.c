/* entries.c: the payloads of mkdisk's boot entries: each kernel file loaded once, each initrd
 * read once, identical payloads (by content) stored once; every entry checked before anything
 * is written; the configuration table (include/config.h) for the planned LBAs (host). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mkdisk.h"

#define INITRD_MAX_DEF 0x37ffffffu /* Linux's default initrd_addr_max (lm64/place.c) */

/* The index in en->pay of a payload with these bytes, added when new (b is then owned). */
static unsigned pay_add(struct entries *en, struct buf b, int is_kernel)
{
	for (unsigned i = 0; i < en->npay; i++)
		if (en->pay[i].b.n == b.n && !memcmp(en->pay[i].b.p, b.p, b.n)) {
			if (b.p != en->pay[i].b.p)
				free(b.p);
			return i;
		}
	en->pay[en->npay] = (struct pay){ b, lb_crc32(b.p, b.n), 0, is_kernel };
	return en->npay++;
}

void entries_read_initrds(const struct options *o, struct entries *en)
{
	const struct config *c = &o->cfg;
	memset(en, 0, sizeof *en);
	for (unsigned i = 0; i < c->count; i++) {
		en->ipay[i] = -1;
		if (!c->e[i].initrd)
			continue;
		unsigned j = 0;
		for (; j < i && !(c->e[j].initrd && !strcmp(c->e[j].initrd, c->e[i].initrd)); j++)
			;
		if (j < i) {
			en->ipay[i] = en->ipay[j];
			continue;
		}
		unsigned before = en->npay;
		en->ipay[i] = (int)pay_add(en, read_file("initrd", c->e[i].initrd), 0);
		if (en->npay > before)
			en->initrd_bytes += en->pay[en->ipay[i]].b.n;
	}
}

/* "entry N: " when there are several entries (single-entry messages stay as they were). */
static const char *entry_prefix(const struct config *c, unsigned i, char *buf, size_t n)
{
	if (c->count == 1)
		return "";
	snprintf(buf, n, "entry %u (%s): ", i + 1, c->e[i].where);
	return buf;
}

void entries_load(const struct options *o, struct entries *en)
{
	const struct config *c = &o->cfg;
	char pre[96];
	for (unsigned i = 0; i < c->count; i++) {
		unsigned j = 0;
		for (; j < i && strcmp(c->e[j].kernel, c->e[i].kernel); j++)
			;
		if (j < i) {
			en->kidx[i] = en->kidx[j];
			en->kpay[i] = en->kpay[j];
			continue;
		}
		struct kernel *k = &en->k[en->nk];
		kernel_load(c->e[i].kernel, o->level, o->repack, k);
		en->kidx[i] = en->nk++;
		en->kpay[i] = pay_add(en, k->gz, 1);
		k->gz = en->pay[en->kpay[i]].b;
	}
	for (unsigned i = 0; i < c->count; i++) {
		const struct kernel *k = &en->k[en->kidx[i]];
		const char *p = entry_prefix(c, i, pre, sizeof pre);
		size_t cl = c->e[i].cmdline ? strlen(c->e[i].cmdline) : 0;
		if (cl > k->cmdline_max)
			die("cmdline", "%s%zu bytes, the kernel accepts at most %u (cmdline_size)", p, cl, k->cmdline_max);
		/* lm64 places the initrd between 1 MiB and initrd_addr_max (0: Linux's default), below 4 GiB */
		uint64_t rd_limit = k->fill.initrd_addr_max ? k->fill.initrd_addr_max : INITRD_MAX_DEF;
		size_t rn = en->ipay[i] >= 0 ? en->pay[en->ipay[i]].b.n : 0;
		if (rn && ((rn + 4095) & ~(size_t)4095) > rd_limit + 1 - LB_HIGH_MIN)
			die("initrd", "%s%zu bytes do not fit from 0x%x to the kernel's initrd_addr_max 0x%llx", p, rn,
			    LB_HIGH_MIN, (unsigned long long)rd_limit);
		if (rn > 0xFFFFFFFFu)
			die("initrd", "%s%zu bytes, at most 4 GiB - 1", p, rn);
	}
	/* the table must fit too: build it once now with placeholder LBAs */
	uint8_t *t = xmalloc(LB_CFG_MAX_BYTES);
	entries_table(o, en, t);
	free(t);
}

uint64_t entries_sectors(const struct entries *en)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < en->npay; i++)
		n += sectors_of(en->pay[i].b.n);
	return n;
}

uint64_t plan_payloads(struct entries *en, struct plan *pl, uint64_t from, uint64_t align)
{
	uint64_t at = from;
	if (!pl->cfg_fixed) {                     /* the slots right after the loader */
		pl->cfg_lba = from;
		at += CFG_SECTORS;
	}
	for (unsigned pass = 0; pass < 2; pass++) /* kernels first, then initrds (today's order) */
		for (unsigned i = 0; i < en->npay; i++) {
			if (en->pay[i].is_kernel != !pass)
				continue;
			en->pay[i].lba = align_up(at, align);
			at = en->pay[i].lba + sectors_of(en->pay[i].b.n);
		}
	pl->end_lba = at;
	return at;
}

/* The kernel's version for the menu: BLS "version", else the bzImage's first word. */
static void version_of(const char *given, const char *bz, char *out, size_t n)
{
	if (given) {
		snprintf(out, n, "%s", given);
		return;
	}
	size_t i = 0;
	if (strcmp(bz, "?"))
		for (; bz[i] && bz[i] != ' ' && i + 1 < n; i++)
			out[i] = bz[i];
	out[i] = 0;
}

void entries_table(const struct options *o, const struct entries *en, uint8_t *out)
{
	const struct config *c = &o->cfg;
	struct cfg_build_entry be[LB_CFG_MAX_ENTRIES];
	char ver[LB_CFG_MAX_ENTRIES][LB_CFG_VERSION_MAX], err[CONFIG_ERR_MAX];
	for (unsigned i = 0; i < c->count; i++) {
		const struct kernel *k = &en->k[en->kidx[i]];
		const struct pay *kp = &en->pay[en->kpay[i]];
		memset(&be[i], 0, sizeof be[i]);
		be[i].fixed = k->fill;
		be[i].fixed.kernel = (struct lb_cfg_extent){ kp->lba, (uint32_t)kp->b.n, kp->crc };
		if (en->ipay[i] >= 0) {
			const struct pay *rp = &en->pay[en->ipay[i]];
			be[i].fixed.initrd = (struct lb_cfg_extent){ rp->lba, (uint32_t)rp->b.n, rp->crc };
		}
		be[i].fixed.cmdline_max = (uint16_t)k->cmdline_max;
		version_of(c->e[i].version, k->version, ver[i], sizeof ver[i]);
		be[i].title = c->e[i].title;
		be[i].version = ver[i];
		be[i].cmdline = c->e[i].cmdline;
		be[i].setup_header = k->setup_header;
	}
	struct lb_cfg_header h;
	memset(&h, 0, sizeof h);
	h.sequence = 1;
	h.flags = (o->flags & (LBC_NO_TIMING | LBC_VERBOSE)) |
		  (o->timing ? LBC_TIMING : 0);
	h.test_flags = o->test_flags;
	h.timeout = (uint16_t)c->timeout;
	h.default_entry = (uint8_t)c->def;
	if (!cfg_build(out, &h, be, c->count, err, sizeof err))
		die("config", "%s", err);
}

void entries_initrd_text(const struct entries *en, unsigned e, char *buf, size_t n)
{
	if (en->ipay[e] < 0) {
		snprintf(buf, n, "no initrd");
		return;
	}
	const struct pay *ip = &en->pay[en->ipay[e]];
	snprintf(buf, n, "initrd LBA %llu (%zu bytes)", (unsigned long long)ip->lba, ip->b.n);
}

void entries_print(const struct options *o, const struct entries *en)
{
	if (o->cfg.count < 2)
		return;
	for (unsigned e = 0; e < o->cfg.count; e++) {
		const struct pay *kp = &en->pay[en->kpay[e]];
		char ird[64];
		entries_initrd_text(en, e, ird, sizeof ird);
		printf("mkdisk:   entry %u%s: \"%s\": kernel LBA %llu (%zu bytes %s), %s\n", e + 1,
		       e == o->cfg.def ? " (default)" : "", o->cfg.e[e].title, (unsigned long long)kp->lba,
		       kp->b.n, zformat_name(zformat_detect(kp->b.p, kp->b.n)), ird);
	}
}
