"""guest.py: boot an image in QEMU (TCG, SeaBIOS), capture what the guest prints on COM1,
and parse the test kernel's 'key: value' report."""
import os
import subprocess
import tempfile
from dataclasses import dataclass, field

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
EXIT_PASS = (0x10 << 1) | 1   # isa-debug-exit value 0x10
EXIT_FAIL = (0x11 << 1) | 1   # isa-debug-exit value 0x11


@dataclass
class Boot:
    serial: str            # everything the guest wrote to COM1, '\r' removed
    exit_code: int         # QEMU's exit status (EXIT_PASS / EXIT_FAIL from the test kernel)
    timed_out: bool        # QEMU was killed at the time limit
    cmd: list = field(default_factory=list)

    def tail(self, n=25):
        return "\n".join(self.serial.splitlines()[-n:])

    def describe(self):
        state = "timed out" if self.timed_out else f"exit {self.exit_code}"
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


def qemu(image, machine="pc", mem="128M", iface="ide", cpu=None, fmt="raw", extra=(),
         timeout=120, drive_opts=""):
    """Boot image and return a Boot. Never uses KVM. The guest ends the run itself through
    isa-debug-exit, or by halting (then the time limit ends it: timed_out is set)."""
    with tempfile.TemporaryDirectory() as td:
        log = os.path.join(td, "serial.txt")
        cmd = [QEMU, "-M", machine, "-m", mem, "-accel", "tcg", "-display", "none",
               "-no-reboot", "-serial", f"file:{log}", "-monitor", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if cpu:
            cmd += ["-cpu", cpu]
        if image is not None:
            cmd += disk_args(image, iface, fmt, drive_opts)
        cmd += list(extra)
        timed_out = False
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=timeout)
            code = p.returncode
            if code not in (0, EXIT_PASS, EXIT_FAIL) and p.stdout:
                code_note = p.stdout.decode(errors="replace").strip()
                if code_note:
                    print(f"qemu said: {code_note[-500:]}")
        except subprocess.TimeoutExpired:
            timed_out, code = True, -1
        with open(log, "rb") as f:
            serial = f.read().decode("latin-1").replace("\r", "")
    return Boot(serial, code, timed_out, cmd)


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
