"""image.py: read a longboot disk image's MBR patch table, loader head, loader patch table and
configuration table (layouts of include/patch.h and include/config.h, through abi.py) and rewrite parts of it for the fault tests: flip
bytes in a payload, swap in another kernel ELF (re-gzipped, kernel.bytes/crc32 and elf_size
updated), cut the file inside the kernel, change the MBR's loader sector count."""
import gzip
import os
import struct
import zlib

from lib import abi

SECTOR = abi.LB_SECTOR
TEST_FLAGS = abi.TEST_FLAGS     # test_flags (LBT_*), named as mkdisk --test-flag names them
LBF_RELOCS = abi.LBK_RELOCS
# Image.flags: the entry's LBK_* bits, and this bit for the image's LBC_NO_TIMING (as mkdisk --info shows them)
NO_TIMING = 0x0008
HEADER, ENTRY = abi.LB_CFG_HEADER, abi.LB_CFG_ENTRY
# the entry's fields that are string-pool offsets (read as strings, not attributes)
_STRINGS = ("title", "version", "cmdline", "setup_header")


class ImageError(Exception):
    """The file is not a longboot image (a patch table's magic is missing)."""


def cfg_crc(table):
    """CRC-32 of a configuration table copy with its crc32 field as 0."""
    t = bytearray(table)
    at = HEADER.offset["crc32"]
    t[at:at + 4] = bytes(4)
    return zlib.crc32(bytes(t))


def loader_sum(data):
    """The loader head's checksum (include/patch.h) of data, zero-padded to whole words:
    (a, b) with a += word, b += a, mod 2**32."""
    data = bytes(data) + bytes(-len(data) % 4)
    a = b = 0
    for (w,) in struct.iter_unpack("<I", data):
        a = (a + w) & 0xFFFFFFFF
        b = (b + a) & 0xFFFFFFFF
    return a, b


class Image:
    """A longboot image on disk. The MBR patch table is in mbr_patch (and loader_sectors,
    loader_lba), the loader head in head, struct loader_patch in loader_table. The
    configuration table (slot A, as mkdisk wrote both) is in cfg_header and entries; one entry
    (the default, or `entry`) is presented in patch as the single-kernel view the fault tests
    use, and its fields are attributes (kernel_lba, kernel_window, elf_size, flags,
    test_flags, ...); write() stores them back into both slots with a fresh CRC-32, write_mbr()
    the MBR's."""

    def __init__(self, path, entry=None):
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
            self.loader_table = abi.LOADER_PATCH.unpack(raw)
            if self.loader_table["magic"] != abi.LOADER_PATCH_MAGIC:
                raise ImageError(f"{path}: no loader patch table at byte {self.patch_offset} "
                                 f"(magic 0x{self.loader_table['magic']:08x})")
            f.seek(self.loader_table["config_lba_a"] * SECTOR)
            self.table = bytearray(f.read(abi.LB_CFG_MAX_BYTES).ljust(abi.LB_CFG_MAX_BYTES, b"\0"))
        self.cfg_header = HEADER.unpack(self.table)
        if self.cfg_header["magic"] != abi.LB_CFG_MAGIC:
            raise ImageError(f"{path}: no configuration table at LBA {self.loader_table['config_lba_a']}")
        n = self.cfg_header["entry_count"]
        self.entries = [ENTRY.unpack(self.table, HEADER.size + i * ENTRY.size) for i in range(n)]
        self.entry = self.cfg_header["default_entry"] if entry is None else entry
        e = self.entries[self.entry]
        self.patch = {k: v for k, v in e.items() if k not in _STRINGS + ("kflags", "reserved")}
        for k in ("magic", "version", "size"):     # the loader patch table's own
            self.patch[k] = self.loader_table[k]
        self.patch["flags"] = e["kflags"] | (NO_TIMING if self.cfg_header["flags"] & abi.LBC_NO_TIMING else 0)
        self.patch["test_flags"] = self.loader_table["test_flags"]
        for k, v in self.patch.items():
            setattr(self, k, v)
        self.setup_header = bytes(self.table[e["setup_header"]:e["setup_header"] + e["setup_header_len"]])
        self.cmdline = self.string(e["cmdline"])
        self.cmdline_raw = self.cmdline.encode("latin-1") + b"\0"
        self.title = self.string(e["title"])

    def string(self, off):
        """A NUL-terminated string of the table's pool ("" for offset 0)."""
        if not off:
            return ""
        return bytes(self.table[off:self.table.index(b"\0", off)]).decode("latin-1")

    @property
    def patch_offset(self):
        """Byte offset of struct loader_patch in the file."""
        return self.loader_lba * SECTOR + abi.LOADER_PATCH_OFFSET

    def write(self):
        """Store the attributes back: test_flags into the loader patch table, the entry's fields
        into both configuration slots (with the CRC-32 recomputed, so the loader accepts them)."""
        e = dict(self.entries[self.entry])
        for k in self.patch:
            if k in e and k not in ("version", "size"):
                e[k] = getattr(self, k)
        e["kflags"] = self.flags & (abi.LBK_LINUX | abi.LBK_RELOCATABLE | abi.LBK_RELOCS)
        self.entries[self.entry] = e
        h = dict(self.cfg_header)
        h["flags"] = (h["flags"] & ~abi.LBC_NO_TIMING) | (abi.LBC_NO_TIMING if self.flags & NO_TIMING else 0)
        h["test_flags"] = self.test_flags
        at = HEADER.size + self.entry * ENTRY.size
        self.table[at:at + ENTRY.size] = ENTRY.pack(e)
        h["crc32"] = 0
        self.table[:HEADER.size] = HEADER.pack(h)
        h["crc32"] = cfg_crc(self.table[:h["table_bytes"]])
        self.table[:HEADER.size] = HEADER.pack(h)
        self.cfg_header = h
        lt = dict(self.loader_table, test_flags=self.test_flags)
        with open(self.path, "r+b") as f:
            f.seek(self.patch_offset)
            f.write(abi.LOADER_PATCH.pack(lt))
            for lba in (lt["config_lba_a"], lt["config_lba_b"]):
                f.seek(lba * SECTOR)
                f.write(bytes(self.table))
        self.loader_table = lt
        self.patch = {k: getattr(self, k) for k in self.patch}

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

    def record_crc(self, which):
        """Record the payload's CRC-32 as it is now (after flip()): the damage then gets past
        setup16's read check to lm64's own checks (gzip, ELF, initrd CRC)."""
        setattr(self, which + "_crc32", zlib.crc32(self.read(which)))
        self.write()

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
