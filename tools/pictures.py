#!/usr/bin/env python3
"""pictures.py: SVG pictures of a real boot, drawn from what the loader prints (host tool, plain
Python, no plotting library).

  pictures.py --image build/disk.img --name testkernel --out build/pictures [--mem 512M]
              [--summary build/trace-summary.json]

Boots the image in QEMU (TCG, SeaBIOS), reads COM1 and writes
- memmap-NAME.svg: the E820 map and where the loader put every piece (MBR, setup16 + pm32, lm64,
  stack, zero page, command line, bounce buffer, page tables from include/layout.h; the kernel
  window, the compressed kernel and the initrd from setup16's 'place:' line; the kernel's final
  place and its KASLR slot from lm64's 'kernel at phys' line), to scale on a log2 address axis;
- timeline-NAME.svg: each phase of the timing line as a bar (ms), and, with --summary (the JSON
  of `make trace`), the instructions each stage executed."""
import argparse
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))   # tests/lib: the boot and layout helpers

E820_TYPES = {1: ("RAM", "#cfe8cf"), 2: ("reserved", "#e0e0e0"), 3: ("ACPI data", "#f3e0b5"),
              4: ("ACPI NVS", "#f0d090"), 5: ("bad", "#f0a0a0")}


def layout():
    """LB_* constants of include/layout.h, through the view the build generates (tests/lib/abi.py)."""
    from lib import abi
    return {k: v for k, v in vars(abi).items() if k.startswith("LB_") and isinstance(v, int)}


def boot(image, mem):
    from lib import guest
    b = guest.qemu(image, mem=mem, timeout=300)
    return b.serial


def parse(serial):
    """(e820 [(base, size, type)], pieces [(label, base, size, colour)], phases [(name, ms)])."""
    e820 = []
    for m in re.finditer(r"^  e820: 0x([0-9a-f]+) 0x([0-9a-f]+) (\d+)$", serial, re.M):
        e820.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))))
    L = layout()
    pieces = [
        ("zero page", L["LB_BOOT_PARAMS"], 0x1000, "#8fb3e0"),
        ("command line", L["LB_CMDLINE"], L["LB_CMDLINE_MAX"], "#8fb3e0"),
        ("setup_data", L["LB_SETUP_DATA"], L.get("LB_SETUP_DATA_SIZE", 0x800), "#8fb3e0"),
        ("stack", L["LB_STACK_BOTTOM"], L["LB_STACK_TOP"] - L["LB_STACK_BOTTOM"], "#c9a0dc"),
        ("MBR", L["LB_MBR"], 0x200, "#e07b7b"),
        ("setup16 + pm32", L["LB_LOADER"], L["LB_LOADER16_END"] - L["LB_LOADER"], "#e07b7b"),
        ("lm64 (+bss, stack)", L["LB_LM64"], L["LB_LM64_END"] - L["LB_LM64"], "#e07b7b"),
        ("bounce buffer", L["LB_BOUNCE"], L["LB_BOUNCE_SIZE"], "#f0b070"),
        ("page tables", L["LB_PAGETABLES"], L["LB_PAGETABLES_END"] - L["LB_PAGETABLES"], "#f0b070"),
    ]
    m = re.search(r"^place: kernel 0x([0-9a-f]+)\+0x([0-9a-f]+)[^,]*, compressed kernel 0x([0-9a-f]+)"
                  r"\+0x([0-9a-f]+)(?:, initrd 0x([0-9a-f]+)\+0x([0-9a-f]+))?", serial, re.M)
    if not m:
        raise ValueError("no 'place:' line in the boot log")
    window = (int(m.group(1), 16), int(m.group(2), 16))
    pieces.append(("kernel window", window[0], window[1], "#7fb07f"))
    pieces.append(("compressed kernel", int(m.group(3), 16), int(m.group(4), 16), "#d0a040"))
    if m.group(5):
        pieces.append(("initrd", int(m.group(5), 16), int(m.group(6), 16), "#a080c0"))
    k = re.search(r"^lm64: kernel at phys 0x([0-9a-f]+) virt offset 0x([0-9a-f]+)", serial, re.M)
    if k:
        phys = int(k.group(1), 16)
        label = "kernel (KASLR slot)" if phys != window[0] else "kernel (placed)"
        pieces.append((label, phys, window[1], "#3f8f3f"))
    phases = []
    t = re.search(r"^longboot timing: (.*)$", serial, re.M)
    if t:
        for name, ms in re.findall(r"(read kernel|read initrd|e820|a20|inflate|elf|reloc|total) "
                                   r"(\d+\.\d) ms", t.group(1)):
            phases.append((name, float(ms)))
    return e820, pieces, phases


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def human(n):
    for unit, div in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= div:
            v = n / div
            return f"{v:.0f} {unit}" if v == int(v) else f"{v:.1f} {unit}"
    return f"{n} B"


def memmap_svg(title, e820, pieces):
    lo = 0x400
    hi = max(b + s for b, s, t in e820) if e820 else 1 << 32
    hi = max(hi, max(b + s for _, b, s, _ in pieces))
    W, left, right = 1100, 170, 30
    span = math.log2(hi) - math.log2(lo)

    def x(a):
        a = max(a, lo)
        return left + (math.log2(a) - math.log2(lo)) / span * (W - left - right)
    rows = 1 + len(pieces)
    H = 70 + rows * 26 + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W // 2}" y="22" text-anchor="middle" font-size="15">{esc(title)}</text>',
           f'<text x="{W // 2}" y="40" text-anchor="middle" fill="#555">physical address, log2 scale '
           f'(each piece drawn from its start to its end)</text>']
    y = 60
    out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">E820 map</text>')
    for b, s, t in e820:
        name, col = E820_TYPES.get(t, (f"type {t}", "#ccc"))
        x0, x1 = x(b), x(b + s)
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="20" fill="{col}" '
                   f'stroke="#777"><title>{name} 0x{b:x}+0x{s:x} ({human(s)})</title></rect>')
        if x1 - x0 > 40:
            out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{y + 14}" text-anchor="middle">{name}</text>')
    for label, b, s, col in sorted(pieces, key=lambda p: p[1]):
        y += 26
        x0, x1 = x(b), x(b + s)
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{esc(label)}</text>')
        out.append(f'<line x1="{left}" y1="{y + 10}" x2="{W - right}" y2="{y + 10}" stroke="#eee"/>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 2):.1f}" height="20" fill="{col}" '
                   f'stroke="#444"><title>{esc(label)} 0x{b:x}+0x{s:x}</title></rect>')
        text = f"0x{b:x} .. 0x{b + s:x} ({human(s)})"
        if x1 > W - 260:   # no room on the right: the label goes left of the bar
            out.append(f'<text x="{x0 - 5:.1f}" y="{y + 14}" fill="#333" text-anchor="end">{text}</text>')
        else:
            out.append(f'<text x="{x1 + 5:.1f}" y="{y + 14}" fill="#333">{text}</text>')
    y += 40
    a = lo
    while a <= hi:
        out.append(f'<line x1="{x(a):.1f}" y1="56" x2="{x(a):.1f}" y2="{y - 10}" stroke="#ddd" stroke-dasharray="2,3"/>')
        out.append(f'<text x="{x(a):.1f}" y="{y + 4}" text-anchor="middle" fill="#555">{human(a)}</text>')
        a <<= 2
    out.append("</svg>")
    return "\n".join(out) + "\n"


def timeline_svg(title, phases, instructions):
    W, left = 1100, 170
    bars = [(n, ms) for n, ms in phases if n != "total"]
    total = dict(phases).get("total")
    rows = len(bars) + (len(instructions) + 2 if instructions else 0)
    H = 70 + rows * 24 + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W // 2}" y="22" text-anchor="middle" font-size="15">{esc(title)}</text>']
    y = 44
    out.append(f'<text x="{left}" y="{y}" fill="#555">phases of the timing line, ms'
               + (f' (total {total} ms, setup16 entry to the handoff)' if total else '') + '</text>')
    # a Gantt chart: the phases in boot order, each from where the one before ended (the
    # timing line's phases follow each other; what lies between them is not drawn)
    span = max(sum(ms for _, ms in bars), total or 0, 0.001)
    t0 = 0.0
    for name, ms in bars:
        y += 24
        x0, w = left + t0 / span * (W - left - 240), ms / span * (W - left - 240)
        out.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{esc(name)}</text>')
        out.append(f'<line x1="{left}" y1="{y + 9}" x2="{W - 240}" y2="{y + 9}" stroke="#eee"/>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(w, 1):.1f}" height="18" fill="#6a9fd4">'
                   f'<title>{esc(name)} {ms} ms</title></rect>')
        out.append(f'<text x="{x0 + w + 6:.1f}" y="{y + 14}">{ms} ms</text>')
        t0 += ms
    if instructions:
        y += 40
        out.append(f'<text x="{left}" y="{y}" fill="#555">instructions per stage (make trace, Bochs; '
                   f'of them in BIOS services, darker)</text>')
        big = max(n for n, _ in instructions.values())
        for st, (n, bios) in instructions.items():
            y += 24
            w, wb = n / big * (W - left - 200), bios / big * (W - left - 200)
            out.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{esc(st)}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{max(w, 1):.1f}" height="18" fill="#e0a060"/>')
            if wb:
                out.append(f'<rect x="{left}" y="{y}" width="{wb:.1f}" height="18" fill="#a06020"/>')
            out.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{n:,}' +
                       (f' ({bios:,} BIOS)' if bios else '') + '</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description="SVG pictures of one boot")
    ap.add_argument("--image", required=True)
    ap.add_argument("--name", required=True, help="names the files: memmap-NAME.svg, timeline-NAME.svg")
    ap.add_argument("--out", default="build/pictures")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--summary", help="trace-summary.json of make trace: instructions per stage")
    ap.add_argument("--serial", help="use this boot log instead of booting")
    a = ap.parse_args()
    try:
        serial = open(a.serial).read() if a.serial else boot(a.image, a.mem)
        e820, pieces, phases = parse(serial)
    except (OSError, ValueError) as e:
        print(f"pictures: {e}", file=sys.stderr)
        sys.exit(1)
    inst = {}
    if a.summary and os.path.exists(a.summary):
        s = json.load(open(a.summary))
        for st in ("mbr", "setup16", "pm32", "lm64", "kernel"):
            if st in s.get("instructions", {}):
                inst[st] = (s["instructions"][st], s.get("bios_instructions", {}).get(st, 0))
    os.makedirs(a.out, exist_ok=True)
    what = f"{a.name}, {a.mem} RAM, QEMU (SeaBIOS)"
    for fname, text in ((f"memmap-{a.name}.svg", memmap_svg(f"longboot memory map: {what}", e820, pieces)),
                        (f"timeline-{a.name}.svg", timeline_svg(f"longboot boot timeline: {what}",
                                                                phases, inst))):
        tmp = os.path.join(a.out, fname + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(a.out, fname))
        print(f"pictures: {os.path.join(a.out, fname)}")


if __name__ == "__main__":
    main()
