"""bench_boot.py: boot-time benchmark under QEMU TCG. One run, one table: wall time from QEMU's
start to init's marker line on COM1 for the same Debian kernel and busybox initramfs booted
(a) by longboot from a raw disk, verbose (build/linux.img) and quiet (build/linux-quiet.img,
mkdisk --quiet-boot --timing), (b) by GRUB 2 from a raw disk, (c) by QEMU -kernel/-initrd with
the same disk attached, with the disk on IDE and on virtio-blk; median, min and max over --runs
boots, ratios, longboot's own 'longboot timing: ... total X ms' (loader start to the jump into
the kernel) and the loader's own share of it (the total minus reading the kernel and initrd and
inflating).
Beside wall time it records QEMU's CPU time (user+sys of all its threads, from /proc) when the
marker arrives: on a loaded host that figure moves far less than the wall time."""
import argparse
import json
import os
import re
import statistics
import sys

from lib import guest, linuxguest as lg, serialwatch as sw   # run with PYTHONPATH=tests (make bench-boot)
from lib.serialwatch import cpu_seconds   # noqa: F401 (bench_debian.py imports it from here)

TIMING = re.compile(r"longboot timing:.*?total ([0-9.]+) ms")
TIMING_LINE = re.compile(r"^longboot timing: (.*)$", re.M)


def loader_phases(text):
    """{'read kernel': ms, 'inflate': ms, ..., 'total': ms} from lm64's timing line."""
    m = TIMING_LINE.search(text)
    out = {}
    for item in (m.group(1).split(", ") if m else ()):
        p = re.match(r"\s*(.*?) ([0-9.]+) ms", item)
        if p:
            out[p.group(1)] = float(p.group(2))
    return out


def boot_once(args, timeout):
    """Start QEMU, read COM1, and return (seconds to the marker or None, QEMU CPU seconds at the
    marker, serial text, error). QEMU is left to exit through init's poweroff, and killed at the
    time limit."""
    times, cpu, text, err = sw.watch(args, {"marker": re.escape(lg.MARKER.encode())}, "marker",
                                     timeout, wait_exit=True)
    if err is None and "longboot-init: done" not in text:
        err = "init did not finish"
    return times.get("marker"), cpu, text, err


def configs(a):
    """(name, iface, image or None, qemu args) for every row of the table. QEMU -kernel boots
    with the same disk attached (snapshot) on the same interface, so the firmware's work for the
    disk is in both figures."""
    base = ["-M", a.machine, "-m", a.mem]
    rows = []
    for iface in ("ide", "virtio"):
        rows.append(("longboot", iface, a.ours, base + guest.disk_args(a.ours, iface)))
        rows.append(("longboot quiet", iface, a.quiet, base + guest.disk_args(a.quiet, iface)))
        if a.before:      # an older loader's images (another build's mkdisk), in the same run
            rows.append(("before", iface, a.before, base + guest.disk_args(a.before, iface)))
        if a.before_quiet:
            rows.append(("before quiet", iface, a.before_quiet, base + guest.disk_args(a.before_quiet, iface)))
        rows.append(("grub", iface, a.grub, base + guest.disk_args(a.grub, iface)))
        rows.append(("qemu -kernel", iface, None,
                     base + guest.disk_args(a.ours, iface, "raw", ",snapshot=on") + lg.direct_args(a.cmdline)))
    for flavour, fmt in FORMATS if a.formats else ():
        # Debian's kernel as shipped (its own payload, decoded by the loader), the same re-packed as
        # gzip, and QEMU -kernel with that kernel: virtio-blk, where the loader's own time shows
        keep, repack = (os.path.join(lg.BUILD, "bench", f"fmt-{flavour}-{m}.img") for m in ("keep", "gzip"))
        d = f"qemu -kernel {fmt}"
        rows.append((f"{fmt} as shipped", "virtio", keep, base + guest.disk_args(keep, "virtio")))
        rows.append((f"{fmt} as gzip", "virtio", repack, base + guest.disk_args(repack, "virtio")))
        rows.append((d, "virtio", None, base + guest.disk_args(keep, "virtio", "raw", ",snapshot=on") +
                     lg.direct_args(a.cmdline, flavour)))
        REF[f"{fmt} as shipped"] = REF[f"{fmt} as gzip"] = d
    return rows


# --formats: Debian 12's kernels in each payload format they ship (6.1 cloud lz4, 6.1 generic xz,
# 6.12 cloud zstd); the images are made with mkdisk --keep-payload and --repack-gzip.
FORMATS = (("cloud-amd64", "lz4"), ("6.12-cloud-amd64", "zstd"), ("amd64", "xz"))
REF = {}   # row name -> its QEMU -kernel row (default "qemu -kernel")


def format_images(a):
    import subprocess
    for flavour, fmt in FORMATS:
        for m, opt in (("keep", "--keep-payload"), ("gzip", "--repack-gzip")):
            out = os.path.join(lg.BUILD, "bench", f"fmt-{flavour}-{m}.img")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            subprocess.run([lg.MKDISK, "--quiet", opt, "--quiet-boot", "--timing", "--kernel", lg.kernel(flavour),
                            "--initrd", lg.INITRD, "--cmdline", a.cmdline, "--output", out], check=True)


OWN_MINUS = ("read kernel", "read initrd", "inflate", "decode")


def own_ms(phases):
    """The loader's own share of a boot: its timing line's total minus reading the kernel and
    the initrd and inflating (what the disk and the payload's size decide)."""
    return phases["total"] - sum(phases.get(k, 0) for k in OWN_MINUS) if "total" in phases else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ours", default=os.path.join(lg.BUILD, "linux.img"))
    ap.add_argument("--quiet", default=os.path.join(lg.BUILD, "linux-quiet.img"),
                    help="the same as --ours, made with mkdisk --quiet-boot --timing")
    ap.add_argument("--grub", default=os.path.join(lg.BUILD, "grub.img"))
    ap.add_argument("--before", help="the same kernel, initrd and command line through an older build's mkdisk")
    ap.add_argument("--before-quiet", help="likewise, --quiet-boot --timing")
    ap.add_argument("--cmdline", default="console=ttyS0 panic=-1")
    ap.add_argument("--machine", default="pc")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--json", default=os.path.join(lg.BUILD, "bench", "boot.json"))
    ap.add_argument("--formats", action="store_true",
                    help="add rows per payload format: Debian's lz4, zstd and xz kernels as shipped and as gzip")
    a = ap.parse_args()
    if a.formats:
        format_images(a)
    rows = configs(a)
    load0 = os.getloadavg()[0]
    res = {(n, i): {"times": [], "cpu": [], "loader_ms": [], "phases": [], "own_ms": [], "error": None}
           for n, i, _, _ in rows}
    for n, i, img, _ in rows:
        if img and not os.path.exists(img):
            res[(n, i)]["error"] = f"{img} not built"
    # Round-robin, so load from other work on the host spreads over every row alike.
    for run in range(a.runs):
        for n, i, _, args in rows:
            r = res[(n, i)]
            if r["error"]:
                continue
            t, cpu, text, err = boot_once(args, a.timeout)
            if err:
                tail = " | ".join(text.strip().splitlines()[-3:])
                r["error"] = f"run {run + 1}: {err}; serial tail: {tail[-300:]}"
                continue
            r["times"].append(t)
            if cpu is not None:
                r["cpu"].append(cpu)
            m = TIMING.search(text)
            if m:
                r["loader_ms"].append(float(m.group(1)))
                r["phases"].append(loader_phases(text))
                if own_ms(r["phases"][-1]) is not None:
                    r["own_ms"].append(own_ms(r["phases"][-1]))
            print(f"  {n:14s} {i:7s} run {run + 1}: {t:6.2f} s wall, {cpu or 0:6.2f} s cpu",
                  file=sys.stderr, flush=True)
    print_table(a, rows, res, (load0, os.getloadavg()[0]))
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump({f"{n}/{i}": v for (n, i), v in res.items()}, f, indent=1)


def med(r, key="times"):
    return statistics.median(r[key]) if r[key] and not r["error"] else None


def print_table(a, rows, res, load):
    print(f"boot to init marker, QEMU TCG -M {a.machine} -m {a.mem}, {a.runs} boots each (round-robin), "
          f"kernel {os.path.basename(lg.kernel())}, cmdline '{a.cmdline}', "
          f"host load average {load[0]:.1f} -> {load[1]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'boot path':18s} {'disk':7s} {'wall median':>11s} {'min':>6s} {'max':>6s} {'/direct':>7s} "
          f"{'/grub':>6s}  {'cpu median':>10s} {'/direct':>7s} {'/grub':>6s}  {'loader ms':>9s} {'own ms':>6s}")

    def ratio(x, y, w):
        return f"{x / y:{w}.2f}" if x and y else " " * (w - 1) + "-"

    for n, i, _, _ in rows:
        r = res[(n, i)]
        m, c = med(r), med(r, "cpu")
        if m is None:
            print(f"{n:18s} {i:7s} failed: {r['error'] or 'no runs'}")
            continue
        d = res[(REF.get(n, "qemu -kernel"), i)]
        dm, dc = med(d), med(d, "cpu")
        g = res.get(("grub", i)) if n.startswith("longboot") else None
        gm, gc = (med(g), med(g, "cpu")) if g else (None, None)
        lm = f"{statistics.median(r['loader_ms']):.0f}" if r["loader_ms"] else "-"
        om = f"{statistics.median(r['own_ms']):.0f}" if r["own_ms"] else "-"
        print(f"{n:18s} {i:7s} {m:10.2f}s {min(r['times']):6.2f} {max(r['times']):6.2f} {ratio(m, dm, 7)} "
              f"{ratio(m, gm, 6)}  {(f'{c:9.2f}s' if c else '         -')} {ratio(c, dc, 7)} "
              f"{ratio(c, gc, 6)}  {lm:>9s} {om:>6s}")
    print("/direct: against QEMU -kernel with the same disk interface; own ms: the loader's own share, "
          "its timing line's total minus " + ", ".join(OWN_MINUS) + " (median over boots)")
    for n, i, _, _ in rows:
        r = res[(n, i)]
        if r["phases"] and not r["error"]:
            names = list(r["phases"][0])
            own = f"; loader's own share {statistics.median(r['own_ms']):.0f}" if r["own_ms"] else ""
            print(f"{n} {i}: loader phases, median ms: " + ", ".join(
                f"{k} {statistics.median(p.get(k, 0) for p in r['phases']):.0f}" for k in names) + own)


if __name__ == "__main__":
    main()
