"""image.py: read a longboot disk image's MBR patch table, loader head and loader patch table
(layouts of include/patch.h, through abi.py) and rewrite parts of it for the fault tests: flip
bytes in a payload, swap in another kernel ELF (re-gzipped, kernel.bytes/crc32 and elf_size
updated), cut the file inside the kernel, change the MBR's loader sector count."""
import gzip
import os
import zlib

from lib import abi

SECTOR = abi.LB_SECTOR
TEST_FLAGS = abi.TEST_FLAGS     # test_flags (LBT_*), named as mkdisk --test-flag names them
LBF_RELOCS = abi.LBF_RELOCS
# struct loader_patch's scalar fields are Image attributes; its byte arrays are not
_ARRAYS = ("setup_header", "cmdline")


class ImageError(Exception):
    """The file is not a longboot image (a patch table's magic is missing)."""


class Image:
    """A longboot image on disk. The MBR patch table is in mbr_patch (and loader_sectors,
    loader_lba), the loader head in head, struct loader_patch in patch and its scalar fields
    are attributes (kernel_lba, elf_size, ...); write() puts the loader table back,
    write_mbr() the MBR's."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.mbr = f.read(SECTOR)
            if len(self.mbr) < SECTOR or self.mbr[510:512] != b"\x55\xaa":
                raise ImageError(f"{path}: sector 0 has no 0x55 0xAA signature")
            self.mbr_patch = abi.MBR_PATCH.unpack(self.mbr, abi.MBR_PATCH_OFFSET)
            magic = self.mbr_patch["magic"]
            if magic != abi.MBR_PATCH_MAGIC:
                raise ImageError(f"{path}: no MBR patch table (magic 0x{magic:08x})")
            self.loader_sectors = self.mbr_patch["loader_sectors"]
            self.loader_lba = self.mbr_patch["loader_lba"]
            f.seek(self.loader_lba * SECTOR)
            self.head = abi.LOADER_HEAD.unpack(f.read(abi.LOADER_HEAD.size).ljust(abi.LOADER_HEAD.size, b"\0"))
            f.seek(self.patch_offset)
            raw = f.read(abi.LOADER_PATCH.size).ljust(abi.LOADER_PATCH.size, b"\0")
        self.patch = abi.LOADER_PATCH.unpack(raw)
        for k, v in self.patch.items():
            if k not in _ARRAYS:
                setattr(self, k, v)
        if self.magic != abi.LOADER_PATCH_MAGIC:
            raise ImageError(f"{path}: no loader patch table at byte {self.patch_offset} (magic 0x{self.magic:08x})")
        self.setup_header = self.patch["setup_header"][:self.setup_header_len]
        self.cmdline_raw = self.patch["cmdline"]
        self.cmdline = self.cmdline_raw.split(b"\0", 1)[0].decode("latin-1")

    @property
    def patch_offset(self):
        """Byte offset of struct loader_patch in the file."""
        return self.loader_lba * SECTOR + abi.LOADER_PATCH_OFFSET

    def write(self):
        """Store the loader patch table's scalar fields back (the byte arrays as they were)."""
        values = {k: (v if k in _ARRAYS else getattr(self, k)) for k, v in self.patch.items()}
        with open(self.path, "r+b") as f:
            f.seek(self.patch_offset)
            f.write(abi.LOADER_PATCH.pack(values))
        self.patch = values

    def write_mbr(self):
        """Store loader_sectors and loader_lba back into the MBR patch table (the loader's
        head and patch table are not changed: the tests lie to the MBR with this)."""
        values = dict(self.mbr_patch, loader_sectors=self.loader_sectors, loader_lba=self.loader_lba)
        with open(self.path, "r+b") as f:
            f.seek(abi.MBR_PATCH_OFFSET)
            f.write(abi.MBR_PATCH.pack(values))
        self.mbr_patch = values

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
