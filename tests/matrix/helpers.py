"""helpers.py: shared by the machine and fault matrices (host): paths, mkdisk, booting an image
and judging the result (a pass through the test kernel, or a message followed by a halt)."""
import os
import re
import subprocess
import tempfile

from lib import guest, image  # noqa: F401 (the suites take image from here)
from lib.asserts import Fail, check, eq  # noqa: F401
from lib.paths import KERNEL, MKDISK, ZCAT  # noqa: F401

TIMEOUT = int(os.environ.get("MATRIX_TIMEOUT", "60"))   # per boot, seconds (a boot takes ~1 s under TCG)


def tmpdir():
    return tempfile.TemporaryDirectory(prefix="lbmatrix-")


def run_tool(argv, stdin=None):
    """Run a host tool; returns the CompletedProcess (bytes stdout, text stderr)."""
    p = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    p.stderr = p.stderr.decode("utf-8", "replace")
    return p


def mkdisk(*args):
    p = run_tool([MKDISK, *map(str, args)])
    if p.returncode != 0:
        raise Fail(f"mkdisk {' '.join(map(str, args))} failed ({p.returncode}): {p.stderr.strip()}")
    return p


def expect_refusal(p, what, out_dir=None, out_file=None):
    """A host tool refused its input: exit 1 (not a signal), one line on stderr, and neither
    out_file nor a temporary file next to it (out_file + suffix) left in out_dir."""
    check(p.returncode >= 0, f"{what}: killed by signal {-p.returncode}; stderr {p.stderr!r}")
    eq(p.returncode, 1, f"{what}: exit status (stderr {p.stderr.strip()!r})")
    lines = p.stderr.strip("\n").split("\n")
    check(len(lines) == 1 and lines[0].strip(), f"{what}: want one line on stderr, got {p.stderr!r}")
    if out_file is not None:
        check(not os.path.exists(out_file), f"{what}: output file left behind")
        left = [f for f in os.listdir(out_dir) if f.startswith(os.path.basename(out_file))]
        check(not left, f"{what}: temporary files left behind: {left}")


def make_image(td, *args, name="disk.img", kernel=KERNEL):
    """A fresh image of the test kernel (plus mkdisk args) in directory td; returns its path."""
    out = os.path.join(td, name)
    mkdisk("--kernel", kernel, "--cmdline", "longboot matrix", *args, "--output", out)
    return out


def boot(img, **kw):
    kw.setdefault("timeout", TIMEOUT)
    return guest.qemu(img, **kw)


def expect_pass(b):
    """The whole chain ran: every stage marker in order, the test kernel passed and exited 0x10.
    Returns the test kernel's report."""
    return guest.expect_chain_pass(b)


def boot_pass(img, **kw):
    b = boot(img, **kw)
    return b, expect_pass(b)


def disk_method(b):
    """(boot drive, 'edd' or 'chs') from lm64's 'disk: drive 0x80, edd ...' line."""
    m = re.search(r"disk: drive 0x([0-9a-f]+), (edd|chs)", b.serial, re.I)
    check(m is not None, f"lm64 printed no 'disk: drive ..., edd|chs' line; {b.describe()}")
    return int(m.group(1), 16), m.group(2).lower()


HALT_LINE = "The machine is halted: fix the cause, then press Ctrl-Alt-Del (or reset)."  # common/halt.h


def expect_halt(img, pattern, what, flags=re.I, **kw):
    """Boot img; the guest must print a line matching pattern (a regex, case-insensitive), stay
    halted 3 s after it (no reboot, no triple fault: QEMU runs with -no-reboot), and never reach
    the test kernel. Returns (Boot, the output from the matching line on)."""
    rx = re.compile(pattern, flags)
    b = boot(img, until=rx, settle=3.0, **kw)
    m = rx.search(b.serial)
    check(m is not None, f"{what}: no message matching /{pattern}/; {b.describe()}")
    msg = b.serial[b.serial.rfind("\n", 0, m.start()) + 1:].strip()
    check(b.halted, f"{what}: message printed but the guest did not stay halted "
                    f"(exit {b.exit_code}, timed out {b.timed_out}): {msg!r}; {b.describe()}")
    check("testkernel: start" not in b.serial, f"{what}: the test kernel ran anyway; {b.describe()}")
    # the MBR and the loader head's first-sector checks ("setup16: loader incomplete|damaged")
    # have no room for it
    if re.match(r"(setup16|lm64)\b", msg) and not re.match(r"setup16: loader (incomplete|damaged)", msg):
        check(HALT_LINE in b.serial[m.start():], f"{what}: no line {HALT_LINE!r} after the message: {msg!r}")
    if os.environ.get("MATRIX_SHOW"):
        print(f"  [{what}] {msg.splitlines()[0]}", flush=True)
    return b, msg


def expect_fatal(img, line, what, **kw):
    """expect_halt for an exact message: line is a regular expression for the whole line the
    loader prints (case matters; the varying values as patterns, e.g. r"lba 0x[0-9a-f]+").
    Returns (Boot, the re.Match of that line)."""
    b, msg = expect_halt(img, rf"^(?:{line})\n", what, flags=re.M, **kw)
    return b, re.match(line, msg.splitlines()[0])


def boot_with_screen(img, pattern, what, **kw):
    """expect_halt, and also read the VGA text screen (0xB8000, 80x25) through a QEMU monitor
    socket while the guest sits halted after the message (the snapshot is taken before QEMU is
    stopped: guest.qemu's before_kill). Returns (Boot, message, screen text as one string of
    80-column rows joined without newlines)."""
    with tmpdir() as td:
        sock, dump = os.path.join(td, "mon.sock"), os.path.join(td, "vga.bin")
        kw["monitor"] = f"unix:{sock},server=on,wait=off"
        # quoted: not "4000 / ..."
        kw["before_kill"] = lambda: guest.monitor_command(sock, f'pmemsave 0xb8000 4000 "{dump}"')
        b, msg = expect_halt(img, pattern, what, **kw)
        try:
            with open(dump, "rb") as f:
                cells = f.read()
        except FileNotFoundError:
            raise Fail(f"{what}: no screen dump from the QEMU monitor")
    check(len(cells) == 4000, f"{what}: the screen dump has {len(cells)} bytes, not 4000")
    return b, msg, cells[0::2].decode("cp437")


def expect_on_screen(screen, msg, what):
    """The first line of msg (as printed on COM1) appears on the screen. It may wrap: setup16's
    and lm64's consoles wrap on word boundaries (a row's end separates words as a blank does);
    the MBR and the loader head print through the BIOS, which wraps at column 80 mid-word (the
    rows join without a blank)."""
    line = " ".join(msg.splitlines()[0].split())
    rows = [screen[i:i + 80] for i in range(0, len(screen), 80)]
    by_word = " ".join(" ".join(rows).split())
    by_column = " ".join("".join(rows).split())
    check(line in by_word or line in by_column, f"{what}: {line!r} is not on the screen; screen:\n" +
          "\n".join(screen[i:i + 80].rstrip() for i in range(0, len(screen), 80)).strip())
