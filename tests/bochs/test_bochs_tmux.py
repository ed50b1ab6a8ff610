"""test_bochs_tmux.py: `make bochs` as a person runs it, in a terminal (tmux, 100x40), read back
with `tmux capture-pane`: the emulated VGA screen appears in the terminal, stays on the last
screen after the boot, and 'q' Enter quits (COM1 printed, exit 0); with BOCHS_BREAK=1 the
debugger stops at each stage's entry symbol and 'c' Enter goes on."""
import os
import re
import shutil
import subprocess
import time

import pytest

from lib import abi

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, cmd, name):
        self.sock = f"longboot-test-{os.getpid()}-{name}"
        self.t = ["tmux", "-L", self.sock]
        subprocess.run(self.t + ["new-session", "-d", "-s", "lb", "-x", "100", "-y", "40",
                                 f"cd {ROOT} && {cmd}; echo EXIT=$?; sleep 600"], check=True)

    def screen(self):
        return subprocess.run(self.t + ["capture-pane", "-p", "-t", "lb"], stdout=subprocess.PIPE,
                              text=True).stdout

    def wait(self, pattern, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.screen()
            if re.search(pattern, s, re.M):
                return s
            time.sleep(0.5)
        raise AssertionError(f"{pattern!r} never on the terminal; it shows:\n{self.screen()}")

    def keys(self, *keys):
        subprocess.run(self.t + ["send-keys", "-t", "lb", *keys], check=True)

    def close(self):
        subprocess.run(self.t + ["kill-server"], stderr=subprocess.DEVNULL)


def test_make_bochs_shows_the_screen_and_stays():
    t = Tmux("make --no-print-directory -s bochs", "screen")
    try:
        s = t.wait(r"BIOS calls through the gate; masking the PIC and NMI, jumping to the\s*\n\s*kernel")
        # the loader's screen as the VGA shows it (the last 25 rows: the first markers have scrolled
        # away): whole lines as the loader printed them, rows of at most 80 columns
        for line in ("a20: already", 'cmdline: "longboot test"',
                     "setup16: cpu GenuineIntel, memory e820, a20 already; entering pm32"):
            assert re.search(rf"^{re.escape(line)}\s*$", s, re.M), s
        # lm64's last line (over 80 columns) wraps between words onto the next row
        rows = [r.rstrip() for r in s.splitlines()]
        first = [i for i, r in enumerate(rows) if re.match(r"lm64: \d+ BIOS calls ", r)]
        assert len(first) == 1 and len(rows[first[0]]) <= 80, s
        joined = rows[first[0]] + " " + rows[first[0] + 1]
        assert re.fullmatch(r"lm64: \d+ BIOS calls through the gate; masking the PIC and NMI, jumping to the "
                            r"kernel", joined), s
        assert max(len(r) for r in rows) <= 80, s
        assert "bochsrun: the emulated screen follows and stays when the boot is over; q and Enter quits" \
            not in s    # cleared: the emulated screen starts at the top
        time.sleep(8)   # the boot is over (the test kernel halts): the screen stays
        s = t.screen()
        assert re.search(r"^longboot timing: ", s, re.M) and "EXIT=" not in s, s
        t.keys("q", "Enter")
        s = t.wait(r"^EXIT=\d+", timeout=60)
        assert re.search(r"^testkernel: PASS$", s, re.M), s     # COM1, printed after Bochs ended
        assert re.search(r"^bochsrun: ended: \w+; 0 panic\(s\), 0 error\(s\)", s, re.M), s
        assert re.search(r"^EXIT=0$", s, re.M), s
    finally:
        t.close()


@pytest.mark.slow
def test_bochs_break_stops_at_each_stage_entry():
    t = Tmux("make --no-print-directory -s bochs BOCHS_BREAK=1", "break")
    want = [("0000:7c00", "start+0"), ("0000:8000", "_start+0"),
            (r"0020:[0-9a-f]{16}", "pm32_start+0"), (f"0010:{abi.LB_LM64:016x}", "lm64_entry+0"),
            ("0010:0000000000200000", "_start+0")]
    try:
        for i, (csip, sym) in enumerate(want, 1):
            # the debugger's stop line and its prompt (on the same terminal as the emulated screen,
            # so they may share lines with it)
            t.wait(rf"\(0\) \[0x[0-9a-f]+\] {csip} \({re.escape(sym)}\): (?s:.*)<bochs:{i}>",
                   timeout=240)
            t.keys("c", "Enter")
        time.sleep(5)
        t.keys("q", "Enter")
        s = t.wait(r"^EXIT=\d+", timeout=60)
        assert re.search(r"^testkernel: PASS$", s, re.M), s
    finally:
        t.close()
