"""test_slow_serial.py: COM1 on a socket whose reader falls behind, as a serial console server's
does (it drains its socket every 50 or 200 ms, through a small receive buffer): QEMU's UART is then
held up for as long as the reader sleeps, and every byte of the boot must still arrive, in order,
as it does for a reader that keeps up (the THRE wait is bounded by time, common/serial.c).
What is compared: every line of a boot read at once (COM1 to a file) and of the slow boot, with
their numbers (times, rates, TSC) masked."""
import re
import socket
import threading
import time

import pytest

from lib import guest, paths

IMAGE = paths.DISK


def _masked(text):
    """The lines, numbers masked: they differ between two boots (times, rates, the TSC)."""
    text = re.sub(r"0x[0-9a-f]+", "0x#", text)
    return [re.sub(r"\d+", "#", ln) for ln in text.splitlines() if ln.strip()]


class SlowReader:
    """A listening socket on 127.0.0.1 that QEMU's COM1 connects to; it reads at most `chunk`
    bytes every `gap` seconds through a receive buffer of `rcvbuf` bytes."""

    def __init__(self, gap, chunk=256, rcvbuf=1024):
        self.gap, self.chunk, self.data = gap, chunk, bytearray()
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(1)
        self.port = self.srv.getsockname()[1]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        self.srv.settimeout(60)
        try:
            conn, _ = self.srv.accept()
        except OSError:
            return
        with conn:
            while True:
                time.sleep(self.gap)
                try:
                    b = conn.recv(self.chunk)
                except OSError:
                    return
                if not b:
                    return
                self.data += b

    def text(self):
        self.thread.join(timeout=30)
        self.srv.close()
        return self.data.decode("latin-1").replace("\r", "")


def _reference():
    b = guest.qemu(IMAGE, timeout=120)
    guest.expect_chain_pass(b)
    return _masked(b.serial)


def _slow_boot(gap):
    r = SlowReader(gap)
    b = guest.qemu(IMAGE, timeout=240, serial=f"tcp:127.0.0.1:{r.port}")
    return b, r.text()


def _check_lossless(gap, boots):
    want = _reference()
    for n in range(boots):
        b, text = _slow_boot(gap)
        got = _masked(text)
        assert b.exit_code == guest.EXIT_PASS, f"boot {n + 1}: exit {b.exit_code}; serial tail:\n{text[-1500:]}"
        missing = [ln for ln in want if ln not in got]
        assert got == want, (f"boot {n + 1} with a reader {gap * 1000:.0f} ms behind: {len(missing)} lines "
                             f"differ, e.g. {missing[:3]}; got {len(got)} lines, want {len(want)}")


@pytest.mark.parametrize("gap", [0.05, 0.2], ids=["50ms", "200ms"])
def test_slow_reader_loses_nothing(gap):
    """Two boots each with a reader 50 ms and 200 ms behind: every line arrives."""
    _check_lossless(gap, 2)


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("gap", [0.05, 0.2], ids=["50ms", "200ms"])
def test_slow_reader_ten_boots(gap):
    """Ten boots each: 0 bytes lost."""
    _check_lossless(gap, 10)
