"""extract-vmlinux.py BZIMAGE OUT: write the ELF inside a bzImage, found through the setup
header's payload_offset/payload_length and decompressed by format (gzip, xz, lzma, zstd, lz4,
bzip2). For benchmarks and tests only; mkdisk does the same in C for the real image."""
import bz2, gzip, lzma, shutil, struct, subprocess, sys

bz = open(sys.argv[1], "rb").read()
if bz[0x202:0x206] != b"HdrS":
    sys.exit("extract-vmlinux: not a bzImage (no HdrS)")
setup_sects = bz[0x1f1] or 4
off, length = struct.unpack_from("<II", bz, 0x248)
start = (setup_sects + 1) * 512 + off
payload = bz[start:start + length]
if payload[:2] == b"\x1f\x8b":
    raw = gzip.decompress(payload)
# Except gzip, the kernel build appends the decompressed size (4 bytes) to the compressed stream:
# decode exactly one stream and ignore what follows it.
elif payload[:6] == b"\xfd7zXZ\x00":
    raw = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
elif payload[:3] == b"\x5d\x00\x00":
    raw = lzma.LZMADecompressor(format=lzma.FORMAT_ALONE).decompress(payload)
elif payload[:3] == b"BZh":
    raw = bz2.BZ2Decompressor().decompress(payload)
elif payload[:4] in (b"\x28\xb5\x2f\xfd",):
    raw = subprocess.run(["zstd", "-dc"], input=payload[:-4], stdout=subprocess.PIPE, check=True).stdout
elif payload[:4] == b"\x02\x21\x4c\x18":
    raw = subprocess.run(["lz4", "-dc"], input=payload[:-4], stdout=subprocess.PIPE, check=True).stdout
else:
    sys.exit(f"extract-vmlinux: unknown payload format {payload[:6].hex()}")
if raw[:4] != b"\x7fELF":
    sys.exit("extract-vmlinux: payload is not an ELF file")
# The payload is the ELF file followed by the relocation table; keep the ELF (section headers end it).
shoff, = struct.unpack_from("<Q", raw, 0x28)
shentsize, shnum = struct.unpack_from("<HH", raw, 0x3a)
end = max(shoff + shentsize * shnum, 0)
phoff, = struct.unpack_from("<Q", raw, 0x20)
phentsize, phnum = struct.unpack_from("<HH", raw, 0x36)
for i in range(phnum):
    _, _, o, _, _, fsz = struct.unpack_from("<IIQQQQ", raw, phoff + i * phentsize)
    end = max(end, o + fsz)
open(sys.argv[2], "wb").write(raw[:end])
