"""test_faults.py: the fault matrix. Each fault must end in a clear message on COM1 (the loader
prints the same text on screen) followed by a halt: never a hang without a word, a reboot loop or
a triple fault. Faults the loader can recover from (a transient read error) must boot."""
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import (KERNEL, boot_pass, boot_with_screen, check, eq, expect_halt,  # noqa: E402
                     expect_on_screen, image, lba_in, make_image, mkdisk_refuses, size_after,
                     status_in, tmpdir)
from harness import case, main  # noqa: E402
import elfmod  # noqa: E402

MiB = 1 << 20
SEABIOS_EIO = 0x0C          # SeaBIOS's INT 13h status for a failed transfer (DISK_RET_EBADTRACK)
READ_ERR = r"read[^\n]*(err|fail)"


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def initrd_bytes(n=256 * 1024):
    return bytes((i * 2654435761 >> 11) & 0xFF for i in range(n))


def image_with_initrd(td):
    rd = write(os.path.join(td, "initrd.bin"), initrd_bytes())
    return make_image(td, "--initrd", rd)


# ---- CPU without long mode ----
NO_LONG_MODE = r"(cannot|can't|no|not)[^\n]*(long mode|64-bit)[^\n]*\n"


def no_long_mode_case(machine, cpu, full=False):
    def run():
        with tmpdir() as td:
            img = make_image(td)
            expect_halt(img, NO_LONG_MODE, f"-cpu {cpu or 'default'} on {machine}", machine=machine, cpu=cpu)
    run.__name__ = f"no_long_mode_{machine}_{cpu or 'default'}"
    case(run, full=full)


no_long_mode_case("pc", "qemu32")
no_long_mode_case("pc", "486")
no_long_mode_case("isapc", None, full=True)      # isapc's default CPU is a 486
no_long_mode_case("pc", "pentium3", full=True)


# ---- too little RAM ----
NEED_RAM = r"needs?[^\n]*(e820|ram|memory)[^\n]*\n"   # the fatal line, not the 'memory: e820' report


@case
def too_little_ram():
    """An ELF whose bss is 200 MiB larger, in 64 MiB: the message gives both amounts."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            big = elfmod.grow_bss(f.read(), 200 * MiB)
        k = write(os.path.join(td, "big.elf"), big)
        img = make_image(td, kernel=k)
        b, msg = expect_halt(img, NEED_RAM, "kernel larger than RAM", mem="64M")
    need, have = size_after(r"needs?|requires?", msg), size_after(r"has|have|offers|available", msg)
    check(need is not None and need >= 200 * MiB, f"message does not say how much is needed (>= 200 MiB): {msg!r}")
    check(have is not None and have <= 64 * MiB,
          f"message does not say how much RAM the E820 map has (<= 64 MiB): {msg!r}")


# ---- corrupt payloads ----
CORRUPT = r"(crc|inflate|gzip|deflate|corrupt|invalid|incorrect|check|huffman|distance|unexpected end)"


@case
def corrupt_kernel():
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        im.flip("kernel", im.kernel_bytes // 2, count=16)
        b, msg = expect_halt(img, rf"kernel[^\n]*{CORRUPT}[^\n]*\n|{CORRUPT}[^\n]*kernel[^\n]*\n",
                             "flipped bytes in the compressed kernel")


@case
def corrupt_kernel_crc_trailer():
    """The deflate data is intact, the gzip trailer's CRC-32 is wrong: only the CRC check sees it."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        im.flip("kernel", im.kernel_bytes - 8, count=1)
        im.record_crc("kernel")            # past setup16's CRC check: lm64's gzip trailer check
        expect_halt(img, r"kernel[^\n]*crc[^\n]*\n|crc[^\n]*kernel[^\n]*\n", "kernel gzip CRC-32 trailer")


@case
def corrupt_initrd():
    with tmpdir() as td:
        img = image_with_initrd(td)
        im = image.Image(img)
        im.flip("initrd", im.initrd_bytes // 2, count=4)
        expect_halt(img, r"initrd[^\n]*(crc|checksum|corrupt)[^\n]*\n|(crc|checksum|corrupt)[^\n]*initrd[^\n]*\n",
                    "flipped bytes in the initrd")


# ---- a truncated image ----
def truncated_case(which):
    """The file ends in the middle of a payload: the read past the end fails, and the message
    names an LBA inside that payload and the BIOS status (the MBR says it for the loader,
    setup16 for the kernel and the initrd)."""
    def run():
        with tmpdir() as td:
            img = image_with_initrd(td) if which == "initrd" else make_image(td)
            im = image.Image(img)
            first, size = im.extent(which)
            check(size > 2 * 512, f"{which} payload of {size} bytes is too small to cut")
            cut = im.truncate_in(which, 0.5)
            b, msg = expect_halt(img, READ_ERR + r"[^\n]*\n", f"image truncated inside the {which}")
        lba = lba_in(msg)
        check(lba is not None and first <= lba <= cut, f"message names no LBA in the {which} "
              f"(LBA {first}..{cut}): {msg!r}")
        check(status_in(msg) is not None, f"message names no BIOS status: {msg!r}")
    run.__name__ = f"truncated_in_{which}"
    case(run)


for _which in ("loader", "kernel", "initrd"):
    truncated_case(_which)


@case
def loader_patch_missing():
    """The MBR loads sectors that are not the loader (its head's magic is gone)."""
    with tmpdir() as td:
        img = make_image(td)
        im = image.Image(img)
        im.flip("loader", image.abi.LOADER_HEAD.offset["magic"], count=4)
        expect_halt(img, r"loader[^\n]*\n", "loader patch table magic destroyed")


def big_disk_unreadable_case(iface, full=False):
    """A 3 TiB disk with the loader past LBA 2^32 on a controller whose SeaBIOS driver speaks
    32-bit LBAs only (SCSI READ(10), USB mass storage): the MBR's read fails (status 01h) and
    it must say so, naming the whole 64-bit LBA it asked for."""
    def run():
        with tmpdir() as td:
            img = make_image(td, "--lba-offset", (1 << 32) + 2048, name="big.img")
            if os.path.getsize(img) < 3 << 40:
                os.truncate(img, 3 << 40)
            im = image.Image(img)
            b, msg = expect_halt(img, READ_ERR + r"[^\n]*\n", f"loader past 2 TiB on {iface}", iface=iface)
        eq(lba_in(msg), im.loader_lba, f"LBA in {msg!r}")
        check(status_in(msg) is not None, f"message names no BIOS status: {msg!r}")
    run.__name__ = f"big_disk_3T_{iface.replace('-', '_')}_unreadable"
    case(run, full=full)


big_disk_unreadable_case("virtio-scsi")
big_disk_unreadable_case("lsi", full=True)
big_disk_unreadable_case("usb-xhci", full=True)


# ---- read errors from the disk (QEMU blkdebug) ----
def blkdebug(td, img, sector, once):
    conf = write(os.path.join(td, "blkdebug.conf"),
                 f'[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "{sector}"\n'
                 f'once = "{"on" if once else "off"}"\n'.encode())
    return f"blkdebug:{conf}:{img}"


def where(im, which):
    """A sector in the middle of the payload."""
    return im.lba_of(which, min(im.extent(which)[1] // 2, im.extent(which)[1] - 1))


def read_error_case(which, once, full=False):
    def run():
        with tmpdir() as td:
            img = image_with_initrd(td) if which == "initrd" else make_image(td)
            sector = where(image.Image(img), which)
            drive = blkdebug(td, img, sector, once)
            if once:
                boot_pass(drive)
                return
            b, msg = expect_halt(drive, READ_ERR + r"[^\n]*\n", f"persistent EIO at LBA {sector} ({which})")
        lba = lba_in(msg)
        if which == "loader":   # the MBR names the first sector of its failed chunk
            check(lba is not None and sector - 127 <= lba <= sector,
                  f"message names no LBA of the failed read (sector {sector}): {msg!r}")
        else:                   # setup16 halves its reads until it names the bad sector
            eq(lba, sector, f"LBA in {msg!r}")
        eq(status_in(msg), SEABIOS_EIO, f"BIOS status in {msg!r}")
    run.__name__ = f"read_error_{which}_{'transient' if once else 'persistent'}"
    case(run, full=full)


for _which in ("loader", "kernel", "initrd"):
    read_error_case(_which, once=False)
    read_error_case(_which, once=True, full=_which != "kernel")


@case(full=True)
def read_error_floppy_kernel():
    """EIO under a floppy: QEMU's floppy controller zero-fills a sector it cannot read and
    reports success, so no INT 13h call fails; the kernel's gzip CRC-32 must catch it."""
    with tmpdir() as td:
        img = make_image(td, "--floppy")
        drive = blkdebug(td, img, where(image.Image(img), "kernel"), once=False)
        expect_halt(drive, r"kernel[^\n]*crc[^\n]*\n|read[^\n]*(err|fail)[^\n]*\n",
                    "EIO in the kernel on a floppy", iface="floppy")


# ---- missing BIOS services, A20 that will not come on (mkdisk --test-flag) ----
def flags_case(name, flags, key, want, full=False):
    def run():
        with tmpdir() as td:
            args = [a for f in flags for a in ("--test-flag", f)]
            img = make_image(td, *args)
            b, rep = boot_pass(img)
        eq(rep.get(key), [want], f"{key} with --test-flag {' '.join(flags)}")
    run.__name__ = name
    case(run, full=full)


flags_case("memory_e820_default", [], "memory_method", "e820")
flags_case("memory_no_e820", ["no-e820"], "memory_method", "e801")
flags_case("memory_no_e820_no_e801", ["no-e820", "no-e801"], "memory_method", "88h")
flags_case("a20_default", [], "a20", "already")
flags_case("a20_off_bios", ["a20-off"], "a20", "bios")
flags_case("a20_off_kbc", ["a20-off", "no-a20-bios"], "a20", "kbc")
flags_case("a20_off_port92", ["a20-off", "no-a20-bios", "no-a20-kbc"], "a20", "port92")


@case
def a20_cannot_enable():
    with tmpdir() as td:
        img = make_image(td, *[a for f in ("a20-off", "no-a20-bios", "no-a20-kbc", "no-a20-fast")
                               for a in ("--test-flag", f)])
        expect_halt(img, r"a20[^\n]*(cannot|could not|unable|fail)[^\n]*\n",
                    "A20 off and every enabling method skipped")


# ---- broken ELF payloads: the loader refuses them (mkdisk does too: see test_tools) ----
SEGMENT = r"(segment|pt_load)[^\n]*\n"
# name: (how to break the test kernel, what the loader's message must match, mkdisk can tell)
BROKEN_ELF = {
    "bad_magic": (elfmod.bad_magic, r"(elf|magic)[^\n]*\n", True),
    "class32": (elfmod.class32, r"(class|64-bit|elf ?64|32-bit)[^\n]*\n", True),
    "segments_below_1m": (lambda e: elfmod.shift_all(e, 0x1000 - elfmod.lowest(e)), SEGMENT, True),
    # mkdisk cannot know the RAM of the machine that will boot the image:
    "segments_above_ram": (lambda e: elfmod.shift_all(e, 255 << 30), SEGMENT, False),
    "entry_outside": (elfmod.entry_outside, r"entry[^\n]*\n", True),
}


@case
def swapped_valid_kernel_boots():
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


def broken_elf_case(name):
    mod, pattern, host = BROKEN_ELF[name]

    def run():
        with tmpdir() as td:
            with open(KERNEL, "rb") as f:
                broken = mod(f.read())
            if host:
                k = write(os.path.join(td, "broken.elf"), broken)
                mkdisk_refuses(td, f"mkdisk --kernel <{name}>", kernel=k)
            img = make_image(td)
            image.Image(img).replace_kernel(broken)
            expect_halt(img, pattern, f"kernel payload swapped for a broken ELF ({name})")
    run.__name__ = f"loader_refuses_elf_{name}"
    case(run)


for _name in BROKEN_ELF:
    broken_elf_case(_name)


@case
def kernel_linked_above_ram():
    """A well-formed kernel linked at 255 GiB (mkdisk cannot know the RAM and builds it): the
    loader must say its place is not RAM, in 128 MiB."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            k = write(os.path.join(td, "high.elf"), elfmod.shift_all(f.read(), 255 << 30))
        img = make_image(td, kernel=k)
        expect_halt(img, NEED_RAM, "kernel linked at 255 GiB, 128 MiB of RAM")


@case
def kernel_faults_at_entry():
    """A kernel whose first instruction is ud2: the exception is reported (vector, RIP at the
    entry point), then the CPU halts: no triple fault, no reboot."""
    with tmpdir() as td:
        with open(KERNEL, "rb") as f:
            elf = f.read()
        k = write(os.path.join(td, "ud2.elf"), elfmod.code_at_entry(elf, b"\x0f\x0b"))
        img = make_image(td, kernel=k)
        b, msg = expect_halt(img, r"exception[^\n]*\n", "ud2 at the kernel's entry point")
    check(f"rip 0x{elfmod.entry(elf):x}" in msg.lower(), f"message does not name the faulting RIP "
          f"0x{elfmod.entry(elf):x}: {msg!r}")
    check(re.search(r"\b(6|#?ud|invalid opcode)\b", msg, re.I), f"message does not name the vector (6, #UD): {msg!r}")


# ---- the same message on the screen (VGA text memory read through the QEMU monitor) ----
def screen_case(name, pattern, prepare, **kw):
    def run():
        with tmpdir() as td:
            img = prepare(td)
            b, msg, screen = boot_with_screen(img, pattern, name, **kw)
        expect_on_screen(screen, msg, name)
    run.__name__ = f"on_screen_{name}"
    case(run)


def _flip_kernel(td):
    img = make_image(td)
    im = image.Image(img)
    im.flip("kernel", im.kernel_bytes // 2, count=16)
    im.record_crc("kernel")                # past setup16's CRC check: lm64 reports it
    return img


def _cut_loader(td):
    img = make_image(td)
    image.Image(img).truncate_in("loader", 0.5)
    return img


screen_case("mbr_read_error", READ_ERR + r"[^\n]*\n", _cut_loader)
screen_case("setup16_no_long_mode", NO_LONG_MODE, make_image, cpu="qemu32")
screen_case("lm64_corrupt_kernel", r"kernel payload[^\n]*\n", _flip_kernel)


if __name__ == "__main__":
    main("matrix-faults")
