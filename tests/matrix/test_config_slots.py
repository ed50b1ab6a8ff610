"""test_config_slots.py: the configuration slot the loader uses is the one it validated, as read
(lm64/config.c reads each slot once into a buffer of its own). Slot A is damaged (a bad CRC) and
claims a newer sequence and another command line, or 255 entries; slot B is valid: the kernel gets
B's command line, and the log names slot B. With B unreadable too, the halt names both slots and
the failed read. And a read error narrowed down to a sector does not slow the rest of the boot:
the reads after it go back to the full transfer size."""
import os
import re
import struct

from helpers import KERNEL, boot, mkdisk, boot_pass, check, eq, expect_fatal, guest, image, make_image, tmpdir
from test_faults import SEABIOS_EIO, blkdebug, image_with_initrd, where

HEADER = image.HEADER


def damaged_slot_a(td, entries=None):
    """An image whose slot A holds another image's table ("slot=A", sequence 2) with a bad CRC
    (and entry_count = entries when given); slot B is mkdisk's, sequence 1."""
    img = make_image(td, name="b.img")
    other = os.path.join(td, "a.img")
    mkdisk("--kernel", KERNEL, "--cmdline", "slot=A", "--output", other)
    im, ot = image.Image(img), image.Image(other)
    table = bytearray(ot.table)
    h = HEADER.unpack(table)
    h["sequence"] = 2
    if entries is not None:
        h["entry_count"] = entries
    table[:HEADER.size] = HEADER.pack(h)
    table[h["table_bytes"] - 1] ^= 0x5A            # the CRC no longer matches
    with open(img, "r+b") as f:
        f.seek(im.loader_table["config_lba_a"] * 512)
        f.write(table)
    return img, im


def test_damaged_newer_slot_a_boots_slot_b():
    with tmpdir() as td:
        img, im = damaged_slot_a(td)
        b, rep = boot_pass(img)
        eq(rep["cmdline"], ["longboot matrix"], "the kernel's command line (slot B's)")
        check("config: slot B, sequence 1, 1 entries" in b.serial, f"no 'config: slot B' line; {b.describe()}")
        check("slot=A" not in b.serial, f"slot A's table was used; {b.describe()}")


def test_damaged_slot_a_with_255_entries_boots_slot_b():
    with tmpdir() as td:
        img, im = damaged_slot_a(td, entries=255)
        b, rep = boot_pass(img)
        eq(rep["cmdline"], ["longboot matrix"], "the kernel's command line (slot B's)")
        check("entry 2:" not in b.serial and "no entry left" not in b.serial, f"slot A's entries were tried; {b.describe()}")


def test_unreadable_slot_b_and_damaged_slot_a_halt_naming_both():
    with tmpdir() as td:
        img, im = damaged_slot_a(td)
        a, bl = im.loader_table["config_lba_a"], im.loader_table["config_lba_b"]
        drive = blkdebug(td, img, bl, once=False)
        expect_fatal(drive, rf"lm64: no valid configuration table: slot A at lba 0x{a:x}: CRC-32 0x[0-9a-f]{{8}} "
                            rf"does not match the stored 0x[0-9a-f]{{8}} \(damaged or half-written\); slot B at "
                            rf"lba 0x{bl:x}: disk read failed: lba 0x{bl:x} status 0x{SEABIOS_EIO:02x} "
                            rf"\(config B, int13 ah=42h\)", "slot B unreadable, slot A damaged")


def test_reads_after_a_bad_sector_return_to_full_size():
    """Entry 1's initrd has a bad sector (persistent EIO): its read narrows down to that sector and
    the entry fails; entry 2's 2.5 MiB initrd is then read at the full size (41 reads of 127
    sectors), not one sector per read."""
    with tmpdir() as td:
        bad = os.path.join(td, "bad.bin")
        good = os.path.join(td, "good.bin")
        with open(bad, "wb") as f:
            f.write(os.urandom(256 * 1024))
        with open(good, "wb") as f:
            f.write(os.urandom(5 << 19))
        img = make_image(td, "--initrd", bad, "--title", "bad", "--kernel", KERNEL,
                         "--initrd", good, "--title", "good", "--cmdline", "longboot good")
        im = image.Image(img, entry=0)
        sector = where(im, "initrd")
        b, rep = boot_pass(blkdebug(td, img, sector, once=False))
        eq(rep["cmdline"], ["longboot good"], "entry 2 booted")
        check(re.search(rf"lm64: disk read failed: lba 0x{sector:x} status 0x{SEABIOS_EIO:02x} \(initrd", b.serial),
              f"entry 1's bad sector not named; {b.describe()}")
        lines = [ln for ln in b.serial.splitlines() if ln.startswith("initrd: ")]
        check(len(lines) == 2, f"two initrd reads; {lines}")
        eq(re.search(r", (\d+) reads$", lines[1]).group(1), str(-(-(5 << 10) // 127)), "entry 2's initrd reads")
