"""test_quiet.py: the loader's quiet and verbose boot messages, booted in QEMU (TCG, SeaBIOS).

A quiet image (mkdisk --quiet-boot, and --install's default) prints only the stage markers and
the kernel read before the kernel's own output; a verbose one (a new image's default) prints
every detail line in boot order; --timing adds the timing line to a quiet boot. Without a UART
(-serial none) both boot the test kernel to its end about as fast as with one. Ctrl held at boot
makes a quiet image verbose: the key is pressed through the QEMU monitor while SeaBIOS waits at
its boot menu prompt (keyboard initialised, the loader not yet started) and held for seconds, so
the loader's check of the BIOS keyboard flags cannot miss it. setup16's TSC calibration against
Linux's own (slow: a Debian kernel boot). mkdisk's options and --info line for the messages."""
import os
import re
import socket
import subprocess
import tempfile
import time

import pytest

from lib import guest, linuxguest as lg, paths, seabios
from mkdisk import disks

MKDISK, KERNEL = paths.MKDISK, paths.KERNEL
CMDLINE = "longboot test"
# A payload's read: quiet, its name, a dot per MiB (none below 1 MiB) and "ok"; verbose, also
# its size, where it comes from and goes, and how long it took.
KERNEL_READ = r"kernel: ok"
INITRD_READ = r"initrd: \.\. ok"
KERNEL_READ_VERBOSE = r"kernel: \d+ bytes from lba 0x[0-9a-f]+ to 0x[0-9a-f]+ ok(, \d+ ms)?, \d+ reads"
QUIET = ["longboot mbr", "longboot setup16", "longboot pm32", "longboot lm64", KERNEL_READ]
NUM = r"[0-9]+\.[0-9]"
TIMING = (rf"longboot timing: read kernel {NUM} ms \({NUM} MiB/s\), read initrd {NUM} ms, e820 {NUM} ms, "
          rf"a20 {NUM} ms, inflate {NUM} ms \({NUM} MiB/s\), elf {NUM} ms, reloc {NUM} ms, total {NUM} ms")
E820 = r"  e820: 0x[0-9a-f]{16} 0x[0-9a-f]{16} \d"
# Every line a verbose boot of the test kernel prints, in order (E820: one line per entry).
VERBOSE = [
    "longboot mbr",
    "longboot setup16",
    "longboot pm32",
    "longboot lm64",
    # setup16's detail lines, from its log (lm64 prints them once the configuration says verbose)
    r"memory: e820, \d+ entries, low \d+ KiB, e801 \d+ KiB, 88h \d+ KiB",
    E820,
    r"video: VBE \d+\.\d+, \d+ KiB, mode 0x[0-9a-f]+",
    r"video: mode 0x3, 80x25 text, font 16, cursor \d+,\d+",
    r"a20: (already|bios|kbc|port92)",
    r"setup16: cpu (AuthenticAMD|GenuineIntel), memory e820, a20 (already|bios|kbc|port92); entering pm32",
    # lm64's
    r"config: slot A, sequence 1, 1 entries, default 1, timeout 0 s",
    r"disk: drive 0x80, edd \(int13 ah=42h\), \d+ sectors per read, \d+ sectors",
    r"lm64: tsc \d+ kHz, BIOS gate at 0x[0-9a-f]+",
    r"lm64: decoders' workspace at 0x[0-9a-f]+\+0x[0-9a-f]+",
    r"entry 1: testkernel\.elf",
    r"place: kernel 0x[0-9a-f]+\+0x[0-9a-f]+, compressed kernel 0x[0-9a-f]+\+0x[0-9a-f]+, no initrd",
    KERNEL_READ_VERBOSE,
    r'cmdline: "longboot test"',
    r"lm64: kernel payload: gzip, \d+ bytes -> \d+",
    r"lm64: kernel at phys 0x[0-9a-f]+ virt offset 0x0, entry 0x[0-9a-f]+",
    TIMING,
    r"lm64: \d+ BIOS calls through the gate; masking the PIC and NMI, jumping to the kernel",
]
# Lines only a verbose boot prints.
DETAILS = ("config: ", "disk: ", "memory: ", "  e820: ", "video: ", "a20: ", "place: ", "cmdline: ",
           "setup16: cpu ", "lm64: ", "longboot timing: ")


def mkdisk(*args):
    return subprocess.run([MKDISK, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """{name: image}: the test kernel with its command line, quiet, verbose (the default),
    quiet with --timing, quiet with an initrd."""
    d = tmp_path_factory.mktemp("quiet")
    rd = d / "initrd"
    rd.write_bytes(os.urandom(5 << 19))     # 2.5 MiB: two progress dots
    out = {}
    for name, opts in (("quiet", ["--quiet-boot"]), ("verbose", []), ("quiet-timing", ["--quiet-boot", "--timing"]),
                       ("quiet-initrd", ["--quiet-boot", "--initrd", str(rd)])):
        out[name] = str(d / f"{name}.img")
        p = mkdisk("--kernel", KERNEL, "--cmdline", CMDLINE, *opts, "--output", out[name])
        assert p.returncode == 0, p.stderr
    return out


def loader_lines(b):
    """What the loader printed on COM1 (before the test kernel's first line), after checking the
    test kernel passed."""
    guest.expect_chain_pass(b)
    assert b.serial.rstrip("\n").endswith("testkernel: PASS"), b.tail()
    return b.serial[:b.serial.index("testkernel: start")].splitlines()


def matches(lines, patterns):
    """lines match patterns one to one, in order; a pattern equal to E820 takes one line or more."""
    i = 0
    for pat in patterns:
        n = 0
        while i < len(lines) and re.fullmatch(pat, lines[i]) and (n == 0 or pat == E820):
            i, n = i + 1, n + 1
        assert n, f"line {i + 1}: want {pat!r}, got {lines[i] if i < len(lines) else 'nothing'!r}:\n" + "\n".join(lines)
    assert i == len(lines), "more lines than expected:\n" + "\n".join(lines[i:])


def test_quiet_boot_prints_only_the_stage_markers(images):
    lines = loader_lines(guest.qemu(images["quiet"]))
    matches(lines, QUIET)


def test_quiet_boot_with_an_initrd_adds_its_read(images):
    lines = loader_lines(guest.qemu(images["quiet-initrd"]))
    matches(lines, QUIET + [INITRD_READ])


def test_quiet_boot_with_timing_adds_the_timing_line(images):
    lines = loader_lines(guest.qemu(images["quiet-timing"]))
    assert not [l for l in lines if l.startswith(DETAILS[:-1])], "\n".join(lines)
    matches(lines, QUIET + [TIMING])


def test_verbose_boot_prints_every_detail_line(images):
    lines = loader_lines(guest.qemu(images["verbose"]))
    matches(lines, VERBOSE)


def timed(image, serial):
    t0 = time.monotonic()
    b = guest.qemu(image, serial=serial, timeout=60)
    return time.monotonic() - t0, b


@pytest.mark.parametrize("kind", ["quiet", "verbose"])
def test_no_uart_neither_hangs_nor_crawls(images, kind):
    """-serial none: COM1's ports read 0xFF. The loader and the test kernel (the same serial
    driver) drop their output, and the test kernel reaches its end (isa-debug-exit 0x10: its
    checks passed) in about the time a boot with a UART takes."""
    with_uart, b = timed(images[kind], True)
    loader_lines(b)
    without, b = timed(images[kind], False)
    assert (b.timed_out, b.exit_code, b.serial) == (False, guest.EXIT_PASS, ""), b.describe()
    print(f"\n{kind}: QEMU run {with_uart:.2f} s with COM1, {without:.2f} s without")
    assert without <= 2 * with_uart + 2, f"{without:.2f} s without a UART, {with_uart:.2f} s with one"


def monitor(path, cmd):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(path)
    try:
        s.sendall(cmd.encode() + b"\n")
        time.sleep(0.2)
    finally:
        s.close()


def test_ctrl_held_at_boot_makes_a_quiet_image_verbose(images):
    """SeaBIOS's boot menu prompt (-boot menu=on) waits with the keyboard initialised; Ctrl goes
    down then (sendkey, held 8 s: long past the prompt's 1 s and the loader's check) and only sets
    the BIOS keyboard flags (no keystroke: the prompt lets the boot go on). Pressed any earlier,
    SeaBIOS's keyboard reset drops it; pressed once COM1 shows "longboot mbr", setup16 has often
    read its flags already (it does so within milliseconds)."""
    with tempfile.TemporaryDirectory() as td:
        log, mon, sb = (os.path.join(td, n) for n in ("serial.txt", "mon.sock", "seabios.txt"))
        cmd = guest.qemu_cmd(images["quiet"], serial=f"file:{log}", monitor=f"unix:{mon},server=on,wait=off",
                             extra=("-boot", "menu=on,splash-time=1000", *seabios.debugcon_args(sb)))
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while "Press ESC for boot menu" not in guest.read_log(sb):
                assert p.poll() is None and time.monotonic() < deadline, guest.read_log(sb)[-2000:]
                time.sleep(0.02)
            assert guest.read_log(log) == ""       # the loader has not started
            monitor(mon, "sendkey ctrl 8000")
            code = p.wait(timeout=60)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        b = guest.Boot(guest.read_log(log), code, False)
    lines = loader_lines(b)
    matches(lines, VERBOSE)


def test_mkdisk_timing_options_exclude_each_other(tmp_path):
    p = mkdisk("--kernel", KERNEL, "--timing", "--no-timing", "--output", str(tmp_path / "d.img"))
    assert (p.returncode, p.stdout, p.stderr) == (
        1, "", "mkdisk: usage: --timing and --no-timing exclude each other (try --help)\n")
    assert not os.listdir(tmp_path)


def boot_messages(img):
    p = mkdisk("--info", img)
    assert p.returncode == 0, p.stderr
    return [l for l in p.stdout.splitlines() if l.startswith("boot messages: ")]


QUIET_INFO = "boot messages: quiet (Ctrl held at boot: verbose)"


@pytest.mark.parametrize("opts,want", [
    ([], "boot messages: verbose"),
    (["--quiet-boot"], QUIET_INFO),
    (["--quiet-boot", "--timing"], QUIET_INFO + ", timing line"),
    (["--no-timing"], "boot messages: verbose, no timing line"),
])
def test_mkdisk_new_image_boot_messages(tmp_path, opts, want):
    img = str(tmp_path / "d.img")
    p = mkdisk("--kernel", KERNEL, *opts, "--output", img)
    assert p.returncode == 0, p.stderr
    assert boot_messages(img) == [want]


@pytest.mark.parametrize("opts,want", [
    ([], QUIET_INFO),
    (["--verbose-boot"], "boot messages: verbose"),
    (["--timing"], QUIET_INFO + ", timing line"),
])
def test_mkdisk_install_boot_messages(tmp_path, opts, want):
    img = disks.mbr(str(tmp_path / "disk.img"), 8 * disks.MiB, "start=2048, type=83\n")
    p = mkdisk("--install", "--kernel", KERNEL, *opts, "--output", img)
    assert p.returncode == 0, p.stderr
    assert boot_messages(img) == [want]


TSC_LINUX = re.compile(r"tsc: (?:Detected|Refined TSC clocksource calibration:) ([0-9.]+) MHz")
TSC_SETUP16 = re.compile(r"^lm64: tsc (\d+) kHz, BIOS gate at 0x[0-9a-f]+$", re.M)


@pytest.mark.slow
def test_tsc_rate_agrees_with_linux(tmp_path):
    """setup16's TSC rate (PIT channel 2 ticks counted while it works) within 0.5 % of the rate
    Debian's kernel finds (its refined calibration when it printed one), in one verbose boot."""
    img = str(tmp_path / "linux.img")
    p = mkdisk("--kernel", lg.kernel(), "--initrd", lg.INITRD, "--cmdline", "console=ttyS0 panic=-1",
               "--level", "1", "--output", img)
    assert p.returncode == 0, p.stderr
    b = guest.qemu(img, mem="512M", timeout=240)
    assert lg.MARKER in b.serial, b.describe()
    ours = TSC_SETUP16.search(b.serial)
    linux = TSC_LINUX.findall(b.serial)
    assert ours and linux, b.describe()
    khz, mhz = int(ours.group(1)), float(linux[-1])
    print(f"\nsetup16 tsc {khz} kHz, Linux {mhz} MHz ({', '.join(linux)})")
    assert abs(khz / 1000 - mhz) <= 0.005 * mhz, f"setup16: {khz} kHz, Linux: {linux} MHz"
