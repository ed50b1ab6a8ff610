# longboot.gdb: gdb commands to follow the boot chain in QEMU (make debug starts QEMU halted,
# TCG, gdb stub on :1234). Run from the top of the tree:   gdb -x tests/debug/longboot.gdb
# LB_GDB_PORT in the environment changes the port; LB_GDB_BUILD the build directory.
#
# What it does: loads the symbols of each stage (setup.elf: setup16 + pm32, lm64.elf,
# testkernel.elf), puts breakpoints on the stage entries (0x7C00, _start, pm32_start,
# lm64_entry, the kernel's entry) and, at every stop, prints the CPU mode, CS:IP with its
# linear address, the symbol and the next instructions decoded for that mode.
#
# gdb's architecture follows the CPU mode. qemu-system-x86_64 describes its CPU to gdb as
# i386:x86-64 with 64-bit registers, and gdb refuses `set architecture i8086` (as in xv6's
# .gdbinit) for such a target. So in real and protected mode this script connects with a target
# description of its own (`set tdesc filename`): QEMU's register layout, byte for byte (the
# 'g' packet does not change with the mode), with the i386 register names and the
# architecture i8086 (real mode) or i386 (protected mode). gdb then decodes 16-bit / 32-bit
# code (`x/i $pc`, `display/i`), unwinds setup16's -m16 frames with 4-byte return addresses
# (`bt`, `info args`, `info locals`, `finish`) and steps over calls (`next`). At a stop in
# another mode the script reconnects (QEMU stays stopped meanwhile) with the description for
# that mode; in long mode it is QEMU's own.
#
# Real mode: gdb's addresses are offsets (IP), not CS:IP; every stage of the chain runs with
# CS = 0, where they are the same. `bt` stops at the stage's entry (start16, pm32_start,
# lm64_entry, the kernel's _start): there is no caller beyond it.
# Commands: lb-stop (the stop view again), lb-mode (the mode and the architecture gdb uses).

set pagination off
set confirm off
set disassembly-flavor intel
set osabi none
set print frame-arguments scalars
# registers move as the whole set ('g'/'G' packets), whose layout the target descriptions
# below keep; single-register packets would number them differently from QEMU
set remote fetch-register-packet off
set remote set-register-packet off

python
import os
import struct
import tempfile

import gdb

LB_BUILD = os.environ.get("LB_GDB_BUILD", "build")
LB_ABI = {}               # include/'s constants, through the generated build/gen/lbabi.py
with open(os.path.join(LB_BUILD, "gen", "lbabi.py")) as _f:
    exec(_f.read(), LB_ABI)
LB_CODE64 = LB_ABI["X86_SEL_CODE64"]
LB_PORT = os.environ.get("LB_GDB_PORT", "1234")
LB_ENTRIES = ("start16", "_start", "pm32_start", "lm64_entry")   # bt stops after these

# QEMU's x86-64 register layout (what its gdb stub sends, in order) under the names gdb's i386
# code expects: (name, bits, type). Each 64-bit general register is split into its low half
# (eax, ..., eip: what i386 code uses) and a high half (eax_hi, ...), so gdb's i386 registers
# are 32 bits wide as it assumes. Register writes then go through the whole-set 'G' packet
# (set-register-packet off below), where the layout is all that counts.
_LB_GPRS = ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp")
_LB_REGS = ([r for g in _LB_GPRS for r in ((g, 32, "data_ptr" if g in ("ebp", "esp") else "int32"),
                                           (g + "_hi", 32, "int32"))]
            + [(f"r{i}", 64, "int64") for i in range(8, 16)]
            + [("eip", 32, "code_ptr"), ("eip_hi", 32, "int32"), ("eflags", 32, "int32")]
            + [(s, 32, "int32") for s in ("cs", "ss", "ds", "es", "fs", "gs")]
            + [(r, 64, "int64") for r in ("fs_base", "gs_base", "k_gs_base", "cr0", "cr2", "cr3",
                                          "cr4", "cr8", "efer")]
            + [(f"st{i}", 80, "i387_ext") for i in range(8)]
            + [(r, 32, "int") for r in ("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg",
                                       "fooff", "fop")]
            + [(f"xmm{i}", 128, "vec128") for i in range(16)] + [("mxcsr", 32, "int")])


def lb_tdesc(arch):
    """A target description file for arch (i8086 or i386) over QEMU's x86-64 registers."""
    regs = "\n".join(f'    <reg name="{n}" bitsize="{b}" type="{t}" regnum="{i}"/>'
                     for i, (n, b, t) in enumerate(_LB_REGS))
    xml = (f'<?xml version="1.0"?>\n<!DOCTYPE target SYSTEM "gdb-target.dtd">\n<target>\n'
           f'  <architecture>{arch}</architecture>\n  <feature name="org.gnu.gdb.i386.core">\n'
           '    <vector id="v4f" type="ieee_single" count="4"/>\n'
           '    <vector id="v2d" type="ieee_double" count="2"/>\n'
           '    <vector id="v16i8" type="int8" count="16"/>\n'
           '    <vector id="v8i16" type="int16" count="8"/>\n'
           '    <vector id="v4i32" type="int32" count="4"/>\n'
           '    <vector id="v2i64" type="int64" count="2"/>\n'
           '    <union id="vec128"><field name="v4_float" type="v4f"/>'
           '<field name="v2_double" type="v2d"/><field name="v16_int8" type="v16i8"/>'
           '<field name="v8_int16" type="v8i16"/><field name="v4_int32" type="v4i32"/>'
           '<field name="v2_int64" type="v2i64"/><field name="uint128" type="uint128"/></union>\n'
           f'{regs}\n  </feature>\n</target>\n')
    path = os.path.join(tempfile.gettempdir(), f"longboot-{os.getpid()}-{arch}.xml")
    with open(path, "w") as f:
        f.write(xml)
    return path


LB_TDESC = {"i8086": lb_tdesc("i8086"), "i386": lb_tdesc("i386"), "i386:x86-64": None}
lb_arch = [None]          # the architecture of the current connection


def lb_connect(arch):
    """(Re)connect to QEMU with gdb's architecture set to arch."""
    if lb_arch[0] is not None:
        gdb.execute("disconnect", to_string=True)
    if LB_TDESC[arch]:
        gdb.execute(f"set tdesc filename {LB_TDESC[arch]}", to_string=True)
    else:
        gdb.execute("unset tdesc filename", to_string=True)
    gdb.execute(f"target remote localhost:{LB_PORT}", to_string=True)
    lb_arch[0] = arch


def lb_reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF


def lb_mode():
    """('real'|'protected'|'long'|'compat', linear pc, CS:IP text, gdb architecture)."""
    cr0, efer, cs, pc = lb_reg("cr0"), lb_reg("efer"), lb_reg("cs") & 0xFFFF, lb_reg("pc")
    if not cr0 & 1:
        ip = pc & 0xFFFF
        return "real", (cs << 4) + ip, f"{cs:04x}:{ip:04x}", "i8086"
    if efer & (1 << 10):
        if cs == LB_CODE64:
            return "long", pc, f"{cs:04x}:{pc:016x}", "i386:x86-64"
        return "compat", pc & 0xFFFFFFFF, f"{cs:04x}:{pc:08x}", "i386"
    return "protected", pc & 0xFFFFFFFF, f"{cs:04x}:{pc:08x}", "i386"


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


def lb_disasm(linear, arch, count=4):
    """The next count instructions at linear, decoded for arch (objdump: used while gdb is still
    connected with another architecture)."""
    import subprocess
    try:
        data = bytes(gdb.selected_inferior().read_memory(linear, 16 * count))
    except gdb.MemoryError:
        return f"   (cannot read memory at {linear:#x})"
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-m", arch, "-M", "intel",
                              f"--adjust-vma={linear:#x}", f.name], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout
    lines = [l.split("\t", 2) for l in out.splitlines() if l[:1] == " " and ":\t" in l]
    return "\n".join(f"   {a.strip()}\t{c.strip()}" for a, _, c in
                     (l for l in lines[:count] if len(l) == 3))


def lb_reconnect():
    mode, _, _, arch = lb_mode()
    if arch != lb_arch[0]:
        lb_connect(arch)
        print(f"longboot.gdb: reconnected for {mode} mode: gdb architecture now {arch}")


def lb_stop():
    mode, linear, csip, arch = lb_mode()
    sym = lb_symbol(linear)
    cr0, cr3, cr4, efer = (lb_reg(r) for r in ("cr0", "cr3", "cr4", "efer"))
    print(f"[{mode}] {csip}  linear {linear:#x}  {sym}")
    print(f"   cr0={cr0:#x} cr3={cr3:#x} cr4={cr4:#x} efer={efer:#x}")
    if arch == lb_arch[0]:
        print(gdb.execute(f"x/4i {linear:#x}", to_string=True).rstrip())
    else:
        # a new mode: decode it right now; the hookpost of the command that ran into this
        # stop reconnects (not from inside the stop: gdb loses its thread then)
        print(lb_disasm(linear, arch))


class LbStop(gdb.Command):
    """lb-stop: show mode, CS:IP (linear), symbol and the next instructions."""

    def __init__(self):
        super().__init__("lb-stop", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        lb_stop()


class LbMode(gdb.Command):
    """lb-mode: the CPU mode and the architecture gdb decodes and unwinds with."""

    def __init__(self):
        super().__init__("lb-mode", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        mode, _, _, arch = lb_mode()
        print(f"CPU mode {mode}; gdb architecture {lb_arch[0]} "
              f"({gdb.selected_inferior().architecture().name()})")


class LbSync(gdb.Command):
    """lb-sync: reconnect when the CPU changed mode (run after every command that runs the CPU)."""

    def __init__(self):
        super().__init__("lb-sync", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        try:
            lb_reconnect()
        except gdb.error:
            pass        # no live target (QEMU ended)


LbStop()
LbMode()
LbSync()


class LbEntryFilter:
    """bt ends at a stage's entry: the frames gdb would invent beyond it are not the chain's."""

    def __init__(self):
        self.name, self.priority, self.enabled = "longboot-entry", 100, True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        for f in frames:
            yield f
            name = f.function()       # a name, or the pc where no debug info names it
            if isinstance(name, int):
                name = gdb.execute(f"info symbol {name:#x}", to_string=True).split(" ")[0]
            # 'lm64_entry[halt]': gdb's name for the local label lm64_entry.halt
            name = str(name).split("[")[0].split(".")[0]
            if name in LB_ENTRIES:
                return


LbEntryFilter()


def lb_load_symbols():
    for name in ("setup.elf", "lm64.elf", "testkernel.elf"):
        path = os.path.join(LB_BUILD, name)
        if os.path.exists(path):
            gdb.execute(f"add-symbol-file {path}", to_string=True)
            print(f"longboot.gdb: symbols of {path}")
        else:
            print(f"longboot.gdb: {path} is missing (run make)")


lb_load_symbols()
lb_connect("i8086")     # the CPU starts in real mode
end

define hook-stop
  lb-stop
end
define hookpost-continue
  lb-sync
end
define hookpost-next
  lb-sync
end
define hookpost-step
  lb-sync
end
define hookpost-stepi
  lb-sync
end
define hookpost-nexti
  lb-sync
end
define hookpost-finish
  lb-sync
end
define hookpost-until
  lb-sync
end
define hookpost-advance
  lb-sync
end

# Stage entries, by address: the MBR, the ELF entries of setup.elf and lm64.elf, pm32_start,
# the kernel's ELF entry. QEMU keeps breakpoints itself (no int3 written into guest memory),
# so they survive the MBR reading setup16 over them and lm64 loading the kernel.
python


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
