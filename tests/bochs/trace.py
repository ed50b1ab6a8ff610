#!/usr/bin/env python3
"""trace.py: boot a disk image in Bochs with its debugger driven from here, stop at each stage
boundary of the chain (MBR -> setup16 -> protected mode -> long mode -> kernel entry), record
the CPU mode registers there, and trace every instruction from the MBR on.

Stops: a breakpoint at 0x7C00 (MBR), at the entries of setup.elf, lm64.elf and the kernel ELF,
at symbols given with --break-sym (pm32_start), and every magic breakpoint (xchg bx,bx). A stop
is classified by mode and address: real mode at 0x7C00-0x7DFF = mbr, other real mode = setup16,
CR0.PE without EFER.LMA, or LMA with a 32-bit CS = pm32, 64-bit code inside the kernel's code =
kernel, other 64-bit code = lm64. The BIOS POST is
not traced (it runs before the MBR; --post traces it too); its length is given in ticks.

Outputs: the trace (only the stages/addresses asked for), a text summary and the same as JSON.
  trace.py --image build/disk.img --elf setup=build/setup.elf --elf lm64=build/lm64.elf \\
           --elf kernel=build/testkernel.elf --sym build/bochs/*.sym [--stage setup16]
           [--range 0x8000-0x10000] [--notrace lm64] --trace build/trace.txt --summary build/trace-summary.txt"""
import argparse
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

import bochsrun   # beside this file (the script's directory is on the path)
import elfinfo
import fold
import mkbochsrc
from tracesum import summary_text

STAGES = ["mbr", "setup16", "pm32", "lm64", "kernel"]  # "bios": the POST, with --post
PROMPT = re.compile(rb"<bochs:\d+> $")
STOP = re.compile(r"Next at t=(\d+)\n\(0\) \[0x([0-9a-f]+)\] ([0-9a-f]{4}):([0-9a-f]+) \(([^)]*)\): ([^;\n]*)")
REG = {k: re.compile(p) for k, p in {
    "cr0": r"CR0=0x([0-9a-f]+)", "cr3": r"CR3=0x([0-9a-f]+)", "cr4": r"CR4=0x([0-9a-f]+)",
    "efer": r"EFER=0x([0-9a-f]+)", "gdt_base": r"gdtr:base=0x([0-9a-f]+)",
    "gdt_limit": r"gdtr:base=0x[0-9a-f]+, limit=0x([0-9a-f]+)", "rip": r"rip: 0x([0-9a-f_]+)",
    "cs": r"^cs:0x([0-9a-f]+)", "cs_dh": r"^cs:0x[0-9a-f]+, dh=0x([0-9a-f]+)"}.items()}
BIOS_LO, BIOS_HI = 0xC0000, 0x100000   # option ROMs and system BIOS


class Debugger:
    """Bochs with its debugger on a pipe: send a command, read up to the next prompt."""

    def __init__(self, conf, deadline):
        self.p = subprocess.Popen(bochsrun.isolated([bochsrun.BOCHS, "-q", "-unlock", "-f", conf]),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        self.buf, self.eof, self.deadline = b"", False, deadline
        self.read()

    def read(self, on_trace=None):
        """Text up to the prompt; trace lines ('(0).[') go to on_trace instead."""
        kept = []
        fd = self.p.stdout.fileno()
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError("trace time limit reached")
            d = os.read(fd, 1 << 20)
            if not d:
                self.eof = True
                kept.append(self.buf.decode("latin-1"))
                self.buf = b""
                return "".join(kept)
            self.buf += d
            lines = self.buf.split(b"\n")
            self.buf = lines.pop()
            for ln in lines:
                if on_trace is not None:
                    # port 0xE9 text has no newline of its own: it can precede a trace line
                    i = 0 if ln.startswith(b"(0).[") else ln.find(b"(0).[")
                    if i >= 0:
                        on_trace(ln[i:])
                        ln = ln[:i]
                        if not ln:
                            continue
                kept.append(ln.decode("latin-1") + "\n")
            if PROMPT.search(self.buf):
                self.buf = b""
                return "".join(kept)

    def cmd(self, text, on_trace=None):
        if self.eof:
            return ""
        try:
            self.p.stdin.write(text.encode() + b"\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            self.eof = True
            return ""
        return self.read(on_trace)

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()


class Tracer:
    """Counts each traced instruction for the current stage and function, writes the selected
    ones to the trace and to the folded trace, and says how far it got every few seconds."""

    def __init__(self, out, stages, addr_range, max_write, folder=None, progress=None):
        self.out, self.stages, self.range, self.room = out, stages, addr_range, max_write
        self.folder, self.progress = folder, progress
        self.stage = "bios"
        self.count, self.bios, self.written, self.prof = {}, {}, {}, {}
        self.last = b""
        self.total = 0

    def last_tick(self):
        m = re.match(rb"\(0\)\.\[(\d+)\]", self.last)
        return int(m.group(1)) if m else None

    def line(self, ln):
        st = self.stage
        self.last = ln
        self.total += 1
        if self.progress is not None and not self.total & 0xFFFF:
            self.progress(self)
        self.count[st] = self.count.get(st, 0) + 1
        p = ln.split(b" ", 4)
        try:
            addr = int(p[1][3:-1], 16)
        except (ValueError, IndexError):
            addr = 0
        if BIOS_LO <= addr < BIOS_HI:
            self.bios[st] = self.bios.get(st, 0) + 1
        prof = self.prof.setdefault(st, {})
        sym = p[3] if len(p) > 3 else b"?"
        prof[sym] = prof.get(sym, 0) + 1
        if self.out and (not self.stages or st in self.stages) and \
                (not self.range or self.range[0] <= addr < self.range[1]) and self.room > 0:
            self.room -= 1
            self.written[st] = self.written.get(st, 0) + 1
            self.out.write(ln)
            self.out.write(b"\n")
            if self.folder is not None:
                if self.folder.cur != st:
                    self.folder.stage(st)
                self.folder.feed(ln)

    def profile(self):
        """{stage: {function: instructions}}: symbols without offset or local label."""
        out = {}
        for st, prof in self.prof.items():
            d = out.setdefault(st, {})
            for sym, n in prof.items():
                name = sym.decode("latin-1").strip("():").split("+")[0].split(".")[0] or "?"
                d[name] = d.get(name, 0) + n
        return out


class Progress:
    """'trace: 12 s, setup16, 1,234,567 instructions' on stderr every few seconds (one line
    rewritten in place on a terminal)."""

    def __init__(self, t0, every=5.0):
        self.t0, self.every, self.next = t0, every, t0 + every
        self.tty = sys.stderr.isatty()
        self.shown = False

    def __call__(self, tr, force=False):
        now = time.monotonic()
        if now < self.next and not force:
            return
        self.next = now + self.every
        text = f"trace: {now - self.t0:4.0f} s, stage {tr.stage:<8} {tr.total:>12,} instructions so far"
        sys.stderr.write(("\r" + text) if self.tty else text + "\n")
        sys.stderr.flush()
        self.shown = True

    def done(self):
        if self.tty and self.shown:
            sys.stderr.write("\n")


def int_sites(a):
    """Addresses of the chain's INT instructions: the MBR's (from its NASM listing) and
    setup16's one INT in intcall (the byte before the patched vector int_no). At a stop there
    the debugger reads EAX, so the folded trace can name the BIOS function."""
    sites = set()
    if a.mbr_lst:
        with open(a.mbr_lst, errors="replace") as f:
            for ln in f:
                m = re.match(r"^\s*\d+\s+([0-9A-Fa-f]{8}) (CD[0-9A-Fa-f]{2})\s+int\s", ln)
                if m:
                    sites.add(0x7C00 + int(m.group(1), 16))
    addr = bochsrun.lookup(a.sym, "int_no")
    if addr is not None:
        sites.add(addr - 1)
    return sites


def mode_of(r):
    """real, protected, compat (EFER.LMA with a 32-bit CS) or long (64-bit CS: L bit)."""
    if r["efer"] & 0x400:
        return "long" if r["cs_dh"] & (1 << 21) else "compat"
    return "protected" if r["cr0"] & 1 else "real"


def classify(r, kernel):
    entry, ranges = kernel
    m = mode_of(r)
    if m == "real":
        return "mbr" if 0x7C00 <= r["addr"] < 0x7E00 else "setup16"
    if m in ("protected", "compat"):
        return "pm32"
    if r["addr"] == entry or any(a <= r["addr"] < b for a, b in ranges):
        return "kernel"
    return "lm64"


def regs(dbg, out):
    """CPU state at a stop: address, CS:IP, symbol, CR0/3/4, EFER, GDTR, RIP."""
    m = STOP.findall(out)
    if not m:
        return None
    t, phys, cs, ip, sym, insn = m[-1]
    text = dbg.cmd("creg") + dbg.cmd("sreg") + dbg.cmd("r")
    r = {"t": int(t), "addr": int(phys, 16), "cs_ip": f"{cs}:{ip}", "symbol": sym,
         "insn": insn.strip()}
    for k, rx in REG.items():
        mm = re.search(rx.pattern, text, re.M)
        r[k] = int(mm.group(1).replace("_", ""), 16) if mm else 0
    r["mode"] = mode_of(r)
    return r


def run(a):
    t0 = time.monotonic()
    kernel = elfinfo.read(a.elf["kernel"]) if "kernel" in a.elf else (None, [])
    wd = tempfile.mkdtemp(prefix="bochs-trace-")
    conf, image = os.path.join(wd, "bochsrc"), os.path.join(wd, "disk.img")
    shutil.copyfile(a.image, image)  # a snapshot: the build may rewrite the image meanwhile
    serial, log = os.path.join(wd, "serial.txt"), a.log
    mkbochsrc.write(conf, image=image, bios=a.bios, megs=a.megs, display="headless",
                    serial=serial, log=log)
    out = open(a.trace, "wb", buffering=1 << 22) if a.trace else None
    fout = open(a.folded, "wb", buffering=1 << 20) if a.folded and out else None
    ints = {}
    folder = fold.Folder(fout, ints) if fout else None
    progress = Progress(t0) if a.progress else None
    tr = Tracer(out, set(a.stage), a.range, a.max_write, folder, progress)
    dbg = Debugger(conf, t0 + a.timeout)
    stops, boundaries, ended = [], [], "exit"
    sites = int_sites(a) if folder else set()
    try:
        for s in a.sym:
            dbg.cmd(f"ldsym global \"{s}\"")
        dbg.cmd("pb 0x7c00")
        for name in ("setup", "lm64"):
            if name in a.elf:
                dbg.cmd(f"pb 0x{elfinfo.read(a.elf[name])[0]:x}")
        if kernel[0] is not None:
            dbg.cmd(f"pb 0x{kernel[0]:x}")
        for name in a.break_sym:
            addr = bochsrun.lookup(a.sym, name)
            if addr is None:
                raise ValueError(f"symbol {name} is in none of {', '.join(a.sym)}")
            dbg.cmd(f"pb 0x{addr:x}")
        for addr in sorted(sites):
            dbg.cmd(f"pb 0x{addr:x}")
        tracing = a.post
        if tracing:
            dbg.cmd("trace on")
        n_int = n_other = 0
        while n_other < a.max_stops and n_int < a.max_int_stops:
            o = dbg.cmd("c", tr.line)
            if dbg.eof:
                break
            m = STOP.findall(o)
            if m and int(m[-1][1], 16) in sites and m[-1][5].startswith("int "):
                # a BIOS call: EAX names the function in the folded trace
                rax = re.search(r"rax: (?:0x)?([0-9a-f_]+)", dbg.cmd("r"))
                if rax:
                    ints[int(m[-1][0])] = int(rax.group(1).replace("_", ""), 16) & 0xFFFFFFFF
                n_int += 1
                continue
            n_other += 1
            r = regs(dbg, o)
            if r is None:
                continue
            r["stage"] = classify(r, kernel)
            r["magic"] = "Magic breakpoint" in o
            stops.append(r)
            if r["stage"] != tr.stage and (not boundaries or r["stage"] != boundaries[-1]["stage"]):
                boundaries.append(r)
            if progress is not None and r["stage"] != tr.stage:
                tr.stage = r["stage"]
                progress(tr, force=True)
            tr.stage = r["stage"]
            want = r["stage"] not in a.notrace
            if want != tracing:
                dbg.cmd("trace on" if want else "trace off")
                tracing = want
    except TimeoutError:
        ended = "timeout"
    finally:
        dbg.close()
        if out:
            out.close()
        if folder is not None:
            folder.close()
            fout.close()
        if progress is not None:
            progress.done()
    ser = open(serial, errors="replace").read().replace("\r", "") if os.path.exists(serial) else ""
    shutil.rmtree(wd, ignore_errors=True)
    lines = bochsrun.read_log(log)
    panics, errors = bochsrun.parse_log(lines)
    if ended != "timeout":
        ended = "poweroff" if bochsrun.powered_off(lines) else ("panic" if panics else "exit")
    return {"image": a.image, "bios": a.bios, "megs": a.megs, "seconds": round(time.monotonic() - t0, 1),
            "ended": ended, "last_tick": tr.last_tick(), "kernel_entry": kernel[0], "boundaries": boundaries, "stops": stops,
            "instructions": tr.count, "bios_instructions": tr.bios, "written": tr.written,
            "truncated": tr.room <= 0, "profile": tr.profile(), "ints": ints,
            "folded": folder.lines if folder else {}, "notrace": a.notrace, "filter": {"stage": a.stage, "range": a.range},
            "panics": panics, "errors": errors, "serial_tail": ser.splitlines()[-5:],
            "gate_crossings": gate_crossings(ser)}


def gate_crossings(serial):
    """The BIOS calls lm64 made through the gate, from its verbose log line (None when quiet)."""
    m = re.search(r"lm64: (\d+) BIOS calls through the gate", serial)
    return int(m.group(1)) if m else None


def parse_range(text):
    lo, _, hi = text.partition("-")
    return (int(lo, 0), int(hi, 0))


def main():
    ap = argparse.ArgumentParser(description="trace the boot chain in Bochs")
    ap.add_argument("--image", default="build/disk.img")
    ap.add_argument("--bios", default="bochs")
    ap.add_argument("--megs", type=int, default=128)
    ap.add_argument("--elf", action="append", default=[], metavar="NAME=FILE",
                    help="setup=, lm64=, kernel= ELF files (entries become breakpoints)")
    ap.add_argument("--sym", action="append", default=[], help="Bochs symbol file to load")
    ap.add_argument("--break-sym", action="append", default=[], metavar="NAME",
                    help="also stop at this symbol (e.g. pm32_start, the first 32-bit instruction)")
    ap.add_argument("--stage", action="append", default=[], choices=["bios"] + STAGES,
                    help="write only this stage's instructions to the trace (repeatable)")
    ap.add_argument("--range", type=parse_range, help="write only instructions at LO-HI (physical)")
    ap.add_argument("--post", action="store_true",
                    help="trace the BIOS POST too, from the reset vector (about 5 M instructions)")
    ap.add_argument("--notrace", action="append", default=[], choices=STAGES,
                    help="do not trace this stage (count its ticks only): for long stages")
    ap.add_argument("--trace", default="build/trace.txt")
    ap.add_argument("--summary", default="build/trace-summary.txt")
    ap.add_argument("--log", default="build/bochs-trace.log")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--max-stops", type=int, default=64)
    ap.add_argument("--max-int-stops", type=int, default=100_000)
    ap.add_argument("--folded", help="also write the folded trace (loops and BIOS calls as one line)")
    ap.add_argument("--mbr-lst", help="the MBR's NASM listing (its INT instructions)")
    ap.add_argument("--progress", action="store_true", help="say how far the trace got on stderr")
    ap.add_argument("--max-write", type=int, default=30_000_000,
                    help="write at most this many trace lines (about 100 bytes each)")
    a = ap.parse_args()
    a.elf = dict(e.split("=", 1) for e in a.elf)
    a.stage = [x for x in a.stage if x]
    for f in (a.trace, a.summary, a.log):
        if f and os.path.dirname(f):
            os.makedirs(os.path.dirname(f), exist_ok=True)
    try:
        s = run(a)
    except (OSError, ValueError, mkbochsrc.GeometryError) as e:
        print(f"trace: {e}", file=sys.stderr)
        sys.exit(1)
    text = summary_text(s)
    with open(a.summary, "w") as f:
        f.write(text)
    with open(os.path.splitext(a.summary)[0] + ".json", "w") as f:
        json.dump(s, f, indent=1)
    sys.stdout.write(text)
    sys.exit(0 if s["ended"] == "poweroff" and not s["panics"] else 1)


if __name__ == "__main__":
    main()
