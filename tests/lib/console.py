"""console.py: an interactive QEMU for the boot-menu tests: COM1 on a socket (read continuously,
bytes written to it arrive as a serial terminal's keys), the monitor on a socket (`sendkey` for
the PC keyboard, `pmemsave` of VGA text memory, `screendump`). Never uses KVM."""
import os
import re
import socket
import subprocess
import tempfile
import struct
import threading
import time
import zlib

from lib import guest

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
VGA_TEXT = 0xB8000


def ppm_to_png(ppm, png):
    """A binary PPM (P6, 8-bit, what QEMU's screendump writes) as an RGB PNG; returns (w, h)."""
    with open(ppm, "rb") as f:
        data = f.read()
    fields, at = [], 0
    while len(fields) < 4:                    # magic, width, height, maxval; '#' comments
        while data[at:at + 1].isspace():
            at += 1
        if data[at:at + 1] == b"#":
            at = data.index(b"\n", at) + 1
            continue
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    at += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{ppm}: not an 8-bit binary PPM ({fields[0]!r}, maxval {fields[3]!r})")
    w, h = int(fields[1]), int(fields[2])
    pix = data[at:at + w * h * 3]
    raw = b"".join(b"\0" + pix[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    with open(png, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return w, h


def plain(raw):
    """COM1 bytes as text: VT100 sequences removed (menu rows arrive as ESC[r;1H text ESC[K)."""
    return ANSI.sub(b"\n", raw).replace(b"\r", b"").decode("latin-1")


class Console:
    def __init__(self, image, mem="128M", drive_opts="", extra=()):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name
        self.ser_path, self.mon_path = os.path.join(d, "com1"), os.path.join(d, "mon")
        cmd = guest.qemu_cmd(image, mem=mem, drive_opts=drive_opts, serial="chardev:s0",
                             monitor=f"unix:{self.mon_path},server=on,wait=off",
                             extra=("-chardev", f"socket,id=s0,path={self.ser_path},server=on,wait=off", *extra))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.ser = self._connect(self.ser_path)
        self.mon = self._connect(self.mon_path)
        self.raw = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._reader, daemon=True).start()
        self._monitor_read()   # the banner and first prompt

    def _connect(self, path):
        end = time.monotonic() + 30
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                return s
            except OSError:
                s.close()
                if time.monotonic() > end or self.proc.poll() is not None:
                    raise
                time.sleep(0.05)

    def _reader(self):
        while True:
            try:
                b = self.ser.recv(4096)
            except OSError:
                return
            if not b:
                return
            with self.lock:
                self.raw += b

    def _monitor_read(self):
        out = b""
        self.mon.settimeout(30)
        while not out.endswith(b"(qemu) "):
            b = self.mon.recv(4096)
            if not b:
                break
            out += b
        return out.decode("latin-1")

    def monitor(self, command):
        self.mon.sendall(command.encode() + b"\n")
        return self._monitor_read()

    @property
    def text(self):
        with self.lock:
            return plain(bytes(self.raw))

    def wait_for(self, pattern, timeout=60):
        """Waits until COM1's text matches pattern (regex); returns the match."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = rx.search(self.text)
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no /{pattern}/ on COM1 within {timeout} s; COM1 so far:\n{self.text[-3000:]}")

    def key(self, *names, gap=0.15):
        """PC keyboard keys through the monitor (`sendkey` names: down, ret, e, end, spc, ...)."""
        for n in names:
            self.monitor(f"sendkey {n}")
            time.sleep(gap)

    def type(self, text):
        """Characters on the PC keyboard."""
        names = {" ": "spc", "=": "equal", "-": "minus", ".": "dot", "/": "slash"}
        self.key(*(names.get(c, c) for c in text))

    def serial(self, data, gap=0.05):
        """Bytes on COM1, as a serial terminal sends them."""
        for b in data:
            self.ser.sendall(bytes([b]))
            time.sleep(gap)

    def vga_text(self):
        """The 80x25 VGA text screen (characters only), one string per row."""
        path = os.path.join(self.dir.name, "vga.bin")
        self.monitor(f'pmemsave {VGA_TEXT} 4000 "{path}"')
        with open(path, "rb") as f:
            b = f.read()
        return [b[r * 160:(r + 1) * 160:2].decode("cp437").rstrip() for r in range(25)]

    def screendump(self, ppm):
        self.monitor(f'screendump "{ppm}"')

    def running(self):
        return self.proc.poll() is None

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for s in (self.ser, self.mon):
            s.close()
        self.dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()
