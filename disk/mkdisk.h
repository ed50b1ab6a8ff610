/* mkdisk.h: shared declarations of the host tool mkdisk (builds or installs a bootable image). */
#ifndef MKDISK_H
#define MKDISK_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "arith.h"
#include "elfcheck.h"
#include "patch.h"
#include "config.h" /* disk/config.h: entries, and include/config.h */

struct buf {
	uint8_t *p;
	size_t n;
};

/* util.c: errors are one line "mkdisk: <what>: <detail>" on stderr, then exit 1, after removing
 * the temporary output file registered with cleanup_path(). */
void die(const char *what, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void cleanup_path(const char *tmp_path);       /* unlinked by die(); NULL: none */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
struct buf read_file(const char *what, const char *path);
uint32_t lb_crc32(const void *p, size_t n);
uint16_t le16(const uint8_t *p);
uint32_t le32(const uint8_t *p);
uint64_t le64(const uint8_t *p);

/* decompress.c: the formats a Linux payload (or a gzip'd ELF) may come in. */
enum zformat { ZF_NONE, ZF_GZIP, ZF_XZ, ZF_LZMA, ZF_LZ4, ZF_ZSTD, ZF_BZIP2 };
enum zformat zformat_detect(const uint8_t *p, size_t n);
const char *zformat_name(enum zformat f);
/* Decompress in[0..n); size_hint: expected output size (0: unknown); dies naming what on error. */
struct buf decompress(const char *what, enum zformat f, const uint8_t *in, size_t n, size_t size_hint);
struct buf gzip_pack(const uint8_t *p, size_t n, int level); /* one gzip member (libdeflate) */
void gzip_selfcheck(const struct buf *gz, const uint8_t *want, size_t want_n);
/* A bzImage's own payload (its size after it) decoded with the loader's decoders (unpack/) and
 * compared with what the host's libraries decoded. */
void payload_selfcheck(const struct buf *pl, const uint8_t *want, size_t want_n);

/* elf.c: the kernel payload (ELF file, for a bzImage followed by its relocation table) checked
 * with lm64's own checks (common/elfcheck.h) plus the host's. 0, or -1 with a reason in err. */
struct payload {
	struct kimage ki;           /* the ELF as lm64 parses it */
	uint64_t elf_size;          /* bytes of the ELF file (all of p[0..n) without relocations) */
	uint64_t reloc_size;        /* bytes of relocation table after it */
	struct reloc_counts relocs; /* entries per list */
};
int payload_check(const uint8_t *p, size_t n, int has_relocs, struct payload *out, char *err,
		  size_t errlen);

/* strip.c: cuts a plain ELF kernel down to its ELF header, program headers and PT_LOAD data
 * (the rest zeroed or cut off, section headers cleared); returns the bytes dropped. */
uint64_t elf_keep_loaded(struct buf *elf, const struct kimage *ki);

/* kernel.c: whatever --kernel names, turned into the gzip member and the patch fields. */
struct kernel {
	struct buf gz;            /* the payload the loader decodes into ELF (+ relocations): one gzip
	                           * member, or a bzImage's own payload as it is (unpack/) */
	struct lb_cfg_entry fill; /* kflags, load_addr/window/align, elf/reloc size, initrd_addr_max,
	                           * setup_header_len (extents and strings: not yet) */
	uint8_t setup_header[LB_CFG_SETUP_MAX]; /* bzImage bytes from 0x1f1 */
	uint32_t cmdline_max;     /* longest command line the kernel accepts (bytes without NUL) */
	char version[LB_CFG_VERSION_MAX]; /* a bzImage's kernel_version string, or "" */
};
/* level: gzip level of an ELF kernel, and of a bzImage's payload when it is re-packed. repack:
 * REPACK_AUTO stores lz4 and gzip payloads as they are (the loader decodes them, unpack/) and
 * re-packs the others (zstd, xz, lzma, bzip2: slower to boot) as gzip; ALWAYS re-packs every one;
 * NEVER stores every payload as it is. */
enum { REPACK_AUTO = 0, REPACK_ALWAYS, REPACK_NEVER };
void kernel_load(const char *path, int level, int repack, struct kernel *k);
/* payload_check or die(what, reason). */
void kernel_payload(const char *what, const uint8_t *p, size_t n, int has_relocs, struct payload *out);

/* bzimage.c: a Linux bzImage's setup header and payload. */
int bzimage_detect(const uint8_t *p, size_t n);
void bzimage_load(const char *what, const uint8_t *p, size_t n, int level, int repack, struct kernel *k);

/* flags.c: names of an entry's LBK_* kernel flags (with INFO_NO_TIMING for the image's
 * LBC_NO_TIMING on --info's flags line) and of the LBT_* test switches, each table ending
 * with { 0, 0 }. */
#define INFO_NO_TIMING 0x0008
struct flag_name {
	const char *name;
	uint32_t bit;
};
extern const struct flag_name lb_flag_names[], lb_test_flag_names[];
uint32_t flag_by_name(const struct flag_name *t, const char *name); /* 0: no such name */
void flags_print(FILE *f, const struct flag_name *t, uint32_t v);  /* "a b (0x0003)", "none (0x0000)" */

/* info.c: --info IMAGE prints what a longboot image holds; dies when it is not one. */
void image_info(const char *path);

/* image.c / install.c: where things go and writing them. */
struct options {
	const char *kernel, *output;               /* kernel: the default entry's (--install's size estimate) */
	struct config cfg;                         /* the entries (disk/config.h) */
	const char *info;                          /* --info IMAGE */
	const char *bootsect_path, *loader_path;   /* override the embedded stages */
	int install, floppy, partition, level, force, rewrite_loader;
	int repack;                                /* REPACK_*: --repack-gzip, --keep-payload */
	int timing;                                /* --timing: the timing line also when quiet */
	uint32_t flags, test_flags;
	uint64_t lba_offset;                       /* 0: default (LBA 1) */
};
struct stages {
	struct buf bootsect, loader;
};
/* entries.c: every entry's payloads, loaded, checked and stored once each. */
#define MAX_PAYLOADS (2 * LB_CFG_MAX_ENTRIES)
struct pay {
	struct buf b;
	uint32_t crc;
	uint64_t lba;                               /* set by the plan */
	int is_kernel;
};
struct entries {
	struct kernel k[LB_CFG_MAX_ENTRIES];        /* per distinct kernel file */
	unsigned nk;
	unsigned kidx[LB_CFG_MAX_ENTRIES];          /* entry -> k[] */
	unsigned kpay[LB_CFG_MAX_ENTRIES];          /* entry -> pay[] of its kernel */
	int ipay[LB_CFG_MAX_ENTRIES];               /* entry -> pay[] of its initrd, -1: none */
	struct pay pay[MAX_PAYLOADS];
	unsigned npay;
	uint64_t initrd_bytes;                      /* sum of the distinct initrds (early checks) */
};
/* The initrds, read before the slow kernel work (for the early --install/--floppy checks). */
void entries_read_initrds(const struct options *o, struct entries *en);
/* The kernels; then every entry is checked (command line, initrd limit). Dies on a fault. */
void entries_load(const struct options *o, struct entries *en);
/* The configuration table for the planned LBAs into out[LB_CFG_MAX_BYTES]. */
void entries_table(const struct options *o, const struct entries *en, uint8_t *out);
uint64_t entries_sectors(const struct entries *en); /* payload sectors, no alignment */
/* What the summary says of entry e's initrd: "initrd LBA N (B bytes)" or "no initrd". */
void entries_initrd_text(const struct entries *en, unsigned e, char *buf, size_t n);
/* After the summary line, with several entries: one line per entry (title, kernel, initrd). */
void entries_print(const struct options *o, const struct entries *en);

struct plan {
	uint64_t loader_lba, cfg_lba, end_lba; /* cfg_lba: slot A, then slot B; end_lba: first sector after */
	int cfg_fixed;                         /* cfg_lba is set (next to the loader), not at the payloads */
	uint32_t loader_sectors;
};
#define CFG_SECTORS (2 * LB_CFG_SLOT_SECTORS)   /* both slots */
void stages_get(const struct options *o, struct stages *s);
/* The two configuration slots at `from` (unless pl->cfg_fixed), then the payloads (into
 * en->pay[].lba), each aligned to align; returns the first sector after. */
uint64_t plan_payloads(struct entries *en, struct plan *pl, uint64_t from, uint64_t align);
void patch_loader(const struct options *o, const struct stages *s, const struct plan *pl, uint8_t *loader_copy);
void patch_mbr(const struct plan *pl, const uint8_t *bootsect, uint8_t *mbr);
struct target;
void floppy_check(const struct stages *s, uint64_t initrd_bytes); /* before the kernel work */
void image_create(const struct options *o, const struct stages *s, struct entries *en, const struct target *t);
/* --install: opens and checks the disk before the kernel work, then writes. */
void install_check(const struct options *o, const struct stages *s, uint64_t initrd_bytes);
void image_install(const struct options *o, const struct stages *s, struct entries *en);
/* update.c: --install onto a disk that holds longboot already, power-safe. */
struct update_disk {
	int fd;
	const char *path;
	const uint8_t *mbr;            /* the MBR as read */
	uint64_t loader_lba;           /* where this install puts the loader */
	struct { uint64_t lo, hi; } r[2]; /* [lo, hi): sectors the payloads may use */
	uint64_t mark_lba[2], mark_count[2]; /* the partition of r[i] (mark_count 0: the MBR gap) */
	int nr;
};
/* 1: the disk held longboot and was updated (or was up to date); 0: do a first install. */
int install_update(const struct options *o, const struct stages *s, struct entries *en, const struct update_disk *d);
void pwrite_all(int fd, const void *p, size_t n, uint64_t off, const char *path);

#endif
