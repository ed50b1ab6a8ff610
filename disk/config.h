/* config.h (disk/): the boot entries mkdisk puts into an image, from its command line
 * (--kernel starts an entry; --title/--initrd/--cmdline follow it; --default, --timeout) or from
 * --config files (Boot Loader Specification type #1 keys plus loader.conf's timeout/default);
 * and the serializer of the on-disk table of include/config.h. Host only. */
#ifndef DISK_CONFIG_H
#define DISK_CONFIG_H
#include <stddef.h>
#include <stdint.h>
#include "../include/config.h" /* "config.h" here would name this file */

#define CONFIG_ERR_MAX 512

struct config_entry {
	char *title;   /* never NULL after config_finish (default: the kernel file's name) */
	char *version; /* NULL: unknown (mkdisk may read it from a bzImage) */
	char *kernel;  /* path; relative paths in a --config file are taken from the file's folder */
	char *initrd;  /* NULL: none */
	char *cmdline; /* NULL: empty */
	char *where;   /* where the entry starts, for messages: "--kernel #2" or "FILE:LINE" */
};

struct config {
	struct config_entry e[LB_CFG_MAX_ENTRIES];
	unsigned count;
	unsigned def;        /* 0-based after config_finish */
	unsigned timeout;    /* seconds, after config_finish */
	int def_set, timeout_set;
	char *def_text;      /* the default as given (number or title), resolved by config_finish */
	char *def_where;     /* "--default" or "FILE:LINE" */
	int cli_entry;       /* index of the entry --title etc. belong to; -1: none */
	char err[CONFIG_ERR_MAX]; /* the error, "<where>: <what is wrong>" */
};

void config_init(struct config *c);
void config_free(struct config *c);

/* One option in command-line order; name without the dashes: "kernel", "title", "initrd",
 * "cmdline", "default", "timeout" or "config". Returns 0; -1 on an error (c->err); 1 when name
 * is not an entry option (nothing done). */
int config_option(struct config *c, const char *name, const char *value);

/* Reads a --config file. Returns 0, or -1 with c->err = "FILE:LINE: ...". */
int config_file(struct config *c, const char *path);

/* After the last option: at least one entry, titles, the default index, the timeout (default 0
 * for one entry, 5 for several). Returns 0 or -1. */
int config_finish(struct config *c);

/* config_option for each "--name VALUE" or "--name=VALUE" of argv[0..argc), then
 * config_finish. Any other argument is an error. Returns 0 or -1. */
int config_from_args(struct config *c, int argc, char *const argv[]);

/* ---- cfgbuild.c: the table of include/config.h from entries whose fixed part is filled ---- */
struct cfg_build_entry {
	struct lb_cfg_entry fixed; /* extents, kernel facts, setup_header_len, cmdline_max (the
	                            * string offsets are set by cfg_build) */
	const char *title, *version, *cmdline; /* version, cmdline: NULL or "" for none */
	const uint8_t *setup_header;           /* fixed.setup_header_len bytes */
};

/* Writes the table into out[0..LB_CFG_MAX_BYTES) (zeros after its end), strings and setup
 * headers stored once each. hdr supplies sequence, flags, test_flags, timeout, default_entry.
 * Returns table_bytes, or 0 with err = the reason. */
uint32_t cfg_build(uint8_t *out, const struct lb_cfg_header *hdr, const struct cfg_build_entry *e,
		   unsigned n, char *err, size_t errlen);

#endif
