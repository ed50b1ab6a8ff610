"""test_install.py: mkdisk --install into MBR-partitioned images: boot code replaced, disk
signature and partition table kept byte for byte, partitions not named left untouched, and
every refusal (no room, damaged GPT, no MBR, partition too small) leaves the image unchanged.
The partitions --partition names are marked for longboot (type 0xDA); tests/mkdisk/test_safety.py
covers unmarked ones and file systems."""
import gzip
import os
import struct

from mkdisk_lib import SECTOR, Image, Work, abi, check, eq, fails, ok, small_elf


def disk(w, name, size, parts, gpt=False, sig=True):
    """A raw image with an MBR: parts = [(type, start, count)]; old boot code and signature are
    recognisable bytes; each partition is filled with its own byte pattern."""
    mbr = bytearray(SECTOR)
    mbr[:440] = bytes((i * 13 + 5) & 0xFF for i in range(440))
    mbr[440:446] = b"\x12\x34\x56\x78\x5a\x5a"
    for i, (t, s, c) in enumerate(parts):
        struct.pack_into("<B3sB3sII", mbr, 446 + 16 * i, 0x80 if i == 0 else 0, b"\x20\x21\x00", t,
                         b"\xfe\xff\xff", s, c)
    if gpt:
        struct.pack_into("<B3sB3sII", mbr, 446, 0, b"\0\2\0", 0xEE, b"\xff\xff\xff", 1, size // SECTOR - 1)
    if sig:
        mbr[510:512] = b"\x55\xaa"
    path = w.path(name)
    with open(path, "wb") as f:
        f.truncate(size)
        f.write(mbr)
        f.seek(SECTOR)
        f.write(b"G" * SECTOR * 7)          # something in the gap (an old boot loader)
        for i, (t, s, c) in enumerate(parts):
            f.seek(s * SECTOR)
            f.write(bytes([0x41 + i]) * min(c, 64) * SECTOR)
            if t in (0x05, 0x0F, 0x85):     # an extended partition starts with an (empty) EBR
                f.seek(s * SECTOR)
                f.write(bytes(510) + b"\x55\xaa")
    with open(path, "rb") as f:
        return f.read()


def region(data, lba, count):
    return data[lba * SECTOR:(lba + count) * SECTOR]


TWO_PARTS = [(0x83, 2048, 4096), (0x0C, 6144, 8192)]
# the same with the partition that --partition names marked for longboot (type 0xDA)
SECOND_MARKED = [(0x83, 2048, 4096), (0xDA, 6144, 8192)]
FIRST_MARKED = [(0xDA, 2048, 4096), (0x0C, 6144, 8192)]


def test_install_in_gap_keeps_table():
    w = Work()
    try:
        before = disk(w, "d.img", 16 << 20, TWO_PARTS)
        elf = small_elf()
        out = ok(["--install", "--kernel", w.put("k", elf), "--initrd", w.put("i", b"ramdisk" * 50),
                  "--cmdline", "root=/dev/sda1", "--output", w.path("d.img")])
        check("installed" in out, f"summary: {out!r}")
        img = Image(w.path("d.img"))
        after = img.raw
        eq(len(after), len(before), "image size")
        eq(after[440:512], before[440:512], "disk signature, partition table and 55 AA")
        check(after[:abi.MBR_PATCH_OFFSET] != before[:abi.MBR_PATCH_OFFSET], "boot code not replaced")
        eq(img.loader_lba, 1, "loader LBA")
        check(img.f["kernel_lba"] + -(-img.f["kernel_bytes"] // SECTOR) <= 2048, "kernel not in the gap")
        eq(gzip.decompress(img.payload("kernel")), elf, "kernel in the gap")
        eq(img.payload("initrd"), b"ramdisk" * 50, "initrd in the gap")
        eq(img.cmdline_raw[:14], b"root=/dev/sda1", "cmdline")
        eq(after[2048 * SECTOR:], before[2048 * SECTOR:], "partitions' bytes")
    finally:
        w.close()


def test_install_into_named_partition():
    w = Work()
    try:
        before = disk(w, "d.img", 16 << 20, SECOND_MARKED)
        big = os.urandom(2100 * SECTOR)       # does not fit in the 2047-sector gap
        ok(["--install", "--partition", "2", "--kernel", w.put("k", small_elf()), "--initrd", w.put("i", big),
            "--output", w.path("d.img")])
        img = Image(w.path("d.img"))
        after = img.raw
        eq(after[440:512], before[440:512], "partition table")
        check(6144 <= img.f["kernel_lba"] and img.f["initrd_lba"] + 2100 <= 6144 + 8192,
              f"payloads at LBA {img.f['kernel_lba']}, {img.f['initrd_lba']}, not in partition 2")
        eq(img.payload("initrd"), big, "initrd in partition 2")
        eq(region(after, 2048, 4096), region(before, 2048, 4096), "partition 1's bytes")
        eq(after[(6144 + 8192) * SECTOR:], before[(6144 + 8192) * SECTOR:], "bytes after partition 2")
    finally:
        w.close()


def test_refuses_without_room():
    w = Work()
    try:
        before = disk(w, "d.img", 16 << 20, FIRST_MARKED)
        k, i = w.put("k", small_elf()), w.put("i", os.urandom(2100 * SECTOR))
        fails(["--install", "--kernel", k, "--initrd", i, "--output", w.path("d.img")],
              "--partition N", w, output=before)
        fails(["--install", "--partition", "1", "--kernel", k, "--initrd", w.put("j", os.urandom(5000 * SECTOR)),
               "--output", w.path("d.img")], "partition 1 has 4096 sectors", w, output=before)
        fails(["--install", "--partition", "3", "--kernel", k, "--initrd", i, "--output", w.path("d.img")],
              "partition 3 is empty", w, output=before)
    finally:
        w.close()


def test_refuses_small_gap():
    w = Work()
    try:
        before = disk(w, "d.img", 4 << 20, [(0x83, 8, 2000)])
        fails(["--install", "--kernel", w.put("k", small_elf()), "--output", w.path("d.img")],
              "the gap before the first partition is 7 sectors", w, output=before)
    finally:
        w.close()


def test_refuses_gpt_and_non_mbr():
    w = Work()
    try:
        k = w.put("k", small_elf())
        before = disk(w, "g.img", 4 << 20, [], gpt=True)
        fails(["--install", "--kernel", k, "--output", w.path("g.img")],
              'the primary GPT header (LBA 1) has no "EFI PART" signature: a damaged GPT', w, output=before)
        before = disk(w, "n.img", 4 << 20, [], sig=False)
        fails(["--install", "--kernel", k, "--output", w.path("n.img")], "no MBR", w, output=before)
        before = disk(w, "e.img", 4 << 20, [(0x83, 2048, 100000)])
        fails(["--install", "--kernel", k, "--output", w.path("e.img")], "ends beyond the image", w, output=before)
        fails(["--install", "--kernel", k, "--output", w.path("missing.img")], "missing.img", w)
    finally:
        w.close()


def test_refuses_overlapping_partition():
    w = Work()
    try:
        # partition 2 lies inside partition 1: filling partition 1 would overwrite it
        before = disk(w, "d.img", 8 << 20, [(0xDA, 2048, 8192), (0x83, 4096, 100)])
        fails(["--install", "--partition", "1", "--kernel", w.put("k", small_elf()), "--initrd",
               w.put("i", os.urandom(2100 * SECTOR)), "--output", w.path("d.img")],
              "would overwrite partition 2", w, output=before)
        before = disk(w, "x.img", 8 << 20, [(0x05, 2048, 4096)])
        fails(["--install", "--partition", "1", "--kernel", w.put("k", small_elf()), "--initrd",
               w.put("i", os.urandom(2100 * SECTOR)), "--output", w.path("x.img")], "extended partition", w,
              output=before)
    finally:
        w.close()

