"""image.py: read a longboot disk image's MBR and loader patch tables (include/patch.h) and
rewrite parts of it for the fault tests: flip bytes in a payload, swap in another kernel ELF
(re-gzipped, kernel.bytes/crc32 and elf_size updated), cut the file inside the kernel."""
import gzip
import os
import struct
import zlib

SECTOR = 512
MBR_PATCH_OFFSET = 0x1A8
MBR_PATCH_MAGIC = 0x424D424C      # "LBMB"
LOADER_PATCH_OFFSET = 0x10
LOADER_PATCH_MAGIC = 0x444C424C   # "LBLD"

# struct mbr_patch: magic, loader_sectors, reserved, loader_lba
MBR_FMT = "<IHHQ"
# struct loader_patch up to setup_header: magic, version, size, flags, test_flags,
# kernel {lba, bytes, crc32}, initrd {lba, bytes, crc32}, kernel_load_addr, kernel_window,
# kernel_align, elf_size, reloc_size, initrd_addr_max, setup_header_len, reserved
LOADER_FMT = "<IHHII" + "QII" + "QII" + "QQQ" + "III" + "HH"
LOADER_FIELDS = ("magic", "version", "size", "flags", "test_flags",
                 "kernel_lba", "kernel_bytes", "kernel_crc32",
                 "initrd_lba", "initrd_bytes", "initrd_crc32",
                 "kernel_load_addr", "kernel_window", "kernel_align",
                 "elf_size", "reloc_size", "initrd_addr_max", "setup_header_len", "reserved")
SETUP_HEADER_OFFSET = struct.calcsize(LOADER_FMT)
CMDLINE_OFFSET = SETUP_HEADER_OFFSET + 0x80
assert SETUP_HEADER_OFFSET == 88

# test_flags (LBT_*), named as mkdisk --test-flag names them
TEST_FLAGS = {"no-e820": 0x01, "no-e801": 0x02, "a20-off": 0x04, "no-a20-bios": 0x08,
              "no-a20-kbc": 0x10, "no-a20-fast": 0x20, "no-edd": 0x40, "xfer-255": 0x80}
LBF_RELOCS = 0x0004


class ImageError(Exception):
    """The file is not a longboot image (a patch table's magic is missing)."""


class Image:
    """A longboot image on disk. Fields of both patch tables are attributes (mbr_*, and the
    loader_patch names above); write() puts the loader table back."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            mbr = f.read(SECTOR)
            if len(mbr) < SECTOR or mbr[510:512] != b"\x55\xaa":
                raise ImageError(f"{path}: sector 0 has no 0x55 0xAA signature")
            magic, self.loader_sectors, _, self.loader_lba = struct.unpack_from(MBR_FMT, mbr, MBR_PATCH_OFFSET)
            if magic != MBR_PATCH_MAGIC:
                raise ImageError(f"{path}: no MBR patch table (magic 0x{magic:08x})")
            f.seek(self.patch_offset)
            raw = f.read(CMDLINE_OFFSET + 2048)
        vals = struct.unpack_from(LOADER_FMT, raw, 0)
        for k, v in zip(LOADER_FIELDS, vals):
            setattr(self, k, v)
        if self.magic != LOADER_PATCH_MAGIC:
            raise ImageError(f"{path}: no loader patch table at byte {self.patch_offset} (magic 0x{self.magic:08x})")
        self.cmdline = raw[CMDLINE_OFFSET:].split(b"\0", 1)[0].decode("latin-1")

    @property
    def patch_offset(self):
        """Byte offset of struct loader_patch in the file."""
        return self.loader_lba * SECTOR + LOADER_PATCH_OFFSET

    def write(self):
        """Store the loader patch table fields (everything before setup_header) back."""
        data = struct.pack(LOADER_FMT, *(getattr(self, k) for k in LOADER_FIELDS))
        with open(self.path, "r+b") as f:
            f.seek(self.patch_offset)
            f.write(data)

    # ---- payloads ----
    def extent(self, which):
        """(first LBA, bytes) of 'kernel', 'initrd' or 'loader'."""
        if which == "loader":
            return self.loader_lba, self.loader_sectors * SECTOR
        return getattr(self, which + "_lba"), getattr(self, which + "_bytes")

    def lba_of(self, which, offset):
        """The sector holding byte `offset` of a payload (for blkdebug's sector = N)."""
        lba, n = self.extent(which)
        if not 0 <= offset < n:
            raise ValueError(f"offset {offset} outside {which} ({n} bytes)")
        return lba + offset // SECTOR

    def read(self, which):
        lba, n = self.extent(which)
        with open(self.path, "rb") as f:
            f.seek(lba * SECTOR)
            return f.read(n)

    def flip(self, which, offset, count=1, mask=0xFF):
        """XOR `count` bytes of a payload from `offset` with mask (patch CRCs stay as they were)."""
        lba, n = self.extent(which)
        if not (0 <= offset and offset + count <= n):
            raise ValueError(f"bytes {offset}+{count} outside {which} ({n} bytes)")
        with open(self.path, "r+b") as f:
            f.seek(lba * SECTOR + offset)
            b = bytearray(f.read(count))
            f.seek(lba * SECTOR + offset)
            f.write(bytes(x ^ mask for x in b))

    def kernel_stream(self):
        """The decompressed kernel payload: (ELF file bytes, relocation table bytes)."""
        raw = gzip.decompress(self.read("kernel"))
        return raw[:self.elf_size], raw[self.elf_size:self.elf_size + self.reloc_size]

    def replace_kernel(self, elf, keep_relocs=True, level=9, grow_window=True):
        """Swap in another ELF file as the kernel payload: gzip it (with the old relocation
        table after it when keep_relocs and the image has one), write it in place when it fits
        before the next payload, else at the end of the file, and update kernel.lba/bytes/crc32
        and elf_size. grow_window: raise kernel_window to hold the larger file if it must. The
        rest of the patch table (load address, alignment, flags) stays as it was."""
        relocs = self.kernel_stream()[1] if keep_relocs and self.flags & LBF_RELOCS else b""
        gz = gzip.compress(elf + relocs, compresslevel=level, mtime=0)
        end = os.path.getsize(self.path)
        room_end = end // SECTOR
        for other in ("initrd",):
            olba, on = self.extent(other)
            if on and olba > self.kernel_lba:
                room_end = min(room_end, olba)
        if self.kernel_lba + -(-len(gz) // SECTOR) <= room_end:
            lba = self.kernel_lba
        else:
            lba = -(-end // SECTOR)
        with open(self.path, "r+b") as f:
            f.seek(lba * SECTOR)
            f.write(gz)
            pad = -len(gz) % SECTOR
            if lba * SECTOR + len(gz) + pad > end:
                f.write(b"\0" * pad)
        self.kernel_lba, self.kernel_bytes = lba, len(gz)
        self.kernel_crc32 = zlib.crc32(gz)
        self.elf_size = len(elf)
        self.reloc_size = len(relocs)
        if grow_window:
            self.kernel_window = max(self.kernel_window, -(-(len(elf) + len(relocs)) // 4096) * 4096)
        if not relocs:
            self.flags &= ~LBF_RELOCS
        self.write()

    def truncate_in(self, which, fraction=0.5):
        """Cut the file so that it ends inside a payload, on a sector boundary; returns the
        first LBA past the end of the file."""
        lba, n = self.extent(which)
        cut = lba + max(1, int(n * fraction) // SECTOR)
        os.truncate(self.path, cut * SECTOR)
        return cut

    def set_test_flags(self, *names):
        """Set LBT_* switches in place (the same bits mkdisk --test-flag sets)."""
        for name in names:
            self.test_flags |= TEST_FLAGS[name]
        self.write()
