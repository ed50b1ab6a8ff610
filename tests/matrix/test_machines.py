"""test_machines.py: the machine matrix. Every machine, disk interface, RAM size and CPU the
loader claims must boot the test kernel through the whole chain (QEMU, TCG, SeaBIOS)."""
import os
import random
import zlib

import pytest

from helpers import (boot_pass, check, disk_method, eq, make_image, tmpdir, image)

FLOPPY_BYTES = 1474560


def case(*values, id, slow=False):
    """One row of a parametrized table; slow rows run only under make test-full."""
    return pytest.param(*values, id=id, marks=[pytest.mark.slow] if slow else [])


def with_initrd(td, size, *args, name="disk.img"):
    """An image with a pseudo-random initrd of size bytes; returns (image, initrd bytes)."""
    data = random.Random(size).randbytes(size)
    rd = os.path.join(td, "initrd.bin")
    with open(rd, "wb") as f:
        f.write(data)
    return make_image(td, "--initrd", rd, *args, name=name), data


def expect_initrd(rep, data):
    """The test kernel saw the initrd intact (its own CRC-32 over the bytes it was given)."""
    eq(rep.get("initrd_size"), [str(len(data))], "initrd size")
    eq(rep.get("initrd_crc32"), [f"0x{zlib.crc32(data):08x}"], "initrd CRC-32 computed by the kernel")


# Disk interfaces SeaBIOS boots from (all of them, pc and q35; AHCI needs q35 or an explicit
# controller, which guest.disk_args adds on either machine).
DISKS = [case("pc", i, id=f"pc_{i.replace('-', '_')}_128M") for i in ("ide", "virtio", "usb-ehci", "usb-xhci", "lsi", "virtio-scsi")] + \
        [case("q35", i, id=f"q35_{i}_128M") for i in ("ahci", "virtio")] + \
        [case("q35", i, id=f"q35_{i.replace('-', '_')}_128M", slow=True)
         for i in ("ide", "usb-ehci", "usb-xhci", "lsi", "virtio-scsi")] + \
        [case("pc", "ahci", id="pc_ahci_128M", slow=True)]


@pytest.mark.parametrize("machine, iface", DISKS)
def test_disk(machine, iface):
    with tmpdir() as td:
        img, data = with_initrd(td, 1 << 20)      # 2048 sectors: 17 reads of up to 127
        b, rep = boot_pass(img, machine=machine, iface=iface, mem="128M")
    eq(disk_method(b), (0x80, "edd"), "boot drive and read method")
    expect_initrd(rep, data)
    check(rep.get("a20", ["?"])[0] in ("already", "bios", "kbc", "port92"), f"a20 method {rep.get('a20')}")


GiB4 = 1 << 32


def ram_above_4g(rep):
    for line in rep.get("e820", []):
        base, length, typ = line.split()
        if int(typ) == 1 and int(base, 16) + int(length, 16) > GiB4:
            return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize("machine, iface", [("pc", i) for i in ("ide", "virtio", "usb-ehci", "usb-xhci", "lsi", "virtio-scsi")]
                         + [("q35", "ahci")], ids=lambda v: v.replace("-", "_"))
def test_initrd_24M(machine, iface):
    """A 24 MiB initrd (about 200 reads of 127 sectors) through each controller's BIOS driver."""
    with tmpdir() as td:
        img, data = with_initrd(td, 24 << 20)
        b, rep = boot_pass(img, machine=machine, iface=iface, mem="256M")
    expect_initrd(rep, data)


@pytest.mark.parametrize("machine, mem, above_4g", [
    case("pc", "32M", False, id="pc_ram_32M"),
    case("pc", "3584M", True, id="pc_ram_3584M"),
    case("pc", "8G", True, id="pc_ram_8G"),
    case("q35", "8G", True, id="q35_ram_8G"),
    case("q35", "32M", False, id="q35_ram_32M", slow=True),
    case("q35", "3584M", True, id="q35_ram_3584M", slow=True),
    case("pc", "2G", False, id="pc_ram_2G", slow=True),
    case("pc", "512M", False, id="pc_ram_512M")])
def test_ram(machine, mem, above_4g):
    """RAM sizes; above_4g: whether QEMU puts RAM above 4 GiB (pc and q35 split a 3.5 GiB guest
    at 3 GiB / 2 GiB). With RAM there, the test kernel must read and write it: 'ok'."""
    with tmpdir() as td:
        img = make_image(td)
        b, rep = boot_pass(img, machine=machine, mem=mem)
    eq(ram_above_4g(rep), above_4g, f"E820 RAM above 4 GiB with -M {machine} -m {mem}")
    eq(rep.get("high_memory_check"), ["ok" if above_4g else "skipped"], f"high_memory_check with -m {mem}")


def test_floppy_chs():
    """mkdisk --floppy: a 1.44 MB image the BIOS boots as drive 0 through CHS reads only."""
    with tmpdir() as td:
        img, data = with_initrd(td, 640 * 1024, "--floppy")   # crosses heads and cylinders
        eq(os.path.getsize(img), FLOPPY_BYTES, "floppy image size")
        im = image.Image(img)
        check(im.initrd_lba + -(-im.initrd_bytes // 512) <= 2880, "initrd ends inside the floppy")
        b, rep = boot_pass(img, machine="pc", iface="floppy")
    eq(disk_method(b), (0x00, "chs"), "boot drive and read method")
    expect_initrd(rep, data)


@pytest.mark.slow
def test_floppy_chs_q35():
    with tmpdir() as td:
        img = make_image(td, "--floppy")
        b, rep = boot_pass(img, machine="q35", iface="floppy")
    eq(disk_method(b), (0x00, "chs"), "boot drive and read method")


def test_hdd_chs_no_edd():
    """mkdisk --test-flag no-edd: setup16 reads the payloads with CHS (AH=02h) from a hard disk."""
    with tmpdir() as td:
        img, data = with_initrd(td, 1 << 20, "--test-flag", "no-edd")
        # An 8 MiB disk: SeaBIOS's AH=08h geometry covers whole cylinders only (and keeps one
        # back), so the payloads must lie well inside it, as on any real disk.
        os.truncate(img, 8 << 20)
        b, rep = boot_pass(img, machine="pc", iface="ide")
    eq(disk_method(b), (0x80, "chs"), "boot drive and read method")
    expect_initrd(rep, data)


def test_oversized_reads_fall_back():
    """--test-flag xfer-255: setup16 asks for 255-sector reads, which SeaBIOS refuses (status 09h:
    the transfer would wrap its 64 KiB segment); it must halve them and boot with the initrd intact."""
    with tmpdir() as td:
        img, data = with_initrd(td, 1 << 20, "--test-flag", "xfer-255")
        b, rep = boot_pass(img, machine="pc", iface="virtio")
    check("[status 0x09: 128-sector reads]" in b.serial, f"no fallback to 128-sector reads: {b.describe()}")
    expect_initrd(rep, data)


def test_isapc_no_pci():
    """-M isapc: no PCI bus, ISA IDE only (its default CPU is a 486: give it one with long mode)."""
    with tmpdir() as td:
        img = make_image(td)
        boot_pass(img, machine="isapc", mem="64M", cpu="qemu64")


def test_old_cpu_opteron_g1():
    """The oldest CPU model QEMU has with long mode: no NX-less tricks, no 1 GiB pages, no SSE3."""
    with tmpdir() as td:
        img = make_image(td)
        boot_pass(img, machine="pc", cpu="Opteron_G1")


@pytest.mark.slow
def test_isapc_opteron_g1_32M():
    with tmpdir() as td:
        img = make_image(td)
        boot_pass(img, machine="isapc", mem="32M", cpu="Opteron_G1")


def ram_end(rep):
    """The end of the highest RAM range in the E820 map the test kernel received."""
    ends = [int(base, 16) + int(length, 16) for base, length, typ in (l.split() for l in rep.get("e820", []))
            if int(typ) == 1]
    return max(ends)


@pytest.mark.parametrize("machine, cpu, pages", [
    case("pc", "qemu64,+pdpe1gb", "1 GiB", id="pc_8G_qemu64_1GiB_pages"),
    case("pc", "Opteron_G1", "2 MiB", id="pc_8G_Opteron_G1_2MiB_pages"),
    case("q35", "Opteron_G1", "2 MiB", id="q35_8G_Opteron_G1_2MiB_pages", slow=True),
    case("q35", "max", "1 GiB", id="q35_8G_max_1GiB_pages", slow=True)])
def test_high_map(machine, cpu, pages):
    """8 GiB: lm64 identity-maps RAM above 4 GiB with 1 GiB pages where CPUID offers them
    (pdpe1gb), else 2 MiB pages, up to the end of RAM; the test kernel then reads and writes
    that RAM. (The one place that asks this question.)"""
    with tmpdir() as td:
        img = make_image(td)
        b, rep = boot_pass(img, machine=machine, mem="8G", cpu=cpu)
    eq(rep.get("high_memory_check"), ["ok"], "high_memory_check")
    line = f"lm64: identity map above 4 GiB with {pages} pages up to 0x{ram_end(rep):x}\n"
    check(line in b.serial, f"no line {line!r}; {b.describe()}")


@pytest.mark.parametrize("mem", [case("16M", id="pc_ram_16M_tiny"), case("8M", id="pc_ram_8M_tiny", slow=True)])
def test_small_ram(mem):
    """Less RAM than any PC of the long-mode era had: the loader needs little above 1 MiB."""
    with tmpdir() as td:
        img = make_image(td)
        boot_pass(img, machine="pc", mem=mem)


@pytest.mark.slow
def test_pc_smp4():
    """Four CPUs: the loader runs on the boot CPU only; the others stay parked by SeaBIOS."""
    with tmpdir() as td:
        img = make_image(td)
        boot_pass(img, machine="pc", mem="512M", extra=("-smp", "4"))


BIG_OFFSET = (1 << 32) + 2048     # the loader and payloads start past LBA 2^32 (2 TiB)


@pytest.mark.parametrize("machine, iface", [case("pc", "ide", id="pc_ide"),
                                           case("q35", "ahci", id="q35_ahci", slow=True),
                                           case("pc", "virtio", id="pc_virtio", slow=True)])
def test_big_disk_3T(machine, iface):
    """A 3 TiB sparse disk with everything but the MBR beyond LBA 2^32: the MBR and setup16
    must issue 64-bit LBAs (SeaBIOS's SCSI and USB drivers use 32-bit READ(10): not these)."""
    with tmpdir() as td:
        img, data = with_initrd(td, 1 << 20, "--lba-offset", BIG_OFFSET, name="big.img")
        if os.path.getsize(img) < 3 << 40:
            os.truncate(img, 3 << 40)      # a 3 TiB disk, as `truncate -s 3T` makes it
        check(os.path.getsize(img) >= (BIG_OFFSET + 64) * 512, "image reaches past LBA 2^32")
        check(os.stat(img).st_blocks * 512 < 64 << 20, "image is sparse")
        im = image.Image(img)
        check(im.loader_lba >= 1 << 32 and im.kernel_lba >= 1 << 32,
              f"loader LBA {im.loader_lba}, kernel LBA {im.kernel_lba}: want >= 2^32")
        b, rep = boot_pass(img, machine=machine, iface=iface)
    eq(disk_method(b), (0x80, "edd"), "boot drive and read method")
    expect_initrd(rep, data)
