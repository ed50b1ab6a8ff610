"""linuxguest.py: what the Linux boot tests and the boot benchmark need to know about a booted
Debian kernel + our busybox initramfs: the paths of the built artefacts, the QEMU arguments for a
direct (-kernel) boot, and parsers for the kernel log and for init's 'longboot-init:' lines."""
import os
import re
import struct

from lib.paths import BUILD, LINUX, MKDISK  # noqa: F401 (the suites and the benchmark take these from here)

INITRD = os.path.join(LINUX, "initramfs.cpio.gz")
MARKER = "longboot-init: reached init"
LINK_PHYS = 0x1000000                 # CONFIG_PHYSICAL_START of Debian's x86-64 kernels
LINK_VIRT = 0xffffffff81000000        # __START_KERNEL_map + CONFIG_PHYSICAL_START


def kernel(flavour="cloud-amd64"):
    return os.path.join(LINUX, f"vmlinuz-{flavour}")


def setup_header(bzimage):
    """The bzImage setup-header fields the tests compare against (boot protocol 2.10+)."""
    with open(bzimage, "rb") as f:
        b = f.read(0x270)
    return {"kernel_alignment": struct.unpack_from("<I", b, 0x230)[0],
            "pref_address": struct.unpack_from("<Q", b, 0x258)[0],
            "init_size": struct.unpack_from("<I", b, 0x260)[0]}


def direct_args(cmdline, flavour="cloud-amd64"):
    """QEMU arguments for booting the same kernel and initrd without a disk (SeaBIOS linuxboot)."""
    return ["-kernel", kernel(flavour), "-initrd", INITRD, "-append", cmdline]


_E820 = re.compile(r"BIOS-e820: (\[mem 0x[0-9a-f]+-0x[0-9a-f]+\] .*)$")


def e820_lines(serial):
    """The kernel's 'BIOS-e820: [mem A-B] type' lines (timestamps stripped), in order."""
    return [m.group(1).strip() for m in map(_E820.search, serial.splitlines()) if m]


def e820_usable(serial):
    """[(start, end_inclusive)] of the usable ranges in the kernel's BIOS-e820 lines."""
    out = []
    for line in e820_lines(serial):
        m = re.match(r"\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable$", line)
        if m:
            out.append((int(m.group(1), 16), int(m.group(2), 16)))
    return out


def init_facts(serial):
    """init's report: {'cmdline': ..., 'kernel-code': ..., 'text': ..., ...}, and 'reached': bool."""
    facts = {"reached": MARKER in serial}
    for line in serial.splitlines():
        if line.startswith("longboot-init: ") and line.count(": ") >= 2:
            _, k, v = line.split(": ", 2)
            facts.setdefault(k, v.strip())
    return facts


def kernel_phys(facts):
    """Physical start of the kernel image, from '/proc/iomem' 'XXXXXXXX-YYYYYYYY : Kernel code'."""
    m = re.match(r"([0-9a-f]+)-([0-9a-f]+) : Kernel code", facts.get("kernel-code", ""))
    return (int(m.group(1), 16), int(m.group(2), 16)) if m else None


def kernel_virt(facts):
    """Virtual address of _text, from '/proc/kallsyms' 'ffffffff81000000 T _text'."""
    m = re.match(r"([0-9a-f]{16}) T _text", facts.get("text", ""))
    return int(m.group(1), 16) if m else None


_TROUBLE = re.compile(r"WARNING:|BUG:|Oops|Kernel panic|Call Trace|general protection|"
                      r"Initramfs unpacking failed|junk in compressed archive|invalid magic")
_STAMP = re.compile(r"^\[ *[0-9.]+\] ")


def trouble(serial):
    """Kernel log lines that report a warning, a bug, a panic or a damaged initramfs (timestamps
    stripped)."""
    return [_STAMP.sub("", l) for l in serial.splitlines() if _TROUBLE.search(l)]
