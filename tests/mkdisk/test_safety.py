"""test_safety.py: mkdisk never loses data. Disks made with sfdisk/sgdisk and real file systems
(mkfs.*, mkswap, mkntfs, cryptsetup); each refusal is exactly one stderr line, exit 1, and the
whole disk file byte-identical (sha256 before and after). Also: --force waives a partition's
type but no file system, longboot's mark makes a partition longboot's, --output that is an
input, a directory, a character device (a node made with mknod here) or a busy/used block
device (a loop device, when the machine lends one) is refused before the kernel work.
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/mkdisk/test_safety.py"""
import os
import shutil
import stat
import struct
import subprocess
import tempfile
import zlib

import pytest

import disks
from disks import MiB, SECTOR, tool
from mkdisk_lib import MKDISK, ROOT, bzimage, linux_elf, run, small_elf

MARK = b"longboot part\n\0\0"
NEVER = "; mkdisk never overwrites it, not even with --force"


@pytest.fixture
def w(tmp_path):
    d = tmp_path
    (d / "k").write_bytes(small_elf())
    return d


def refused(args, disk, want):
    """mkdisk exits 1 with exactly the line want on stderr and disk is byte for byte as before."""
    before = disks.sha256(disk) if disk and os.path.exists(disk) else None
    rc, out, err = run(args)
    assert (rc, err) == (1, want + "\n"), f"mkdisk {' '.join(args)}: exit {rc}, stderr {err!r}"
    if before:
        assert disks.sha256(disk) == before, f"{disk} changed although mkdisk refused"
    return err


def install(w, disk, *extra):
    return ["--install", *extra, "--kernel", str(w / "k"), "--output", disk]


def luks(kind, label):
    def fmt(part, key):
        args = [tool("cryptsetup"), "luksFormat", "-q", "--type", kind, "--pbkdf-force-iterations", "1000"]
        if kind == "luks2":
            args += ["--pbkdf", "pbkdf2", "--label", label]
        disks.run(args + [part, key])
    return fmt


def lvm2_label(part, key):
    """pvcreate needs a block device: the LVM2 label is written as the format defines it instead
    (label_header in sector 1: "LABELONE", its sector number, CRC, offset 32, type "LVM2 001")."""
    with open(part, "r+b") as f:
        f.seek(SECTOR)
        f.write(b"LABELONE" + struct.pack("<QII", 1, 0, 32) + b"LVM2 001")


def md_superblock(part, key):
    """mdadm is not installed here: an md v1.2 superblock's first fields are written as the format
    defines them (at 4 KiB: magic 0xa92b4efc, major_version 1)."""
    with open(part, "r+b") as f:
        f.seek(4096)
        f.write(struct.pack("<II", 0xA92B4EFC, 1))


def mkfs(*argv):
    def fmt(part, key):
        disks.run([tool(argv[0]), *argv[1:], part])
    return fmt


# (name, partition MiB, how it is made, what mkdisk must say is there)
FILESYSTEMS = [
    ("ext2", 16, mkfs("mkfs.ext2", "-q", "-F", "-L", "boot"), "an ext2 file system (label boot)"),
    ("ext3", 16, mkfs("mkfs.ext3", "-q", "-F", "-L", "home"), "an ext3 file system (label home)"),
    ("ext4", 16, mkfs("mkfs.ext4", "-q", "-F", "-L", "root"), "an ext4 file system (label root)"),
    ("xfs", 320, mkfs("mkfs.xfs", "-q", "-f", "-L", "data"), "an XFS file system (label data)"),
    ("btrfs", 128, mkfs("mkfs.btrfs", "-q", "-f", "-L", "pool"), "a Btrfs file system (label pool)"),
    ("fat12", 4, mkfs("mkfs.vfat", "-F", "12", "-n", "SMALL"), "a FAT12 file system (label SMALL)"),
    ("fat16", 32, mkfs("mkfs.vfat", "-F", "16", "-n", "MEDIUM"), "a FAT16 file system (label MEDIUM)"),
    ("fat32", 64, mkfs("mkfs.vfat", "-F", "32", "-n", "LARGE"), "a FAT32 file system (label LARGE)"),
    ("ntfs", 16, mkfs("mkntfs", "-q", "-F", "-Q", "-L", "win"), "an NTFS file system (label win)"),
    ("exfat", 16, mkfs("mkfs.exfat", "-L", "ex"), "an exFAT file system"),
    ("swap", 8, mkfs("mkswap", "-L", "swap0"), "a swap area (label swap0)"),
    ("lvm2", 8, lvm2_label, "an LVM2 physical volume"),
    ("md_raid", 8, md_superblock, "a Linux RAID member (md)"),
    ("luks1", 8, luks("luks1", ""), "a LUKS1 encrypted volume"),
    ("luks2", 32, luks("luks2", "vault"), "a LUKS2 encrypted volume (label vault)"),
]


def fs_disk(w, name, mib, fmt, ptype="DA"):
    """MBR disk: partition 1 (type ptype) at LBA 2048 holding the file system, partition 2 empty."""
    img = str(w / f"{name}.img")
    disks.mbr(img, (mib + 8) * MiB, f"start=2048, size={mib * 2048}, type={ptype}\n"
              f"start={2048 + mib * 2048}, size=4096, type=83\n")
    key = w / "key"
    key.write_bytes(b"not a secret")
    part = disks.blank(str(w / "part"), mib * MiB)
    fmt(part, str(key))
    disks.write_at(img, 2048 * SECTOR, part)
    os.remove(part)
    return img


@pytest.mark.parametrize("name,mib,fmt,what", FILESYSTEMS, ids=[f[0] for f in FILESYSTEMS])
def test_file_system_never_overwritten(w, name, mib, fmt, what):
    img = fs_disk(w, name, mib, fmt)
    # marked for longboot by its type (0xDA) and --force given: the file system still wins
    refused(install(w, img, "--partition", "1", "--force"), img,
            f"mkdisk: install: {img}: partition 1 holds {what}{NEVER}")


def test_file_system_on_unmarked_partition_named_first(w):
    img = fs_disk(w, "ext4", 16, FILESYSTEMS[2][2], ptype="83")
    refused(install(w, img, "--partition", "1"), img,
            f"mkdisk: install: {img}: partition 1 holds an ext4 file system (label root){NEVER}")


@pytest.mark.parametrize("args,what", [
    (["mkfs.ext4", "-q", "-F", "-L", "whole"], "an ext4 file system (label whole)"),
    (["mkfs.vfat", "-F", "16", "-n", "STICK"], "a FAT16 file system (label STICK)"),   # has 55 AA too
], ids=["ext4", "fat16"])
def test_whole_disk_file_system(w, args, what):
    img = disks.blank(str(w / "whole.img"), 32 * MiB)
    disks.run([tool(args[0]), *args[1:], img])
    refused(install(w, img), img,
            f"mkdisk: install: {img} holds {what} on the whole disk, not a partition table; mkdisk never overwrites it")


def test_unmarked_mbr_partition_needs_force_then_carries_the_mark(w):
    img = disks.mbr(str(w / "d.img"), 16 * MiB, "start=2048, size=4096, type=83\nstart=6144, size=8192, type=83\n")
    (w / "i").write_bytes(os.urandom(2100 * SECTOR))          # too big for the gap
    with open(img, "r+b") as f:                                # old bytes (no signature) in partition 2
        f.seek(6144 * SECTOR)
        f.write(os.urandom(64 * SECTOR))
    args = install(w, img, "--partition", "2", "--initrd", str(w / "i"))
    refused(args, img, f"mkdisk: install: {img}: partition 2 (type 0x83) is not marked for longboot: "
            f"give it type 0xDA (sfdisk --part-type {img} 2 DA) or pass --force")
    before = open(img, "rb").read()
    rc, out, err = run(args[:3] + ["--force"] + args[3:])
    assert rc == 0, err
    after = open(img, "rb").read()
    assert after[440:512] == before[440:512], "partition table changed"
    assert after[2048 * SECTOR:6144 * SECTOR] == before[2048 * SECTOR:6144 * SECTOR], "partition 1 changed"
    assert after[6144 * SECTOR:6144 * SECTOR + 16] == MARK, "no longboot mark at the start of partition 2"
    assert struct.unpack_from("<IIQQ", after, 6144 * SECTOR + 16) == (1, 40, 6144, 8192), "mark fields"
    assert "in partition 2 (type 0x83)" in out, out
    assert after[6145 * SECTOR:6152 * SECTOR] == bytes(7 * SECTOR), "old bytes left between the mark and the kernel"
    rc, out, err = run(args)                                   # the mark: no --force needed any more
    assert rc == 0, err


def test_unmarked_gpt_partition(w):
    img = disks.gpt(str(w / "g.img"), 16 * MiB, "--new=1:2048:+1M", "--typecode=1:EF02",
                    "--new=2:4096:+4M", "--typecode=2:8300")
    refused(install(w, img, "--partition", "2"), img,
            f"mkdisk: install: {img}: partition 2 (Linux file system, type 0FC63DAF-8483-4772-8E79-3D69D8477DE4) "
            f"is not marked for longboot: make it a BIOS boot partition (sgdisk --typecode=2:EF02 {img}) or pass --force")
    refused(install(w, img, "--partition", "3"), img, f"mkdisk: install: {img}: partition 3 is empty")
    refused(install(w, img, "--partition", "129"), img,
            f"mkdisk: install: {img}: partition 129 does not exist: the GPT has 128 entries")
    gpt_before = disks.read(img, SECTOR, 33 * SECTOR) + disks.read(img, 16 * MiB - 33 * SECTOR, 33 * SECTOR)
    rc, out, err = run(install(w, img, "--partition", "2", "--force"))
    assert rc == 0 and "loader LBA 4097 (" in out and "in partition 2 (Linux file system" in out, (out, err)
    assert disks.read(img, 4096 * SECTOR, 16) == MARK
    assert disks.read(img, SECTOR, 33 * SECTOR) + disks.read(img, 16 * MiB - 33 * SECTOR, 33 * SECTOR) == gpt_before
    rc, out, err = run(install(w, img, "--partition", "2"))      # marked now
    assert rc == 0, err


def test_gpt_bios_boot_partition_holding_a_file_system(w):
    img = disks.gpt(str(w / "g.img"), 32 * MiB, "--new=1:2048:+16M", "--typecode=1:EF02")
    disks.fs_into(img, 2048, 16 * 2048, [tool("mkfs.ext4"), "-q", "-F", "-L", "grubfs"], str(w))
    refused(install(w, img), img,
            f"mkdisk: install: {img}: partition 1 holds an ext4 file system (label grubfs){NEVER}")


def test_gpt_without_bios_boot_partition_says_how(w):
    img = disks.gpt(str(w / "g.img"), 64 * MiB, "--new=1:2048:+8M", "--typecode=1:8300")
    err = refused(install(w, img), img,
                  f"mkdisk: install: {img}: the GPT has no BIOS boot partition (type 21686148-6449-6E6F-744E-656564454649) "
                  f"to hold longboot; make one with: sgdisk --new=2:18432:+1M --typecode=2:EF02 {img}")
    # the line works as printed
    line = err.split("make one with: ")[1].split()
    disks.run([tool("sgdisk")] + line[1:])
    rc, out, err = run(install(w, img))
    assert rc == 0 and "in partition 2 (BIOS boot partition" in out, (out, err)


def _crc_case(img, lba, byte):
    with open(img, "r+b") as f:
        f.seek(lba * SECTOR + byte)
        b = f.read(1)
        f.seek(lba * SECTOR + byte)
        f.write(bytes([b[0] ^ 0x20]))


def test_damaged_gpt_refused(w):
    img = disks.gpt(str(w / "g.img"), 16 * MiB, "--new=1:2048:+4M", "--typecode=1:EF02")
    hdr = bytearray(disks.read(img, SECTOR, 92))
    _crc_case(img, 1, 60)                                      # a byte of the disk GUID
    hdr[60] ^= 0x20
    stored = struct.unpack_from("<I", hdr, 16)[0]
    hdr[16:20] = bytes(4)
    refused(install(w, img), img,
            f"mkdisk: install: {img}: the primary GPT header's CRC-32 is 0x{stored:08x}, its bytes give "
            f"0x{zlib.crc32(bytes(hdr)):08x}: a damaged GPT (sgdisk --verify {img} tells more)")
    img = disks.gpt(str(w / "h.img"), 16 * MiB, "--new=1:2048:+4M", "--typecode=1:EF02")
    sectors = 16 * MiB // SECTOR
    backup = disks.read(img, (sectors - 1) * SECTOR, 92)
    array_lba = struct.unpack_from("<Q", backup, 72)[0]
    _crc_case(img, array_lba, 56)                              # the name of entry 1, backup array only
    array = disks.read(img, array_lba * SECTOR, 128 * 128)
    refused(install(w, img), img,
            f"mkdisk: install: {img}: the backup GPT partition array's CRC-32 is "
            f"0x{struct.unpack_from('<I', backup, 88)[0]:08x}, its bytes give 0x{zlib.crc32(array):08x}: "
            f"a damaged GPT (sgdisk --verify {img} tells more)")


LOGICALS = ("start=2048, size=4096, type=83\n"
            "start=8192, size=40960, type=5\n"
            "start=10240, size=8192, type=83\n"
            "start=20480, size=16384, type=83\n")


def test_logical_partitions_numbered_as_linux_does(w):
    img = disks.mbr(str(w / "d.img"), 32 * MiB, LOGICALS)
    assert [p[0] for p in disks.partitions(img)] == [1, 2, 5, 6]
    refused(install(w, img, "--partition", "6"), img,
            f"mkdisk: install: {img}: partition 6 (type 0x83) is not marked for longboot: "
            f"give it type 0xDA (sfdisk --part-type {img} 6 DA) or pass --force")
    refused(install(w, img, "--partition", "7"), img,
            f"mkdisk: install: {img}: partition 7 does not exist: the logical partitions are 5..6")
    refused(install(w, img, "--partition", "2"), img,
            f"mkdisk: install: {img}: partition 2 is an extended partition (type 0x05), it holds others")


def test_extended_boot_record_never_overwritten(w):
    """Overlapping entries (hand-made: sfdisk makes none): 0xDA partition 1 spans the extended
    partition's first EBR; an initrd placed across it is refused naming that record."""
    img = disks.blank(str(w / "d.img"), 8 * MiB)
    mbr = bytearray(SECTOR)
    struct.pack_into("<B3sB3sII", mbr, 446, 0, b"\0\0\0", 0xDA, b"\0\0\0", 2048, 8192)
    struct.pack_into("<B3sB3sII", mbr, 462, 0, b"\0\0\0", 0x05, b"\0\0\0", 6144, 4096)
    mbr[510:512] = b"\x55\xaa"
    ebr = bytearray(SECTOR)
    struct.pack_into("<B3sB3sII", ebr, 446, 0, b"\0\0\0", 0x83, b"\0\0\0", 856, 2000)   # partition 5 at 7000
    ebr[510:512] = b"\x55\xaa"
    with open(img, "r+b") as f:
        f.write(mbr)
        f.seek(6144 * SECTOR)
        f.write(ebr)
    (w / "i").write_bytes(os.urandom(4200 * SECTOR))
    before = disks.sha256(img)
    rc, out, err = run(install(w, img, "--partition", "1", "--initrd", str(w / "i")))
    assert rc == 1 and err.startswith("mkdisk: install: the initrd (LBA ") and \
        err.endswith(") would overwrite the extended boot record of partition 5 at LBA 6144\n"), err
    assert disks.sha256(img) == before


def test_output_is_an_input(w):
    k = str(w / "k")
    kernel = open(k, "rb").read()
    refused(["--kernel", k, "--output", k], None,
            f"mkdisk: output: {k} is the same file as --kernel {k}; mkdisk would overwrite its own input")
    os.symlink(k, w / "link")
    refused(["--kernel", k, "--output", str(w / "link")], None,
            f"mkdisk: output: {w / 'link'} is the same file as --kernel {k}; mkdisk would overwrite its own input")
    (w / "initrd").write_bytes(b"ramdisk" * 100)
    os.link(w / "initrd", w / "hard")
    refused(["--kernel", k, "--initrd", str(w / "initrd"), "--output", str(w / "hard")], None,
            f"mkdisk: output: {w / 'hard'} is the same file as --initrd {w / 'initrd'}; mkdisk would overwrite its own input")
    assert open(k, "rb").read() == kernel and (w / "initrd").read_bytes() == b"ramdisk" * 100
    assert os.path.islink(w / "link")


def test_output_directory_and_character_device(w):
    k = str(w / "k")
    refused(["--kernel", k, "--output", str(w)], None,
            f"mkdisk: output: {w} is a directory; name the image file to write")
    node = str(w / "null")
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))     # /dev/null's numbers, in our directory
    want = f"mkdisk: output: {node} is a character device; mkdisk writes images to regular files and block devices only"
    refused(["--kernel", k, "--output", node], None, want)
    refused(["--install", "--kernel", k, "--output", node], None, want)
    assert stat.S_ISCHR(os.stat(node).st_mode), "the device node was replaced"
    assert not [p for p in os.listdir(w) if ".tmp-" in p]


def test_checks_run_before_the_kernel_work(w):
    """A broken --kernel is only looked at after the output and the disk passed their checks."""
    (w / "bad").write_bytes(b"not a kernel")
    img = disks.mbr(str(w / "d.img"), 8 * MiB, "start=2048, size=4096, type=83\n")
    refused(["--install", "--partition", "1", "--kernel", str(w / "bad"), "--output", img], img,
            f"mkdisk: install: {img}: partition 1 (type 0x83) is not marked for longboot: "
            f"give it type 0xDA (sfdisk --part-type {img} 1 DA) or pass --force")
    refused(["--kernel", str(w / "bad"), "--output", str(w)], None,
            f"mkdisk: output: {w} is a directory; name the image file to write")


def test_floppy_and_permissions_checked_first(w):
    """The floppy's capacity is checked with the initrd before the (here broken) kernel is read;
    a folder the user may not write to is refused before anything else (run as nobody)."""
    (w / "bad").write_bytes(b"not a kernel")
    (w / "big").write_bytes(bytes(3000 * SECTOR))
    loader = os.path.getsize(os.environ.get("MKDISK_LOADER", os.path.join(ROOT, "build", "loader.bin")))
    refused(["--floppy", "--kernel", str(w / "bad"), "--initrd", str(w / "big"), "--output", str(w / "f.img")], None,
            f"mkdisk: floppy: the MBR, loader and initrd alone need {1 + -(-loader // SECTOR) + 3000} sectors, "
            "a 1.44 MB floppy has 2880")
    top = tempfile.mkdtemp(prefix="mkdisk-perm-")                # /tmp: nobody may pass through
    try:
        os.chmod(top, 0o755)
        ro, k = os.path.join(top, "ro"), os.path.join(top, "k")
        os.mkdir(ro, 0o755)
        shutil.copy(w / "k", k)
        os.chmod(k, 0o644)
        nobody = [tool("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", MKDISK, "--kernel", k]
        p = subprocess.run(nobody + ["--output", os.path.join(ro, "x.img")], capture_output=True, text=True)
        assert (p.returncode, p.stderr) == (1, f"mkdisk: output: {ro}/x.img: no permission to create files in folder {ro}\n")
        os.chmod(ro, 0o700)
        p = subprocess.run(nobody + ["--output", os.path.join(ro, "x.img")], capture_output=True, text=True)
        assert (p.returncode, p.stderr) == (1, f"mkdisk: output: {ro}/x.img: no permission to look into folder {ro} (or one above it)\n")
    finally:
        shutil.rmtree(top)


def test_messages_no_payload_and_no_initrd(w):
    elf, relocs = linux_elf()
    bz = bytearray(bzimage(elf + relocs))
    struct.pack_into("<I", bz, 0x24C, 0)                       # payload_length 0, as memtest86+
    (w / "bz").write_bytes(bytes(bz))
    refused(["--kernel", str(w / "bz"), "--output", str(w / "o.img")], None,
            "mkdisk: kernel: this bzImage has no compressed payload (payload_length 0, as memtest86+ builds it): "
            "it must be started at its own entry (code32_start 0x0, 64-bit entry 0x200 past it), "
            "longboot loads only the ELF kernel inside a payload")
    rc, out, err = run(["--kernel", str(w / "k"), "--output", str(w / "o.img")])
    assert rc == 0 and out.endswith(", no initrd\n") and "initrd LBA" not in out, out


def _loop(img):
    """A loop device over img, or None when this machine lends none."""
    if os.geteuid() != 0 or not shutil.which("losetup", path="/usr/sbin:/sbin:/usr/bin"):
        return None
    p = subprocess.run(["losetup", "-f", "--show", img], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def test_block_device(w):
    img = disks.blank(str(w / "dev.img"), 8 * MiB)
    dev = _loop(img)
    if not dev:
        pytest.skip("no loop device here (needs root and /dev/loop-control)")
    try:
        k = str(w / "k")
        rc, out, err = run(["--kernel", k, "--output", dev])
        assert rc == 0 and " written to the device;" in out, (out, err)
        assert stat.S_ISBLK(os.stat(dev).st_mode)
        rc, out2, err = run(["--kernel", k, "--output", str(w / "file.img")])
        size = os.path.getsize(w / "file.img")
        assert disks.read(img, 0, size) == open(w / "file.img", "rb").read(), "device bytes differ from the image file"
        # a device that holds a partition table or a file system is refused
        disks.run([tool("sfdisk"), "--no-reread", "--no-tell-kernel", "-q", dev],
                  input="label: dos\nstart=2048, size=4096, type=83\n")
        refused(["--kernel", k, "--output", dev], img,
                f"mkdisk: output: {dev} holds an MBR partition table with 1 partition; use --install to add longboot "
                f"to it, or clear it first (wipefs -a {dev})")
        disks.run([tool("mkfs.ext4"), "-q", "-F", "-L", "usb", dev])
        refused(["--kernel", k, "--output", dev], img,
                f"mkdisk: output: {dev} holds an ext4 file system (label usb); mkdisk does not overwrite it "
                f"(wipefs -a {dev} clears a disk you no longer need)")
        # in use (claimed with O_EXCL, as a mount claims it): a new image is refused, while
        # --install, which writes only a BIOS boot partition, works as on a live system's disk
        disks.run([tool("sgdisk"), "-o", "--new=1:2048:+4M", "--typecode=1:EF02", "--new=2:0:0", dev])
        held = os.open(dev, os.O_RDONLY | os.O_EXCL)
        try:
            refused(["--kernel", k, "--output", dev], img,
                    f"mkdisk: output: {dev}: Device or resource busy (mounted, or a partition of it is in use)")
            rc, out, err = run(["--install", "--kernel", k, "--output", dev])
            assert rc == 0 and "in partition 1 (BIOS boot partition" in out, (out, err)
        finally:
            os.close(held)
    finally:
        subprocess.run(["losetup", "-d", dev])
