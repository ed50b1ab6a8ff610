"""test_tables_fuzz.py: damaged partition tables given to mkdisk-asan --install (AddressSanitizer
and UBSan): bytes flipped in the MBR, the EBR chain, both GPT headers and arrays, and in the
first sectors of a file system. mkdisk must end with exit 0 or with exit 1 and one stderr line,
never crash or trip a sanitizer, and when it refuses, the disk must be byte for byte as before.
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/mkdisk/test_tables_fuzz.py"""
import os
import random

import pytest

import disks
from disks import MiB, SECTOR, tool
from mkdisk_lib import MKDISK_ASAN, run, small_elf

RUNS = int(os.environ.get("MKDISK_FUZZ_RUNS", "25"))
# as in test_errors.py: die() exits without freeing (no leak reports); a finding exits 98/99
ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")


def gpt_disk(path):
    return disks.gpt(path, 4 * MiB, "--new=1:2048:+1M", "--typecode=1:EF02", "--new=2:4096:0")


def mbr_disk(path):
    return disks.mbr(path, 4 * MiB, "start=2048, size=1024, type=83\nstart=3072, size=5000, type=5\n"
                     "start=3200, size=1000, type=da\nstart=4400, size=3000, type=83\n")


def fs_disk(path, tmp):
    img = disks.mbr(path, 8 * MiB, "start=2048, size=12288, type=da\n")
    disks.fs_into(img, 2048, 12288, [tool("mkfs.ext4"), "-q", "-F", "-L", "fuzz"], tmp)
    return img


# (name, how the disk is made, the byte ranges whose bytes get flipped)
SHAPES = [
    ("gpt", lambda p, t: gpt_disk(p), lambda n: [(0, 34 * SECTOR), (n - 33 * SECTOR, n)]),
    ("mbr_ebr", lambda p, t: mbr_disk(p), lambda n: [(0, SECTOR), (3072 * SECTOR, 3073 * SECTOR),
                                                   (4399 * SECTOR, 4400 * SECTOR)]),
    ("ext4", fs_disk, lambda n: [(2048 * SECTOR, 2048 * SECTOR + 4096)]),
]


@pytest.mark.parametrize("name,make,ranges", SHAPES, ids=[s[0] for s in SHAPES])
def test_damaged_tables_never_crash(tmp_path, name, make, ranges):
    assert os.path.exists(MKDISK_ASAN), f"{MKDISK_ASAN} missing: make build/mkdisk-asan"
    k = tmp_path / "k"
    k.write_bytes(small_elf())
    clean = make(str(tmp_path / "clean.img"), str(tmp_path))
    data = open(clean, "rb").read()
    rnd = random.Random(f"longboot-{name}")
    img = str(tmp_path / "d.img")
    outcomes = {0: 0, 1: 0}
    for i in range(RUNS):
        b = bytearray(data)
        for _ in range(rnd.choice((1, 1, 2, 4, 16))):
            lo, hi = rnd.choice(ranges(len(b)))
            b[rnd.randrange(lo, hi)] ^= 1 << rnd.randrange(8)
        with open(img, "wb") as f:
            f.write(b)
        args = ["--install", "--partition", "1" if name != "mbr_ebr" else "5", "--kernel", str(k),
                "--output", img]
        if name == "gpt":
            args = args[:1] + args[3:]
        rc, out, err = run(args, tool=MKDISK_ASAN, env=ENV)
        assert rc in (0, 1), f"run {i}: exit {rc}: {err[-2000:]}"
        outcomes[rc] += 1
        if rc == 1:
            assert err.count("\n") == 1 and err.startswith("mkdisk: "), f"run {i}: stderr {err[-2000:]!r}"
            assert open(img, "rb").read() == bytes(b), f"run {i}: refused but the disk changed ({err.strip()})"
    print(f"{name}: {RUNS} damaged disks: {outcomes[0]} installed, {outcomes[1]} refused")
