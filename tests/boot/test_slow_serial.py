"""test_slow_serial.py: COM1 on a socket whose reader falls behind, as a serial console server's
does when it drains its socket every 50 or 200 ms (and, slow, every 3 s): QEMU's UART is held up
for as long as the reader sleeps (lib/slowserial.py: the reader and QEMU in a network namespace
with the smallest TCP buffers), and every byte of the boot must still arrive, in order, as it
does for a reader that keeps up: the THRE wait is bounded by time (common/serial.c), not by a
count of status reads. Compared: every line of a boot read at once (COM1 to a file) and of the
slow boot, with their numbers (times, rates, the TSC) masked. Beyond about 3.5 s between reads
QEMU itself drops bytes (its UART gives a blocked byte up after a few retries): no guest driver
can be lossless there, so no case reads slower."""
import re

import pytest

from lib import guest, paths, slowserial

IMAGE = paths.DISK


def _masked(text):
    """The lines, numbers masked: they differ between two boots (times, rates, the TSC)."""
    text = re.sub(r"0x[0-9a-f]+", "0x#", text)
    return [re.sub(r"\d+", "#", ln) for ln in text.splitlines() if ln.strip()]


def _check_lossless(tmp_path, gap, boots):
    ref = guest.qemu(IMAGE, timeout=120)
    guest.expect_chain_pass(ref)
    want = _masked(ref.serial)
    for n in range(boots):
        code, text = slowserial.boot(IMAGE, gap, str(tmp_path / f"serial-{n}.txt"))
        got = _masked(text)
        missing = [ln for ln in want if ln not in got]
        assert code == guest.EXIT_PASS, f"boot {n + 1}: exit {code}; serial tail:\n{text[-1500:]}"
        assert got == want, (f"boot {n + 1} with a reader {gap * 1000:.0f} ms behind: {len(missing)} lines "
                             f"missing, e.g. {missing[:3]}; got {len(got)} lines, want {len(want)}:\n{text[-1500:]}")


@pytest.mark.parametrize("gap", [0.05, 0.2], ids=["50ms", "200ms"])
def test_slow_reader_loses_nothing(tmp_path, gap):
    """A boot each with a reader 50 ms and 200 ms behind: every line arrives."""
    _check_lossless(tmp_path, gap, 1)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("gap", [0.05, 0.2, 3.0], ids=["50ms", "200ms", "3s"])
def test_slow_reader_ten_boots(tmp_path, gap):
    """Ten boots each (3 s behind: two): 0 bytes lost."""
    _check_lossless(tmp_path, gap, 2 if gap >= 1 else 10)
