"""bench_boot.py: boot-time benchmark under QEMU TCG. One run, one table: wall time from QEMU's
start to init's marker line on COM1 for the same Debian kernel and busybox initramfs booted
(a) by longboot from a raw disk, (b) by GRUB 2 from a raw disk, (c) by QEMU -kernel/-initrd,
with the disk on IDE and on virtio-blk; median, min and max over --runs boots, ratios, and
longboot's own 'longboot timing: ... total X ms' (loader start to the jump into the kernel).
Beside wall time it records QEMU's CPU time (user+sys of all its threads, from /proc) when the
marker arrives: on a loaded host that figure moves far less than the wall time."""
import argparse
import json
import os
import re
import selectors
import statistics
import subprocess
import sys
import time

from lib import guest, linuxguest as lg   # run with PYTHONPATH=tests (make bench-boot)

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


def cpu_seconds(pid):
    """user+sys CPU time of a running process (all threads), from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def boot_once(args, timeout):
    """Start QEMU, read COM1 through a pipe, and return (seconds to the marker or None, QEMU CPU
    seconds at the marker, serial text, error). QEMU is left to exit through init's poweroff,
    and killed at the time limit."""
    cmd = [guest.QEMU, "-accel", "tcg", "-display", "none", "-monitor", "none", "-no-reboot",
           "-serial", "stdio"] + args
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    buf, t_marker, cpu, err = b"", None, None, None
    try:
        while True:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                err = f"no marker within {timeout} s"
                break
            if not sel.select(left):
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            now = time.monotonic()
            if not chunk:
                if t_marker is None:
                    err = f"QEMU exited ({p.wait()}) before the marker"
                break
            buf += chunk
            if t_marker is None and lg.MARKER.encode() in buf:
                t_marker = now - t0
                cpu = cpu_seconds(p.pid)
    finally:
        if p.poll() is None:
            try:
                p.wait(timeout=max(1, timeout - (time.monotonic() - t0)))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        sel.close()
        p.stdout.close()
    text = buf.decode("latin-1").replace("\r", "")
    if err is None and "longboot-init: done" not in text:
        err = "init did not finish"
    return t_marker, cpu, text, err


def configs(a):
    """(name, iface, qemu args) for every row of the table."""
    base = ["-M", a.machine, "-m", a.mem]
    rows = []
    for iface in ("ide", "virtio"):
        rows.append(("longboot", iface, base + guest.disk_args(a.ours, iface)))
        rows.append(("grub", iface, base + guest.disk_args(a.grub, iface)))
    rows.append(("qemu -kernel", "-", base + lg.direct_args(a.cmdline)))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ours", default=os.path.join(lg.BUILD, "linux.img"))
    ap.add_argument("--grub", default=os.path.join(lg.BUILD, "grub.img"))
    ap.add_argument("--cmdline", default="console=ttyS0 panic=-1")
    ap.add_argument("--machine", default="pc")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--json", default=os.path.join(lg.BUILD, "bench", "boot.json"))
    a = ap.parse_args()
    rows = configs(a)
    load0 = os.getloadavg()[0]
    res = {(n, i): {"times": [], "cpu": [], "loader_ms": [], "phases": [], "error": None} for n, i, _ in rows}
    for n, i, _ in rows:
        img = {"longboot": a.ours, "grub": a.grub}.get(n)
        if img and not os.path.exists(img):
            res[(n, i)]["error"] = f"{img} not built"
    # Round-robin, so load from other work on the host spreads over every row alike.
    for run in range(a.runs):
        for n, i, args in rows:
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
            print(f"  {n:13s} {i:7s} run {run + 1}: {t:6.2f} s wall, {cpu or 0:6.2f} s cpu",
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
    print(f"{'boot path':13s} {'disk':7s} {'wall median':>11s} {'min':>6s} {'max':>6s} {'/direct':>7s} "
          f"{'/grub':>6s}  {'cpu median':>10s} {'/direct':>7s} {'/grub':>6s}  loader ms")
    direct, direct_cpu = med(res[("qemu -kernel", "-")]), med(res[("qemu -kernel", "-")], "cpu")

    def ratio(x, y, w):
        return f"{x / y:{w}.2f}" if x and y else " " * (w - 1) + "-"

    for n, i, _ in rows:
        r = res[(n, i)]
        m, c = med(r), med(r, "cpu")
        if m is None:
            print(f"{n:13s} {i:7s} failed: {r['error'] or 'no runs'}")
            continue
        g = res.get(("grub", i)) if n == "longboot" else None
        gm, gc = (med(g), med(g, "cpu")) if g else (None, None)
        lm = f"{statistics.median(r['loader_ms']):.0f}" if r["loader_ms"] else "-"
        print(f"{n:13s} {i:7s} {m:10.2f}s {min(r['times']):6.2f} {max(r['times']):6.2f} {ratio(m, direct, 7)} "
              f"{ratio(m, gm, 6)}  {(f'{c:9.2f}s' if c else '         -')} {ratio(c, direct_cpu, 7)} "
              f"{ratio(c, gc, 6)}  {lm}")
    for n, i, _ in rows:
        ph = res[(n, i)]["phases"]
        if ph and not res[(n, i)]["error"]:
            names = list(ph[0])
            print(f"{n} {i}: loader phases, median ms: " + ", ".join(
                f"{k} {statistics.median(p.get(k, 0) for p in ph):.0f}" for k in names))


if __name__ == "__main__":
    main()
