"""test_linux.py: boot Debian's unmodified kernel (bzImage from apt) with our busybox initramfs
through the longboot chain in QEMU (TCG, SeaBIOS), and compare with QEMU booting the same kernel
directly (-kernel/-initrd/-append): the E820 map the kernel sees, /proc/cmdline, init reached,
the initrd intact, and where the kernel runs with and without KASLR."""
import hashlib
import os
import re
import subprocess
import threading

import pytest

from lib import guest, linuxguest as lg
from lib.asserts import Fail, check, eq

TIMEOUT = int(os.environ.get("LINUX_BOOT_TIMEOUT", "240"))   # per boot; TCG boots take 5-30 s
CMDLINE = "console=ttyS0 panic=-1 longboot.test=cmdline-ok"
TIMING = re.compile(r"^longboot timing:.* total [0-9.]+ ms", re.M)   # lm64's handoff line (bench reads it)
_lock = threading.Lock()
_images, _direct = {}, {}   # per process: under pytest -n, cases sharing one are in one xdist_group


def image(cmdline, flavour="cloud-amd64", mkdisk_args=()):
    """A disk image made by our mkdisk for this kernel and command line (built once per run)."""
    key = (flavour, cmdline, tuple(mkdisk_args))
    with _lock:
        if key in _images:
            return _images[key]
        check(os.access(lg.MKDISK, os.X_OK), f"{lg.MKDISK} is not built")
        d = os.path.join(lg.LINUX, "test")
        os.makedirs(d, exist_ok=True)
        tag = hashlib.sha1(repr(key).encode()).hexdigest()[:10]
        out = os.path.join(d, f"{flavour}-{tag}.img")
        p = subprocess.run([lg.MKDISK, *mkdisk_args, "--kernel", lg.kernel(flavour), "--initrd", lg.INITRD,
                            "--cmdline", cmdline, "--output", out],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        check(p.returncode == 0 and os.path.exists(out),
              f"mkdisk failed on {flavour} (exit {p.returncode}): {p.stdout.decode(errors='replace').strip()[-400:]}")
        _images[key] = out
        return out


def ours(machine, mem, cmdline=CMDLINE, flavour="cloud-amd64", iface="ide", mkdisk_args=()):
    return guest.qemu(image(cmdline, flavour, mkdisk_args), machine=machine, mem=mem, iface=iface, timeout=TIMEOUT)


def direct(machine, mem, cmdline=CMDLINE, flavour="cloud-amd64"):
    """QEMU's own -kernel boot of the same kernel, initrd and command line (cached per run)."""
    key = (machine, mem, cmdline, flavour)
    with _lock:
        ev = _direct.get(key)
        if ev is None:
            ev = _direct[key] = [threading.Event(), None]
            mine = True
        else:
            mine = False
    if mine:
        ev[1] = guest.qemu(None, machine=machine, mem=mem, timeout=TIMEOUT,
                           extra=lg.direct_args(cmdline, flavour))
        ev[0].set()
    ev[0].wait()
    return ev[1]


def reached_init(boot, what, cmdline=CMDLINE):
    """Common checks: init ran, saw exactly our command line, read the initrd whole, and powered
    the VM off itself. Returns init's facts."""
    f = lg.init_facts(boot.serial)
    if not f["reached"]:
        raise Fail(f"{what}: init not reached ({boot.describe()})")
    eq(f.get("cmdline"), cmdline, f"{what}: /proc/cmdline")
    eq(f.get("initrd-payload"), "ok", f"{what}: initrd payload checksum")
    check(not boot.timed_out and boot.exit_code == 0,
          f"{what}: init ran but QEMU did not exit by poweroff ({boot.describe()})")
    bad = lg.trouble(boot.serial)
    check(not bad, f"{what}: the kernel reported trouble:\n  " + "\n  ".join(bad[:10]))
    return f


def same_e820(mine, ref, what):
    a, b = lg.e820_lines(mine.serial), lg.e820_lines(ref.serial)
    check(b, f"{what}: direct boot printed no BIOS-e820 lines ({ref.describe()})")
    if a != b:
        raise Fail(f"{what}: BIOS-e820 differs from QEMU -kernel boot:\nours:\n  " + "\n  ".join(a)
                   + "\ndirect:\n  " + "\n  ".join(b))


def kernel_in_usable_ram(boot, f, what):
    """The kernel's physical range sits inside one usable E820 range and is suitably aligned."""
    ph = lg.kernel_phys(f)
    check(ph is not None, f"{what}: no 'Kernel code' line from /proc/iomem: {f.get('kernel-code')!r}")
    align = lg.setup_header(lg.kernel())["kernel_alignment"]
    eq(ph[0] % align, 0, f"{what}: kernel physical start {ph[0]:#x} modulo kernel_alignment {align:#x}")
    check(any(s <= ph[0] and ph[1] <= e for s, e in lg.e820_usable(boot.serial)),
          f"{what}: kernel code {ph[0]:#x}-{ph[1]:#x} is not inside a usable E820 range")
    return ph


def matrix(machine, mem):
    what = f"{machine} {mem}"
    ref = direct(machine, mem)
    reached_init(ref, f"direct {what}")
    b = ours(machine, mem)
    f = reached_init(b, f"longboot {what}")
    check(TIMING.search(b.serial), f"longboot {what}: no 'longboot timing: ... total X ms' line before the kernel")
    same_e820(b, ref, what)
    kernel_in_usable_ram(b, f, f"longboot {what}")


@pytest.mark.xdist_group("direct_pc_128M")
def test_direct_baseline_pc_128M():
    """The reference half alone: QEMU -kernel boots this kernel+initramfs to init and power-off."""
    b = direct("pc", "128M")
    reached_init(b, "direct pc 128M")
    check(len(lg.e820_lines(b.serial)) >= 3, f"direct pc 128M: too few BIOS-e820 lines ({b.describe()})")


@pytest.mark.xdist_group("direct_pc_128M")
def test_pc_128M():
    matrix("pc", "128M")


def test_q35_4G():
    matrix("q35", "4G")


@pytest.mark.slow
def test_pc_4G():
    matrix("pc", "4G")


@pytest.mark.slow
def test_q35_128M():
    matrix("q35", "128M")


def test_kaslr_two_boots_differ():
    """KASLR on (no 'nokaslr'): two boots of one image put the kernel at different addresses."""
    places = []
    for i in (1, 2):
        b = ours("pc", "1G")
        f = reached_init(b, f"kaslr boot {i}")
        ph = kernel_in_usable_ram(b, f, f"kaslr boot {i}")
        va = lg.kernel_virt(f)
        check(va is not None, f"kaslr boot {i}: no _text line from /proc/kallsyms: {f.get('text')!r}")
        eq(va % 0x200000, 0, f"kaslr boot {i}: _text {va:#x} modulo 2 MiB")
        places.append((ph[0], va))
    check(places[0] != places[1],
          f"KASLR: both boots ran at physical {places[0][0]:#x} / virtual {places[0][1]:#x}")


def test_nokaslr_runs_at_link_address():
    cmd = CMDLINE + " nokaslr"
    b = ours("pc", "512M", cmdline=cmd)
    f = reached_init(b, "nokaslr", cmdline=cmd)
    ph = lg.kernel_phys(f)
    check(ph is not None, f"nokaslr: no 'Kernel code' line: {f.get('kernel-code')!r}")
    eq(hex(ph[0]), hex(lg.LINK_PHYS), "nokaslr: physical start of kernel code")
    eq(hex(lg.kernel_virt(f) or 0), hex(lg.LINK_VIRT), "nokaslr: virtual address of _text")


@pytest.mark.slow
def test_kaslr_below_mem_limit():
    """With mem=256M on a 2 GiB machine, KASLR picks a slot the kernel will keep (below 256 MiB)."""
    cmd = CMDLINE + " mem=256M"
    b = ours("pc", "2G", cmdline=cmd)
    f = reached_init(b, "kaslr mem=256M", cmdline=cmd)
    ph = lg.kernel_phys(f)
    check(ph is not None, f"kaslr mem=256M: no 'Kernel code' line: {f.get('kernel-code')!r}")
    check(ph[1] < 256 << 20, f"kaslr mem=256M: kernel code at {ph[0]:#x}-{ph[1]:#x}, above the limit")


def test_generic_amd64_kernel_xz():
    """Debian's generic linux-image-amd64 (xz payload, more drivers) boots to init too."""
    b = ours("pc", "512M", flavour="amd64")
    reached_init(b, "generic amd64")
    check(len(lg.e820_lines(b.serial)) >= 3, f"generic amd64: no BIOS-e820 lines ({b.describe()})")


PAYLOAD = re.compile(r"^lm64: kernel payload: (\w+), (\d+) bytes -> (\d+)$", re.M)


@pytest.mark.parametrize("flavour,args,fmt", [
    ("cloud-amd64", (), "lz4"),                            # the default keeps lz4 as it is
    ("6.12-cloud-amd64", ("--keep-payload",), "zstd"),     # zstd (Debian 12's 6.12 kernel)
    pytest.param("6.12-cloud-amd64", (), "gzip", marks=pytest.mark.slow),  # the default re-packs zstd
    pytest.param("amd64", ("--keep-payload",), "xz", marks=pytest.mark.slow),
    ("amd64", (), "gzip"),                                 # the default re-packs xz as gzip
    pytest.param("cloud-amd64", ("--repack-gzip",), "gzip", marks=pytest.mark.slow),
], ids=["cloud-lz4-as-is", "cloud-6.12-zstd-as-is", "cloud-6.12-zstd-repacked", "generic-xz-as-is", "generic-xz-repacked", "cloud-lz4-repacked"])
def test_payload_decoded_by_the_loader(flavour, args, fmt):
    """Debian's kernels from their own payload (lm64 decodes lz4 and xz itself, unpack/) and
    re-packed as gzip: the loader names the format it decoded, the kernel reaches init."""
    b = ours("pc", "512M", flavour=flavour, mkdisk_args=args)
    m = PAYLOAD.search(b.serial)
    check(m is not None, f"{fmt}: no 'lm64: kernel payload:' line ({b.describe()})")
    eq(m.group(1), fmt, "the payload's format")
    reached_init(b, f"{flavour} {fmt}")


@pytest.mark.slow
def test_virtio_blk_pc_512M():
    b = ours("pc", "512M", iface="virtio")
    reached_init(b, "virtio-blk pc 512M")


@pytest.mark.slow
def test_kaslr_direct_reference():
    """Sanity of the KASLR check itself: QEMU -kernel (the kernel's own KASLR) also reports
    kernel placement in the form the KASLR test parses."""
    b = direct("pc", "1G")
    f = reached_init(b, "direct pc 1G")
    check(lg.kernel_phys(f) is not None and lg.kernel_virt(f) is not None,
          f"direct: placement lines missing: {f.get('kernel-code')!r} {f.get('text')!r}")

