"""guest.py: boot an image in QEMU (TCG, SeaBIOS), capture what the guest prints on COM1,
and parse the test kernel's 'key: value' report."""
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from lib.asserts import check, eq

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
EXIT_PASS = (0x10 << 1) | 1   # isa-debug-exit value 0x10
EXIT_FAIL = (0x11 << 1) | 1   # isa-debug-exit value 0x11
# The line each stage prints as it starts, in boot order.
STAGE_MARKERS = ["longboot mbr", "longboot setup16", "longboot pm32", "longboot lm64", "testkernel: start"]


@dataclass
class Boot:
    serial: str            # everything the guest wrote to COM1, '\r' removed
    exit_code: int         # QEMU's exit status (EXIT_PASS / EXIT_FAIL from the test kernel)
    timed_out: bool        # QEMU was killed at the time limit
    cmd: list = field(default_factory=list)
    halted: bool = False   # the `until` text appeared and QEMU was still running `settle` s later
    qemu_output: str = ""  # what QEMU itself printed (errors about the command line, etc.)

    def tail(self, n=25):
        return "\n".join(self.serial.splitlines()[-n:])

    def describe(self):
        state = ("timed out" if self.timed_out else "halted" if self.halted
                 else f"exit {self.exit_code}")
        return f"{state}; serial tail:\n{self.tail()}"


def disk_args(image, iface="ide", fmt="raw", extra_drive=""):
    """-drive/-device arguments that attach image as the boot disk on the given interface."""
    d = f"file={image},format={fmt},if=none,id=boot{extra_drive}"
    if iface == "ide":
        return ["-drive", f"file={image},format={fmt},if=ide,index=0,media=disk{extra_drive}"]
    if iface == "floppy":
        return ["-drive", f"file={image},format={fmt},if=floppy,index=0{extra_drive}", "-boot", "a"]
    if iface == "ahci":
        return ["-drive", d, "-device", "ahci,id=ahci0", "-device", "ide-hd,drive=boot,bus=ahci0.0,bootindex=1"]
    if iface == "virtio":
        return ["-drive", d, "-device", "virtio-blk-pci,drive=boot,bootindex=1"]
    if iface == "usb-ehci":
        return ["-drive", d, "-device", "usb-ehci,id=ehci", "-device", "usb-storage,bus=ehci.0,drive=boot,bootindex=1"]
    if iface == "usb-xhci":
        return ["-drive", d, "-device", "qemu-xhci,id=xhci", "-device", "usb-storage,bus=xhci.0,drive=boot,bootindex=1"]
    if iface == "virtio-scsi":
        return ["-drive", d, "-device", "virtio-scsi-pci,id=scsi0", "-device", "scsi-hd,bus=scsi0.0,drive=boot,bootindex=1"]
    if iface == "lsi":
        return ["-drive", d, "-device", "lsi53c895a,id=scsi0", "-device", "scsi-hd,bus=scsi0.0,drive=boot,bootindex=1"]
    raise ValueError(f"unknown disk interface {iface}")


def qemu_cmd(image=None, machine="pc", mem="128M", iface="ide", cpu=None, fmt="raw", drive_opts="",
             serial="null", monitor="none", debug_exit=True, extra=()):
    """The one QEMU command line of the tests: TCG (never KVM), no display, no reboot (a triple
    fault ends QEMU), COM1 to `serial` and the monitor to `monitor` (QEMU chardev specs), the
    test kernel's isa-debug-exit port, the image on `iface` as a snapshot (writes go to a
    throw-away overlay, so parallel boots of one image share it and no test changes an image),
    then `extra`. machine or mem None: not on the command line (the caller's extra has them)."""
    cmd = [QEMU] + (["-M", machine] if machine else []) + (["-m", mem] if mem else []) + [
           "-accel", "tcg", "-display", "none", "-no-reboot", "-serial", serial, "-monitor", monitor]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if cpu:
        cmd += ["-cpu", cpu]
    if image is not None:
        opts = drive_opts if "snapshot=" in drive_opts else ",snapshot=on" + drive_opts
        cmd += disk_args(image, iface, fmt, opts)
    return cmd + list(extra)


def qemu(image, machine="pc", mem="128M", iface="ide", cpu=None, fmt="raw", extra=(),
         timeout=120, drive_opts="", until=None, settle=3.0, serial=True, monitor="none", before_kill=None):
    """Boot image and return a Boot. Never uses KVM. The guest ends the run itself through
    isa-debug-exit, or by halting (then the time limit ends it: timed_out is set).
    until: a string (or a compiled regular expression); once the guest prints it, QEMU gets `settle` more seconds and is then
    stopped. If it is still running then, the guest halted: Boot.halted is True (a reboot or
    triple fault makes QEMU exit, since it runs with -no-reboot). before_kill: called (no
    arguments) while the halted guest still runs, before QEMU is stopped (a screen snapshot
    through `monitor`).
    serial=False: the machine has no COM1 at all (-serial none; its ports read 0xFF), Boot.serial
    is empty and only the exit status tells how the test kernel ended. serial="tcp:HOST:PORT"
    (any -serial chardev): COM1 goes there, and whoever listens reads it; Boot.serial is empty."""
    with tempfile.TemporaryDirectory() as td:
        log = os.path.join(td, "serial.txt")
        cmd = qemu_cmd(image, machine, mem, iface, cpu, fmt, drive_opts,
                       serial if isinstance(serial, str) else f"file:{log}" if serial else "none", monitor,
                       extra=extra)
        timed_out = halted = False
        out = os.path.join(td, "qemu.txt")
        with open(out, "wb") as qout:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=qout, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + timeout
            seen_at = None
            while p.poll() is None:
                now = time.monotonic()
                if until and seen_at is None and _seen(until, read_log(log)):
                    seen_at = now
                if seen_at is not None and now - seen_at >= settle:
                    halted = True
                    if before_kill:
                        before_kill()
                    break
                if now >= deadline:
                    timed_out = True
                    break
                time.sleep(0.1)
            if p.poll() is None:
                p.kill()
                p.wait()
                code = -1
            else:
                code = p.returncode
        note = read_log(out).strip()
        if code not in (-1, 0, EXIT_PASS, EXIT_FAIL) and note:
            print(f"qemu said: {note[-500:]}")
        serial = read_log(log)
    return Boot(serial, code, timed_out, cmd, halted, note)


def _seen(until, text):
    """until (a string, or anything with .search like a compiled regex) occurs in text."""
    return until.search(text) is not None if hasattr(until, "search") else until in text


def read_log(path):
    """The text QEMU wrote to path so far (CR removed), or "" before it exists."""
    try:
        with open(path, "rb") as f:
            return f.read().decode("latin-1").replace("\r", "")
    except FileNotFoundError:
        return ""


def report(serial):
    """The test kernel's report: dict of key -> list of values (keys like 'e820' repeat)."""
    out = {}
    started = False
    for line in serial.splitlines():
        if line.startswith("testkernel: start"):
            started, out = True, {}
            continue
        if not started or ": " not in line:
            continue
        k, v = line.split(": ", 1)
        out.setdefault(k.strip(), []).append(v.strip())
    return out


def check_markers(serial, describe):
    """Every stage marker is in serial, in boot order; describe() says what the guest did."""
    pos = 0
    for m in STAGE_MARKERS:
        i = serial.find(m, pos)
        check(i >= 0, f"stage marker {m!r} missing or out of order; {describe()}")
        pos = i


def expect_chain_pass(b):
    """The whole chain ran in QEMU: every stage marker in order, the test kernel passed and
    left through isa-debug-exit 0x10. Returns the test kernel's report."""
    check(not b.timed_out, f"no result before the time limit: {b.describe()}")
    check_markers(b.serial, b.describe)
    check("testkernel: PASS" in b.serial, f"test kernel did not pass: {b.describe()}")
    eq(b.exit_code, EXIT_PASS, "QEMU exit status (isa-debug-exit 0x10)")
    return report(b.serial)


def monitor_command(sock_path, command, timeout=10.0):
    """Send one command to a QEMU human monitor on a unix socket and wait for its next prompt
    (the command has run: a pmemsave's file is complete). Returns what the monitor printed."""
    import socket
    deadline = time.monotonic() + timeout
    s = socket.socket(socket.AF_UNIX)
    while True:
        try:
            s.connect(sock_path)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    s.settimeout(0.2)
    out = b""

    def read_until_prompt(buf):
        while b"(qemu)" not in buf and time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            buf += chunk
        return buf
    try:
        out = read_until_prompt(out)               # the banner and the first prompt
        s.sendall(command.encode() + b"\n")
        out = read_until_prompt(out.split(b"(qemu)", 1)[-1])
    finally:
        s.close()
    return out.decode("latin-1")
