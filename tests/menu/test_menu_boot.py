"""test_menu_boot.py: the boot menu in real QEMU (SeaBIOS): an image with three entries of the
test kernel, keys sent the way a person would (PC keyboard through the monitor's sendkey, a
serial terminal's bytes on COM1), the menu read on COM1 and in VGA text memory; fallback to the
next entry when one is damaged; mkdisk's entry options."""
import os
import re
import subprocess
import time

import pytest

from lib import abi, image
from lib.console import Console, ppm_to_png

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
MKDISK = os.path.join(BUILD, "mkdisk")
KERNEL = os.path.join(BUILD, "testkernel.elf")
TITLE = "longboot: choose an entry"
HALTED = "The machine is halted: fix the cause, then press Ctrl-Alt-Del (or reset)."
TIMEOUT = 3


def mkdisk(*args):
    p = subprocess.run([MKDISK, *map(str, args)], capture_output=True, text=True)
    return p


def three(tmp_path, *extra, distinct=False):
    """Three entries of the test kernel. distinct: each with a kernel file of its own (one more
    trailing byte each, so they are not stored once) and an initrd of its own."""
    args = []
    for i in (1, 2, 3):
        k = KERNEL
        if distinct:
            k = tmp_path / f"k{i}.elf"
            k.write_bytes(open(KERNEL, "rb").read() + bytes(i))
        args += ["--kernel", k, "--title", f"Entry number {i}", "--cmdline", f"entry={i}"]
        if distinct:
            rd = tmp_path / f"rd{i}"
            rd.write_bytes(bytes([i]) * 5000)
            args += ["--initrd", rd]
    img = tmp_path / "menu.img"
    p = mkdisk(*args, "--timeout", TIMEOUT, *extra, "--output", img)
    assert p.returncode == 0, p.stderr
    return str(img)


@pytest.fixture(scope="module")
def menu_img(tmp_path_factory):
    return three(tmp_path_factory.mktemp("menu"))


def booted(c, cmdline, timeout=90):
    c.wait_for(r"testkernel: start", timeout)
    c.wait_for(r"cmdline: " + re.escape(cmdline) + r"\n", 30)


def menu_shown(c):
    c.wait_for(re.escape(TITLE), 60)
    c.wait_for(r"Entry number 3", 10)


def test_default_boots_after_timeout_and_menu_text(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.wait_for(r"Enter: boot", 10)
        rows = c.vga_text()
        screen = "\n".join(rows)
        assert rows[0].startswith(TITLE), screen
        for i in (1, 2, 3):
            assert any(f"Entry number {i}" in r for r in rows), screen
        assert "Up/Down or 1-9: select   Enter: boot   e: edit the command line" in screen
        booted(c, "entry=1")
        assert "entry 1: Entry number 1" in c.text


def test_screenshot_of_the_menu(tmp_path):
    """The README's picture: the menu on the VGA screen (monitor screendump), as a PNG in
    build/docs/menu.png (docs/menu.png is a copy of it)."""
    img = three(tmp_path, "--timeout", "30")
    with Console(img) as c:
        menu_shown(c)
        c.wait_for(r"Enter: boot", 10)
        time.sleep(1.5)                         # the countdown on its row
        ppm = tmp_path / "menu.ppm"
        c.screendump(ppm)
        os.makedirs(os.path.join(BUILD, "docs"), exist_ok=True)
        w, h = ppm_to_png(ppm, os.path.join(BUILD, "docs", "menu.png"))
        assert (w, h) == (720, 400), (w, h)     # VGA text mode 3: 80x25 cells of 9x16 pixels


def test_down_enter_boots_entry_2(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.key("down", "ret")
        booted(c, "entry=2")


def test_digit_on_serial_boots_entry_3(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.serial(b"3\r")
        booted(c, "entry=3")


def test_vt100_down_on_serial(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.serial(b"\x1b[B\r")
        booted(c, "entry=2")


def test_edit_end_type_enter(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.key("e")
        c.wait_for(r"Command line of entry 1", 20)
        c.key("end")
        c.type(" edited")
        c.key("ret")
        booted(c, "entry=1 edited")


def test_backspace_removes_characters(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.serial(b"e")
        c.wait_for(r"Command line of entry 1", 20)
        c.serial(b"\x7f\x7f\x089\r")          # DEL, DEL, BS: "entry=1" -> "entr", then "9"
        booted(c, "entr9")


def test_esc_returns_to_the_menu(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.key("e")
        c.wait_for(r"Command line of entry 1", 20)
        n = c.text.count(TITLE)
        c.key("esc")
        time.sleep(1)
        c.key("down", "ret")
        booted(c, "entry=2")


def test_key_stops_the_countdown(menu_img):
    with Console(menu_img) as c:
        menu_shown(c)
        c.key("down")
        time.sleep(TIMEOUT + 4)
        assert "testkernel: start" not in c.text, "booted although a key stopped the countdown"
        c.key("ret")
        booted(c, "entry=2")


def test_single_entry_boots_without_menu(tmp_path):
    img = tmp_path / "one.img"
    assert mkdisk("--kernel", KERNEL, "--cmdline", "only", "--output", img).returncode == 0
    with Console(str(img)) as c:
        booted(c, "only")
        assert TITLE not in c.text


def test_timeout_0_boots_the_default_at_once(tmp_path):
    img = three(tmp_path, "--timeout", "0")
    with Console(img) as c:
        booted(c, "entry=1")
        assert TITLE not in c.text


def test_timeout_0_serial_key_during_the_banner_shows_the_menu(tmp_path):
    """On COM1 a byte sent once setup16's banner is out (its UART is set up) asks for the menu."""
    img = three(tmp_path, "--timeout", "0")
    with Console(img) as c:
        c.wait_for(r"longboot setup16", 60)
        c.serial(b"3")
        menu_shown(c)
        c.serial(b"\r")
        booted(c, "entry=3")


def test_timeout_0_key_during_the_banner_shows_the_menu(tmp_path):
    """A key pressed while the banner shows (it waits in the BIOS keyboard buffer) asks for the
    menu; the key itself moves the selection, and without a countdown the menu waits for Enter."""
    img = three(tmp_path, "--timeout", "0")
    with Console(img) as c:
        c.wait_for(r"longboot mbr", 60)
        c.key("down")
        menu_shown(c)
        time.sleep(2)
        assert "testkernel: start" not in c.text
        c.key("ret")
        booted(c, "entry=2")


# ---- fallback ----
def _fallback(img, reason, drive=None):
    with Console(drive or img) as c:
        m = c.wait_for(r"lm64: [^\n]*" + reason + r"[^\n]*\n", 90)
        booted(c, "entry=2", 120)
        assert "entry 1 failed: " in c.text
        return m.group(0)


@pytest.mark.slow
def test_damaged_kernel_falls_back_to_entry_2(tmp_path):
    img = three(tmp_path, distinct=True)
    im = image.Image(img, entry=0)
    im.flip("kernel", im.kernel_bytes // 2, count=8)
    msg = _fallback(img, "CRC-32")
    assert msg.startswith("lm64: kernel: CRC-32 0x") and "mkdisk recorded (damaged on disk)" in msg, msg


@pytest.mark.slow
def test_damaged_initrd_falls_back_to_entry_2(tmp_path):
    img = three(tmp_path, distinct=True)
    im = image.Image(img, entry=0)
    im.flip("initrd", 100, count=4)
    msg = _fallback(img, "CRC-32")
    assert msg.startswith("lm64: initrd: CRC-32 0x"), msg


@pytest.mark.slow
def test_read_error_falls_back_to_entry_2(tmp_path):
    img = three(tmp_path, distinct=True)
    im = image.Image(img, entry=0)
    sector = im.lba_of("kernel", im.kernel_bytes // 2)
    conf = tmp_path / "blkdebug.conf"
    conf.write_text(f'[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "{sector}"\nonce = "off"\n')
    msg = _fallback(img, "disk read failed", drive=f"blkdebug:{conf}:{img}")
    assert f"disk read failed: lba 0x{sector:x} status" in msg, msg


@pytest.mark.slow
def test_all_entries_damaged_halts(tmp_path):
    img = three(tmp_path, distinct=True)
    for i in range(3):
        im = image.Image(img, entry=i)
        im.flip("kernel", im.kernel_bytes // 2, count=8)
    with Console(img) as c:
        c.wait_for(r"lm64: no entry left to boot: all 3 entries failed[^\n]*\n" + re.escape(HALTED), 150)
        time.sleep(3)
        assert c.running(), "QEMU stopped after the final halt"
        assert "testkernel: start" not in c.text


# ---- mkdisk ----
def test_mkdisk_entries_dedup_and_info(tmp_path):
    rd = tmp_path / "rd"
    rd.write_bytes(os.urandom(300000))
    one = tmp_path / "one.img"
    assert mkdisk("--kernel", KERNEL, "--initrd", rd, "--output", one).returncode == 0
    two = tmp_path / "two.img"
    p = mkdisk("--kernel", KERNEL, "--title", "A", "--initrd", rd, "--kernel", KERNEL, "--title", "B",
               "--initrd", rd, "--cmdline", "x=1", "--default", "2", "--output", two)
    assert p.returncode == 0, p.stderr
    a, b = image.Image(str(two), entry=0), image.Image(str(two), entry=1)
    assert (a.kernel_lba, a.initrd_lba) == (b.kernel_lba, b.initrd_lba), "the shared payloads are stored once"
    assert os.path.getsize(two) < os.path.getsize(one) + 300000
    assert image.Image(str(two)).title == "B" and b.cmdline == "x=1" and a.cmdline == ""
    # the summary: one line per entry after the image's line
    assert p.stdout.splitlines()[1:] == [
        f'mkdisk:   entry 1: "A": kernel LBA {a.kernel_lba} ({a.kernel_bytes} bytes gzip), '
        f'initrd LBA {a.initrd_lba} (300000 bytes)',
        f'mkdisk:   entry 2 (default): "B": kernel LBA {b.kernel_lba} ({b.kernel_bytes} bytes gzip), '
        f'initrd LBA {b.initrd_lba} (300000 bytes)'], p.stdout
    info = subprocess.run([MKDISK, "--info", str(two)], capture_output=True, text=True).stdout
    assert "entries: 2, default 2, timeout 5 s" in info
    assert f'entry 2: "B", kernel LBA {b.kernel_lba}, initrd LBA {b.initrd_lba}, cmdline "x=1"' in info


def test_mkdisk_config_file(tmp_path):
    conf = tmp_path / "loader.conf"
    conf.write_text(f"timeout 7\ndefault Second\n\ntitle First\nlinux {KERNEL}\noptions a=1\n\n"
                    f"title Second\nversion 9.9\nlinux {KERNEL}\noptions b=2\n")
    img = tmp_path / "c.img"
    p = mkdisk("--config", conf, "--output", img)
    assert p.returncode == 0, p.stderr
    im = image.Image(str(img))
    assert (im.cfg_header["entry_count"], im.cfg_header["timeout"], im.entry) == (2, 7, 1)
    assert im.title == "Second" and im.cmdline == "b=2" and im.string(im.entries[1]["version"]) == "9.9"


@pytest.mark.parametrize("args, want", [
    (["--kernel", KERNEL] * 17, "mkdisk: config: --kernel #17: 17 entries, at most 16 fit in an image"),
    (["--kernel", KERNEL, "--title", ""], "mkdisk: config: --title of entry 1 is empty"),
    (["--kernel", KERNEL, "--cmdline", "x" * 2048], "mkdisk: cmdline: 2048 bytes, at most 2047 fit"),
])
def test_mkdisk_limits(tmp_path, args, want):
    out = tmp_path / "x.img"
    p = mkdisk(*args, "--output", out)
    assert p.returncode == 1 and p.stderr.startswith(want), p.stderr
    assert not out.exists()
