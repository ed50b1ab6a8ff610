"""test_info.py: mkdisk --info IMAGE prints what an image holds (patch tables, extents and CRCs,
kernel facts, command line) for images built from known inputs; refuses files that are not
longboot images with one line on stderr and exit 1.
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/mkdisk/test_info.py"""
import gzip
import os
import subprocess
import tempfile
import zlib

import pytest

from mkdisk_lib import bzimage, linux_elf, small_elf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MKDISK = os.environ.get("MKDISK", os.path.join(ROOT, "build", "mkdisk"))
LOADER = os.environ.get("MKDISK_LOADER", os.path.join(ROOT, "build", "loader.bin"))
SECTOR = 512


@pytest.fixture(scope="module")
def abi():
    """The patch tables' constants as the C compiler sees include/patch.h (no copy of them here)."""
    names = ("MBR_PATCH_OFFSET", "MBR_PATCH_MAGIC", "LOADER_PATCH_OFFSET", "LOADER_PATCH_MAGIC",
             "LB_CFG_SLOT_SECTORS")
    src = ('#include <stdio.h>\n#include "patch.h"\n#include "config.h"\nint main(void){printf("%lu %lu %lu %lu %lu %zu\\n", '
           + ", ".join(f"(unsigned long){n}" for n in names) + ", sizeof(struct loader_patch));return 0;}\n")
    with tempfile.TemporaryDirectory() as d:
        c, exe = os.path.join(d, "abi.c"), os.path.join(d, "abi")
        with open(c, "w") as f:
            f.write(src)
        subprocess.run(["cc", "-I", os.path.join(ROOT, "include"), "-o", exe, c], check=True)
        vals = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.split()
    return dict(zip(names + ("PATCH_SIZE",), map(int, vals)))


def mkdisk(*args):
    return subprocess.run([MKDISK, *args], capture_output=True, text=True, timeout=300)


def info(path):
    """--info's lines as {key: value}; it must succeed and print nothing on stderr."""
    p = mkdisk("--info", str(path))
    assert (p.returncode, p.stderr) == (0, "")
    lines = p.stdout.splitlines()
    out = dict(line.split(": ", 1) for line in lines)
    assert len(out) == len(lines), f"a key printed twice: {p.stdout!r}"
    return out


def sectors(n):
    return -(-n // SECTOR)


def align8(lba):
    return -(-lba // 8) * 8


@pytest.fixture(scope="module")
def bz_image(tmp_path_factory):
    """A bzImage (ELF + relocations, gzip payload) with an initrd, a command line, test flags."""
    d = tmp_path_factory.mktemp("info")
    elf, relocs = linux_elf()
    kernel, initrd, img = d / "bzImage", d / "initrd", d / "disk.img"
    kernel.write_bytes(bzimage(elf + relocs, initrd_addr_max=0x37FFFFFF))
    rd = bytes((i * 131) & 0xFF for i in range(70000))
    initrd.write_bytes(rd)
    p = mkdisk("--kernel", str(kernel), "--initrd", str(initrd), "--cmdline", "console=ttyS0 quiet",
               "--test-flag", "no-e820", "--test-flag", "a20-off", "--no-timing", "--output", str(img))
    assert p.returncode == 0, p.stderr
    return img, elf, relocs, rd


def test_bzimage_image(bz_image, abi):
    img, elf, relocs, rd = bz_image
    raw = img.read_bytes()
    f = info(img)
    loader_sectors = sectors(os.path.getsize(LOADER))
    assert f["image"] == f"{img}, {len(raw)} bytes"
    assert f["loader"] == f"LBA 1, {loader_sectors} sectors"
    assert f["patch table"] == f"version 2, {abi['PATCH_SIZE']} bytes at loader byte 0x{abi['LOADER_PATCH_OFFSET']:x}"
    assert f["flags"] == "linux relocatable relocs no-timing (0x000f)"
    assert f["test flags"] == "no-e820 a20-off (0x0005)"

    # the kernel extent: where the printed LBA and length say, a gzip member of ELF + relocations
    klba = align8(1 + loader_sectors + 2 * abi["LB_CFG_SLOT_SECTORS"])   # the configuration slots follow the loader
    head, rest = f["kernel"].split(" bytes, ")
    assert head.startswith(f"LBA {klba}, ")
    kbytes = int(head.split(", ")[1])
    gz = raw[klba * SECTOR:klba * SECTOR + kbytes]
    assert gzip.decompress(gz) == elf + relocs
    assert rest == f"CRC-32 0x{zlib.crc32(gz):08x} (matches the data)"

    ilba = align8(klba + sectors(kbytes))
    assert f["initrd"] == f"LBA {ilba}, {len(rd)} bytes, CRC-32 0x{zlib.crc32(rd):08x} (matches the data)"
    assert f["kernel load address"] == "0x1000000"
    assert f["kernel window"] == "0x400000 (4096 KiB)"           # init_size wins over the ELF span
    assert f["kernel alignment"] == "0x200000"
    assert f["ELF size"] == f"{len(elf)} bytes"
    assert f["relocation size"] == f"{len(relocs)} bytes"
    assert f["initrd_addr_max"] == "0x37ffffff"
    assert f["setup header"] == "123 bytes, boot protocol 2.15"   # 0x1f1 .. 0x202 + jump 0x6a
    assert f["cmdline"] == '"console=ttyS0 quiet"'


def test_plain_elf_image(tmp_path):
    elf = small_elf()
    kernel, img = tmp_path / "k.elf", tmp_path / "disk.img"
    kernel.write_bytes(elf)
    assert mkdisk("--kernel", str(kernel), "--output", str(img)).returncode == 0
    f = info(img)
    assert f["flags"] == "none (0x0000)"
    assert f["test flags"] == "none (0x0000)"
    assert f["initrd"] == "none"
    assert f["kernel"].endswith("(matches the data)")
    assert f["kernel load address"] == "0x200000"
    # span: data at +0x2000, 10240 bytes + 0x3000 bss = 0x7800 (more than the file): 8 pages
    assert len(elf) < 0x7800 and f["kernel window"] == "0x8000 (32 KiB)"
    assert f["kernel alignment"] == "0x200000"
    assert f["ELF size"] == f"{len(elf)} bytes"
    assert f["relocation size"] == "0 bytes"
    assert f["initrd_addr_max"] == "0x7fffffff"
    assert f["setup header"] == "none"
    assert f["cmdline"] == '""'


def test_damaged_initrd_is_reported(bz_image, tmp_path):
    img, _, _, rd = bz_image
    raw = bytearray(img.read_bytes())
    ilba = int(info(img)["initrd"].split(",")[0].split()[1])
    raw[ilba * SECTOR + 100] ^= 0xFF
    bad = tmp_path / "bad.img"
    bad.write_bytes(bytes(raw))
    damaged = rd[:100] + bytes([rd[100] ^ 0xFF]) + rd[101:]
    assert info(bad)["initrd"] == (f"LBA {ilba}, {len(rd)} bytes, CRC-32 0x{zlib.crc32(rd):08x} "
                                   f"(MISMATCH: the data has 0x{zlib.crc32(damaged):08x})")


TEXT = b"# not a disk image\n" * 40


@pytest.mark.parametrize("name, make, want", [
    ("text", lambda img, a: TEXT,
     lambda a: f"no longboot MBR patch table (magic 0x{int.from_bytes(TEXT[a['MBR_PATCH_OFFSET']:][:4], 'little'):08x} "
               f"at byte 0x{a['MBR_PATCH_OFFSET']:x}, want 0x{a['MBR_PATCH_MAGIC']:08x}): not a longboot image"),
    ("short", lambda img, a: b"\0" * 100, lambda a: "100 bytes, less than one sector: not a longboot image"),
    ("mbr_only", lambda img, a: img[:SECTOR],
     lambda a: f"loader patch table at byte {SECTOR + a['LOADER_PATCH_OFFSET']} ({a['PATCH_SIZE']} bytes) lies "
               "past the end of the 512-byte file: not a complete longboot image"),
    ("no_loader_table", lambda img, a: (img[:SECTOR + a["LOADER_PATCH_OFFSET"]] + b"\0" * 4
                                        + img[SECTOR + a["LOADER_PATCH_OFFSET"] + 4:]),
     lambda a: f"no loader patch table at LBA 1 byte 0x{a['LOADER_PATCH_OFFSET']:x} (magic 0x00000000, "
               f"want 0x{a['LOADER_PATCH_MAGIC']:08x}): not a longboot image"),
])
def test_not_a_longboot_image(bz_image, abi, tmp_path, name, make, want):
    path = tmp_path / name
    path.write_bytes(make(bz_image[0].read_bytes(), abi))
    p = mkdisk("--info", str(path))
    assert (p.returncode, p.stdout) == (1, "")
    assert p.stderr == f"mkdisk: info: {path}: {want(abi)}\n"


def test_info_takes_no_other_option(bz_image):
    p = mkdisk("--info", str(bz_image[0]), "--kernel", "x")
    assert (p.returncode, p.stdout) == (1, "")
    assert p.stderr == "mkdisk: usage: --info takes no other option (try --help)\n"
