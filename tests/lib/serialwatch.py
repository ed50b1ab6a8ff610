"""serialwatch.py: start QEMU (TCG) with COM1 on a pipe and time when given patterns first appear
on it; the benchmarks' one serial-watch loop (tests/bench/bench_boot.py, bench_debian.py)."""
import os
import re
import selectors
import subprocess
import time

from lib import guest


def cpu_seconds(pid):
    """user+sys CPU time of a running process (all threads), from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def watch(args, marks, until, timeout, wait_exit=False):
    """Run QEMU with args and read COM1 until the mark named `until` appears (marks: name -> bytes
    regular expression). Returns (times, cpu, text, error): times maps each mark seen to seconds
    from QEMU's start, cpu is QEMU's user+sys seconds when `until` appeared (None if it did not),
    text the serial output (latin-1, no CRs), error None or why `until` was not seen.
    wait_exit: after `until`, keep reading until QEMU exits by itself (a guest that powers off),
    within the time limit; otherwise QEMU is killed once `until` is seen."""
    cmd = guest.qemu_cmd(machine=None, mem=None, serial="stdio", debug_exit=False, extra=args)
    pats = {k: re.compile(v) for k, v in marks.items()}
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    buf, times, cpu, err = b"", {}, None, None
    try:
        while wait_exit or until not in times:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                if until not in times:
                    err = f"no {until} within {timeout} s"
                break
            if not sel.select(left):
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            now = time.monotonic()
            if not chunk:
                if until not in times:
                    err = f"QEMU exited ({p.wait()}) before {until}"
                break
            buf += chunk
            for k, pat in pats.items():
                if k not in times and pat.search(buf):
                    times[k] = now - t0
                    if k == until:
                        cpu = cpu_seconds(p.pid)
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        sel.close()
        p.stdout.close()
    return times, cpu, buf.decode("latin-1").replace("\r", ""), err
