"""test_faults.py: the fault matrix. Each fault must end in the message the README's fault table
lists, exactly (the varying values as patterns), on COM1 (the loader prints the same text on
screen) followed by a halt: never a hang without a word, a reboot loop or a triple fault. Faults
the loader can recover from (a transient read error) must boot."""
import os
import random
import re
import subprocess
import zlib

import pytest

from helpers import (KERNEL, ZCAT, boot_pass, boot_with_screen, check, eq, expect_fatal,
                     expect_on_screen, image, make_image, tmpdir)
from lib import elfmod

MiB = 1 << 20
SEABIOS_EIO = 0x0C          # SeaBIOS's INT 13h status for a failed transfer (DISK_RET_EBADTRACK)
HEX = "[0-9a-f]+"
MBR_READ_ERR = r"LB: read err 0x([0-9A-F]{2}) lba 0x([0-9A-F]{16})"


def setup16_read_err(which, lba=HEX, status="[0-9a-f]{2}"):
    """lm64's message for a failed payload read (EDD), with the LBA and status as groups."""
    return rf"lm64: disk read failed: lba 0x({lba}) status 0x({status}) \({which}, int13 ah=42h\)"


def case(*values, id, slow=False):
    """One row of a parametrized table; slow rows run only under make test-full."""
    return pytest.param(*values, id=id, marks=[pytest.mark.slow] if slow else [])


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def initrd_bytes(n=256 * 1024):
    return bytes((i * 2654435761 >> 11) & 0xFF for i in range(n))


def image_with_initrd(td):
    rd = write(os.path.join(td, "initrd.bin"), initrd_bytes())
    return make_image(td, "--initrd", rd)


def kernel_payload_error(td, gz):
    """The line lm64 prints for a kernel payload gz it cannot decode: the reason is what our
    inflate says for the same bytes on the host (build/zcat, the same sources). Returns
    (reason, the line as a regular expression)."""
    p = subprocess.run([ZCAT, write(os.path.join(td, "kernel.gz"), gz)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    check(p.returncode == 1 and p.stderr.startswith("zcat: "), f"zcat accepted the damaged payload: {p.stderr!r}")
    reason = p.stderr[len("zcat: "):].strip()
    note = {"incorrect data check": "gzip CRC-32 mismatch: the kernel was damaged on disk or in memory; ",
            "incorrect length check": "gzip ISIZE mismatch: the kernel's length is wrong; "}.get(reason, "")
    return reason, (rf"lm64: kernel payload: {re.escape(reason)} \({re.escape(note)}result -?\d+; {len(gz)} "
                    rf"compressed bytes at 0x{HEX}, \d+ bytes decoded to 0x{HEX}\)")


# ---- CPU without long mode ----
NO_LONG_MODE = r"setup16: this CPU cannot run a 64-bit kernel \(no long mode\)"


@pytest.mark.parametrize("machine, cpu", [case("pc", "qemu32", id="pc_qemu32"), case("pc", "486", id="pc_486"),
                                          case("isapc", None, id="isapc_default", slow=True),  # a 486
                                          case("pc", "pentium3", id="pc_pentium3", slow=True)])
def test_no_long_mode(machine, cpu):
    with tmpdir() as td:
        img = make_image(td)
        expect_fatal(img, NO_LONG_MODE, f"-cpu {cpu or 'default'} on {machine}", machine=machine, cpu=cpu)


# ---- too little RAM ----
def test_too_little_ram():
    """An ELF whose bss is 200 MiB larger, in 64 MiB: the message gives both amounts."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            big = elfmod.grow_bss(f.read(), 200 * MiB)
        k = write(os.path.join(td, "big.elf"), big)
        img = make_image(td, kernel=k)
        b, m = expect_fatal(img, r"lm64: kernel needs (\d+) KiB at 0x200000 but the E820 map has (\d+) KiB "
                                 r"of RAM there \(total RAM (\d+) MiB\)", "kernel larger than RAM", mem="64M")
    need, have, total = (int(g) for g in m.groups())
    check(need << 10 >= 200 * MiB, f"needs {need} KiB: want >= 200 MiB")
    check(have << 10 <= 64 * MiB and total <= 64, f"has {have} KiB, total {total} MiB: want <= 64 MiB")


# ---- corrupt payloads ----
@pytest.mark.parametrize("offset, count", [case(0.5, 16, id="middle"), case(-8, 1, id="crc_trailer")])
def test_corrupt_kernel(offset, count):
    """Bytes flipped in the middle of the gzip'd kernel (a deflate error or the CRC, whichever our
    inflate meets first), or in the gzip trailer's CRC-32 (the deflate data intact: only the CRC
    check sees it)."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        at = int(im.kernel_bytes * offset) if offset > 0 else im.kernel_bytes + offset
        im.flip("kernel", at, count=count)
        im.record_crc("kernel")            # past setup16's CRC check: lm64's gzip check reports it
        reason, line = kernel_payload_error(td, im.read("kernel"))
        if offset < 0:
            eq(reason, "incorrect data check", "our inflate's verdict on a flipped CRC-32 trailer")
        expect_fatal(img, line, f"{count} bytes flipped in the compressed kernel at {at}")


def test_corrupt_initrd():
    with tmpdir() as td:
        img = image_with_initrd(td)
        im = image.Image(img)
        im.flip("initrd", im.initrd_bytes // 2, count=4)
        lba, n = im.extent("initrd")
        b, _ = expect_fatal(img, rf"lm64: initrd: CRC-32 0x[0-9a-f]{{8}} of the {n} bytes read from lba 0x{lba:x} "
                                 rf"does not match the 0x{im.initrd_crc32:08x} mkdisk recorded \(damaged on disk\)",
                            "flipped bytes in the initrd")
        check("lm64: no entry left to boot: all 1 entries failed (the reasons are above); rebuild the image "
              "with mkdisk, or repair the disk" in b.serial, "the last entry failed: no 'no entry left' line")


# ---- a truncated image ----
@pytest.mark.parametrize("which", ["loader", "kernel", "initrd"])
def test_truncated_in(which):
    """The file ends in the middle of a payload: the read past the end fails, and the message
    names an LBA inside that payload and the BIOS status (the MBR says it for the loader); for
    the kernel and the initrd lm64 knows the disk's size (INT 13h AH=48h) and names the payload's
    end beyond it before reading."""
    with tmpdir() as td:
        img = image_with_initrd(td) if which == "initrd" else make_image(td)
        im = image.Image(img)
        first, size = im.extent(which)
        check(size > 2 * 512, f"{which} payload of {size} bytes is too small to cut")
        cut = im.truncate_in(which, 0.5)
        sectors = os.path.getsize(img) // 512
        line = MBR_READ_ERR if which == "loader" else (
            rf"lm64: disk read failed: lba 0x({HEX}) \(end of the {which}\) is beyond the disk's {sectors} "
            rf"sectors \(int13 ah=48h\)")
        b, m = expect_fatal(img, line, f"image truncated inside the {which}")
    lba = int(m.group(2) if which == "loader" else m.group(1), 16)
    if which == "loader":
        check(first <= lba <= cut, f"message names no LBA in the {which} (LBA {first}..{cut}): {m.group(0)!r}")
    else:
        eq(lba, first + -(-size // 512), f"the {which}'s end in {m.group(0)!r}")


def test_loader_patch_missing():
    """The MBR loads sectors that are not the loader (its head's magic is gone)."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        im.flip("loader", image.abi.LOADER_HEAD.offset["magic"], count=4)
        expect_fatal(img, "LB: no loader", "loader patch table magic destroyed")


@pytest.mark.parametrize("iface", [case("virtio-scsi", id="virtio_scsi"), case("lsi", id="lsi", slow=True),
                                   case("usb-xhci", id="usb_xhci", slow=True)])
def test_big_disk_3T_unreadable(iface):
    """A 3 TiB disk with the loader past LBA 2^32 on a controller whose SeaBIOS driver speaks
    32-bit LBAs only (SCSI READ(10), USB mass storage): the MBR's read fails (status 01h) and
    it must say so, naming the whole 64-bit LBA it asked for."""
    with tmpdir() as td:
        img = make_image(td, "--lba-offset", (1 << 32) + 2048, name="big.img")
        if os.path.getsize(img) < 3 << 40:
            os.truncate(img, 3 << 40)
        im = image.Image(img)
        expect_fatal(img, f"LB: read err 0x01 lba 0x{im.loader_lba:016X}", f"loader past 2 TiB on {iface}",
                     iface=iface)


# ---- read errors from the disk (QEMU blkdebug) ----
def blkdebug(td, img, sector, once):
    conf = write(os.path.join(td, "blkdebug.conf"),
                 f'[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "{sector}"\n'
                 f'once = "{"on" if once else "off"}"\n'.encode())
    return f"blkdebug:{conf}:{img}"


def where(im, which):
    """A sector in the middle of the payload."""
    return im.lba_of(which, min(im.extent(which)[1] // 2, im.extent(which)[1] - 1))


@pytest.mark.parametrize("which", ["loader", "kernel", "initrd"])
def test_read_error_persistent(which):
    with tmpdir() as td:
        img = image_with_initrd(td) if which == "initrd" else make_image(td)
        sector = where(image.Image(img), which)
        drive = blkdebug(td, img, sector, once=False)
        if which == "loader":   # the MBR names the first sector of its failed chunk
            b, m = expect_fatal(drive, MBR_READ_ERR, f"persistent EIO at LBA {sector} ({which})")
            eq(int(m.group(1), 16), SEABIOS_EIO, f"BIOS status in {m.group(0)!r}")
            lba = int(m.group(2), 16)
            check(sector - 127 <= lba <= sector, f"message names no LBA of the failed read (sector {sector}): "
                  f"{m.group(0)!r}")
        else:                   # setup16 halves its reads until it names the bad sector
            expect_fatal(drive, setup16_read_err(which, f"{sector:x}", f"{SEABIOS_EIO:02x}"),
                         f"persistent EIO at LBA {sector} ({which})")


@pytest.mark.parametrize("which", [case("loader", id="loader", slow=True), case("kernel", id="kernel"),
                                   case("initrd", id="initrd", slow=True)])
def test_read_error_transient(which):
    with tmpdir() as td:
        img = image_with_initrd(td) if which == "initrd" else make_image(td)
        sector = where(image.Image(img), which)
        boot_pass(blkdebug(td, img, sector, once=True))


@pytest.mark.slow
def test_read_error_floppy_kernel():
    """EIO under a floppy: QEMU's floppy controller zero-fills a sector it cannot read and
    reports success, so no INT 13h call fails; setup16's CRC-32 check of the bytes it read must
    catch it (the zeroed sector's CRC-32 is what it names)."""
    with tmpdir() as td:
        img = make_image(td, "--floppy")
        im = image.Image(img)
        sector = where(im, "kernel")
        gz = bytearray(im.read("kernel"))
        at = (sector - im.kernel_lba) * 512
        gz[at:at + 512] = bytes(len(gz[at:at + 512]))
        drive = blkdebug(td, img, sector, once=False)
        b, _ = expect_fatal(drive, rf"lm64: kernel: CRC-32 0x{zlib.crc32(bytes(gz)):08x} of the {im.kernel_bytes} "
                                   rf"bytes read from lba 0x{im.kernel_lba:x} does not match the "
                                   rf"0x{im.kernel_crc32:08x} mkdisk recorded \(damaged on disk\)",
                            "EIO in the kernel on a floppy", iface="floppy")
        check("lm64: no entry left to boot: all 1 entries failed" in b.serial, "no 'no entry left' line")


# ---- missing BIOS services, A20 that will not come on (mkdisk --test-flag) ----
@pytest.mark.parametrize("flags, key, want", [
    case([], "memory_method", "e820", id="memory_e820_default"),
    case(["no-e820"], "memory_method", "e801", id="memory_no_e820"),
    case(["no-e820", "no-e801"], "memory_method", "88h", id="memory_no_e820_no_e801"),
    case([], "a20", "already", id="a20_default"),
    case(["a20-off"], "a20", "bios", id="a20_off_bios"),
    case(["a20-off", "no-a20-bios"], "a20", "kbc", id="a20_off_kbc"),
    case(["a20-off", "no-a20-bios", "no-a20-kbc"], "a20", "port92", id="a20_off_port92")])
def test_fallback(flags, key, want):
    with tmpdir() as td:
        args = [a for f in flags for a in ("--test-flag", f)]
        img = make_image(td, *args)
        b, rep = boot_pass(img)
    eq(rep.get(key), [want], f"{key} with --test-flag {' '.join(flags)}")


def test_a20_cannot_enable():
    with tmpdir() as td:
        img = make_image(td, *[a for f in ("a20-off", "no-a20-bios", "no-a20-kbc", "no-a20-fast")
                               for a in ("--test-flag", f)])
        expect_fatal(img, r"setup16: a20: could not enable the A20 line \(tried: none, the test flags skipped "
                          r"every method\)", "A20 off and every enabling method skipped")


# ---- broken ELF payloads: the loader refuses them (mkdisk refuses the same files: see
# tests/mkdisk/test_errors.py, test_testkernel_elf) ----
# name: (how to break the test kernel, the loader's message for the broken ELF)
BROKEN_ELF = {
    "bad_magic": (elfmod.bad_magic, lambda e: "lm64: kernel ELF: not an ELF file: magic 7f 45 4c 58"),
    "class32": (elfmod.class32, lambda e: r"lm64: kernel ELF: ELF class 1, want 2 \(64-bit\)"),
    "segments_below_1m": (lambda e: elfmod.shift_all(e, 0x1000 - elfmod.lowest(e)),
                          lambda e: rf"lm64: kernel PT_LOAD at 0x1000\+0x{HEX} overlaps the loader's low memory "
                                    rf"\(below 0x{HEX}\)"),
    # mkdisk cannot know the RAM of the machine that will boot the image:
    "segments_above_ram": (lambda e: elfmod.shift_all(e, 255 << 30),
                           lambda e: rf"lm64: kernel PT_LOAD at 0x{elfmod.lowest(e):x}\+0x{HEX} is not RAM in "
                                     r"the E820 map"),
    "entry_outside": (elfmod.entry_outside,
                      lambda e: rf"lm64: kernel ELF: entry point 0x{elfmod.entry(e):x} lies outside every "
                                r"executable PT_LOAD"),
}


def test_swapped_valid_kernel_boots():
    """The control for the cases below: image.py swapping in a *valid* (larger) kernel ELF, moved
    past the initrd to the end of the file, boots; so a refusal below comes from the ELF."""
    with tmpdir() as td:
        img = image_with_initrd(td)
        im = image.Image(img)
        with open(KERNEL, "rb") as f:
            elf = f.read() + random.Random(7).randbytes(200 * 1024)   # incompressible tail
        im.replace_kernel(elf)
        check(im.kernel_lba > im.initrd_lba, "the larger kernel was not moved past the initrd")
        boot_pass(img)


@pytest.mark.parametrize("name", list(BROKEN_ELF))
def test_loader_refuses_elf(name):
    mod, line = BROKEN_ELF[name]
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            broken = mod(f.read())
        img = make_image(td)
        image.Image(img).replace_kernel(broken)
        expect_fatal(img, line(broken), f"kernel payload swapped for a broken ELF ({name})")


def test_kernel_linked_above_ram():
    """A well-formed kernel linked at 255 GiB (mkdisk cannot know the RAM and builds it): the
    loader must say its place is not RAM, in 128 MiB."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            k = write(os.path.join(td, "high.elf"), elfmod.shift_all(f.read(), 255 << 30))
        img = make_image(td, kernel=k)
        expect_fatal(img, r"lm64: kernel needs \d+ KiB at 0x3fc0200000 but the E820 map has 0 KiB of RAM "
                          r"there \(total RAM \d+ MiB\)", "kernel linked at 255 GiB, 128 MiB of RAM")


def test_kernel_faults_at_entry():
    """A kernel whose first instruction is ud2: the exception is reported (vector, RIP at the
    entry point), then the CPU halts: no triple fault, no reboot."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            elf = f.read()
        k = write(os.path.join(td, "ud2.elf"), elfmod.code_at_entry(elf, b"\x0f\x0b"))
        img = make_image(td, kernel=k)
        expect_fatal(img, rf"lm64: CPU exception 6 \(invalid opcode\) in the kernel \(lm64's IDT still loaded\): "
                          rf"error 0x0 rip 0x{elfmod.entry(elf):x} cr2 0x0", "ud2 at the kernel's entry point")


# ---- the same message on the screen (VGA text memory read through the QEMU monitor) ----
def _flip_kernel(td):
    img = make_image(td)
    im = image.Image(img)
    im.flip("kernel", im.kernel_bytes // 2, count=16)
    im.record_crc("kernel")                # past setup16's CRC check: lm64 reports it
    return img, kernel_payload_error(td, im.read("kernel"))[1]


def _cut_loader(td):
    img = make_image(td)
    image.Image(img).truncate_in("loader", 0.5)
    return img, MBR_READ_ERR


def _no_long_mode(td):
    return make_image(td), NO_LONG_MODE


@pytest.mark.parametrize("name, prepare, kw", [
    case("mbr_read_error", _cut_loader, {}, id="mbr_read_error"),
    case("setup16_no_long_mode", _no_long_mode, {"cpu": "qemu32"}, id="setup16_no_long_mode"),
    case("lm64_corrupt_kernel", _flip_kernel, {}, id="lm64_corrupt_kernel")])
def test_on_screen(name, prepare, kw):
    with tmpdir() as td:
        img, line = prepare(td)
        b, msg, screen = boot_with_screen(img, rf"^(?:{line})\n", name, flags=re.M, **kw)
    expect_on_screen(screen, msg, name)
