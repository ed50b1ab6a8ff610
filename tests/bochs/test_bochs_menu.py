"""test_bochs_menu.py: an image with three entries of the test kernel and a 1-second countdown
boots its default entry (the second) in Bochs, with Bochs' own BIOS and with SeaBIOS: the menu
is drawn on COM1, the countdown runs out on the BIOS tick, the test kernel reports the entry's
command line and passes."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bochsrun  # noqa: E402
from lib import guest  # noqa: E402
from lib.console import plain  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))


@pytest.mark.slow
@pytest.mark.parametrize("bios", ["bochs", "seabios"])
def test_menu_boots_the_default_entry(tmp_path, bios):
    img = tmp_path / "menu.img"
    kernel = os.path.join(BUILD, "testkernel.elf")
    args = []
    for i in (1, 2, 3):
        args += ["--kernel", kernel, "--title", f"Entry number {i}", "--cmdline", f"entry={i}"]
    p = subprocess.run([os.path.join(BUILD, "mkdisk"), *args, "--default", "2", "--timeout", "1",
                        "--output", str(img)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    r = bochsrun.boot(str(img), bios=bios, megs=128, timeout=300)
    text = plain(r.serial.encode("latin-1"))
    assert r.ended == "poweroff", r.describe()
    assert "longboot: choose an entry" in text and "Entry number 3" in text, text[-2000:]
    assert "entry 2: Entry number 2" in text
    assert guest.report(text).get("cmdline") == ["entry=2"], text[-2000:]
    assert r.verdict() == "PASS", r.describe()
