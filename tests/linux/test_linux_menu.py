"""test_linux_menu.py: Debian's cloud kernel in an image with two entries (with and without
nokaslr, the kernel and initrd stored once): the entry chosen in the menu on COM1 boots to init
with its own command line. Slow (a real Linux boot under TCG); make test-menu-boot-full."""
import os
import re
import subprocess

import pytest

from lib import image
from lib.console import Console

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
LINUX = os.path.join(BUILD, "linux")
KERNEL = os.path.join(LINUX, "vmlinuz-cloud-amd64")
INITRD = os.path.join(LINUX, "initramfs.cpio.gz")
CMDLINE = "console=ttyS0 panic=-1"


@pytest.mark.slow
@pytest.mark.parametrize("keys, want", [(b"2\r", CMDLINE + " nokaslr"), (b"\r", CMDLINE)])
def test_chosen_entry_boots_to_init(tmp_path, keys, want):
    if not (os.path.exists(KERNEL) and os.path.exists(INITRD)):
        pytest.skip(f"{KERNEL} or {INITRD} absent: make linux-kernels")
    img = tmp_path / "two.img"
    p = subprocess.run([os.path.join(BUILD, "mkdisk"),
                        "--kernel", KERNEL, "--initrd", INITRD, "--title", "Debian cloud", "--cmdline", CMDLINE,
                        "--kernel", KERNEL, "--initrd", INITRD, "--title", "Debian cloud (nokaslr)",
                        "--cmdline", CMDLINE + " nokaslr", "--timeout", "60", "--output", str(img)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    a, b = image.Image(str(img), entry=0), image.Image(str(img), entry=1)
    assert (a.kernel_lba, a.initrd_lba) == (b.kernel_lba, b.initrd_lba), "kernel and initrd not stored once"
    assert os.path.getsize(img) < os.path.getsize(KERNEL) + os.path.getsize(INITRD) + (4 << 20)
    with Console(str(img), mem="512M") as c:
        c.wait_for(r"Debian cloud \(nokaslr\)", 120)
        c.serial(keys)
        m = c.wait_for(r"longboot-init: cmdline: ([^\n]*)\n", 600)
        assert m.group(1).strip() == want
        c.wait_for(r"longboot-init: done", 120)
        assert re.search(r"entry %d: Debian cloud" % (2 if b"2" in keys else 1), c.text)
