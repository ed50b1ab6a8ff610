"""bochs_split.py: a deterministic figure of what the loader costs: Bochs' instruction count from
the MBR (0x7C00) to the kernel's entry, split into
  BIOS     code of the system BIOS and option ROMs ('system_bios', 'option_rom' in the profile),
  UART     serial output: the MBR's and head.asm's putc (INT 10h + the THRE wait; the INT 10h
           itself is BIOS) and, in every stage, serial_* / wait_lsr / put_raw,
  inflate  lm64's functions defined in inflate/*.c (crc32 included), names from `nm` of the
           objects under build/lm64/inflate/,
  gate     the BIOS gate's own code (pm32/gate.asm: long mode down to real mode and back; the
           INT it makes is BIOS), with the crossings counted from lm64's log line,
  rest     everything else of the stages mbr, setup16, pm32 and lm64,
and "own" = UART + rest: the loader's own instructions outside the BIOS and inflate.

Each --image NAME=IMG is traced with tests/bochs/trace.py (--range 0x0-0x1: no trace file is
written, the counts are complete; about 3.5 min of one core each) into BUILD/bench/bochs-NAME/;
each --summary NAME=FILE reads a trace-summary.json written earlier (make trace, or a previous
run of this script), e.g. a 'before' run of an older commit. The table's last column is the
ratio of the first --summary's "own" to each row's. Run by `make bench-boot-bochs`."""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
STAGES = ("mbr", "setup16", "pm32", "lm64")          # the loader: MBR to the kernel's entry
BIOS = {"system_bios", "option_rom"}
UART = re.compile(r"^(serial_\w+|wait_lsr|put_raw)$")
ASM_PUTC = {"mbr", "setup16"}                         # bootsect/ and setup16/head.asm's putc
GATE = {"gate_call", "compat_down", "pm16_down", "real_call", "up", "pm32_up", "lm64_up"}


def inflate_names(build):
    """Functions defined in lm64's inflate objects (inflate/*.c compiled for lm64)."""
    objs = sorted(glob.glob(os.path.join(build, "lm64", "inflate", "*.o")))
    if not objs:
        sys.exit(f"bochs_split: no objects in {build}/lm64/inflate (make all first)")
    out = subprocess.run(["nm", "--defined-only"] + objs, check=True, capture_output=True, text=True).stdout
    return {f[2] for f in (line.split() for line in out.splitlines()) if len(f) == 3 and f[1] in "tTwW"}


def classify(stage, func, inflate):
    func = func.split(".")[0]                         # local labels (putc.wait) count as their function
    if func in BIOS:
        return "bios"
    if func in GATE:
        return "gate"
    if UART.match(func) or (func == "putc" and stage in ASM_PUTC):
        return "uart"
    if stage == "lm64" and func in inflate:
        return "inflate"
    return "rest"


def split(summary, inflate):
    """{'total', 'bios', 'uart', 'inflate', 'rest', 'own'} instruction counts, and the largest
    functions of 'uart' and 'rest' as [(count, 'stage:function')]."""
    prof = summary["profile"]
    c = {"bios": 0, "uart": 0, "inflate": 0, "gate": 0, "rest": 0}
    top = {"uart": [], "rest": []}
    for stage in STAGES:
        for func, n in prof.get(stage, {}).items():
            k = classify(stage, func, inflate)
            c[k] += n
            if k in top:
                top[k].append((n, f"{stage}:{func}"))
    c["total"] = sum(c.values())
    c["own"] = c["uart"] + c["gate"] + c["rest"]
    c["crossings"] = summary.get("gate_crossings")
    counted = sum(summary["instructions"].get(s, 0) for s in STAGES)
    if counted != c["total"]:
        print(f"bochs_split: profile sums to {c['total']}, stage counts to {counted}", file=sys.stderr)
    return c, {k: sorted(v, reverse=True)[:6] for k, v in top.items()}


def problems(summary):
    p = []
    if summary.get("ended") != "poweroff":
        p.append(f"ended: {summary.get('ended')}")
    if summary.get("errors") or summary.get("panics"):
        p.append(f"errors: {summary.get('errors')} {summary.get('panics')}")
    if "kernel" not in summary.get("instructions", {}):
        p.append("the kernel's entry was not reached")
    tail = summary.get("serial_tail") or []
    if not any("testkernel: PASS" in t for t in tail):
        p.append(f"no 'testkernel: PASS' (serial tail: {tail[-2:]})")
    return p


def trace(name, image, a):
    out = os.path.join(BUILD, "bench", f"bochs-{name}")
    os.makedirs(out, exist_ok=True)
    sym = [os.path.join(ROOT, "tests", "bochs", "pc.sym")] + [
        os.path.join(BUILD, "bochs", f"{s}.sym") for s in ("mbr", "setup", "lm64", "testkernel")]
    cmd = [sys.executable, os.path.join(ROOT, "tests", "bochs", "trace.py"), "--image", image,
           "--bios", a.bios, "--megs", str(a.megs),
           "--elf", f"setup={BUILD}/setup.elf", "--elf", f"lm64={BUILD}/lm64.elf",
           "--elf", f"kernel={BUILD}/testkernel.elf", "--break-sym", "pm32_start",
           "--range", "0x0-0x1", "--timeout", str(a.timeout),
           "--trace", os.path.join(out, "trace.txt"), "--summary", os.path.join(out, "trace-summary.txt"),
           "--mbr-lst", os.path.join(BUILD, "bootsect.lst"), "--log", os.path.join(out, "bochs-trace.log")]
    for s in sym:
        cmd += ["--sym", s]
    print(f"bochs_split: tracing {name} ({image}) in Bochs ...", file=sys.stderr, flush=True)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-2000:] + r.stderr[-2000:], file=sys.stderr)
        print(f"bochs_split: trace.py failed for {name} (exit {r.returncode}); output in {out}", file=sys.stderr)
    return os.path.join(out, "trace-summary.json")


def named(arg):
    name, sep, path = arg.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError("NAME=FILE")
    return name, path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--image", type=named, action="append", default=[], metavar="NAME=IMG",
                    help="trace this image in Bochs (repeatable)")
    ap.add_argument("--summary", type=named, action="append", default=[], metavar="NAME=FILE",
                    help="a trace-summary.json written earlier (repeatable; the first is the ratio's base)")
    ap.add_argument("--bios", default="bochs")
    ap.add_argument("--megs", type=int, default=128)
    ap.add_argument("--timeout", type=int, default=1800)
    a = ap.parse_args()
    if not a.image and not a.summary:
        ap.error("nothing to do: give --image NAME=IMG or --summary NAME=FILE")
    inflate = inflate_names(BUILD)
    runs = list(a.summary) + [(n, trace(n, img, a)) for n, img in a.image]
    rows = []
    for name, path in runs:
        if path.endswith(".txt"):
            path = path[:-4] + ".json"
        try:
            with open(path) as f:
                s = json.load(f)
        except (OSError, ValueError) as e:
            rows.append((name, path, None, None, [f"cannot read: {e}"]))
            continue
        c, top = split(s, inflate)
        rows.append((name, path, c, top, problems(s)))
    base = next((r for r in rows if r[2] and a.summary and r[0] == a.summary[0][0]), None)
    print(f"Bochs ({a.bios} BIOS, {a.megs} MB): instructions from the MBR (0x7C00) to the kernel's entry "
          "(stages mbr, setup16, pm32, lm64), test kernel, cmdline 'longboot test'")
    hdr = (f"{'image':10s} {'total':>11s} {'BIOS':>10s} {'UART':>10s} {'inflate':>10s} {'gate':>9s} "
           f"{'rest':>10s} {'own':>10s}")
    print(hdr + (f" {base[0] + '/this own':>16s}" if base else ""))
    for name, path, c, top, prob in rows:
        if c is None:
            print(f"{name:10s} failed: {'; '.join(prob)}")
            continue
        line = (f"{name:10s} {c['total']:11,d} {c['bios']:10,d} {c['uart']:10,d} {c['inflate']:10,d} "
                f"{c['gate']:9,d} {c['rest']:10,d} {c['own']:10,d}")
        if base:
            line += f" {base[2]['own'] / c['own']:16.2f}" if c["own"] else f" {'-':>16s}"
        print(line + (f"   ({'; '.join(prob)})" if prob else ""))
    print("own = UART + gate + rest: the loader's own instructions outside the BIOS and inflate")
    for name, path, c, top, prob in rows:
        n = c and c["gate"] and c.get("crossings")
        if n:
            print(f"{name}: {n} gate crossings, {c['gate'] / n:,.0f} instructions of the gate's own "
                  "per crossing (the BIOS's not counted)")
    for name, path, c, top, prob in rows:
        if c:
            print(f"{name}: {path}")
            for k in ("uart", "rest"):
                print(f"  largest {k}: " + ", ".join(f"{f} {n:,d}" for n, f in top[k]))


if __name__ == "__main__":
    main()
