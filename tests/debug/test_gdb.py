"""test_gdb.py: tests/debug/longboot.gdb driving gdb in batch mode against QEMU (TCG, halted
at the reset vector with a gdb stub, as `make debug` starts it), through every stage: in real
mode gdb decodes 16-bit code, prints setup16's arguments and locals, steps over calls with
`next` and its backtrace ends at start16; in protected mode it decodes 32-bit code; in lm64 the
same as in setup16; and gdb prints no warnings on the way."""
import os
import re
import socket
import subprocess
import time

import pytest

from lib import guest

BUILD = os.environ.get("BUILD", "build")
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "longboot.gdb")

# (section name, gdb commands); every section starts with `echo ==name==`
STEPS = [
    ("mbr", ["continue", "x/4i $pc", "lb-mode"]),
    ("setup16", ["continue", "x/2i $pc"]),
    ("memory_detect", ["break memory_detect", "continue", "info args", "bt"]),
    ("next", ["next", "next", "next", "bt 1"]),
    ("next_over_call", ["next", "bt 1", "info locals"]),
    ("regs", ["p/x $eax", "p/x $esp", "p/x $ax"]),
    ("pm32", ["continue", "x/2i $pc", "lb-mode"]),
    ("lm64", ["continue", "x/2i $pc", "lb-mode"]),
    ("kelf_parse", ["break kelf_parse", "continue", "info args", "bt"]),
    ("lm64_next", ["next", "next", "bt 1"]),
    ("kernel", ["continue", "bt", "x/1i $pc"]),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def session():
    port = free_port()
    q = subprocess.Popen(guest.qemu_cmd(os.path.join(BUILD, "disk.img"), mem="512M",
                                        extra=("-S", "-gdb", f"tcp:127.0.0.1:{port}")),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    args = []
    for name, cmds in STEPS:
        args += ["-ex", f"echo =={name}==\\n"]
        for c in cmds:
            args += ["-ex", c]
    args += ["-ex", "echo ==end==\\n", "-ex", "kill"]
    try:
        time.sleep(0.5)
        env = dict(os.environ, LB_GDB_PORT=str(port), LB_GDB_BUILD=BUILD)
        g = subprocess.run(["gdb", "-batch", "-nx", "-x", SCRIPT] + args, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    finally:
        q.kill()
        q.wait()
    out = g.stdout
    parts = dict(re.findall(r"^==(\w+)==\n(.*?)(?=^==\w+==$)", out, re.M | re.S))
    return out, parts


def objdump16(path, offset, vma, count):
    """The first count instructions of a flat 16-bit binary at offset, as objdump decodes them."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(16 * count)
    tmp = os.path.join(BUILD, "test_gdb.bin")
    with open(tmp, "wb") as f:
        f.write(data)
    out = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i8086", "-M", "intel",
                          f"--adjust-vma={vma:#x}", tmp], stdout=subprocess.PIPE, text=True).stdout
    os.remove(tmp)
    ins = [ln.split("\t")[-1].strip() for ln in out.splitlines() if re.match(r"^\s+[0-9a-f]+:\t", ln)]
    return [re.sub(r"\s+", " ", i) for i in ins[:count]]


def insns(text):
    """Instructions of x/Ni output (address and symbol dropped, blanks squeezed)."""
    return [re.sub(r"\s+", " ", m) for m in re.findall(r"^(?:=> )?\s*0x[0-9a-f]+(?: <[^>]+>)?:\t(.*)$", text, re.M)]


def test_no_warnings(session):
    out, parts = session
    assert "==end==" in out, out[-3000:]
    bad = [ln for ln in out.splitlines()
           if re.search(r"warning|Internal error|Python Exception|not in symtab|internal-error", ln, re.I)]
    assert bad == []


def test_mbr_decodes_16bit(session):
    _, p = session
    assert insns(p["mbr"])[-4:] == objdump16(os.path.join(BUILD, "bootsect.bin"), 0, 0x7C00, 4)
    assert insns(p["mbr"])[0] == "xor ax,ax"
    assert "CPU mode real; gdb architecture i8086 (i8086)" in p["mbr"]


def test_setup16_entry(session):
    _, p = session
    assert re.search(r"^\[real\] 0000:8000  linear 0x8000  _start$", p["setup16"], re.M)
    assert insns(p["setup16"])[0] == "jmp 0x" + insns(p["setup16"])[0].split("0x")[1]
    assert "<head_check>" in p["setup16"]   # the loader head checks that all of setup16 arrived


def test_setup16_args_and_backtrace(session):
    _, p = session
    t = p["memory_detect"]
    assert re.search(r"^test_flags = 0$", t, re.M), t
    frames = re.findall(r"^#(\d+) .*?(\w+(?:\[\w+\])?) \(", t, re.M)
    assert [f for _, f in frames] == ["memory_detect", "setup16_main", "start16[halt]"], t


def test_setup16_next_steps_over_calls(session):
    _, p = session
    # three `next`s from memory_detect's first line: lines of memory.c (its first two in order;
    # -Os inlines the BIOS queries, so the third may be an inlined helper's line), still in it
    lines = re.findall(r"^(\d+)\t(.*)$", p["next"], re.M)
    assert len(lines) == 3 and int(lines[0][0]) < int(lines[1][0]), p["next"]
    assert re.search(r"^#0  memory_detect ", p["next"], re.M), p["next"]
    # `next` over a call (the BIOS queries): the next line of memory_detect, not the callee's body
    assert re.search(r"^#0  memory_detect ", p["next_over_call"], re.M), p["next_over_call"]
    assert "intcall (" not in p["next_over_call"]
    assert re.search(r"^(bp|how|low) = ", p["next_over_call"], re.M), p["next_over_call"]


def test_registers_in_real_mode(session):
    _, p = session
    vals = re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", p["regs"], re.M)
    assert len(vals) == 3
    eax, esp, ax = (int(v, 16) for v in vals)
    assert ax == eax & 0xFFFF and 0x3000 <= esp < 0x7C00   # the real-mode stack (layout.h)


def test_pm32_decodes_32bit(session):
    _, p = session
    assert re.search(r"^\[protected\] 0020:[0-9a-f]{8}  linear 0x[0-9a-f]+  pm32_start$", p["pm32"], re.M)
    assert "CPU mode protected; gdb architecture i386 (i386)" in p["pm32"]
    assert insns(p["pm32"])[0] == "mov ax,0x18"       # 66 b8 18 00: 32-bit code
    assert insns(p["pm32"])[1].startswith("mov ds,")


def test_lm64(session):
    _, p = session
    assert "CPU mode long; gdb architecture i386:x86-64 (i386:x86-64)" in p["lm64"]
    assert insns(p["lm64"])[:2] == ["cli", "cld"]
    t = p["kelf_parse"]
    assert re.search(r"^elf = 0x200000 <_start> \"\\177ELF\\002\\001\\001\"$", t, re.M), t
    assert re.search(r"^size = \d+$", t, re.M), t
    frames = re.findall(r"^#(\d+) .*? in (\w+(?:\[\w+\])?) \(|^#0  (\w+) \(", t, re.M)
    names = [a or b for _, a, b in frames]
    assert names[0] == "kelf_parse" and names[-2:] == ["lm64_main", "lm64_entry[halt]"], t
    assert "kernel_load" in names, t
    assert re.search(r"^#0  kelf_parse ", p["lm64_next"], re.M), p["lm64_next"]


def test_kernel_entry(session):
    _, p = session
    assert re.search(r"^\[long\] 0010:0000000000200000  linear 0x200000  _start$", p["kernel"], re.M)
    assert re.findall(r"^#\d+", p["kernel"], re.M) == ["#0"], p["kernel"]


def test_timing_line_says_when_a_stop_disturbed_it(tmp_path):
    """A phase that took 200 s (what a person at a gdb prompt inside the A20 step does to the
    TSC marks, here written into them by gdb: every mark from A20 on moves 200 s later) makes the
    timing line say it is not plausible."""
    port, serial = free_port(), tmp_path / "serial.txt"
    q = subprocess.Popen(guest.qemu_cmd(os.path.join(BUILD, "disk.img"), mem="512M", serial=f"file:{serial}",
                                        extra=("-S", "-gdb", f"tcp:127.0.0.1:{port}")),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        env = dict(os.environ, LB_GDB_PORT=str(port), LB_GDB_BUILD=BUILD)
        g = subprocess.run(["gdb", "-batch", "-nx", "-x", SCRIPT, "-ex", "break timing_print",
                            "-ex", "continue", "-ex", "continue", "-ex", "continue", "-ex", "continue",
                            "-ex", "continue",
                            "-ex", "set var ((struct handoff *)b->h)->tsc[2] = ((struct handoff *)b->h)->tsc[2] + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var ((struct handoff *)b->h)->tsc[3] = ((struct handoff *)b->h)->tsc[3] + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_read_start = b->t_read_start + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_kernel_read = b->t_kernel_read + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_inflate_start = b->t_inflate_start + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_inflate = b->t_inflate + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_elf = b->t_elf + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_reloc = b->t_reloc + (unsigned long long)tsc_khz * 200000",
                            "-ex", "set var b->t_handoff = b->t_handoff + (unsigned long long)tsc_khz * 200000",
                            "-ex", "delete", "-ex", "continue"], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        q.wait(timeout=120)
    finally:
        q.kill()
        q.wait()
    text = serial.read_text(errors="replace").replace("\r", "")
    line = [ln for ln in text.splitlines() if ln.startswith("longboot timing: ")]
    assert line, g.stdout[-3000:] + text[-2000:]
    assert re.search(r", a20 2000\d\d\.\d ms, ", line[0]), line[0]
    assert line[0].endswith(" (not plausible: the CPU was stopped, by a debugger?, or the TSC "
                            "rate changed; do not trust these times)"), line[0]
