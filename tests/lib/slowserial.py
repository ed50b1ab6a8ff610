"""slowserial.py: a boot whose COM1 goes to a TCP socket that a slow reader drains, as a serial
console server does: it reads at most CHUNK bytes every GAP seconds. The reader and QEMU run in
a network namespace of their own (unshare -n) whose TCP buffers are as small as Linux allows,
so that QEMU's UART is really held up while the reader sleeps (with the default buffers a
boot's few KiB of output fit in them and nothing waits). Run as a script inside the namespace:
    unshare -n python3 -m lib.slowserial IMAGE GAP OUT   (from tests/)
it writes what the reader got to OUT and prints QEMU's exit status."""
import fcntl
import os
import socket
import struct
import subprocess
import sys
import threading
import time

CHUNK = 256
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def _namespace_setup():
    """Loopback up, and the smallest TCP buffers (this namespace's own sysctls)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH", b"lo", 0)))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))
    for name in ("tcp_wmem", "tcp_rmem"):
        with open(f"/proc/sys/net/ipv4/{name}", "w") as f:
            f.write("4096 4096 4096\n")


def _run(image, gap, out):
    from lib import guest
    _namespace_setup()
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, CHUNK)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    data = bytearray()

    def reader():
        srv.settimeout(60)
        try:
            conn, _ = srv.accept()
        except OSError:
            return
        with conn:
            while True:
                time.sleep(gap)
                b = conn.recv(CHUNK)
                if not b:
                    return
                data.extend(b)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    b = guest.qemu(image, timeout=600, serial=f"tcp:127.0.0.1:{srv.getsockname()[1]}")
    t.join(timeout=60)
    with open(out, "wb") as f:
        f.write(bytes(data))
    print(b.exit_code)


def boot(image, gap, out):
    """Boot image with a reader GAP seconds behind; returns (QEMU's exit status, what it read)."""
    tests = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = subprocess.run(["unshare", "-n", sys.executable, "-m", "lib.slowserial", image, str(gap), out],
                       cwd=tests, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-2000:]
    with open(out, "rb") as f:
        return int(p.stdout.split()[-1]), f.read().decode("latin-1").replace("\r", "")


if __name__ == "__main__":
    _run(sys.argv[1], float(sys.argv[2]), sys.argv[3])
