#!/usr/bin/env python3
"""fold.py: a readable trace next to the full one. Reads Bochs trace lines
('(0).[tick] [0xphys] CS:IP (symbol): instruction ; bytes') stage by stage and writes

- every instruction of a stage's own code as in the full trace, the first time through;
- a loop (a branch back to an address this stage already ran, or a rep instruction) once: its
  first iteration in full, later iterations as one line with their count and instructions
  ('~ loop 0x7d83..0x7d8b (puts.next) ran 28 times, 252 instructions'); an instruction that
  first runs in a later iteration is still written, once;
- a BIOS call (INT n from the stage into 0xC0000-0xFFFFF) as its INT line plus the function
  and the instructions the BIOS took ('= INT 10h AH=0Eh teletype AL=0x6c 'l': 302 instructions
  in the BIOS'); other runs of BIOS code (an IRQ handler) as one line.

So every address a stage's own code executed appears in the folded trace at least once, in
the order first reached, and the loops that dominate the full trace (UART polling, PIT
calibration, copies) take one line each.

As a tool: fold.py build/trace.txt --summary build/trace-summary.json -o build/trace-folded.txt
(the summary gives the stage boundaries' ticks and the registers at each INT)."""
import argparse
import json
import sys

BIOS_LO, BIOS_HI = 0xC0000, 0x100000
EXCURSION_MAX = 400   # instructions a loop body may spend outside its address range and return

# INT n, AH (or AX for the extended functions) -> name
INT_NAMES = {
    (0x10, 0x00): "set video mode", (0x10, 0x01): "set cursor shape", (0x10, 0x02): "set cursor",
    (0x10, 0x03): "get cursor", (0x10, 0x06): "scroll up", (0x10, 0x09): "write char+attr",
    (0x10, 0x0E): "teletype", (0x10, 0x0F): "get video mode", (0x10, 0x12): "alternate select",
    (0x10, 0x13): "write string", (0x10, 0x1A): "display combination",
    (0x10, 0x4F00): "VBE controller info", (0x10, 0x4F01): "VBE mode info",
    (0x10, 0x4F02): "VBE set mode", (0x10, 0x4F03): "VBE get mode",
    (0x11, None): "equipment list", (0x12, None): "low memory size",
    (0x13, 0x00): "reset disk", (0x13, 0x01): "last status", (0x13, 0x02): "read sectors (CHS)",
    (0x13, 0x08): "drive parameters", (0x13, 0x15): "disk type",
    (0x13, 0x41): "extensions present?", (0x13, 0x42): "extended read",
    (0x13, 0x48): "extended drive parameters",
    (0x15, 0xE820): "E820 memory map", (0x15, 0xE801): "E801 memory size",
    (0x15, 0x88): "extended memory size", (0x15, 0x2400): "A20 disable",
    (0x15, 0x2401): "A20 enable", (0x15, 0x2402): "A20 status", (0x15, 0x2403): "A20 support",
    (0x15, 0x86): "wait", (0x15, 0xC0): "system configuration", (0x15, 0xEC00): "target mode",
    (0x16, 0x00): "read key", (0x16, 0x01): "key available?", (0x16, 0x02): "shift flags",
    (0x16, 0x10): "read key (extended)", (0x16, 0x11): "key available? (extended)",
    (0x1A, 0x00): "read tick count", (0x1A, 0x02): "read RTC time", (0x1A, 0xB101): "PCI BIOS present?",
}


def int_name(vec, eax):
    """'INT 10h AH=0Eh teletype AL=0x6c 'l'' from the vector and EAX at the INT (None: unknown)."""
    if eax is None:
        return f"INT {vec:02X}h"
    ax, ah, al = eax & 0xFFFF, (eax >> 8) & 0xFF, eax & 0xFF
    if (vec, None) in INT_NAMES:
        return f"INT {vec:02X}h {INT_NAMES[(vec, None)]}"
    if vec == 0x15 and eax == 0xE820:
        return f"INT 15h EAX=E820h {INT_NAMES[(0x15, 0xE820)]}"
    for key, text in ((ax, f"AX={ax:04X}h"), (ah, f"AH={ah:02X}h")):
        if (vec, key) in INT_NAMES:
            name = INT_NAMES[(vec, key)]
            if vec == 0x10 and ah == 0x0E:
                ch = chr(al) if 32 <= al < 127 else None
                return f"INT 10h {text} {name} AL=0x{al:02x}" + (f" '{ch}'" if ch else "")
            return f"INT {vec:02X}h {text} {name}"
    return f"INT {vec:02X}h AX={ax:04X}h"


def bios_note(d):
    """' (of them 1,234 in the BIOS: INT 10h AH=0Eh teletype x12)' or ''."""
    if not d["bios"]:
        return ""
    calls = ", ".join(f"{k} x{v}" for k, v in d["ints"].items())
    return f" (of them {d['bios']:,} in the BIOS" + (f": {calls})" if calls else ")")


def parse(ln):
    """(tick, phys, symbol, instruction) of a trace line (bytes), or None."""
    p = ln.split(b" ", 4)
    if len(p) < 5 or not p[0].startswith(b"(0).["):
        return None
    try:
        return int(p[0][5:-1]), int(p[1][3:-1], 16), p[3][1:-2], p[4]
    except ValueError:
        return None


def is_branch(insn):
    return insn[:1] == b"j" or insn[:4] == b"loop"


class Folder:
    """Feed trace lines (bytes) in order; stage() at each boundary; close() at the end.
    ints: {tick: eax} of the INT instructions (from the debugger's stops)."""

    def __init__(self, out, ints=None):
        self.out, self.ints = out, ({} if ints is None else ints)
        self.lines = {}          # stage -> lines written
        self.cur = None
        self.reset()

    def reset(self):
        self.seen = set()        # addresses this stage has run
        self.printed = {}        # address -> output sequence number of its last printing
        self.seq = 0
        self.depth = 0           # calls minus returns since the stage began
        self.prev = None         # (addr, insn) of the stage's previous own instruction
        self.bios = None         # [count, label, int line or None] of a run of BIOS code
        self.loop = None         # the loop being folded (dict)
        self.call = None         # a repeated call being summed up (dict)

    def write(self, text):
        self.out.write(text)
        self.out.write(b"\n")
        self.seq += 1
        self.lines[self.cur] = self.lines.get(self.cur, 0) + 1

    def stage(self, name):
        self.flush()
        self.reset()
        self.cur = name
        self.write(f"==== stage {name} ====".encode())

    def flush(self):
        if self.loop is not None and self.loop["exc"] is not None:
            self.abandon()
        if self.pending is not None and self.pending[1] is not None:
            self.write(self.pending[1])
        self.pending = None
        self.end_bios()
        self.end_call()
        self.end_loop()

    def close(self):
        self.flush()

    # --- BIOS calls -------------------------------------------------------------------------
    def end_bios(self):
        b, self.bios = self.bios, None
        if b is None:
            return
        n, label, intline = b
        for lp in (self.loop, self.call):
            if lp is not None:
                lp["bios"] += n
                lp["insns"] += n
                lp["ints"][label.split(" AL=")[0]] = lp["ints"].get(label.split(" AL=")[0], 0) + 1
        text = f"   = {label}: {n:,} instructions in the BIOS".encode()
        if intline is not None:
            self.write(intline + text)
        elif self.loop is None and self.call is None:
            self.write(b"      " + text)

    # --- loops ------------------------------------------------------------------------------
    def end_loop(self):
        lp, self.loop = self.loop, None
        if lp is None:
            return
        bios = bios_note(lp)
        self.write(f"      ~ loop 0x{lp['head']:x}..0x{lp['tail']:x} ({lp['sym']}) ran "
                   f"{lp['iters']:,} times, {lp['insns']:,} instructions after the first "
                   f"iteration{bios}".encode())

    def end_call(self):
        c, self.call = self.call, None
        if c is None:
            return
        self.write(f"      > {c['sym']} again: {c['insns']:,} instructions, only those not run "
                   f"before in this stage shown{bios_note(c)}".encode())

    def emit(self, ln, addr):
        self.printed[addr] = self.seq
        if self.hold:
            self.held = ln
        else:
            self.write(ln)

    def own(self, ln, addr, sym, insn):
        """An instruction of the stage's own code (not the BIOS)."""
        prev = self.prev
        back = prev is not None and ((is_branch(prev[1]) and addr <= prev[0]) or
                                     (addr == prev[0] and prev[1][:3] == b"rep"))
        c = self.call
        if c is not None:
            if self.depth > c["depth"]:
                c["insns"] += 1
                if addr not in self.printed:
                    self.emit(ln, addr)
                self.track(addr, insn)
                return
            self.end_call()
        lp = self.loop
        if lp is None and prev is not None and prev[1][:4] == b"call" and addr in self.seen:
            # a function this stage ran before: show what is new in it, sum up the rest
            self.call = {"depth": self.depth - 1, "insns": 1, "bios": 0, "ints": {},
                         "sym": sym.decode("latin-1").split("+")[0]}
            if addr not in self.printed:
                self.emit(ln, addr)
            self.track(addr, insn)
            return
        if lp is not None:
            inside = self.depth > lp["depth"] or (self.depth == lp["depth"] and
                                                  lp["head"] <= addr <= lp["tail"])
            if inside:
                if back and addr == lp["head"] and self.depth == lp["depth"]:
                    lp["iters"] += 1
                elif back and self.depth == lp["depth"] and lp["head"] < addr:
                    lp["tail"] = max(lp["tail"], prev[0])
                lp["insns"] += 1
                if self.printed.get(addr, -1) < lp["start"]:
                    self.emit(ln, addr)
                self.track(addr, insn)
                return
            if self.depth == lp["depth"] and not self.hold:
                # out of the loop's range at its level: an out-of-line part of the body (it
                # comes back) or the loop's end (it does not, or returns first): wait and see
                lp["exc"], lp["exc_state"] = [], (self.depth, self.prev)
                self.excursion(ln)
                return
            self.end_loop()
        if back and addr in self.seen:
            self.loop = {"head": addr, "tail": prev[0], "depth": self.depth, "iters": 2,
                         "insns": 1, "bios": 0, "ints": {}, "exc": None,
                         "start": self.printed.get(addr, self.seq),
                         "sym": sym.decode("latin-1").split("+")[0]}
            self.track(addr, insn)
            return
        self.emit(ln, addr)
        self.track(addr, insn)

    def track(self, addr, insn, seen=True):
        if seen:
            self.seen.add(addr)
        if insn[:4] == b"call":
            self.depth += 1
        elif insn[:3] == b"ret" or insn[:4] == b"iret":
            self.depth -= 1
        self.prev = (addr, insn)

    hold, held, pending = False, None, None

    def excursion(self, ln):
        """A line while the loop is away from its range (see own)."""
        lp = self.loop
        f = parse(ln)
        if f is None:
            return
        tick, addr, sym, insn = f
        if BIOS_LO <= addr < BIOS_HI:
            lp["exc"].append((ln, None))
            return
        if self.depth == lp["depth"] and lp["head"] <= addr <= lp["tail"]:
            # back in the loop: the excursion was part of its body
            exc, lp["exc"] = lp["exc"], None
            for x, (xl, xa) in enumerate(exc):
                lp["insns"] += 1
                if xa is None:
                    lp["bios"] += 1
                    continue
                self.seen.add(xa[0])
                if self.printed.get(xa[0], -1) < lp["start"]:
                    self.emit(xl, xa[0])
                if xa[1] == lp["depth"]:
                    lp["head"], lp["tail"] = min(lp["head"], xa[0]), max(lp["tail"], xa[0])
            self.own(ln, addr, sym, insn)
            return
        if self.depth < lp["depth"] or len(lp["exc"]) >= EXCURSION_MAX:
            lp["exc"].append((ln, (addr, self.depth)))
            self.abandon()
            return
        lp["exc"].append((ln, (addr, self.depth)))
        self.track(addr, insn, seen=False)   # seen only once it is known whose code this was

    def abandon(self):
        """The loop ended where its excursion began: fold it, then replay the excursion."""
        lp = self.loop
        exc, lp["exc"] = lp["exc"], None
        self.depth, self.prev = lp["exc_state"]
        self.end_loop()
        for xl, _ in exc:
            self.feed(xl)

    def feed(self, ln):
        if self.loop is not None and self.loop["exc"] is not None:
            self.excursion(ln)
            return
        f = parse(ln)
        if f is None:
            return
        tick, addr, sym, insn = f
        if BIOS_LO <= addr < BIOS_HI:
            if self.bios is None:
                if self.pending is not None:
                    itick, iline, vec = self.pending
                    self.bios = [0, int_name(vec, self.ints.get(itick)), iline]
                    self.pending = None
                else:
                    self.bios = [0, "BIOS code (an interrupt handler or a far call)", None]
            self.bios[0] += 1
            return
        if self.bios is not None:
            self.end_bios()
        if self.pending is not None:      # an INT that did not enter the BIOS
            if self.pending[1] is not None:
                self.write(self.pending[1])
            self.pending = None
        if insn[:4] == b"int ":
            try:
                vec = int(insn[4:].split()[0], 16)
            except ValueError:
                vec = None
            if vec is not None:
                # its line is written once the BIOS returns, with the function and length
                self.hold, self.held = True, None
                self.own(ln, addr, sym, insn)
                self.hold = False
                self.pending = (tick, self.held, vec)
                return
        self.own(ln, addr, sym, insn)


def fold_file(trace, out, boundaries, ints):
    """Fold a trace file; boundaries: [(tick, stage)] in order."""
    f = Folder(out, ints)
    bi = 0
    with open(trace, "rb") as t:
        for ln in t:
            ln = ln.rstrip(b"\n")
            p = ln.split(b" ", 1)[0]
            try:
                tick = int(p[5:-1])
            except ValueError:
                continue
            while bi < len(boundaries) and tick >= boundaries[bi][0]:
                f.stage(boundaries[bi][1])
                bi += 1
            if f.cur is None:
                f.stage("bios")
            f.feed(ln)
    f.close()
    return f.lines


def main():
    ap = argparse.ArgumentParser(description="fold a Bochs trace of the boot chain")
    ap.add_argument("trace")
    ap.add_argument("--summary", required=True, help="trace-summary.json of the same run")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    with open(a.summary) as s:
        s = json.load(s)
    bounds = [(b["t"], b["stage"]) for b in s["boundaries"]]
    ints = {int(k): v for k, v in s.get("ints", {}).items()}
    with open(a.output, "wb") as out:
        lines = fold_file(a.trace, out, bounds, ints)
    for st, n in lines.items():
        print(f"{st:<8} {n:>8,} lines")


if __name__ == "__main__":
    main()
