"""test_gpt.py: mkdisk --install on GPT and on MBR disks with logical partitions, then booted:
on a GPT disk only the protective MBR's boot code (bytes 0..439) and the BIOS boot partition
change (both headers, both partition arrays, the protective entry, the disk signature and every
other partition byte-identical; sgdisk --verify clean), and the disk boots the test kernel in
QEMU to PASS; the same for a logical 0xDA partition inside an extended one (loader in the gap,
and loader in the partition when the gap is too small). A new image is whole cylinders of
16 x 63 sectors, its partition entry agrees, and Bochs boots it with a plain config line.
Needs `make` (build/mkdisk, build/testkernel.elf).
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/mkdisk/test_gpt.py"""
import os
import struct

import pytest

import disks
from disks import MiB, SECTOR, tool
from mkdisk_lib import ROOT, run
from lib import abi, guest

TESTKERNEL = os.path.join(ROOT, "build", "testkernel.elf")
CMDLINE = "longboot test"
MARK = b"longboot part\n\0\0"
CYL = 16 * 63 * SECTOR


def install(img, *extra):
    rc, out, err = run(["--install", *extra, "--kernel", TESTKERNEL, "--cmdline", CMDLINE, "--output", img])
    assert rc == 0, f"mkdisk --install {' '.join(extra)}: exit {rc}: {err.strip()}"
    return out


def boots(img):
    b = guest.qemu(img, timeout=240)
    guest.expect_chain_pass(b)
    return b


def only_changed(before, after, *lba_ranges):
    """Nothing but MBR bytes 0..439 and the sectors in lba_ranges [(first, last)] differ."""
    assert len(before) == len(after)
    assert before[440:SECTOR] == after[440:SECTOR], "MBR bytes 440..511 changed"
    a, b = memoryview(before), memoryview(after)
    bad = [lba for lba in range(1, len(before) // SECTOR)
           if a[lba * SECTOR:(lba + 1) * SECTOR] != b[lba * SECTOR:(lba + 1) * SECTOR]
           and not any(lo <= lba <= hi for lo, hi in lba_ranges)]
    assert not bad, f"{len(bad)} sectors changed outside {lba_ranges}, from LBA {bad[0]}"


def test_gpt_install_boots(tmp_path):
    img = disks.gpt(str(tmp_path / "g.img"), 64 * MiB, "--new=1:2048:+4M", "--typecode=1:EF02",
                    "--new=2:10240:0", "--typecode=2:8300", "--change-name=2:root")
    disks.fs_into(img, 10240, 131039 - 10240 + 1, [tool("mkfs.ext4"), "-q", "-F", "-L", "root"], str(tmp_path))
    before = open(img, "rb").read()
    out = install(img)
    assert ("protective MBR boot code replaced, loader LBA 2049 (" in out and
            "in partition 1 (BIOS boot partition, type 21686148-6449-6E6F-744E-656564454649)" in out), out
    after = open(img, "rb").read()
    sectors = len(before) // SECTOR
    assert after[440:512] == before[440:512], "disk signature, protective entry or 55 AA changed"
    assert after[SECTOR:34 * SECTOR] == before[SECTOR:34 * SECTOR], "primary GPT header or array changed"
    assert after[(sectors - 33) * SECTOR:] == before[(sectors - 33) * SECTOR:], "backup GPT array or header changed"
    assert after[:440] != before[:440], "boot code not replaced"
    only_changed(before, after, (2048, 10239))                  # the boot code and partition 1
    assert after[2048 * SECTOR:2048 * SECTOR + 16] == MARK
    assert "No problems found" in disks.run([tool("sgdisk"), "--verify", img])
    at = 2049 * SECTOR + abi.LOADER_PATCH_OFFSET
    assert after[at:at + 4] == b"LBLD", "loader not at LBA 2049"
    install(img)                                               # again: the partition is still longboot's
    assert open(img, "rb").read() == after, "a second install of the same files changed the disk"
    boots(img)


def test_gpt_named_partition_number(tmp_path):
    """--partition names GPT entry numbers; a second BIOS boot partition can be chosen."""
    img = disks.gpt(str(tmp_path / "g.img"), 32 * MiB, "--new=1:2048:+1M", "--typecode=1:8300",
                    "--new=3:4096:+4M", "--typecode=3:EF02", "--new=4:14336:+2M", "--typecode=4:EF02")
    out = install(img, "--partition", "4")
    assert "loader LBA 14337 (" in out and "in partition 4 (BIOS boot partition" in out, out
    boots(img)


LOGICAL_DA = ("start=2048, size=4096, type=83\n"
              "start=8192, size=40960, type=5\n"
              "start=10240, size=8192, type=83\n"
              "start=20480, size=16384, type=da\n")


def ebrs(data):
    return [data[lba * SECTOR:(lba + 1) * SECTOR] for lba in (8192, 18432)]


def test_mbr_logical_partition_boots(tmp_path):
    img = disks.mbr(str(tmp_path / "d.img"), 32 * MiB, LOGICAL_DA)
    assert [(p[0], p[1]) for p in disks.partitions(img)] == [(1, 2048), (2, 8192), (5, 10240), (6, 20480)]
    before = open(img, "rb").read()
    initrd = tmp_path / "initrd"
    initrd.write_bytes(os.urandom(1100 * 1024))                # more than the 2047-sector gap holds
    out = install(img, "--partition", "6", "--initrd", str(initrd))
    assert "loader LBA 1 (" in out and "in partition 6 (type 0xda)" in out, out
    after = open(img, "rb").read()
    assert after[440:512] == before[440:512] and ebrs(after) == ebrs(before), "partition table or EBRs changed"
    assert after[20480 * SECTOR:20480 * SECTOR + 16] == MARK
    only_changed(before, after, (1, 2047), (20480, 20480 + 16384 - 1))  # boot code, gap, partition 6
    b = boots(img)
    assert guest.report(b.serial)["initrd_size"] == [str(1100 * 1024)], guest.report(b.serial).get("initrd_size")


def test_mbr_small_gap_loader_in_logical_partition(tmp_path):
    """A DOS-style disk (first partition at LBA 63): the loader goes into the 0xDA partition too."""
    img = disks.mbr(str(tmp_path / "d.img"), 32 * MiB,
                    "start=63, size=4033, type=83\nstart=4096, size=40960, type=5\nstart=6144, size=8192, type=da\n")
    before = open(img, "rb").read()
    out = install(img, "--partition", "5")
    assert "loader LBA 6145 (" in out and "in partition 5 (type 0xda)" in out, out
    after = open(img, "rb").read()
    only_changed(before, after, (6144, 6144 + 8192 - 1))
    boots(img)


def test_new_image_whole_cylinders(tmp_path):
    import importlib
    mkbochsrc = importlib.import_module("bochs.mkbochsrc")
    img = str(tmp_path / "d.img")
    rc, out, err = run(["--kernel", TESTKERNEL, "--cmdline", CMDLINE, "--output", img])
    assert rc == 0, err
    size = os.path.getsize(img)
    assert size % CYL == 0, f"{size} bytes is not whole 16 x 63 cylinders"
    cyl = size // CYL
    assert mkbochsrc.geometry(size) == (cyl, 16, 63)
    mbr = disks.read(img, 0, SECTOR)
    status, h0, s0, c0, ptype, h1, s1, c1, start, count = struct.unpack_from("<BBBBBBBBII", mbr, 446)
    assert (status, ptype, start, count) == (0x80, 0xDA, 1, size // SECTOR - 1)
    last = size // SECTOR - 1                                   # CHS of the last sector, 16 heads x 63
    assert (h0, s0, c0) == (0, 2, 0), "CHS of LBA 1"
    assert (c1 | (s1 & 0xC0) << 2, h1, s1 & 0x3F) == (last // (16 * 63), last // 63 % 16, last % 63 + 1)
    assert [(p[1], p[2]) for p in disks.partitions(img)] == [(1, last)]


@pytest.mark.slow
def test_bochs_boots_plain_config(tmp_path):
    """Bochs with `ata0-master: type=disk, path=..., mode=flat` (geometry from the size)."""
    import importlib
    bochsrun = importlib.import_module("bochs.bochsrun")
    img = str(tmp_path / "d.img")
    rc, out, err = run(["--kernel", TESTKERNEL, "--cmdline", CMDLINE, "--output", img])
    assert rc == 0, err
    conf, rcf = str(tmp_path / "bochsrc"), str(tmp_path / "bochs.rc")
    serial, log = str(tmp_path / "serial.txt"), str(tmp_path / "bochs.log")
    text = bochsrun.mkbochsrc.render(image=img, bios="seabios", display="headless", serial=serial, log=log)
    lines = [f'ata0-master: type=disk, path="{img}", mode=flat' if l.startswith("ata0-master:") else l
             for l in text.splitlines()]
    assert any(l.endswith("mode=flat") and "cylinders" not in l for l in lines)
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(rcf, "w") as f:
        f.write(bochsrun.continue_script())
    r = bochsrun._run(conf, rcf, serial, log, 240)
    assert r.verdict() == "PASS", r.describe()
    assert not r.panics and not r.errors, r.panics + r.errors
