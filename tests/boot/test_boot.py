"""test_boot.py: boot the test kernel through the whole chain in QEMU (SeaBIOS) and check its
report: every stage marker in order, PASS, the E820 map identical to SeaBIOS's own dump, the
command line, video mode, A20 method, and an initrd whose checksum matches the file."""
import os
import subprocess
import tempfile
import zlib

import pytest

from lib import guest, seabios
from lib.asserts import Fail, check, eq


def boot_and_report(image, machine, mem, **kw):
    """Boot image with SeaBIOS's log captured; return (Boot, report dict, SeaBIOS e820 map)."""
    with tempfile.TemporaryDirectory() as td:
        log = os.path.join(td, "seabios.txt")
        b = guest.qemu(image, machine=machine, mem=mem, extra=seabios.debugcon_args(log), **kw)
        with open(log, errors="replace") as f:
            sb = seabios.e820_map(f.read())
    return b, guest.report(b.serial), sb


def expect_pass(b, rep):
    guest.expect_chain_pass(b)
    for key in ("load_address", "boot_params", "cmdline", "video_mode", "video_cols", "video_lines", "a20"):
        check(key in rep, f"report lacks {key!r}")


def e820_of(rep):
    out = []
    for line in rep.get("e820", []):
        base, length, typ = line.split()
        out.append((int(base, 16), int(length, 16), int(typ)))
    return out


@pytest.mark.parametrize("mem", ["128M", "4G"])
@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_machine(machine, mem, disk_img):
    b, rep, sb = boot_and_report(disk_img, machine, mem)
    expect_pass(b, rep)
    check(sb, "SeaBIOS's debug log has no e820 dump")
    eq(e820_of(rep), sb, "E820 map the kernel received vs SeaBIOS's own map")
    eq(rep["cmdline"], ["longboot test"], "command line")
    eq(rep["video_mode"], ["3"], "video mode (80x25 colour text)")
    eq((rep["video_cols"], rep["video_lines"]), (["80"], ["25"]), "text columns/lines")
    check(rep["a20"][0] in ("already", "bios", "kbc", "port92"), f"a20 method {rep['a20']}")
    load = int(rep["load_address"][0], 16)
    ram = [(b_, l_) for b_, l_, t in sb if t == 1]
    check(any(b_ <= load < b_ + l_ for b_, l_ in ram), f"kernel at 0x{load:x} is not in RAM")


def mkdisk(mkdisk_bin, *args):
    p = subprocess.run([mkdisk_bin, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise Fail(f"mkdisk {' '.join(args)} failed: {p.stderr.strip()}")


def test_initrd_and_cmdline(mkdisk_bin, testkernel):
    cmdline = "root=/dev/ram0 quiet x=\"a b\" longboot.test=1 " + "y" * 900
    data = bytes((i * 2654435761 >> 13) & 0xFF for i in range(700 * 1024 + 123))
    with tempfile.TemporaryDirectory() as td:
        initrd, img = os.path.join(td, "initrd.bin"), os.path.join(td, "disk.img")
        with open(initrd, "wb") as f:
            f.write(data)
        mkdisk(mkdisk_bin, "--kernel", testkernel, "--initrd", initrd, "--cmdline", cmdline, "--output", img)
        b, rep, _ = boot_and_report(img, "pc", "256M")
    expect_pass(b, rep)
    eq(rep["cmdline"], [cmdline], "command line")
    eq(rep.get("initrd_size"), [str(len(data))], "initrd size")
    eq(rep.get("initrd_crc32"), [f"0x{zlib.crc32(data):08x}"], "initrd CRC-32 computed by the kernel")
    addr = int(rep["initrd_addr"][0], 16)
    check(addr >= 0x100000 and addr % 4096 == 0, f"initrd at 0x{addr:x}: want above 1 MiB, page-aligned")
