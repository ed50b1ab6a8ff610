"""test_loader_bounds.py: the MBR's loader sector count and the loader head (include/patch.h).
Hand-written MBR patch tables with wrong counts and damaged loader bytes must end in the exact
message the README's fault table lists, then a halt; the largest count the MBR accepts boots.
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/matrix/test_loader_bounds.py"""
import os
import re

import pytest

from helpers import (boot_pass, boot_with_screen, check, eq, expect_halt, expect_on_screen, image,
                     make_image, tmpdir)

abi = image.abi
SECTOR = abi.LB_SECTOR


def _halts_with(img, want, what, **kw):
    """Boot img: the first line of the message is exactly want, the guest stays halted, and no
    code past the loader's first sector ran when setup16's head reports."""
    b, msg = expect_halt(img, re.escape(want) + "\n", what, **kw)
    eq(msg.splitlines()[0], want, f"{what}: message")
    check("longboot mbr" in b.serial, f"{what}: no MBR marker; {b.describe()}")
    if want.startswith("setup16: loader"):
        check("longboot setup16" not in b.serial, f"{what}: setup16's C code ran; {b.describe()}")
    return b, msg


def _with_count(td, sectors, *args):
    """An image of the test kernel whose MBR patch table says `sectors` loader sectors; returns
    (path, the loader's real sector count)."""
    img = make_image(td, *args)
    im = image.Image(img)
    need = im.loader_sectors
    eq(need, -(-im.head["bytes"] // SECTOR), "loader sectors mkdisk wrote vs the head's size")
    im.loader_sectors = sectors
    im.write_mbr()
    return img, need


@pytest.mark.parametrize("sectors", [1, 20, 64, 100])
def test_loader_count_too_small(sectors):
    """Too few sectors: the head (in the first sector) sees part of the image is missing."""
    with tmpdir() as td:
        img, need = _with_count(td, sectors)
        _halts_with(img, f"setup16: loader incomplete: the MBR read {sectors} of its {need} sectors",
                    f"MBR patch table: {sectors} loader sectors")


@pytest.mark.parametrize("sectors", [abi.LB_LOADER_MAX_SECTORS + 1, 1300, 0xFFFF])
def test_loader_count_too_large(sectors):
    """More than fits below the bounce buffer: the MBR reads only the head, which says so
    (1300 sectors would run over the EBDA and VGA memory)."""
    with tmpdir() as td:
        img, _ = _with_count(td, sectors)
        _halts_with(img, f"setup16: loader incomplete: the MBR patch table says {sectors} sectors, "
                         f"at most {abi.LB_LOADER_MAX_SECTORS}", f"MBR patch table: {sectors} loader sectors")


def test_loader_count_zero():
    """Zero sectors (a bootsect nobody patched): nothing is read, no loader head is there."""
    with tmpdir() as td:
        img, _ = _with_count(td, 0)
        _halts_with(img, "LB: no loader", "MBR patch table: 0 loader sectors")


def test_loader_count_largest_boots():
    """The largest count the MBR accepts reads past the loader (into the kernel and initrd,
    all below the bounce buffer) and the boot goes on."""
    with tmpdir() as td:
        rd = os.path.join(td, "initrd.bin")
        with open(rd, "wb") as f:
            f.write(os.urandom(abi.LB_LOADER_MAX_SECTORS * SECTOR))
        img, _ = _with_count(td, abi.LB_LOADER_MAX_SECTORS, "--initrd", rd)
        boot_pass(img)


def _sum_text(b, a):
    return f"0x{b:08X}{a:08X}"


def _damaged(head, img):
    """The head code's message for the loader as it now is on disk."""
    data = image.Image(img).read("loader")
    a, b = image.loader_sum(data[abi.LOADER_SUM_START:head["bytes"]])
    check((a, b) != (head["sum_a"], head["sum_b"]), "the change does not change the checksum")
    return (f"setup16: loader damaged: checksum {_sum_text(b, a)} over {head['bytes']} bytes, "
            f"mkdisk wrote {_sum_text(head['sum_b'], head['sum_a'])}")


def _flip(img, offset):
    """XOR one loader byte; returns the head (as mkdisk wrote it)."""
    im = image.Image(img)
    im.flip("loader", offset)
    return im.head


@pytest.mark.parametrize("where", ["setup16", "lm64"])
def test_loader_byte_damaged(where):
    """One byte of setup16's code (right after the patch table) or of lm64 changed on disk."""
    off = abi.LOADER_SUM_START + 0x40 if where == "setup16" else abi.LM64_FILE_OFFSET + 0x100
    with tmpdir() as td:
        img = make_image(td)
        head = _flip(img, off)
        _halts_with(img, _damaged(head, img), f"one byte of {where} flipped")


def test_loader_sectors_swapped():
    """Two whole sectors of lm64 in each other's place (a plain sum of the words would not see
    it; the checksum's running sum b does)."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        at = im.loader_lba * SECTOR + abi.LM64_FILE_OFFSET
        with open(img, "r+b") as f:
            f.seek(at)
            two = f.read(2 * SECTOR)
            check(two[:SECTOR] != two[SECTOR:], "the two sectors differ")
            f.seek(at)
            f.write(two[SECTOR:] + two[:SECTOR])
        _halts_with(img, _damaged(im.head, img), "two lm64 sectors swapped")


@pytest.mark.parametrize("size", [0, 0xFFFFFFFF])
def test_loader_head_size_wrong(size):
    """A head mkdisk did not fill in (size 0: nothing can be checked, so nothing runs), or one
    claiming 4 GiB (more than the MBR read; no overflow in the sector arithmetic)."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        with open(img, "r+b") as f:
            f.seek(im.loader_lba * SECTOR)
            f.write(abi.LOADER_HEAD.pack(dict(im.head, bytes=size)))
        if size == 0:
            want = (f"setup16: loader damaged: checksum 0x0000000000000000 over 0 bytes, mkdisk wrote "
                    f"{_sum_text(im.head['sum_b'], im.head['sum_a'])}")
        else:
            want = (f"setup16: loader incomplete: the MBR read {im.loader_sectors} of its "
                    f"{-(-size // SECTOR)} sectors")
        _halts_with(img, want, f"loader head size {size}")


def test_loader_damaged_on_screen():
    """The head's message is on the screen too (VGA text memory), not only on COM1."""
    with tmpdir() as td:
        img = make_image(td)
        _flip(img, abi.LOADER_SUM_START + 0x40)
        b, msg, screen = boot_with_screen(img, r"setup16: loader damaged[^\n]*\n", "loader damaged (screen)")
    expect_on_screen(screen, msg, "loader damaged (screen)")
