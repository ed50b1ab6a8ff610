"""badgzip.py: bad and hostile gzip members, one per reason our inflate refuses input (for zcat's
and mkdisk's bad-input tests)."""
import gzip
import struct
import zlib

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
