"""bench_debian.py: time to `login:` of the Debian 12 system of tests/debian/test_system.py,
booted by longboot (installed with longboot-update --root, LONGBOOT_TIMEOUT=0: no menu wait)
and by QEMU -kernel/-initrd/-append with the same kernel, initrd and command line, the same
machine options and the same disk, on IDE and virtio-blk; --runs boots each, round-robin.
Prints wall seconds from QEMU's start to the kernel's first line ('Linux version') and to
`login:`, QEMU's CPU seconds at `login:` (less sensitive to a loaded host) and longboot's own
time from its start to the jump into the kernel. Not a test:
the figures depend on the host (TCG, shared cores). Run by `make bench-debian`."""
import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from lib import guest, serialwatch as sw    # run with PYTHONPATH=tests (make bench-debian)
from bench.bench_boot import TIMING

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("debian_system", os.path.join(HERE, "..", "debian", "test_system.py"))
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)
LOGIN = rb"\S+ login: "


def boot_once(args, timeout):
    """(seconds to 'Linux version', seconds to login:, QEMU CPU seconds at login:, longboot's own
    milliseconds from its start to the kernel (its 'longboot timing' line) or None, error)."""
    times, cpu, text, err = sw.watch(args, {"kernel": rb"Linux version ", "login": LOGIN}, "login", timeout)
    if err:
        err += "; serial tail: " + " | ".join(text.strip().splitlines()[-3:])[-300:]
    m = TIMING.search(text)
    return times.get("kernel"), times.get("login"), cpu, float(m.group(1)) if m else None, err


def make_image(tmp):
    """A GPT disk (BIOS boot partition + ext4 root) of a copy of the cached root, longboot
    installed by longboot-update --root; returns (image, kernel, initrd, cmdline)."""
    subprocess.run(["sh", os.path.join(ts.ROOT, "tests", "debian", "mkroot.sh"), ts.SYSROOT], check=True)
    root = os.path.join(tmp, "root")
    subprocess.run(["cp", "-a", ts.SYSROOT, root], check=True)
    with open(os.path.join(root, "etc", "fstab"), "w") as f:
        f.write(f"UUID={ts.UUID} / ext4 defaults 0 1\n")
    img = os.path.join(tmp, "disk.img")
    ts.make_disk(img, "gpt", root, tmp)
    with open(os.path.join(root, "etc", "default", "longboot"), "w") as f:
        f.write(f'LONGBOOT_DISK={img}\nLONGBOOT_CMDLINE="{ts.CMDLINE}"\nLONGBOOT_TIMEOUT=0\n')
    subprocess.run(["sh", ts.UPDATE, "--root", root], check=True, env=dict(os.environ, LONGBOOT_MKDISK=ts.MKDISK))
    ver = max(k[len("vmlinuz-"):] for k in os.listdir(os.path.join(root, "boot")) if k.startswith("vmlinuz-"))
    kernel, initrd = (os.path.join(tmp, n) for n in ("vmlinuz", "initrd.img"))
    shutil.copy(os.path.join(root, "boot", f"vmlinuz-{ver}"), kernel)
    shutil.copy(os.path.join(root, "boot", f"initrd.img-{ver}"), initrd)
    shutil.rmtree(root)
    return img, kernel, initrd, ver


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--timeout", type=int, default=1200)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BUILD")) as tmp:
        img, kernel, initrd, ver = make_image(tmp)
        rows = []
        for iface in ("ide", "virtio"):
            disk = guest.disk_args(img, iface, "raw", ",snapshot=on")
            base = ["-M", "pc", "-m", a.mem] + disk
            rows.append(("longboot", iface, base))
            rows.append(("qemu -kernel", iface, base + ["-kernel", kernel, "-initrd", initrd, "-append", ts.CMDLINE]))
        res = {(n, i): {"kernel": [], "login": [], "cpu": [], "loader": [], "error": None} for n, i, _ in rows}
        load0 = os.getloadavg()[0]
        for run in range(a.runs):
            for n, i, args in rows:
                r = res[(n, i)]
                if r["error"]:
                    continue
                tk, tl, cpu, loader_ms, err = boot_once(args, a.timeout)
                if err:
                    r["error"] = f"run {run + 1}: {err}"
                    continue
                r["kernel"].append(tk or 0)
                r["login"].append(tl)
                r["cpu"].append(cpu or 0)
                if loader_ms is not None:
                    r["loader"].append(loader_ms)
                print(f"  {n:13s} {i:7s} run {run + 1}: kernel at {tk or 0:6.2f} s, login: at {tl:6.2f} s wall, "
                      f"{cpu or 0:6.2f} s cpu", file=sys.stderr, flush=True)
    load1 = os.getloadavg()[0]
    print(f"Debian 12, kernel {ver}, cmdline '{ts.CMDLINE}', QEMU TCG -M pc -m {a.mem}, GPT disk, "
          f"{a.runs} boots each (round-robin); host load average {load0:.1f} -> {load1:.1f} on {os.cpu_count()} CPUs")
    print(f"{'boot path':13s} {'disk':7s} {'to kernel':>9s} {'to login: (median, min-max)':>28s} "
          f"{'cpu at login:':>13s} {'login /direct':>13s} {'cpu /direct':>11s} {'loader ms':>9s}")
    for n, i, _ in rows:
        r = res[(n, i)]
        if r["error"] or not r["login"]:
            print(f"{n:13s} {i:7s} failed: {r['error'] or 'no runs'}")
            continue
        d = res[("qemu -kernel", i)]
        m = statistics.median(r["login"])
        c = statistics.median(r["cpu"])
        ok = d["login"] and not d["error"]
        ratio = f"{m / statistics.median(d['login']):.2f}" if ok else "-"
        cratio = f"{c / statistics.median(d['cpu']):.2f}" if ok and statistics.median(d["cpu"]) else "-"
        lms = f"{statistics.median(r['loader']):.0f}" if r["loader"] else "-"
        print(f"{n:13s} {i:7s} {statistics.median(r['kernel']):8.2f}s {m:9.2f}s "
              f"({min(r['login']):6.2f}-{max(r['login']):6.2f}) {c:12.2f}s "
              f"{ratio:>13s} {cratio:>11s} {lms:>9s}")


if __name__ == "__main__":
    main()
