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
DEBUG_TOP, DEBUG_ROWS = 27, 12   # where the debugger's text goes below the emulated screen


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


def interactive(conf, rcf, errfile, dbgfile=None):
    """Run Bochs with its text screen in this terminal; returns its exit status.

    Debian's Bochs has its debugger built in, and then its term display draws the emulated VGA
    screen (curses) on a pseudo-terminal of its own ('Bochs connected to screen "/dev/pts/N"' on
    stderr), leaving this terminal to the debugger. This copies that screen here. The user's
    lines go to the debugger (c, r, sreg at a BOCHS_BREAK stop); a line 'q' (or Ctrl-C) stops
    the machine and quits Bochs, which leaves the screen as curses found it. dbgfile: the
    debugger's own output goes there instead of here (when nobody talks to it)."""
    import signal
    import threading
    env = dict(os.environ, LINES="25", COLUMNS="80")   # the screen's pty has no size of its own
    dbg = open(dbgfile, "wb") if dbgfile else subprocess.PIPE
    p = subprocess.Popen([BOCHS, "-q", "-unlock", "-f", conf, "-rc", rcf], stdin=subprocess.PIPE,
                         stdout=dbg, stderr=subprocess.PIPE, env=env, start_new_session=True)
    lock = threading.Lock()

    def out(data):
        with lock:
            os.write(sys.stdout.fileno(), data)

    def debugger_reader():
        """The debugger's text in rows 27-38, below the emulated screen (rows 1-25)."""
        tail = [b""]
        while True:
            data = os.read(p.stdout.fileno(), 65536)
            if not data:
                return
            for ch in data.replace(b"\r", b"").split(b"\n"):
                tail[-1] += ch
                tail.append(b"")
            tail.pop()
            del tail[:-DEBUG_ROWS]
            text = b"\x1b7" + b"".join(b"\x1b[%d;1H\x1b[2K" % (DEBUG_TOP + i) + ln[:99]
                                        for i, ln in enumerate(tail)) + b"\x1b8"
            out(text)
    sys.stdout.write("\x1b[2J\x1b[H")              # a clean screen for the emulated one
    sys.stdout.flush()

    def relay(pts):
        try:
            fd = os.open(pts, os.O_RDWR | os.O_NOCTTY)
        except OSError as e:
            print(f"bochsrun: cannot open Bochs' screen {pts}: {e}", file=sys.stderr)
            return
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out(data)
        os.close(fd)

    def stderr_reader():
        with open(errfile, "wb") as log:
            for line in p.stderr:
                log.write(line)
                log.flush()
                m = re.search(rb'Bochs connected to screen "([^"]+)"', line)
                if m:
                    threading.Thread(target=relay, args=(m.group(1).decode(),), daemon=True).start()

    def quit_bochs(*_):
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGINT)       # into the debugger ...
                time.sleep(0.5)
                p.stdin.write(b"q\n")              # ... which quits
                p.stdin.flush()
            except (OSError, ValueError):
                pass

    def hang_up(*_):
        """The terminal is gone (tmux killed, ssh dropped) or we are told to stop: Bochs runs in a
        session of its own, so it would live on, alone, using a CPU; it goes with us."""
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass

    threading.Thread(target=stderr_reader, daemon=True).start()
    if not dbgfile:
        threading.Thread(target=debugger_reader, daemon=True).start()
    old = signal.signal(signal.SIGINT, quit_bochs)
    old_hup, old_term = signal.signal(signal.SIGHUP, hang_up), signal.signal(signal.SIGTERM, hang_up)
    try:
        def user():
            for line in sys.stdin:
                if line.strip() == "q":
                    quit_bochs()
                    return
                try:
                    p.stdin.write(line.encode())
                    p.stdin.flush()
                except (OSError, ValueError):
                    return
        threading.Thread(target=user, daemon=True).start()
        while p.poll() is None:
            time.sleep(0.2)
    finally:
        signal.signal(signal.SIGINT, old)
        signal.signal(signal.SIGHUP, old_hup)
        signal.signal(signal.SIGTERM, old_term)
    time.sleep(0.3)
    sys.stdout.write("\x1b[0m\x1b[?25h\n")     # plain text and a visible cursor again
    return p.returncode


def main():
    ap = argparse.ArgumentParser(description="boot a disk image in Bochs")
    ap.add_argument("--image", default="build/disk.img")
    ap.add_argument("--bios", default=os.environ.get("BOCHS_BIOS", "bochs"))
    ap.add_argument("--megs", type=int, default=int(os.environ.get("BOCHS_MEGS", "128")))
    ap.add_argument("--display", default=os.environ.get("BOCHS_DISPLAY", ""),
                    help="term (this terminal) or headless; default: term on a tty")
    ap.add_argument("--break", dest="brk", action="store_true",
                    help="stop in the debugger at each stage's entry (MBR 0x7C00, setup16, pm32, lm64, kernel)")
    ap.add_argument("--sym", action="append", default=[],
                    help="Bochs symbol file for the debugger (ldsym): names instead of (unk. ctxt)")
    ap.add_argument("--elf", action="append", default=[], metavar="NAME=FILE",
                    help="setup=, lm64=, kernel= ELF files: with --break, their entries stop")
    ap.add_argument("--break-sym", action="append", default=[], metavar="NAME",
                    help="with --break, also stop at this symbol (pm32_start)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--dir", default="build", help="where bochsrc, serial and log go")
    a = ap.parse_args()
    display = a.display or ("term" if sys.stdin.isatty() and sys.stdout.isatty() else "headless")
    os.makedirs(a.dir, exist_ok=True)
    conf, rcf = os.path.join(a.dir, "bochsrc"), os.path.join(a.dir, "bochs.rc")
    serial, log = os.path.join(a.dir, "bochs-serial.txt"), os.path.join(a.dir, "bochs.log")
    term = display == "term"
    try:
        # in this terminal: the machine stays on its last screen (the power-off is reported,
        # not fatal) until the user quits; no magic breakpoints (the stops are the stage entries)
        mkbochsrc.write(conf, image=a.image, bios=a.bios, megs=a.megs, display=display,
                        serial=serial, log=log, stay=term, magic=not term)
        rc = debugger_script(a, term)
    except (OSError, ValueError, mkbochsrc.GeometryError) as e:
        print(f"bochsrun: {e}", file=sys.stderr)
        sys.exit(1)
    for p in (serial, log):  # a file left by the last run would be shown as this run's
        if os.path.exists(p):
            os.remove(p)
    with open(rcf, "w") as f:
        f.write(rc)
    print(f"bochsrun: {a.image}, BIOS {a.bios}, {a.megs} MiB, display {display}; "
          f"config {conf}, COM1 -> {serial}, log {log}")
    if term:
        print("bochsrun: the emulated screen follows and stays when the boot is over; "
              "q and Enter quits" + ("; at each stop, c and Enter goes on" if a.brk else ""))
        time.sleep(1.5)
        interactive(conf, rcf, os.path.join(a.dir, "bochs-stderr.txt"),
                    None if a.brk else os.path.join(a.dir, "bochs-debugger.txt"))
        r = _run_summary(serial, log)
        print(f"bochsrun: COM1 output ({serial}):")
        sys.stdout.write(r.serial)
    else:
        r = _run(conf, rcf, serial, log, a.timeout, echo=True)  # COM1 as it arrives
    print(f"bochsrun: ended: {r.ended}; {len(r.panics)} panic(s), {len(r.errors)} error(s) in {log}")
    for ln in r.panics + r.errors:
        print("  " + ln)
    sys.exit(0 if r.verdict() == "PASS" and not r.panics else 1)


def lookup(symfiles, name):
    """Address of name in Bochs symbol files ('hexaddr name' lines), or None."""
    for path in symfiles:
        with open(path) as f:
            for line in f:
                addr, _, sym = line.rstrip("\n").partition(" ")
                if sym == name:
                    return int(addr, 16)
    return None


def debugger_script(a, term):
    """The Bochs debugger commands of this run: load the stages' symbols, with --break put a
    breakpoint on each stage's entry, then run (in this terminal: once; the debugger reads
    the user's commands after that; otherwise through every stop, then quit)."""
    import elfinfo
    out = [f'ldsym global "{os.path.abspath(s)}"' for s in a.sym]
    if a.brk:
        stops = [0x7C00]
        elfs = dict(e.split("=", 1) for e in a.elf)
        for name in ("setup", "lm64", "kernel"):
            if name in elfs:
                stops.append(elfinfo.read(elfs[name])[0])
        for name in a.break_sym:
            addr = lookup(a.sym, name)
            if addr is None:
                raise ValueError(f"symbol {name} is in none of {', '.join(a.sym)}")
            stops.append(addr)
        out += [f"pb 0x{x:x}" for x in sorted(set(stops))]
    if term or a.brk:
        out.append("c")
        return "\n".join(out) + "\n"
    return "\n".join(out) + ("\n" if out else "") + continue_script()


def _run_summary(serial, log):
    lines = read_log(log)
    panics, errors = parse_log(lines)
    ended = "poweroff" if powered_off(lines) else ("panic" if panics else "exit")
    return Run(_read(serial).replace("\r", ""), ended, 0.0, lines, "", panics, errors)


if __name__ == "__main__":
    main()
