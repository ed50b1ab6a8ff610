"""test_layout.py: images mkdisk builds: MBR and loader patch tables at their offsets with the
right values, payload bytes at their LBAs, the gzip member decoding to the input (ELF, gzip'd
ELF, synthetic bzImages in six formats, Debian's kernels: slow), floppy and >2 TiB layouts."""
import gzip
import os
import struct
import zlib

import pytest

from lib import image
from lib.paths import LINUX
from mkdisk_lib import (LBF, MKDISK, compress, decode_payload, PATCH_SIZE, SECTOR, Image, Work, abi, bzimage, check, elf64, eq,
                        linux_elf, ok, small_elf)

STAGE_BOOTSECT = os.environ.get("MKDISK_BOOTSECT")
STAGE_LOADER = os.environ.get("MKDISK_LOADER")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_common(img, size, kernel_stream, initrd=b"", cmdline=""):
    """What every plain image must hold, whatever the kernel."""
    f = img.f
    eq(len(img.raw), size, "image size")
    check(size % 4096 == 0 and size >= 64 * 1024, f"image size {size} not a multiple of 4 KiB >= 64 KiB")
    eq(img.mbr[510:512], b"\x55\xaa", "MBR signature")
    eq(img.mbr_magic, abi.MBR_PATCH_MAGIC, "MBR patch magic")
    eq(img.loader_lba, 1, "loader LBA")
    if STAGE_BOOTSECT:
        eq(img.mbr[:MBR_CODE], read(STAGE_BOOTSECT)[:MBR_CODE], "MBR code bytes (bootsect.bin)")
    if STAGE_LOADER:
        ld = read(STAGE_LOADER)
        eq(img.loader_sectors, -(-len(ld) // SECTOR), "loader sectors")
        size_at = abi.LOADER_HEAD.offset["bytes"]
        eq(img.loader[:size_at], ld[:size_at], "loader head bytes before its size")
        eq((img.head["bytes"], img.head["sum_a"], img.head["sum_b"]),
           (len(ld), *image.loader_sum(img.loader[abi.LOADER_SUM_START:len(ld)])),
           "loader head: size and checksum of the image after the patch table")
        eq(img.loader[abi.LOADER_HEAD.size:abi.LOADER_PATCH_OFFSET], ld[abi.LOADER_HEAD.size:abi.LOADER_PATCH_OFFSET],
           "loader bytes between the head and the patch table")
        check(img.loader[abi.LOADER_SUM_START:len(ld)] == ld[abi.LOADER_SUM_START:], "loader bytes after the patch table differ")
        check(img.loader[len(ld):] == bytes(len(img.loader) - len(ld)), "loader padding not zero")
    eq((f["magic"], f["version"], f["size"]), (abi.LOADER_PATCH_MAGIC, abi.LOADER_PATCH_VERSION, PATCH_SIZE),
       "loader patch magic/version/size")
    eq(img.head["magic"], abi.LOADER_HEAD_MAGIC, "loader head magic")
    # partition entry 1: active, type 0xDA, LBA 1 .. last sector; the others empty
    status, ptype, start, count = img.mbr[446], img.mbr[450], *struct.unpack_from("<II", img.mbr, 454)
    eq((status, ptype, start, count), (0x80, 0xDA, 1, size // SECTOR - 1), "partition entry 1")
    eq(img.mbr[462:510], bytes(48), "partition entries 2-4")
    check(struct.unpack_from("<I", img.mbr, 440)[0] != 0, "disk signature is zero")
    eq(img.mbr[444:446], b"\0\0", "bytes 444-445")
    # payloads on 4 KiB boundaries, after the loader, not overlapping, inside the image
    check(f["kernel_lba"] % 8 == 0 and f["kernel_lba"] >= 1 + img.loader_sectors, f"kernel LBA {f['kernel_lba']}")
    gz = img.payload("kernel")
    eq(zlib.crc32(gz), f["kernel_crc32"], "kernel crc32")
    eq(decode_payload(gz), kernel_stream, "decoded kernel payload")
    if gz[:2] == b"\x1f\x8b":     # a gzip member mkdisk wrote (a bzImage's lz4 or zstd: as it is)
        check(gz[3] == 0, "gzip header has flags set")
    eq(f["initrd_bytes"], len(initrd), "initrd bytes")
    if initrd:
        check(f["initrd_lba"] % 8 == 0 and f["initrd_lba"] * SECTOR >= f["kernel_lba"] * SECTOR + len(gz),
              f"initrd LBA {f['initrd_lba']} overlaps the kernel")
        eq(img.payload("initrd"), initrd, "initrd bytes at its LBA")
        eq(f["initrd_crc32"], zlib.crc32(initrd), "initrd crc32")
        check((f["initrd_lba"] * SECTOR + len(initrd)) <= size, "initrd past the end of the image")
    cl = cmdline.encode()
    eq(img.cmdline_raw[:len(cl) + 1], cl + b"\0", "cmdline")


MBR_CODE = abi.MBR_PATCH_OFFSET   # MBR code bytes before the patch table


def test_plain_elf_with_initrd():
    w = Work()
    try:
        elf = small_elf()
        initrd = os.urandom(10000)
        out = ok(["--kernel", w.put("k.elf", elf), "--initrd", w.put("i", initrd), "--cmdline",
                  "console=ttyS0 quiet", "--output", w.path("d.img")])
        check("d.img" in out and "bytes" in out, f"no summary line on stdout: {out!r}")
        img = Image(w.path("d.img"))
        check_common(img, os.path.getsize(w.path("d.img")), elf, initrd, "console=ttyS0 quiet")
        f = img.f
        eq(f["flags"], 0, "flags")
        eq(f["test_flags"], 0, "test_flags")
        eq(f["kernel_load_addr"], 0x200000, "kernel_load_addr")
        # span: data at +0x2000, 10240 bytes + 0x3000 bss = 0x7800 -> window rounds the file size
        eq(f["kernel_window"], (max(0x2000 + 10240 + 0x3000, len(elf)) + 4095) & ~4095, "kernel_window")
        eq(f["kernel_align"], 0x200000, "kernel_align")
        eq((f["elf_size"], f["reloc_size"]), (len(elf), 0), "elf_size, reloc_size")
        eq(f["initrd_addr_max"], 0x7FFFFFFF, "initrd_addr_max")
        eq(f["setup_header_len"], 0, "setup_header_len")
    finally:
        w.close()


def test_window_covers_bss():
    w = Work()
    try:
        elf = elf64([(0x400000, b"\xf4" * 16, 16, 5), (0x401000, b"x" * 16, 0x500000, 6)])
        ok(["--kernel", w.put("k", elf), "--output", w.path("d.img"), "--no-timing",
            "--test-flag", "no-e820", "--test-flag", "no-edd", "--test-flag", "a20-off"])
        f = Image(w.path("d.img")).f
        eq(f["kernel_window"], 0x501000, "kernel_window (bss span)")
        eq(f["flags"], LBF["no_timing"], "flags with --no-timing")
        eq(f["test_flags"], 0x01 | 0x40 | 0x04, "test_flags")
    finally:
        w.close()


def test_bss_only_segment_needs_no_file_bytes():
    w = Work()
    try:
        elf = bytearray(elf64([(0x400000, b"\xf4" * 16, 16, 5), (0x401000, b"", 0x9000, 6)]))
        struct.pack_into("<Q", elf, 64 + 56 + 8, 0)   # p_offset 0: nothing to move down
        ok(["--kernel", w.put("k", bytes(elf)), "--output", w.path("d.img")])
        eq(Image(w.path("d.img")).f["kernel_window"], 0xA000, "kernel_window")
    finally:
        w.close()


def test_gzipped_elf_same_as_plain():
    w = Work()
    try:
        elf = small_elf()
        # one title: by default an entry is named after its kernel file
        ok(["--kernel", w.put("k.elf", elf), "--title", "k", "--output", w.path("a.img")])
        ok(["--kernel", w.put("k.gz", gzip.compress(elf, 9)), "--title", "k", "--output", w.path("b.img")])
        ok(["--kernel", w.path("k.elf"), "--title", "k", "--output", w.path("c.img")])
        a, b, c = read(w.path("a.img")), read(w.path("b.img")), read(w.path("c.img"))
        check(a == b, "a gzip'd ELF gives another image than the ELF itself")
        check(a == c, "two runs give different images (not deterministic)")
    finally:
        w.close()


@pytest.mark.parametrize("fmt", ["gzip", "xz", "lzma", "bzip2", "lz4", "zstd"])
def test_bzimage(fmt):
    w = Work()
    try:
        elf, relocs = linux_elf()
        bz = bzimage(elf + relocs, fmt, init_size=0x600000)
        out = ok(["--kernel", w.put("bz", bz), "--cmdline", "root=/dev/sda", "--output", w.path("d.img")])
        check(f"protocol 2.15, {fmt} payload" in out and "9.9.9-test" in out, f"summary line: {out!r}")
        # the default keeps what boots faster: lz4 and gzip as they are, the rest as gzip
        stored = fmt if fmt in ("gzip", "lz4") else "gzip (re-packed)"
        check(f", stored as {stored}, " in out, f"summary line: {out!r}")
        img = Image(w.path("d.img"))
        check_common(img, os.path.getsize(w.path("d.img")), elf + relocs, cmdline="root=/dev/sda")
        f = img.f
        eq(f["flags"], LBF["linux"] | LBF["relocatable"] | LBF["relocs"], "flags")
        eq((f["elf_size"], f["reloc_size"]), (len(elf), len(relocs)), "elf_size, reloc_size")
        eq(f["kernel_load_addr"], 0x1000000, "kernel_load_addr (pref_address)")
        eq(f["kernel_window"], 0x600000, "kernel_window (init_size)")
        eq(f["kernel_align"], 0x200000, "kernel_align")
        eq(f["setup_header_len"], 0x26C - 0x1F1, "setup_header_len")
        eq(img.setup_header, bz[0x1F1:0x26C], "setup header copy")
        eq(f["initrd_addr_max"], 0x7FFFFFFF, "initrd_addr_max")
    finally:
        w.close()


@pytest.mark.parametrize("fmt", ["gzip", "xz", "lzma", "bzip2", "lz4", "zstd"])
@pytest.mark.parametrize("opt", ["--keep-payload", "--repack-gzip"])
def test_bzimage_payload_kept_or_repacked(fmt, opt):
    """--keep-payload stores every payload as it is in the bzImage (byte for byte), --repack-gzip
    every one as a gzip member; either way it decodes to the ELF file and its relocations."""
    w = Work()
    try:
        elf, relocs = linux_elf()
        bz = bzimage(elf + relocs, fmt, init_size=0x600000)
        out = ok([opt, "--kernel", w.put("bz", bz), "--output", w.path("d.img")])
        img = Image(w.path("d.img"))
        pl = img.payload("kernel")
        if opt == "--keep-payload":
            check(f", stored as {fmt}, " in out, f"summary line: {out!r}")
            eq(pl, compress(fmt, elf + relocs), "the payload, byte for byte")
        else:
            check(", stored as gzip" in out, f"summary line: {out!r}")
            eq(pl[:2], b"\x1f\x8b", "a gzip member")
        eq(decode_payload(pl), elf + relocs, "decoded kernel payload")
    finally:
        w.close()


def test_bzimage_not_relocatable_no_relocs():
    w = Work()
    try:
        elf, _ = linux_elf()
        bz = bzimage(elf, "gzip", relocatable=0, init_size=0x1000, initrd_addr_max=0x37FFFFFF)
        ok(["--kernel", w.put("bz", bz), "--output", w.path("d.img")])
        f = Image(w.path("d.img")).f
        eq(f["flags"], LBF["linux"], "flags")
        eq(f["reloc_size"], 0, "reloc_size")
        eq(f["kernel_window"], 0x204000, "kernel_window (ELF span wins over a small init_size)")
        eq(f["initrd_addr_max"], 0x37FFFFFF, "initrd_addr_max from the header")
    finally:
        w.close()


def test_floppy():
    w = Work()
    try:
        elf = small_elf()
        ok(["--kernel", w.put("k", elf), "--floppy", "--initrd", w.put("i", b"abc" * 1000),
            "--output", w.path("f.img")])
        img = Image(w.path("f.img"))
        eq(len(img.raw), 1474560, "floppy image size")
        eq(gzip.decompress(img.payload("kernel")), elf, "kernel on the floppy")
        eq(img.payload("initrd"), b"abc" * 1000, "initrd on the floppy")
        eq(img.f["kernel_lba"], 1 + img.loader_sectors + 2 * abi.LB_CFG_SLOT_SECTORS,
           "kernel right after the loader and the configuration slots on a floppy")
    finally:
        w.close()


def test_lba_offset_beyond_2tib():
    w = Work()
    try:
        elf = small_elf()
        lba = (1 << 32) + 100
        ok(["--kernel", w.put("k", elf), "--initrd", w.put("i", b"initrd!" * 99), "--lba-offset", str(lba),
            "--output", w.path("big.img")])
        st = os.stat(w.path("big.img"))
        check(st.st_size > 2 << 40, f"image is {st.st_size} bytes, not beyond 2 TiB")
        check(st.st_blocks * 512 < 16 << 20, f"image is not sparse: {st.st_blocks * 512} bytes allocated")
        with open(w.path("big.img"), "rb") as fh:
            mbr = fh.read(SECTOR)
            eq(abi.MBR_PATCH.unpack(mbr, abi.MBR_PATCH_OFFSET)["loader_lba"], lba, "loader LBA in the MBR patch table")
            fh.seek(lba * SECTOR + abi.LOADER_PATCH_OFFSET)
            eq(abi.LOADER_PATCH.unpack(fh.read(abi.LOADER_PATCH.size))["magic"], abi.LOADER_PATCH_MAGIC,
               "loader patch magic at the offset LBA")
            t = image.Image(w.path("big.img")).patch  # the default entry (tests/lib/image.py)
            check(t["kernel_lba"] > lba and t["initrd_lba"] > t["kernel_lba"],
                  f"payload LBAs {t['kernel_lba']}, {t['initrd_lba']}")
            fh.seek(t["kernel_lba"] * SECTOR)
            eq(gzip.decompress(fh.read(t["kernel_bytes"])), elf, "kernel beyond 2 TiB")
            fh.seek(t["initrd_lba"] * SECTOR)
            eq(fh.read(t["initrd_bytes"]), b"initrd!" * 99, "initrd beyond 2 TiB")
        eq(mbr[450], 0xDA, "partition type")
    finally:
        w.close()


def debian(flavour, fmt):
    bz = os.path.join(LINUX, f"vmlinuz-{flavour}")
    vmlinux = os.path.join(LINUX, f"vmlinux-{flavour}")
    check(os.path.exists(bz) and os.path.exists(vmlinux),
          f"{bz} missing: run sh tests/linux/fetch-kernel.sh {flavour} build/linux")
    w = Work()
    try:
        out = ok(["--kernel", bz, "--cmdline", "console=ttyS0", "--output", w.path("d.img")])
        print(out.strip())
        check(f"{fmt} payload" in out and "protocol 2." in out, f"summary: {out!r}")
        img = Image(w.path("d.img"))
        elf = read(vmlinux)
        raw = decode_payload(img.payload("kernel"))
        f = img.f
        eq(f["elf_size"], len(elf), "elf_size vs the extracted vmlinux")
        check(raw[:len(elf)] == elf, "decoded ELF differs from the extracted vmlinux")
        eq(len(raw), f["elf_size"] + f["reloc_size"], "decoded length")
        check(f["reloc_size"] > 0 and f["flags"] == 7, f"flags {f['flags']:#x} reloc_size {f['reloc_size']}")
        eq(f["kernel_load_addr"], 0x1000000, "load address")
        check(f["kernel_window"] >= struct.unpack_from("<I", read(bz), 0x260)[0], "window < init_size")
    finally:
        w.close()


@pytest.mark.slow
def test_debian_cloud_amd64_lz4():
    debian("cloud-amd64", "lz4")


@pytest.mark.slow
def test_debian_amd64_xz():
    debian("amd64", "xz")


@pytest.mark.slow
def test_debian_612_cloud_amd64_zstd():
    debian("6.12-cloud-amd64", "zstd")

