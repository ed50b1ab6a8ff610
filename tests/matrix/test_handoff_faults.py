"""test_handoff_faults.py: hostile kernel descriptions in the loader patch table (written by
hand after mkdisk, as a damaged or forged image would carry them). lm64 checks them before it
places and reads the entry: each case must print its exact message on COM1 and, the image's
one entry having failed, halt (no reboot, no triple fault, the test kernel never runs).

Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/matrix/test_handoff_faults.py"""
import os
import re
import subprocess
import tempfile

import pytest

from lib import guest, image

BUILD = os.environ.get("BUILD", "build")
MKDISK = os.path.join(BUILD, "mkdisk")
KERNEL = os.path.join(BUILD, "testkernel.elf")
TIMEOUT = int(os.environ.get("MATRIX_TIMEOUT", "60"))   # per boot, seconds
LBF_LINUX, LBF_RELOCATABLE = 0x0001, 0x0002
KIB = r"\d+ KiB"


def make_image(td, *args):
    out = os.path.join(td, "disk.img")
    p = subprocess.run([MKDISK, "--kernel", KERNEL, "--cmdline", "longboot handoff", *args,
                        "--output", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert p.returncode == 0, f"mkdisk failed: {p.stderr.decode()}"
    return out


def patched_image(td, *args, **fields):
    """A test-kernel image whose loader patch table gets these field values."""
    img = make_image(td, *args)
    im = image.Image(img)
    for k, v in fields.items():
        setattr(im, k, v(im) if callable(v) else v)
    im.write()
    return img, im


def expect_halt(img, line, what):
    """lm64 prints exactly `line` (a regular expression for the whole line) and halts."""
    rx = re.compile(r"^lm64: " + line + r"\r?$", re.M)
    b = guest.qemu(img, until=rx, settle=3.0, timeout=TIMEOUT)
    assert rx.search(b.serial), f"{what}: no line matching /{rx.pattern}/; {b.describe()}"
    assert b.halted, f"{what}: message printed but the guest did not stay halted; {b.describe()}"
    assert "testkernel: start" not in b.serial, f"{what}: the test kernel ran anyway; {b.describe()}"
    assert "lm64: no entry left to boot: all 1 entries failed" in b.serial, f"{what}: no fallback; {b.describe()}"


def page_up(n):
    return (n + 4095) & ~4095


@pytest.mark.parametrize("addr", [0x8000, 0])
def test_kernel_over_the_loader(addr):
    """A non-relocatable kernel linked over the loader (0x8000) or at 0: the message names the
    overlap with the loader's low memory, not the amount of RAM there."""
    with tempfile.TemporaryDirectory(prefix="lbhandoff-") as td:
        img, im = patched_image(td, kernel_load_addr=addr)
        expect_halt(img, re.escape(f"kernel window at 0x{addr:x}+0x{page_up(im.kernel_window):x} overlaps the "
                                   "loader's low memory (below 0x100000): a kernel that is not relocatable "
                                   "must be linked at or above 1 MiB"), f"kernel at 0x{addr:x}")


def test_initrd_addr_max_too_low():
    """initrd_addr_max leaves 64 KiB above 1 MiB for a 256 KiB initrd: the limit is named."""
    with tempfile.TemporaryDirectory(prefix="lbhandoff-") as td:
        rd = os.path.join(td, "initrd.bin")
        with open(rd, "wb") as f:
            f.write(bytes(range(256)) * 1024)
        img, _ = patched_image(td, "--initrd", rd, initrd_addr_max=0x10FFFF)
        expect_halt(img, r"not enough RAM for the initrd: it needs 256 KiB free from 0x100000 to "
                         rf"initrd_addr_max 0x10ffff, the E820 map has {KIB} of RAM in all \(kernel window "
                         rf"{KIB}, initrd 256 KiB, compressed kernel {KIB}\)", "initrd_addr_max 0x10ffff")


def test_kernel_window_2_44():
    """A 2^44-byte window: its size printed in 64 bits (17179869184 KiB), not cut to 32."""
    with tempfile.TemporaryDirectory(prefix="lbhandoff-") as td:
        img, im = patched_image(td, kernel_window=1 << 44)
        expect_halt(img, rf"kernel needs 17179869184 KiB at 0x{im.kernel_load_addr:x} but the E820 map has "
                         rf"{KIB} of RAM there \(total RAM 127 MiB\)", "2^44-byte kernel window")


@pytest.mark.parametrize("window", [(1 << 64) - 1, (1 << 64) - 0x200000])
def test_kernel_window_overflows(window):
    """A window whose end lies past 2^64 (rounded to pages, or from the load address): named as
    the overflow it is, not 'no kernel'."""
    with tempfile.TemporaryDirectory(prefix="lbhandoff-") as td:
        img, im = patched_image(td, kernel_window=window)
        expect_halt(img, re.escape(f"config table: kernel window of 0x{window:x} bytes at "
                                   f"0x{im.kernel_load_addr:x} overflows the 64-bit address space"),
                    f"kernel window 0x{window:x}")


def test_kaslr_alignment_below_2m():
    """A relocatable Linux kernel with kernel_align 1 (KASLR once searched slots byte by byte
    for minutes): refused at once; mkdisk refuses such a bzImage too (tests/mkdisk/test_errors.py)."""
    with tempfile.TemporaryDirectory(prefix="lbhandoff-") as td:
        img, _ = patched_image(td, flags=lambda im: im.flags | LBF_LINUX | LBF_RELOCATABLE, kernel_align=1)
        expect_halt(img, re.escape("config table: kernel_align 0x1 is below 2 MiB: a relocatable x86-64 Linux "
                                   "kernel runs only at 2 MiB-aligned addresses"), "kernel_align 1")
