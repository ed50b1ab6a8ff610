#!/usr/bin/env python3
"""make_seeds.py DIR: writes a small deterministic seed corpus for fuzz_inflate (host): raw
deflate and gzip streams of short texts at several levels and strategies. First byte = mode."""
import os
import sys
import zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
texts = [b"", b"a", b"hello hello hello hello", bytes(range(256)) * 3,
         b"the quick brown fox jumps over the lazy dog " * 20, b"\0" * 1000]
n = 0
for t in texts:
    for level in (0, 1, 6, 9):
        for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FIXED, zlib.Z_HUFFMAN_ONLY):
            for mode, wbits in ((0, -15), (1, 31)):
                c = zlib.compressobj(level, zlib.DEFLATED, wbits, 8, strategy)
                body = c.compress(t) + c.flush()
                cap_sel = 7  # 256 KiB of output
                for cpu in (0, 0x10):
                    with open(os.path.join(out, "seed%03d" % n), "wb") as f:
                        f.write(bytes([mode | cap_sel << 1 | cpu]) + body)
                    n += 1
