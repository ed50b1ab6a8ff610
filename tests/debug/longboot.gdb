# longboot.gdb: gdb commands to follow the boot chain in QEMU (make debug starts QEMU halted,
# TCG, gdb stub on :1234). Run from the top of the tree:   gdb -x tests/debug/longboot.gdb
# LB_GDB_PORT in the environment changes the port; LB_GDB_BUILD the build directory.
#
# What it does: loads the symbols of each stage (setup.elf: setup16 + pm32, lm64.elf,
# testkernel.elf), puts breakpoints on the stage entries (0x7C00, _start, pm32_start,
# lm64_entry, the kernel's entry) and, at every stop, prints the CPU mode, CS:IP as a linear
# address in real mode, the symbol and the next instructions decoded for that mode.
#
# Why not `set architecture i8086` as in xv6's .gdbinit: qemu-system-x86_64 describes its CPU
# to gdb as i386:x86-64, and gdb refuses i8086/i386 for such a target ("not compatible");
# qemu-system-i386 cannot run our long-mode stages. So the stop hook decodes the bytes at the
# linear address with objdump in the mode the CPU is in (i8086 / i386 / x86-64), picked from
# CR0.PE, EFER.LMA and CS (0x10 = our 64-bit code selector) - and `x/i` stays 64-bit.

set pagination off
set confirm off
set disassembly-flavor intel

python
import os
import subprocess
import tempfile

import gdb

LB_BUILD = os.environ.get("LB_GDB_BUILD", "build")
LB_ABI = {}               # include/'s constants, through the generated build/gen/lbabi.py
with open(os.path.join(LB_BUILD, "gen", "lbabi.py")) as _f:
    exec(_f.read(), LB_ABI)
LB_CODE64 = LB_ABI["X86_SEL_CODE64"]


def lb_reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF


def lb_mode():
    """('real'|'protected'|'long'|'compat', linear pc, CS:IP text, objdump machine)."""
    cr0, efer, cs, rip = lb_reg("cr0"), lb_reg("efer"), lb_reg("cs") & 0xFFFF, lb_reg("rip")
    if not cr0 & 1:
        ip = rip & 0xFFFF
        return "real", (cs << 4) + ip, f"{cs:04x}:{ip:04x}", "i8086"
    if efer & (1 << 10):
        if cs == LB_CODE64:
            return "long", rip, f"{cs:04x}:{rip:016x}", "i386:x86-64"
        return "compat", rip & 0xFFFFFFFF, f"{cs:04x}:{rip:08x}", "i386"
    return "protected", rip & 0xFFFFFFFF, f"{cs:04x}:{rip:08x}", "i386"


def lb_disasm(linear, machine, count=4):
    """The next count instructions at linear, decoded by objdump for machine."""
    try:
        data = bytes(gdb.selected_inferior().read_memory(linear, 16 * count))
    except gdb.MemoryError:
        return [f"   (cannot read memory at {linear:#x})"]
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-m", machine, "-M", "intel", "--insn-width=12",
                              f"--adjust-vma={linear:#x}", f.name],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    lines = [l for l in out.splitlines() if l[:1] == " " and ":\t" in l]
    return ["   " + l.strip() for l in lines[:count]]


def lb_mbr_symbols():
    """The MBR is a flat binary: its labels come from the Bochs symbol file made from its
    NASM listing (make bochs-syms writes build/bochs/mbr.sym: 'hexaddr name' lines)."""
    try:
        with open(os.path.join(LB_BUILD, "bochs", "mbr.sym")) as f:
            return sorted((int(a, 16), n) for a, n in (l.split(None, 1) for l in f if l.strip()))
    except (OSError, ValueError):
        return []


LB_MBR_SYMS = lb_mbr_symbols()


def lb_symbol(linear):
    if 0x7C00 <= linear < 0x7E00:
        best = [(a, n.strip()) for a, n in LB_MBR_SYMS if a <= linear]
        return f"{best[-1][1]}+{linear - best[-1][0]:#x} (MBR)" if best else "(MBR)"
    s = gdb.execute(f"info symbol {linear:#x}", to_string=True).strip()
    return "" if s.startswith("No symbol") else s.split(" in section")[0]


def lb_stop():
    mode, linear, csip, machine = lb_mode()
    sym = lb_symbol(linear)
    cr0, cr3, cr4, efer = (lb_reg(r) for r in ("cr0", "cr3", "cr4", "efer"))
    print(f"[{mode}] {csip}  linear {linear:#x}  {sym}")
    print(f"   cr0={cr0:#x} cr3={cr3:#x} cr4={cr4:#x} efer={efer:#x}")
    print("\n".join(lb_disasm(linear, machine)))


class LbStop(gdb.Command):
    """lb-stop: show mode, CS:IP (linear), symbol and the next instructions."""

    def __init__(self):
        super().__init__("lb-stop", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        lb_stop()


LbStop()


def lb_load_symbols():
    for name in ("setup.elf", "lm64.elf", "testkernel.elf"):
        path = os.path.join(LB_BUILD, name)
        if os.path.exists(path):
            gdb.execute(f"add-symbol-file {path}", to_string=True)
            print(f"longboot.gdb: symbols of {path}")
        else:
            print(f"longboot.gdb: {path} is missing (run make)")


lb_load_symbols()
gdb.execute(f"target remote localhost:{os.environ.get('LB_GDB_PORT', '1234')}")
end

define hook-stop
  lb-stop
end

# Stage entries, by address: the MBR, the ELF entries of setup.elf and lm64.elf, pm32_start,
# the kernel's ELF entry. QEMU keeps breakpoints itself (no int3 written into guest memory),
# so they survive the MBR reading setup16 over them and lm64 loading the kernel.
python
import struct


def lb_elf_entry(path):
    with open(path, "rb") as f:
        h = f.read(32)
    return struct.unpack_from("<Q", h, 24)[0] if h[4] == 2 else struct.unpack_from("<I", h, 24)[0]


def lb_break(where, what):
    gdb.execute(f"break *{where:#x}", to_string=True)
    print(f"longboot.gdb: breakpoint at {where:#x} ({what})")


lb_break(0x7C00, "MBR")
for _name, _what in (("setup.elf", "setup16 entry"), ("lm64.elf", "lm64 entry"),
                     ("testkernel.elf", "kernel entry")):
    _p = os.path.join(LB_BUILD, _name)
    if os.path.exists(_p):
        lb_break(lb_elf_entry(_p), _what)
    if _name == "setup.elf":
        try:
            lb_break(int(gdb.parse_and_eval("&pm32_start")), "pm32_start: protected mode")
        except gdb.error:
            print("longboot.gdb: no pm32_start symbol")
end
echo longboot.gdb: 'continue' runs to the next stage; lb-stop shows where the CPU is\n
