"""test_gate.py: the BIOS gate (pm32/gate.asm) against real mode. With --test-flag gate-test,
setup16 calls every BIOS service the loader uses (INT 10h AH=0Fh, INT 12h, INT 13h AH=41h/48h/42h
/08h, INT 15h E820, INT 16h AH=01h/02h; include/gateprobe.h) in real mode, and lm64 calls the same
ones from long mode through the gate: flags, registers and the bytes each call wrote must be the
same, on QEMU's pc and q35 machines and on IDE, AHCI, virtio-blk and a floppy."""
import re
import subprocess

import pytest

from lib import guest, paths

LINE = re.compile(r"^gate-test: (real|long) ([^:]+): (cf \d zf \d ax \w{4} bx \w{4} cx \w{4} dx \w{4} sum \w{8})"
                  r"(?:, (\d+) cycles)?$", re.M)
PROBES = ["int10 ah=0f", "int12", "int13 ah=41", "int13 ah=48", "int13 ah=42 lba0", "int13 ah=08",
          "int15 e820 0", "int15 e820 1", "int16 ah=01", "int16 ah=02"]


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("gate") / "gate.img")
    p = subprocess.run([paths.MKDISK, "--kernel", paths.KERNEL, "--cmdline", "longboot gate",
                        "--test-flag", "gate-test", "--output", out], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return out


@pytest.mark.parametrize("machine,iface", [("pc", "ide"), ("q35", "ahci"), ("pc", "virtio"), ("pc", "floppy")])
def test_gate_answers_as_real_mode(image, machine, iface):
    b = guest.qemu(image, machine=machine, iface=iface, timeout=120)
    guest.expect_chain_pass(b)
    got = {"real": {}, "long": {}}
    for mode, probe, regs, _ in LINE.findall(b.serial):
        got[mode][probe] = regs
    assert list(got["real"]) == PROBES, b.tail(40)
    assert list(got["long"]) == PROBES, b.tail(40)
    for p in PROBES:
        assert got["long"][p] == got["real"][p], f"{p}: real mode {got['real'][p]}, through the gate {got['long'][p]}"
    if iface != "floppy":   # the disk services answered (the floppy has no INT 13h extensions)
        assert got["real"]["int13 ah=41"].startswith("cf 0") and "bx aa55" in got["real"]["int13 ah=41"]
        assert got["real"]["int13 ah=42 lba0"].startswith("cf 0")
    assert got["real"]["int15 e820 0"].startswith("cf 0") and "ax 4150" in got["real"]["int15 e820 0"]
