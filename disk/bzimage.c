/* bzimage.c: reads a Linux bzImage (boot protocol >= 2.12): its setup header, and its payload
 * unpacked into the vmlinux ELF file plus the relocation table behind it (host). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootparams.h"
#include "mkdisk.h"

#define HDR(field) offsetof(struct boot_params, hdr.field)
#define PROTO_MIN 0x020c /* xloadflags (XLF_KERNEL_64) and the 64-bit entry */

int bzimage_detect(const uint8_t *p, size_t n)
{
	return n >= HDR(version) && (le16(p + HDR(boot_flag)) == 0xAA55 ||
				     le32(p + HDR(header)) == SETUP_HDR_MAGIC);
}

/* The kernel version string the header points at (or "?"). */
static void version_string(const uint8_t *p, size_t n, char *out, size_t cap)
{
	uint32_t off = le16(p + HDR(kernel_version)) + 0x200u;
	size_t i = 0;
	if (le16(p + HDR(kernel_version)))
		for (; off + i < n && i + 1 < cap && p[off + i] >= ' ' && p[off + i] < 0x7f; i++)
			out[i] = (char)p[off + i];
	out[i] = 0;
	if (!i)
		snprintf(out, cap, "?");
}

void bzimage_load(const char *what, const uint8_t *p, size_t n, int level, int repack, struct kernel *k)
{
	if (n < HDR(kernel_info_offset) + 4)
		die(what, "bzImage truncated: %zu bytes, the setup header alone needs %zu", n,
		    (size_t)HDR(kernel_info_offset) + 4);
	if (le16(p + HDR(boot_flag)) != 0xAA55)
		die(what, "bzImage boot_flag 0x%04x, need 0xAA55", le16(p + HDR(boot_flag)));
	if (le32(p + HDR(header)) != SETUP_HDR_MAGIC)
		die(what, "bzImage has no \"HdrS\" setup header signature");
	unsigned proto = le16(p + HDR(version));
	if (proto < PROTO_MIN)
		die(what, "boot protocol %u.%02u too old, need 2.12", proto >> 8, proto & 0xff);
	if (!(le16(p + HDR(xloadflags)) & XLF_KERNEL_64))
		die(what, "bzImage has no 64-bit entry (XLF_KERNEL_64 clear in xloadflags 0x%04x)",
		    le16(p + HDR(xloadflags)));

	unsigned setup_sects = p[HDR(setup_sects)] ? p[HDR(setup_sects)] : 4;
	uint64_t pm_start = (uint64_t)(setup_sects + 1) * 512;
	uint32_t poff = le32(p + HDR(payload_offset)), plen = le32(p + HDR(payload_length));
	if (plen == 0)
		die(what, "this bzImage has no compressed payload (payload_length 0, as memtest86+ builds it): it must be started at its own entry (code32_start 0x%x, 64-bit entry 0x200 past it), longboot loads only the ELF kernel inside a payload",
		    le32(p + HDR(code32_start)));
	if (pm_start + poff + plen > n || plen < 8)
		die(what, "payload at 0x%llx (%u bytes) lies outside the %zu-byte bzImage",
		    (unsigned long long)(pm_start + poff), plen, n);
	const uint8_t *pl = p + pm_start + poff;
	enum zformat zf = zformat_detect(pl, plen);
	if (zf == ZF_NONE)
		die(what, "payload format not recognised (starts %02x %02x %02x %02x)", pl[0], pl[1], pl[2], pl[3]);
	uint32_t hint = le32(pl + plen - 4); /* every kernel payload ends with its decompressed size */
	struct buf un = decompress(what, zf, pl, plen, hint);
	if (un.n != hint)
		die(what, "%s payload decompressed to %zu bytes, its trailer says %u", zformat_name(zf), un.n, hint);

	struct payload pay;
	kernel_payload(what, un.p, un.n, 1, &pay);
	uint64_t reloc = pay.reloc_size;
	uint64_t pref = le64(p + HDR(pref_address)), init_size = le32(p + HDR(init_size));
	uint32_t align = le32(p + HDR(kernel_alignment));
	if (pref != pay.ki.link_base)
		die(what, "pref_address 0x%llx differs from the lowest PT_LOAD p_paddr 0x%llx",
		    (unsigned long long)pref, (unsigned long long)pay.ki.link_base);
	if (align < 4096 || (align & (align - 1)))
		die(what, "kernel_alignment 0x%x is not a power of two >= 4 KiB", align);
	int relocatable = p[HDR(relocatable_kernel)] != 0;
	if (relocatable && align < 2 * MiB) /* lm64 refuses it too (lm64/place.c) */
		die(what, "kernel_alignment 0x%x is below 2 MiB: a relocatable x86-64 Linux kernel runs "
		    "only at 2 MiB-aligned addresses", align);

	struct lb_cfg_entry *f = &k->fill;
	f->kflags = LBK_LINUX | (relocatable ? LBK_RELOCATABLE : 0) | (reloc ? LBK_RELOCS : 0);
	size_t hlen = 0x202 + p[0x201] - 0x1f1;
	if (hlen > sizeof k->setup_header)
		hlen = sizeof k->setup_header;
	if (0x1f1 + hlen > n)
		hlen = n - 0x1f1;
	memcpy(k->setup_header, p + 0x1f1, hlen);
	f->setup_header_len = (uint16_t)hlen;
	f->load_addr = pref;
	f->window = kernel_window(pay.ki.link_end - pay.ki.link_base, un.n, init_size);
	f->align = align;
	f->elf_size = (uint32_t)pay.elf_size;
	f->reloc_size = (uint32_t)reloc;
	f->initrd_addr_max = le32(p + HDR(initrd_addr_max));
	uint32_t cl = le32(p + HDR(cmdline_size));
	k->cmdline_max = cl && cl < LB_CFG_CMDLINE_MAX - 1 ? cl : LB_CFG_CMDLINE_MAX - 1;

	const char *stored = "gzip";
#ifdef MKDISK_OUR_UNPACK
	/* The default (REPACK_AUTO) keeps what boots faster, as measured (README "Speed": make
	 * bench-boot's rows per format): lz4 as it is (its decode is 4x faster than inflate); zstd,
	 * xz, lzma and bzip2 re-packed as gzip (under QEMU zstd decodes 3x and xz 17x slower). */
	int keep = repack == REPACK_NEVER || (repack == REPACK_AUTO && zf == ZF_LZ4);
	if (keep && zf != ZF_GZIP) {        /* the loader decodes it as it is */
		k->gz.p = xmalloc(plen);
		k->gz.n = plen;
		memcpy(k->gz.p, pl, plen);
		payload_selfcheck(&k->gz, un.p, un.n);
		stored = zformat_name(zf);
	} else
#endif
	if (repack != REPACK_ALWAYS && zf == ZF_GZIP) { /* already one gzip member, ISIZE its trailer */
		k->gz.p = xmalloc(plen);
		k->gz.n = plen;
		memcpy(k->gz.p, pl, plen);
		gzip_selfcheck(&k->gz, un.p, un.n);
	} else {
		k->gz = gzip_pack(un.p, un.n, level);
		gzip_selfcheck(&k->gz, un.p, un.n);
		stored = "gzip (re-packed)";
	}
	char ver[128];
	version_string(p, n, ver, sizeof ver);
	snprintf(k->version, sizeof k->version, "%s", ver);
	printf("mkdisk: bzImage %s, protocol %u.%02u, %s payload %u -> ELF %llu + relocs %llu bytes, "
	       "load 0x%llx, init_size 0x%llx, align 0x%x%s, stored as %s, %zu bytes\n",
	       ver, proto >> 8, proto & 0xff, zformat_name(zf), plen, (unsigned long long)pay.elf_size,
	       (unsigned long long)reloc, (unsigned long long)pref, (unsigned long long)init_size,
	       align, relocatable ? " relocatable" : "", stored, k->gz.n);
	free(un.p);
}
