"""screen.py: boot an image in QEMU (TCG, SeaBIOS) and read its VGA text screen through the
QEMU monitor: the 80x25 cells at 0xB8000 (character and attribute bytes, `pmemsave`) and, on
request, a picture of the screen (`screendump`, PPM, converted to PNG with plain Python).

The guest runs without isa-debug-exit and with -no-shutdown, so the test kernel's power-off
(ACPI S5) pauses QEMU instead of ending it, and a loader that halts stays on its last screen:
either way the screen can be read after the guest printed `until` on COM1."""
import os
import socket
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass

from lib import guest
from lib.guest import read_log

COLS, ROWS = 80, 25


@dataclass
class Screen:
    serial: str     # COM1, '\r' removed
    cells: bytes    # 80x25 x (character, attribute)

    def rows(self):
        """The 25 rows as text (cp437), trailing blanks kept."""
        chars = self.cells[0::2].decode("cp437")
        return [chars[i * COLS:(i + 1) * COLS] for i in range(ROWS)]

    def attrs(self, row):
        return self.cells[row * COLS * 2 + 1:(row + 1) * COLS * 2:2]

    def text(self):
        return "\n".join(r.rstrip() for r in self.rows())

    def find(self, s):
        """(row, column) of the first row holding s, or None."""
        for i, r in enumerate(self.rows()):
            c = r.find(s)
            if c >= 0:
                return i, c
        return None


def _monitor(path, cmd, wait=0.3):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(path)
    try:
        s.sendall(cmd.encode() + b"\n")
        time.sleep(wait)
        try:
            s.recv(65536)
        except socket.timeout:
            pass
    finally:
        s.close()


def boot(image, until, settle=2.0, timeout=180, mem="128M", extra=(), ppm=None):
    """Boot image; once COM1 shows until (a string), wait settle seconds, then read the screen.
    ppm: also write a screendump there (PPM). Raises TimeoutError when until never shows."""
    with tempfile.TemporaryDirectory() as td:
        log, mon, dump = (os.path.join(td, n) for n in ("serial.txt", "mon.sock", "vga.bin"))
        cmd = guest.qemu_cmd(image, mem=mem, serial=f"file:{log}", monitor=f"unix:{mon},server=on,wait=off",
                             debug_exit=False, extra=("-no-shutdown", *extra))
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while until not in read_log(log):
                if p.poll() is not None:
                    raise RuntimeError(f"QEMU ended ({p.returncode}) before {until!r}:\n{read_log(log)[-2000:]}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no {until!r} on COM1 in {timeout} s:\n{read_log(log)[-2000:]}")
                time.sleep(0.2)
            time.sleep(settle)
            _monitor(mon, "stop")
            _monitor(mon, f'pmemsave 0xb8000 {COLS * ROWS * 2} "{dump}"')
            if ppm:
                _monitor(mon, f'screendump "{os.path.abspath(ppm)}"', wait=1.0)
            for _ in range(50):
                if os.path.exists(dump) and os.path.getsize(dump) == COLS * ROWS * 2:
                    break
                time.sleep(0.1)
            with open(dump, "rb") as f:
                cells = f.read()
        finally:
            p.kill()
            p.wait()
        return Screen(read_log(log), cells)




def ppm_to_png(ppm, png):
    """Convert a binary PPM (P6, maxval 255: what QEMU's screendump writes) to PNG."""
    with open(ppm, "rb") as f:
        data = f.read()
    fields, pos = [], 2
    assert data[:2] == b"P6", "not a binary PPM"
    while len(fields) < 3:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(int(data[pos:end]))
        pos = end
    w, h, maxval = fields
    pix = data[pos + 1:pos + 1 + w * h * 3]
    raw = b"".join(b"\0" + pix[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png_data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(png, "wb") as f:
        f.write(png_data)
