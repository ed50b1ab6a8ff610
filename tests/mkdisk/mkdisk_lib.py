"""mkdisk_lib.py: helpers of the mkdisk host tests: build synthetic ELF64 kernels and bzImages,
run build/mkdisk, and read back an image it wrote (tests/lib/image.py's reader; the layouts of
include/patch.h come from the generated module through tests/lib/abi.py)."""
import bz2
import glob
import gzip
import lzma
import os
import shutil
import struct
import subprocess
import tempfile

from lib import abi, image
from lib.asserts import Fail, check, eq  # noqa: F401 (the suites import check and eq from here)
from lib.paths import MKDISK, MKDISK_ASAN, ROOT  # noqa: F401
SECTOR = abi.LB_SECTOR
LBF = abi.LBF
PATCH_SIZE = abi.LOADER_PATCH.size


# ---------------------------------------------------------------- synthetic inputs
def elf64(segs, entry=None, machine=62, cls=2, data=1, etype=2, sections=True):
    """An ELF64 executable. segs: list of (paddr, bytes, memsz, flags); segment i sits at file
    offset 0x1000 + (paddr - lowest paddr), so each may move down in place. The section headers
    (a null one and .shstrtab) end the file, so the file's length is its ELF size."""
    load = min(s[0] for s in segs)
    body_end = max(0x1000 + p - load + len(b) for p, b, _, _ in segs)
    shstr = b"\0.shstrtab\0"
    shoff = (body_end + len(shstr) + 7) & ~7
    out = bytearray(shoff + (2 * 64 if sections else 0))
    for i, (p, b, _, _) in enumerate(segs):
        out[0x1000 + p - load:0x1000 + p - load + len(b)] = b
    if sections:
        out[body_end:body_end + len(shstr)] = shstr
        struct.pack_into("<IIQQQQIIQQ", out, shoff + 64, 1, 3, 0, 0, body_end, len(shstr), 0, 0, 1, 0)
    if entry is None:
        entry = segs[0][0]
    out[0:16] = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", out, 16, etype, machine, 1, entry, 64,
                     shoff if sections else 0, 0, 64, 56, len(segs), 64,
                     2 if sections else 0, 1 if sections else 0)
    for i, (p, b, memsz, flags) in enumerate(segs):
        struct.pack_into("<IIQQQQQQ", out, 64 + 56 * i, 1, flags, 0x1000 + p - load, p, p, len(b),
                         memsz, 0x1000)
    return bytes(out)


def small_elf(load=0x200000, text=b"\xf4\xeb\xfd" * 100, data=bytes(range(256)) * 40, bss=0x3000):
    """Text at load, data (+bss) at load + 0x2000."""
    return elf64([(load, text, len(text), 5), (load + 0x2000, data, len(data) + bss, 6)])


def decode_payload(data):
    """A stored kernel payload decoded: gzip here, any other format by build/unpack --kernel (the
    loader's own decoders; the 4-byte size after the stream)."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        p = subprocess.run([os.path.join(os.environ.get("BUILD", "build"), "unpack"), f.name, "--kernel"],
                           capture_output=True, check=False)
    if p.returncode:
        raise Fail(f"build/unpack refuses the stored payload: {p.stderr.decode().strip()}")
    return p.stdout


def compress(fmt, data):
    """data packed as a Linux payload in fmt; all but gzip get the 4-byte size appended."""
    size = struct.pack("<I", len(data) & 0xFFFFFFFF)
    if fmt == "gzip":
        return gzip.compress(data, mtime=0)
    if fmt == "xz":
        return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32) + size
    if fmt == "lzma":
        return lzma.compress(data, format=lzma.FORMAT_ALONE) + size
    if fmt == "bzip2":
        return bz2.compress(data) + size
    tool = {"lz4": ["lz4", "-l", "-c", "-q"], "zstd": ["zstd", "-c", "-q", "-19"]}[fmt]
    if not shutil.which(tool[0]):
        raise Fail(f"{tool[0]} not installed")
    return subprocess.run(tool, input=data, capture_output=True, check=True).stdout + size


def bzimage(payload, fmt="gzip", version=0x020F, xloadflags=1, pref=0x1000000, init_size=0x400000,
            align=0x200000, relocatable=1, cmdline_size=2047, initrd_addr_max=0x7FFFFFFF,
            setup_sects=4, payload_offset=0x80):
    """A bzImage-shaped file around payload (the ELF plus relocations), compressed as fmt."""
    packed = compress(fmt, payload)
    setup = bytearray((setup_sects + 1) * SECTOR)
    setup[0x1F1] = setup_sects
    struct.pack_into("<H", setup, 0x1FE, 0xAA55)
    setup[0x200:0x202] = b"\xeb\x6a"
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, version)
    struct.pack_into("<H", setup, 0x20E, 0x300 - 0x200)
    setup[0x300:0x320] = b"9.9.9-test (mkdisk tests)".ljust(32, b"\0")
    struct.pack_into("<I", setup, 0x22C, initrd_addr_max)
    struct.pack_into("<I", setup, 0x230, align)
    setup[0x234] = relocatable
    struct.pack_into("<H", setup, 0x236, xloadflags)
    struct.pack_into("<I", setup, 0x238, cmdline_size)
    struct.pack_into("<II", setup, 0x248, payload_offset, len(packed))
    struct.pack_into("<Q", setup, 0x258, pref)
    struct.pack_into("<I", setup, 0x260, init_size)
    pm = bytearray(b"\x90" * payload_offset) + packed + b"\xcc" * 64
    return bytes(setup + pm)


def linux_elf():
    """An ELF linked like vmlinux (first PT_LOAD at 16 MiB) and a fake relocation table."""
    elf = elf64([(0x1000000, b"\x48\x31\xc0\xf4" * 512, 0x800, 5),
                 (0x1200000, bytes(range(200)) * 50, 0x4000, 6)])
    relocs = struct.pack("<6I", 0, 0x1000010, 0x1000020, 0, 0x1000100, 0)
    return elf, relocs


# ---------------------------------------------------------------- running and reading back
class Work:
    """A scratch directory; files written into it by name."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="mkdisk-test-")

    def path(self, name):
        return os.path.join(self.dir, name)

    def put(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def leftovers(self):
        return glob.glob(self.path("*.tmp-*"))

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run(args, tool=None, env=None):
    tool = tool or MKDISK
    check(os.path.exists(tool), f"{tool} not built (make {os.path.relpath(tool, ROOT)})")
    p = subprocess.run([tool] + args, capture_output=True, text=True, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr


def ok(args, **kw):
    rc, out, err = run(args, **kw)
    if rc != 0:
        raise Fail(f"mkdisk {' '.join(args)}: exit {rc}, stderr {err.strip()!r}")
    return out


def fails(args, want, w, output=None, tool=None, env=None):
    """mkdisk must exit 1 with exactly one stderr line 'mkdisk: ...' containing want, and leave
    no output file (or, given output's old bytes, leave it unchanged) and no temporary file."""
    rc, out, err = run(args, tool=tool, env=env)
    eq(rc, 1, f"exit status of mkdisk {' '.join(a[:60] for a in args)}")
    lines = err.splitlines()
    check(len(lines) == 1 and err.endswith("\n"), f"want one stderr line, got {err!r}")
    check(lines[0].startswith("mkdisk: "), f"stderr line does not start 'mkdisk: ': {lines[0]!r}")
    check(want in lines[0], f"stderr {lines[0]!r} does not mention {want!r}")
    check(not w.leftovers(), f"temporary files left behind: {w.leftovers()}")
    out_path = args[args.index("--output") + 1] if "--output" in args else None
    if output is None and out_path:
        check(not os.path.exists(out_path), f"{out_path} left behind after a failure")
    elif output is not None:
        with open(out_path, "rb") as f:
            check(f.read() == output, f"{out_path} changed although mkdisk failed")
    return lines[0]


class Image(image.Image):
    """An image mkdisk wrote, read by tests/lib/image.py, with the whole file in raw, the
    loader's sectors in loader, the patch table's fields in f and the MBR's magic in mbr_magic."""

    def __init__(self, path):
        super().__init__(path)
        with open(path, "rb") as f:
            self.raw = f.read()
        self.mbr_magic = self.mbr_patch["magic"]
        self.loader = self.read("loader")
        self.f = self.patch

    def payload(self, which):
        return self.read(which)
