/* kernel.c: turns --kernel (ELF64, gzip'd ELF64 or bzImage) into one gzip member plus the
 * loader patch fields that describe it (host). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mkdisk.h"

#define ELF_ALIGN_DEFAULT (2 * MiB)
#define PLAIN_INITRD_ADDR_MAX 0x7fffffffu

void kernel_payload(const char *what, const uint8_t *p, size_t n, int has_relocs, struct payload *out)
{
	char err[256];
	if (payload_check(p, n, has_relocs, out, err, sizeof err))
		die(what, "%s", err);
}

/* A plain ELF file (already decompressed when it came gzip'd). */
static void elf_load(const char *what, struct buf elf, int level, struct kernel *k)
{
	struct payload pay;
	kernel_payload(what, elf.p, elf.n, 0, &pay);
	size_t whole = elf.n;
	uint64_t dropped = elf_keep_loaded(&elf, &pay.ki);
	kernel_payload(what, elf.p, elf.n, 0, &pay); /* what lm64 will see */
	if (elf.n > 0xFFFFFFFFu)
		die(what, "ELF file of %zu bytes is larger than 4 GiB", elf.n);
	k->fill.load_addr = pay.ki.link_base;
	k->fill.window = kernel_window(pay.ki.link_end - pay.ki.link_base, elf.n, 0);
	k->fill.align = ELF_ALIGN_DEFAULT;
	k->fill.elf_size = (uint32_t)elf.n;
	k->fill.reloc_size = 0;
	k->fill.initrd_addr_max = PLAIN_INITRD_ADDR_MAX;
	k->cmdline_max = LB_CFG_CMDLINE_MAX - 1;
	k->gz = gzip_pack(elf.p, elf.n, level);
	gzip_selfcheck(&k->gz, elf.p, elf.n);
	if (dropped)
		printf("mkdisk: ELF kernel of %zu bytes: the loader reads %llu of them (ELF and program "
		       "headers, PT_LOAD data), the other %llu (section headers, symbols, debug info) are "
		       "left out; gzip %zu bytes\n", whole, (unsigned long long)(whole - dropped),
		       (unsigned long long)dropped, k->gz.n);
}

void kernel_load(const char *path, int level, int repack, struct kernel *k)
{
	const char *what = "kernel";
	struct buf in = read_file(what, path);
	memset(k, 0, sizeof *k);
	if (in.n >= 4 && !memcmp(in.p, "\x7f" "ELF", 4)) {
		elf_load(what, in, level, k);
	} else if (zformat_detect(in.p, in.n) == ZF_GZIP) {
		struct buf elf = decompress(what, ZF_GZIP, in.p, in.n, 0);
		if (elf.n < 4 || memcmp(elf.p, "\x7f" "ELF", 4))
			die(what, "%s: the gzip data is not an ELF file", path);
		void *mem = elf.p;
		elf_load(what, elf, level, k);
		free(mem);
	} else if (bzimage_detect(in.p, in.n)) {
		bzimage_load(what, in.p, in.n, level, repack, k);
	} else {
		die(what, "%s: not an ELF64 file, a gzip'd ELF64 or a bzImage (starts %02x %02x %02x %02x)",
		    path, in.p[0], in.n > 1 ? in.p[1] : 0, in.n > 2 ? in.p[2] : 0, in.n > 3 ? in.p[3] : 0);
	}
	free(in.p);
}
