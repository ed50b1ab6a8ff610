#!/usr/bin/env python3
"""bochsrun.py: boot a disk image in Bochs 2.7 (its debugger is built in, so a script of
debugger commands drives it), capture COM1 and Bochs' log, and say how the run ended.

A run ends by itself when the guest shuts Bochs down: the string "Shutdown" written to port
0x8900 (Bochs' unmapped-port device logs the panic 'Shutdown port: shutdown requested') or ACPI
S5 through PIIX4 PM1a_CNT (PM base 0xb000 with both BIOSes: SLP_TYP=0 with SLP_EN; logged as the
panic 'ACPI control: soft power off'). Both are normal ends, not findings. As a bounded fallback
the runner stops Bochs a few seconds after the guest printed 'testkernel: PASS|FAIL' without
powering off (ended='stopped-by-runner'), and at the time limit ('timeout')."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import mkbochsrc   # beside this file (the script's directory is on the path)

BOCHS = os.environ.get("BOCHS", "bochs")
POWEROFF = ("Shutdown port: shutdown requested", "ACPI control: soft power off")
LOG_LIMIT = 64 << 20  # a log this big is a flood (e.g. an error per instruction): stop
VERDICT = re.compile(r"^testkernel: (PASS|FAIL)", re.M)
LOGLINE = re.compile(r"^(\d+)([dipe])\[(\w*)\s*\] (.*)$")
GRACE = 5.0  # seconds Bochs gets to power off after the verdict line


@dataclass
class Run:
    serial: str                 # COM1 output, '\r' removed
    ended: str                  # poweroff | panic | stopped-by-runner | log-flood | timeout | exit
    seconds: float
    log: list                   # Bochs' log lines
    stdout: str                 # Bochs' console (debugger, port 0xE9 text)
    panics: list = field(default_factory=list)   # panic lines, the shutdown/power-off excluded
    errors: list = field(default_factory=list)   # error ('e') lines, repeats folded

    def verdict(self):
        m = VERDICT.findall(self.serial)
        return m[-1] if m else None

    def describe(self, n=20):
        tail = "\n".join(self.serial.splitlines()[-n:])
        bad = "\n".join(self.panics + self.errors)
        return f"ended: {self.ended} after {self.seconds:.1f}s\n{bad}\nserial tail:\n{tail}"


def powered_off(lines):
    return any(p in ln for ln in lines for p in POWEROFF)


def parse_log(lines):
    """(panics, errors) from Bochs' log lines; the shutdown/power-off panic is the normal end.
    Repeated messages are folded into the first line plus ' (xN)'."""
    panics, errors, seen = [], [], {}
    for ln in lines:
        m = LOGLINE.match(ln)
        if not m or m.group(2) not in "pe":
            continue
        if m.group(2) == "p" and any(p in ln for p in POWEROFF):
            continue
        key = (m.group(2), m.group(3), m.group(4))
        if key in seen:
            seen[key][1] += 1
            continue
        seen[key] = [ln, 1]
        (panics if m.group(2) == "p" else errors).append(key)
    fold = lambda k: seen[k][0] + (f" (x{seen[k][1]})" if seen[k][1] > 1 else "")
    return [fold(k) for k in panics], [fold(k) for k in errors]


def read_log(path, limit=LOG_LIMIT):
    """Bochs' log lines (at most limit bytes of it)."""
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("latin-1").splitlines()
    except FileNotFoundError:
        return []


def continue_script(n=64):
    """Debugger commands: continue through up to n magic breakpoints, then quit."""
    return "c\n" * n + "q\n"


def boot(image, bios="bochs", megs=128, timeout=120, rc=None, workdir=None, keep=False):
    """Boot image headless and return a Run. rc: debugger commands (default: continue
    through every stop). Files go to workdir (a temporary directory unless given)."""
    own = workdir is None
    wd = workdir or tempfile.mkdtemp(prefix="bochs-")
    os.makedirs(wd, exist_ok=True)
    try:
        conf, rcf = os.path.join(wd, "bochsrc"), os.path.join(wd, "bochs.rc")
        serial, log = os.path.join(wd, "serial.txt"), os.path.join(wd, "bochs.log")
        for p in (serial, log):
            if os.path.exists(p):
                os.remove(p)
        snap = os.path.join(wd, "disk.img")
        if os.path.abspath(image) != snap:
            shutil.copyfile(image, snap)  # a snapshot: the build may rewrite the image meanwhile
        mkbochsrc.write(conf, image=snap, bios=bios, megs=megs, display="headless",
                        serial=serial, log=log)
        with open(rcf, "w") as f:
            f.write(rc if rc is not None else continue_script())
        return _run(conf, rcf, serial, log, timeout)
    finally:
        if own and not keep:
            shutil.rmtree(wd, ignore_errors=True)


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("latin-1")
    except FileNotFoundError:
        return ""


def _echo_new(serial, done):
    """Write COM1 output past byte done to stdout; return the new count."""
    text = _read(serial)
    if len(text) > done:
        sys.stdout.write(text[done:].replace("\r", ""))
        sys.stdout.flush()
    return max(done, len(text))


_NETNS = None


def isolated(cmd):
    """cmd run in a network namespace of its own: the headless display is Bochs' VNC server, which
    listens on every interface (port 5900 up) with no password and no bind option. Inside a fresh
    namespace nothing outside this process can reach it. Needs root or unprivileged user
    namespaces; without either, say so once and run as is."""
    global _NETNS
    if _NETNS is None:
        _NETNS = []
        for pre in (["unshare", "--net", "--"], ["unshare", "--user", "--map-root-user", "--net", "--"]):
            try:
                if subprocess.run(pre + ["true"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode == 0:
                    _NETNS = pre
                    break
            except OSError:
                pass
        if not _NETNS:
            print("bochsrun: no network namespace available: Bochs' VNC display listens on all "
                  "interfaces while it runs", file=sys.stderr)
    return _NETNS + cmd


def _run(conf, rcf, serial, log, timeout, echo=False):
    cmd = isolated([BOCHS, "-q", "-unlock", "-f", conf, "-rc", rcf])
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        ended, seen, shown = None, None, 0
        while p.poll() is None:
            if echo:
                shown = _echo_new(serial, shown)
            now = time.monotonic()
            if now - t0 > timeout:
                ended = "timeout"
            elif os.path.exists(log) and os.path.getsize(log) > LOG_LIMIT:
                ended = "log-flood"
            elif seen is None and VERDICT.search(_read(serial)):
                seen = now
            elif seen is not None and now - seen > GRACE:
                ended = "stopped-by-runner"
            if ended:
                p.kill()
                p.wait()
                break
            time.sleep(0.2)
        dt = time.monotonic() - t0
        if echo:
            _echo_new(serial, shown)
        out.seek(0)
        stdout = out.read().decode("latin-1").replace("\r", "")
    lines = read_log(log)
    panics, errors = parse_log(lines)
    if ended is None:
        if powered_off(lines):
            ended = "poweroff"
        elif panics:
            ended = "panic"
        else:
            ended = "exit"
    return Run(_read(serial).replace("\r", ""), ended, dt, lines, stdout, panics, errors)


def interactive(conf, rcf):
    """Run Bochs in this terminal (term display); returns its exit status."""
    return subprocess.call([BOCHS, "-q", "-unlock", "-f", conf, "-rc", rcf])


def main():
    ap = argparse.ArgumentParser(description="boot a disk image in Bochs")
    ap.add_argument("--image", default="build/disk.img")
    ap.add_argument("--bios", default=os.environ.get("BOCHS_BIOS", "bochs"))
    ap.add_argument("--megs", type=int, default=int(os.environ.get("BOCHS_MEGS", "128")))
    ap.add_argument("--display", default=os.environ.get("BOCHS_DISPLAY", ""),
                    help="term (this terminal) or headless; default: term on a tty")
    ap.add_argument("--break", dest="brk", action="store_true",
                    help="stop in the debugger at each magic breakpoint (xchg bx,bx)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--dir", default="build", help="where bochsrc, serial and log go")
    a = ap.parse_args()
    display = a.display or ("term" if sys.stdin.isatty() and sys.stdout.isatty() else "headless")
    os.makedirs(a.dir, exist_ok=True)
    conf, rcf = os.path.join(a.dir, "bochsrc"), os.path.join(a.dir, "bochs.rc")
    serial, log = os.path.join(a.dir, "bochs-serial.txt"), os.path.join(a.dir, "bochs.log")
    try:
        mkbochsrc.write(conf, image=a.image, bios=a.bios, megs=a.megs, display=display,
                        serial=serial, log=log)
    except (OSError, ValueError, mkbochsrc.GeometryError) as e:
        print(f"bochsrun: {e}", file=sys.stderr)
        sys.exit(1)
    for p in (serial, log):  # a file left by the last run would be shown as this run's
        if os.path.exists(p):
            os.remove(p)
    with open(rcf, "w") as f:
        f.write("c\n" if a.brk else continue_script())
    print(f"bochsrun: {a.image}, BIOS {a.bios}, {a.megs} MiB, display {display}; "
          f"config {conf}, COM1 -> {serial}, log {log}")
    if display == "term":
        interactive(conf, rcf)
        r = _run_summary(serial, log)
        print(f"bochsrun: COM1 output ({serial}):")
        sys.stdout.write(r.serial)
    else:
        r = _run(conf, rcf, serial, log, a.timeout, echo=True)  # COM1 as it arrives
    print(f"bochsrun: ended: {r.ended}; {len(r.panics)} panic(s), {len(r.errors)} error(s) in {log}")
    for ln in r.panics + r.errors:
        print("  " + ln)
    sys.exit(0 if r.verdict() == "PASS" and not r.panics else 1)


def _run_summary(serial, log):
    lines = read_log(log)
    panics, errors = parse_log(lines)
    ended = "poweroff" if powered_off(lines) else ("panic" if panics else "exit")
    return Run(_read(serial).replace("\r", ""), ended, 0.0, lines, "", panics, errors)


if __name__ == "__main__":
    main()
