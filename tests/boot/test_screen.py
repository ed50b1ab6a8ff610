"""test_screen.py: what the loader leaves on the VGA text screen, read from VGA memory through
the QEMU monitor (tests/lib/screen.py): lines longer than the screen wrap on word boundaries,
a fatal error is in its own colour (white on red, 0x4F) with the stage name, and a kernel
whose console is a serial port only gets a last line saying so. Plus the wrap logic itself
(common/wrap.h) against Python's textwrap, through a tiny host build."""
import os
import re
import subprocess
import tempfile
import textwrap

import pytest

from lib import screen

BUILD = os.environ.get("BUILD", "build")
MKDISK = os.path.join(BUILD, "mkdisk")
KERNEL = os.path.join(BUILD, "testkernel.elf")
PICTURES = os.environ.get("SCREEN_PICTURES")   # a directory: keep PNG screenshots there
ATTR_TEXT, ATTR_ERROR = 0x07, 0x4F
NOTE = "longboot: kernel console is on {}; nothing more will appear here"


def image(td, cmdline, name="disk.img"):
    out = os.path.join(td, name)
    subprocess.run([MKDISK, "--kernel", KERNEL, "--cmdline", cmdline, "--output", out],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def shot(name):
    """A PPM path for the screendump when pictures are wanted (PNG made from it after)."""
    if not PICTURES:
        return None
    os.makedirs(PICTURES, exist_ok=True)
    return os.path.join(PICTURES, name + ".ppm")


def keep(ppm):
    if ppm and os.path.exists(ppm):
        screen.ppm_to_png(ppm, ppm[:-4] + ".png")
        os.remove(ppm)


def wrapped(line, cols=80):
    return textwrap.wrap(line, cols, break_on_hyphens=False, break_long_words=True)


def serial_line(serial, prefix):
    m = re.search(rf"^{re.escape(prefix)}.*$", serial, re.M)
    assert m, f"no {prefix!r} line on COM1:\n{serial[-2000:]}"
    return m.group(0)


def rows_of(scr, first_words, n):
    pos = scr.find(first_words)
    assert pos and pos[1] == 0, f"{first_words!r} not at the start of a row:\n{scr.text()}"
    return [r.rstrip() for r in scr.rows()[pos[0]:pos[0] + n]], pos[0]


def test_long_lines_wrap_on_word_boundaries_and_no_console_note():
    with tempfile.TemporaryDirectory() as td:
        ppm = shot("after-boot")
        scr = screen.boot(image(td, "longboot test"), "testkernel: PASS", ppm=ppm)
        keep(ppm)
    line = serial_line(scr.serial, "longboot timing: ")
    assert len(line) > 80, line
    want = wrapped(line)
    got, row = rows_of(scr, "longboot timing: ", len(want))
    assert got == want, "\n".join(got)
    # every cell of the boot log is grey on black: the normal colour
    assert set(scr.attrs(row)) == {ATTR_TEXT}
    assert "kernel console is on" not in scr.text()


@pytest.mark.parametrize("cmdline,tty", [
    ("console=ttyS0,115200n8 root=/dev/sda1", "ttyS0"),
    pytest.param("quiet console=ttyS1", "ttyS1", marks=pytest.mark.slow),
    ("console=ttyS0 console=tty0", None),   # also on the screen: no note
    pytest.param("console=tty1", None, marks=pytest.mark.slow),
])
def test_serial_console_note(cmdline, tty):
    with tempfile.TemporaryDirectory() as td:
        ppm = shot("after-console-note") if tty == "ttyS0" else None
        scr = screen.boot(image(td, cmdline), "testkernel: PASS", ppm=ppm)
        keep(ppm)
    text = scr.text()
    if tty is None:
        assert "kernel console is on" not in text, text
        return
    note = NOTE.format(tty)
    pos = scr.find(note)
    assert pos and pos[1] == 0, f"{note!r} not on the screen:\n{text}"
    assert scr.rows()[pos[0]].rstrip() == note
    # the last line lm64 writes: after the timing line, and only on the screen
    assert pos[0] > scr.find("longboot timing: ")[0]
    assert "kernel console is on" not in scr.serial


def test_setup16_error_in_error_colour():
    with tempfile.TemporaryDirectory() as td:
        ppm = shot("after-setup16-error")
        scr = screen.boot(image(td, "longboot test"), "setup16: this CPU", extra=("-cpu", "qemu32"),
                          ppm=ppm)
        keep(ppm)
    msg = "setup16: this CPU cannot run a 64-bit kernel (no long mode)"
    assert serial_line(scr.serial, "setup16: ") == msg
    pos = scr.find(msg)
    assert pos and pos[1] == 0, scr.text()
    attrs = scr.attrs(pos[0])
    assert set(attrs[:len(msg)]) == {ATTR_ERROR}, attrs[:len(msg)].hex()
    assert set(attrs[len(msg):]) <= {ATTR_TEXT}   # the rest of the row stays normal
    assert set(scr.attrs(pos[0] - 1)) == {ATTR_TEXT}


def test_lm64_error_in_error_colour():
    from lib import image as limage
    with tempfile.TemporaryDirectory() as td:
        img = image(td, "longboot test")
        im = limage.Image(img)
        im.flip("kernel", im.kernel_bytes // 2, count=16)
        im.record_crc("kernel")            # past setup16's CRC check: lm64's gzip check reports it
        scr = screen.boot(img, "lm64: kernel payload", settle=3.0)
    line = serial_line(scr.serial, "lm64: kernel payload")
    want = wrapped(line)
    got, row = rows_of(scr, "lm64: kernel payload", len(want))
    assert got == want, "\n".join(got)
    for i, text in enumerate(want):
        assert set(scr.attrs(row + i)[:len(text)]) == {ATTR_ERROR}, (i, scr.attrs(row + i).hex())
    assert set(scr.attrs(row - 1)) == {ATTR_TEXT}


HOST = r'''
#include <stdio.h>
#include <string.h>
#include "wrap.h"
static void out(char c, void *ctx) { (void)ctx; putchar(c); }
int main(int argc, char **argv)
{
	struct wrap w;
	if (argc != 3)
		return 2;
	wrap_init(&w, out, 0, (unsigned)atoi(argv[1]), 0);
	for (const char *p = argv[2]; *p; p++)
		wrap_putc(&w, *p);
	wrap_flush(&w);
	return 0;
}
'''


@pytest.fixture(scope="module")
def wrap_host(tmp_path_factory):
    d = tmp_path_factory.mktemp("wrap")
    src = d / "wrap_host.c"
    src.write_text("#include <stdlib.h>\n" + HOST)
    exe = d / "wrap_host"
    subprocess.run(["cc", "-Wall", "-Wextra", "-Werror", "-Icommon", "-o", str(exe), str(src)],
                   check=True)
    return str(exe)


def screen_of(output, cols):
    """What a teletype screen of cols columns shows for output (auto-wrap after the last column)."""
    rows, cur = [], ""
    for c in output:
        if c == "\n":
            rows.append(cur)
            cur = ""
            continue
        cur += c
        if len(cur) == cols:
            rows.append(cur)
            cur = ""
    rows.append(cur)
    return [r.rstrip() for r in rows]


@pytest.mark.parametrize("cols", [10, 20, 80])
@pytest.mark.parametrize("text", [
    "longboot timing: read kernel 1.2 ms (17.5 MiB/s), read initrd 0.0 ms, e820 0.3 ms, a20 0.1 ms",
    "exactly-ten abcdefghij klmnopqrst uv",
    "a-word-much-longer-than-any-of-these-screens-is-cut-at-the-width then short words",
])
def test_wrap_matches_textwrap(wrap_host, cols, text):
    out = subprocess.run([wrap_host, str(cols), text], check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    want = [r.rstrip() for r in wrapped(text, cols)]
    got = [r for r in screen_of(out, cols) if r != ""]
    assert got == want
