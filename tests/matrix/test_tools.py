"""test_tools.py: bad input to the host tools, as a table across both: build/zcat (our inflate)
and build/mkdisk. Every row must end with exit status 1 (not a signal), exactly one line on
stderr, and nothing written: zcat prints no unverified bytes, mkdisk leaves no output file and
no temporary file behind."""
import gzip
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import KERNEL, ZCAT, eq, expect_refusal, mkdisk_refuses, run_tool, tmpdir  # noqa: E402
from harness import case, main  # noqa: E402
import elfmod  # noqa: E402

GZ_HEADER = b"\x1f\x8b\x08\x00" + b"\0\0\0\0" + b"\x00\x03"


class Bits:
    """An RFC 1951 bit stream: fields LSB first, Huffman codes MSB first."""

    def __init__(self):
        self.v, self.n = 0, 0

    def put(self, value, nbits):
        self.v |= value << self.n
        self.n += nbits

    def code(self, code, nbits):
        for i in reversed(range(nbits)):
            self.put(code >> i & 1, 1)

    def bytes(self):
        return self.v.to_bytes((self.n + 7) // 8, "little")


def member(deflate, data=b""):
    """A gzip member around raw deflate bytes; the trailer claims `data`."""
    return GZ_HEADER + deflate + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def far_distance():
    """Fixed-Huffman block whose first symbol is a match 1 back: before the start of the output."""
    b = Bits()
    b.put(1, 1)
    b.put(1, 2)          # BFINAL, BTYPE=01
    b.code(1, 7)         # length symbol 257 (length 3)
    b.code(0, 5)         # distance symbol 0 (distance 1)
    b.code(0, 7)         # end of block
    return member(b.bytes())


def precode_oversubscribed():
    b = Bits()
    b.put(1, 1)
    b.put(2, 2)          # BFINAL, BTYPE=10
    b.put(0, 5)
    b.put(0, 5)
    b.put(15, 4)         # HLIT 257, HDIST 1, HCLEN 19
    for _ in range(19):
        b.put(1, 3)      # nineteen 1-bit codes: over-subscribed
    return member(b.bytes())


def gz_of(data):
    return gzip.compress(data, mtime=0)


def kernel_bytes():
    with open(KERNEL, "rb") as f:
        return f.read()


def hostile_gzip():
    """name -> bytes: bad or hostile gzip input (for zcat, and as mkdisk --kernel)."""
    good = gz_of(b"longboot " * 5000)
    out = {
        "empty": b"",
        "truncated_half": good[:len(good) // 2],
        "truncated_header": good[:6],
        "truncated_trailer": good[:-3],
        "bad_crc": good[:-8] + bytes([good[-8] ^ 1]) + good[-7:],
        "bad_isize": good[:-4] + struct.pack("<I", 12345),
        "not_gzip": bytes(range(256)) * 4,
        "method_not_deflate": b"\x1f\x8b\x07" + good[3:],
        "reserved_flags": good[:3] + b"\xe0" + good[4:],
        "fextra_past_end": b"\x1f\x8b\x08\x04" + b"\0" * 6 + b"\xff\xff" + b"abc",
        "block_type_3": member(b"\x07"),
        "stored_len_nlen": member(b"\x01" + struct.pack("<HH", 5, 0) + b"hello", b"hello"),
        "distance_too_far": far_distance(),
        "precode_oversubscribed": precode_oversubscribed(),
        "trailing_garbage": good + b"garbage!",
    }
    return out


# ---- zcat ----
def zcat_case(name):
    def run():
        with tmpdir() as td:
            path = os.path.join(td, name + ".gz")
            with open(path, "wb") as f:
                f.write(hostile_gzip()[name])
            p = run_tool([ZCAT, path])
        expect_refusal(p, f"zcat {name}")
        eq(len(p.stdout), 0, f"zcat {name}: bytes written to stdout before the error")
    run.__name__ = f"zcat_{name}"
    case(run)


for _n in hostile_gzip():
    zcat_case(_n)


@case
def zcat_missing_file():
    expect_refusal(run_tool([ZCAT, "/nonexistent/longboot.gz"]), "zcat on a missing file")


# ---- mkdisk ----
def mkdisk_kernel_case(name, make):
    def run():
        with tmpdir() as td:
            k = os.path.join(td, "kernel.bin")
            with open(k, "wb") as f:
                f.write(make())
            mkdisk_refuses(td, f"mkdisk --kernel <{name}>", kernel=k)
    run.__name__ = f"mkdisk_kernel_{name}"
    case(run)


def _gz(name):
    return lambda: hostile_gzip()[name]


MKDISK_KERNELS = {
    **{f"gzip_{n}": _gz(n) for n in ("truncated_half", "bad_crc", "bad_isize", "block_type_3",
                                      "distance_too_far", "precode_oversubscribed", "reserved_flags")},
    "empty": lambda: b"",
    "not_elf": lambda: b"MZ" + bytes(4094),
    "elf_header_only": lambda: kernel_bytes()[:40],
    "elf_truncated_half": lambda: kernel_bytes()[:len(kernel_bytes()) // 2],
    "elf_phdrs_past_end": lambda: kernel_bytes()[:64] + b"\0" * 8,
    "elf_bad_magic": lambda: elfmod.bad_magic(kernel_bytes()),
    "elf_class32": lambda: elfmod.class32(kernel_bytes()),
    "elf_segment_below_1m": lambda: elfmod.segment_at(kernel_bytes(), 0x1000),
    "elf_segments_below_1m": lambda: elfmod.shift_all(kernel_bytes(), 0x1000 - 0x200000),
    "elf_segment_span_over_4g": lambda: elfmod.segment_at(kernel_bytes(), 256 << 30, index=-1),
    "elf_segment_wraps": lambda: elfmod.segment_at(kernel_bytes(), 2**64 - 4096),
    "elf_entry_outside": lambda: elfmod.entry_outside(kernel_bytes()),
    "gzip_not_elf": lambda: gz_of(b"\0" * (4 << 20)),
    # a setup header claiming 32 setup sectors, then nothing: the file ends at byte 520
    "bzimage_truncated": lambda: (b"\0" * 0x1f1 + b"\x20" + b"\0" * 0x0c + b"\x55\xaa"
                                  + b"\xeb\x66HdrS" + b"\x0f\x02"),
}
for _n, _make in MKDISK_KERNELS.items():
    mkdisk_kernel_case(_n, _make)


@case
def mkdisk_initrd_over_4g():
    """A sparse initrd of 4 GiB + 1 byte: the patch table's 32-bit length cannot hold it."""
    with tmpdir() as td:
        rd = os.path.join(td, "huge.initrd")
        with open(rd, "wb"):
            pass
        os.truncate(rd, (4 << 30) + 1)
        mkdisk_refuses(td, "mkdisk --initrd <4 GiB + 1>", "--initrd", rd)


@case
def mkdisk_floppy_overfull():
    """--floppy with a 1.5 MiB initrd: more than 2880 sectors in all."""
    with tmpdir() as td:
        rd = os.path.join(td, "big.initrd")
        with open(rd, "wb") as f:
            f.write(bytes(1536 * 1024))
        mkdisk_refuses(td, "mkdisk --floppy --initrd <1.5 MiB>", "--floppy", "--initrd", rd)


@case
def mkdisk_cmdline_too_long():
    with tmpdir() as td:
        mkdisk_refuses(td, "mkdisk --cmdline <2048 bytes>", "--cmdline", "x" * 2048)


@case
def mkdisk_missing_files():
    with tmpdir() as td:
        mkdisk_refuses(td, "mkdisk --kernel <missing>", kernel=os.path.join(td, "nope"))
        mkdisk_refuses(td, "mkdisk --initrd <missing>", "--initrd", os.path.join(td, "nope"))
        mkdisk_refuses(td, "mkdisk --kernel <directory>", kernel=td)


@case
def mkdisk_bad_test_flag():
    with tmpdir() as td:
        mkdisk_refuses(td, "mkdisk --test-flag <unknown>", "--test-flag", "no-such-flag")


if __name__ == "__main__":
    main("matrix-tools")
