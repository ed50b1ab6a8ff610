"""test_lm64_boot.py: QEMU boots of the whole chain that check lm64's own behaviour: the
handoff log and timing line, --no-timing, the exception report when the kernel faults on lm64's
IDT; and that the test kernel's own checks can fail. (The identity map above 4 GiB with 2 MiB
and 1 GiB pages is checked once, in tests/matrix/test_machines.py.)"""
import os
import re
import struct
import subprocess
import tempfile

from lib import guest
from lib.asserts import check, eq
from lib.paths import KERNEL, MKDISK

NUM = r"\d+\.\d"
TIMING = re.compile(
    rf"^longboot timing: read kernel {NUM} ms \({NUM} MiB/s\), read initrd {NUM} ms( \({NUM} MiB/s\))?, "
    rf"e820 {NUM} ms, a20 {NUM} ms, inflate {NUM} ms \({NUM} MiB/s\), elf {NUM} ms, "
    rf"reloc {NUM} ms, total {NUM} ms$", re.M)


def mkdisk(td, kernel=KERNEL, *args, cmdline=("--cmdline", "lm64 test")):
    out = os.path.join(td, "disk.img")
    p = subprocess.run([MKDISK, "--kernel", kernel, *cmdline, "--output", out, *args],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    eq(p.returncode, 0, f"mkdisk exit status ({p.stdout.strip()})")
    return out


def boot_pass(image, **kw):
    b = guest.qemu(image, timeout=90, **kw)
    guest.expect_chain_pass(b)
    return b


def test_handoff_log_and_timing():
    with tempfile.TemporaryDirectory() as td:
        b = boot_pass(mkdisk(td))
    check("lm64: kernel at phys 0x200000 virt offset 0x0, entry 0x200000\n" in b.serial,
          f"handoff line; {b.describe()}")
    check(TIMING.search(b.serial), f"timing line shape; {b.describe()}")


def test_no_timing_flag():
    with tempfile.TemporaryDirectory() as td:
        b = boot_pass(mkdisk(td, KERNEL, "--no-timing"))
    check("longboot timing" not in b.serial, f"--no-timing still printed a timing line; {b.describe()}")


def test_testkernel_fails_on_empty_cmdline():
    """The test kernel's own checks can fail: an empty command line gives FAIL and exit 0x11."""
    with tempfile.TemporaryDirectory() as td:
        b = guest.qemu(mkdisk(td, cmdline=()), timeout=90)
    check(re.search(r"^testkernel: FAIL command line at 0x2000 is empty$", b.serial, re.M),
          f"FAIL line; {b.describe()}")
    eq(b.exit_code, guest.EXIT_FAIL, "QEMU exit status (isa-debug-exit 0x11)")


def faulting_elf(path, addr):
    """An ELF64 whose entry reads addr: mov rax, imm64; mov rax, [rax]; hlt."""
    code = b"\x48\xb8" + struct.pack("<Q", addr) + b"\x48\x8b\x00" + b"\xf4" * 4
    eh = b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x200000, 64, 0,
                                                         0, 64, 56, 1, 0, 0, 0)
    ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0x200000, 0x200000, len(code), len(code), 0x1000)
    data = eh + ph
    with open(path, "wb") as f:
        f.write(data + bytes(0x1000 - len(data)) + code)


def test_kernel_fault_is_reported():
    """A page fault after the handoff lands on lm64's IDT: vector, error, RIP and CR2, then halt."""
    with tempfile.TemporaryDirectory() as td:
        elf = os.path.join(td, "fault.elf")
        faulting_elf(elf, 0x8000000000)  # 512 GiB: canonical, never mapped with 128 MiB
        rx = re.compile(r"lm64: CPU exception 14 \(page fault\) in the kernel [^\n]*: error 0x0 "
                        r"rip 0x20000a cr2 0x8000000000\n")
        b = guest.qemu(mkdisk(td, elf), timeout=60, until=rx, settle=1.0)
    check(rx.search(b.serial), f"exception report; {b.describe()}")
    check(b.halted, f"the loader halts after the report; {b.describe()}")
    check(re.search(r"^rax=0000008000000000 ", b.serial, re.M), f"register dump; {b.describe()}")
