"""mkinitramfs.py BUSYBOX INIT OUT: write a gzip'd cpio (newc) initramfs for the Linux boot tests:
the static BUSYBOX as /bin/busybox (+ /bin/sh), INIT as /init, /dev/console, and a 256 KiB
pseudo-random /etc/payload.bin with its SHA-256 in /etc/payload.sha256 (init checks it, so a
truncated or corrupted initrd shows). Host tool; needs no root (device nodes are written as cpio
entries, not made on disk). Deterministic: same inputs, same bytes."""
import gzip
import hashlib
import os
import random
import sys

S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR = 0o040000, 0o100000, 0o120000, 0o020000


class Cpio:
    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def entry(self, name, mode, data=b"", rdev=(0, 0)):
        """One newc record: 110-byte ASCII header, name + NUL padded to 4, data padded to 4."""
        nb = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(nb), 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08X" % f for f in fields) + nb
        self.out += b"\0" * (-len(self.out) % 4)
        self.out += data
        self.out += b"\0" * (-len(self.out) % 4)

    def trailer(self):
        self.ino = 0
        self.entry("TRAILER!!!", 0)
        self.out += b"\0" * (-len(self.out) % 512)
        return bytes(self.out)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: mkinitramfs.py BUSYBOX INIT OUT")
    busybox, init, out = sys.argv[1:]
    bb = open(busybox, "rb").read()
    if bb[:4] != b"\x7fELF":
        sys.exit(f"mkinitramfs: {busybox} is not an ELF executable")
    payload = random.Random(20261121).randbytes(256 * 1024)
    c = Cpio()
    for d in ("bin", "dev", "etc", "proc", "sys", "tmp", "root"):
        c.entry(d, S_IFDIR | 0o755)
    c.entry("dev/console", S_IFCHR | 0o600, rdev=(5, 1))
    c.entry("dev/null", S_IFCHR | 0o666, rdev=(1, 3))
    c.entry("bin/busybox", S_IFREG | 0o755, bb)
    c.entry("bin/sh", S_IFLNK | 0o777, b"busybox")
    c.entry("init", S_IFREG | 0o755, open(init, "rb").read())
    c.entry("etc/payload.bin", S_IFREG | 0o644, payload)
    c.entry("etc/payload.sha256", S_IFREG | 0o644, hashlib.sha256(payload).hexdigest().encode() + b"\n")
    data = gzip.compress(c.trailer(), compresslevel=9, mtime=0)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
