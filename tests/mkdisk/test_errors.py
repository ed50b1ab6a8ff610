"""test_errors.py: bad input to mkdisk gives one line 'mkdisk: <what>: <detail>' on stderr, exit 1
and no output file (tables of hostile kernels, gzip members, broken copies of the test kernel,
bzImages and options; the one place that asks this of mkdisk), and a table-driven fuzz of
truncated and corrupted inputs that must never crash mkdisk (also under ASan/UBSan)."""
import gzip
import os
import struct

import pytest

from lib import elfmod
from lib.badgzip import hostile_gzip
from lib.paths import KERNEL, LINUX
from mkdisk_lib import (MKDISK, MKDISK_ASAN, Work, bzimage, check, elf64, fails, linux_elf, run, small_elf)


def patched(data, off, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, off, value)
    return bytes(b)


ELF = small_elf()
PH1 = 64 + 56   # second program header
LELF, RELOCS = linux_elf()

# (name, kernel bytes, extra args, what stderr must say)
KERNELS = [
    ("empty", b"", [], "empty file"),
    ("not_elf", b"MZ\x90\x00" + bytes(500), [], "not an ELF64 file, a gzip'd ELF64 or a bzImage"),
    ("truncated_header", ELF[:40], [], "ELF file of 40 bytes is shorter than its 64-byte header"),
    ("elf32", patched(ELF, 4, "B", 1), [], "ELF class 1, want 2 (64-bit)"),
    ("big_endian", patched(ELF, 5, "B", 2), [], "ELF data encoding 2, want 1 (little-endian)"),
    ("i386", patched(ELF, 18, "<H", 3), [], "ELF machine 3, want 62 (x86-64)"),
    ("et_dyn", patched(ELF, 16, "<H", 3), [], "ELF type 3, want 2 (ET_EXEC)"),
    ("no_phdrs", patched(ELF, 56, "<H", 0), [], "no program headers"),
    ("phdrs_out_of_file", patched(ELF, 32, "<Q", 1 << 40), [], "program headers at 0x10000000000"),
    ("no_pt_load", patched(patched(ELF, 64, "<I", 4), PH1, "<I", 4), [], "no PT_LOAD"),
    ("truncated_segment", ELF[:0x1100], [], "PT_LOAD 0: file data 0x1000+0x12c lies outside the 4352-byte file"),
    ("below_1mib", elf64([(0xF0000, b"\xf4" * 64, 64, 5)]), [], "kernel PT_LOAD at 0xf0000+0x40 overlaps the loader's low memory (below 0x100000)"),
    ("overlap", elf64([(0x200000, b"\xf4" * 0x100, 0x2000, 5), (0x201000, b"d" * 16, 16, 6)]), [],
     "PT_LOAD at 0x200000+0x2000 overlaps the one at 0x201000"),
    ("move_down", patched(ELF, PH1 + 24, "<Q", 0x400000), [], "cannot be moved down in place"),
    ("entry_outside", elf64([(0x200000, b"\xf4" * 64, 64, 5)], entry=0x900000), [],
     "entry point 0x900000 lies outside every executable PT_LOAD"),
    ("entry_in_data", elf64([(0x200000, b"\xf4" * 64, 64, 5), (0x201000, b"d" * 64, 64, 6)], entry=0x201000),
     [], "entry point 0x201000 lies outside every executable PT_LOAD"),
    ("filesz_gt_memsz", patched(ELF, PH1 + 40, "<Q", 4), [], "PT_LOAD 1: file size 0x2800 exceeds memory size 0x4"),
    ("bad_gzip", gzip.compress(ELF)[:30] + b"\xff" * 40 + gzip.compress(ELF)[70:], [], "kernel: bad gzip data"),
    ("truncated_gzip", gzip.compress(ELF)[:-20], [], "gzip data truncated"),
    ("gzip_not_elf", gzip.compress(b"hello world" * 10), [], "the gzip data is not an ELF file"),
    ("cmdline_too_long", ELF, ["--cmdline", "x" * 2048], "cmdline: 2048 bytes, at most 2047"),
    ("floppy_too_big", ELF, ["--floppy", "--initrd", "BIG"], "1.44 MB floppy has 2880"),
    ("bz_old_protocol", bzimage(LELF + RELOCS, version=0x020B), [], "protocol 2.11 too old, need 2.12"),
    ("bz_no_64bit", bzimage(LELF + RELOCS, xloadflags=2), [], "no 64-bit entry"),
    ("bz_boot_flag", patched(bzimage(LELF), 0x1FE, "<H", 0x1234), [], "boot_flag 0x1234, need 0xAA55"),
    ("bz_payload_outside", patched(bzimage(LELF), 0x24C, "<I", 1 << 30), [], "lies outside"),
    ("bz_payload_unknown", patched(bzimage(LELF), 0x248, "<I", 0), [], "payload format not recognised"),
    ("bz_pref_address", bzimage(LELF + RELOCS, pref=0x2000000), [], "pref_address 0x2000000 differs"),
    ("bz_cmdline_size", bzimage(LELF, cmdline_size=100), ["--cmdline", "y" * 101],
     "101 bytes, the kernel accepts at most 100"),
    ("bz_truncated_header", bzimage(LELF)[:0x230], [], "bzImage truncated"),
    ("bz_bad_xz", bytes(b ^ 0x55 if 0xA80 + 60 < i < 0xA80 + 90 else b for i, b in enumerate(bzimage(LELF + RELOCS, "xz"))),
     [], "bad xz data"),
    ("bz_alignment", bzimage(LELF, align=0x3000), [], "kernel_alignment 0x3000"),
    ("bz_initrd_addr_max", bzimage(LELF + RELOCS, initrd_addr_max=0x1FFFFF), ["--initrd", "BIG"],
     "initrd: 1536000 bytes do not fit from 0x100000 to the kernel's initrd_addr_max 0x1fffff"),
    ("bz_alignment_below_2m", bzimage(LELF + RELOCS, align=0x1000), [],
     "kernel_alignment 0x1000 is below 2 MiB: a relocatable x86-64 Linux kernel runs only at 2 MiB-aligned addresses"),
    # what lm64 refuses at boot, mkdisk refuses too (the same checker: common/elfcheck.c)
    ("seventeen_loads", elf64([(0x200000 + 0x1000 * i, b"\xf4", 1, 5) for i in range(17)]), [],
     "kernel: more than 16 PT_LOAD segments"),
    ("bz_reloc_outside", bzimage(LELF + struct.pack("<4I", 0, 0, 0x7000000, 0)), [],
     "kernel: inverse 32-bit relocation at 0x7000000 (entry 0x07000000) lies outside the kernel image "
     "0x1000000+0x202710"),
    ("bz_reloc_unterminated", bzimage(LELF + struct.pack("<2I", 0, 0)), [],
     "kernel: relocation table (8 bytes) ends inside the 64-bit list (no zero terminator)"),
    ("bz_reloc_odd_size", bzimage(LELF + struct.pack("<3I", 0, 0, 0) + b"\0\0"), [],
     "kernel: relocation table size 14 is not a multiple of 4"),
]


@pytest.mark.parametrize("name, data, extra, want", KERNELS, ids=[k[0] for k in KERNELS])
def test_bad(name, data, extra, want):
    w = Work()
    try:
        args = [a if a != "BIG" else w.put("big", os.urandom(3000 * 512)) for a in extra]
        fails(["--kernel", w.put("k", data)] + args + ["--output", w.path("d.img")], want, w)
    finally:
        w.close()


def tk_bytes():
    with open(KERNEL, "rb") as f:
        return f.read()


def _phnum(elf):
    return struct.unpack_from("<H", elf, 56)[0]


def _memsz0(elf):
    return elfmod.loads(elf)[0][1][6]


# Hostile gzip members (lib/badgzip.py, which zcat refuses too) and broken copies of the test
# kernel (lib/elfmod.py, which the loader refuses too: tests/matrix/test_faults.py) as --kernel:
# (name, make the kernel bytes, what stderr must say given those bytes)
REFUSED = [(f"gzip_{n}", lambda n=n: hostile_gzip()[n], lambda d, w=w: "kernel: " + w) for n, w in (
              ("truncated_half", "gzip data truncated after "),
              ("bad_crc", "bad gzip data: incorrect data check"),
              ("bad_isize", "bad gzip data: incorrect length check"),
              ("block_type_3", "bad gzip data: invalid block type"),
              ("distance_too_far", "bad gzip data: invalid distance too far back"),
              ("precode_oversubscribed", "bad gzip data: invalid code lengths set"),
              ("reserved_flags", "bad gzip data: unknown header flags set"))] + [
    ("elf_header_only", lambda: tk_bytes()[:40], lambda d: "kernel: ELF file of 40 bytes is shorter than its 64-byte header"),
    ("elf_truncated_half", lambda: tk_bytes()[:len(tk_bytes()) // 2],
     lambda d: f"run past the end of the file ({len(d)} bytes)"),
    ("elf_phdrs_past_end", lambda: tk_bytes()[:64] + b"\0" * 8,
     lambda d: f"kernel: ELF program headers at 0x40 ({_phnum(d)} of them) lie outside the 72-byte file"),
    ("elf_bad_magic", lambda: elfmod.bad_magic(tk_bytes()),
     lambda d: "not an ELF64 file, a gzip'd ELF64 or a bzImage (starts 7f 45 4c 58)"),
    ("elf_class32", lambda: elfmod.class32(tk_bytes()),
     lambda d: "kernel: ELF class 1, want 2 (64-bit)"),
    # lm64's order: the move-down check comes before the low-memory one (common/elfcheck.c)
    ("elf_segment_below_1m", lambda: elfmod.segment_at(tk_bytes(), 0x1000),
     lambda d: "kernel: PT_LOAD at 0x202000: file data at offset 0x3000 lies below its destination offset "
               "0x201000 (cannot be moved down in place)"),
    ("elf_segments_below_1m", lambda: elfmod.shift_all(tk_bytes(), 0x1000 - elfmod.lowest(tk_bytes())),
     lambda d: f"kernel: kernel PT_LOAD at 0x1000+0x{_memsz0(d):x} overlaps the loader's low memory (below 0x100000)"),
    ("elf_segment_span_over_4g", lambda: elfmod.segment_at(tk_bytes(), 256 << 30, index=-1),
     lambda d: f"kernel: PT_LOAD at 0x{256 << 30:x}: file data at offset 0x3000 lies below its destination "
               f"offset 0x{(256 << 30) - elfmod.lowest(tk_bytes()):x} (cannot be moved down in place)"),
    ("elf_segment_wraps", lambda: elfmod.segment_at(tk_bytes(), 2**64 - 4096),
     lambda d: f"kernel: PT_LOAD 0: 0xfffffffffffff000+0x{_memsz0(d):x} wraps around"),
    ("elf_entry_outside", lambda: elfmod.entry_outside(tk_bytes()),
     lambda d: f"kernel: entry point 0x{elfmod.entry(d):x} lies outside every executable PT_LOAD"),
    # a setup header claiming 32 setup sectors, then nothing: the file ends at byte 520
    ("bzimage_truncated", lambda: (b"\0" * 0x1f1 + b"\x20" + b"\0" * 0x0c + b"\x55\xaa" + b"\xeb\x66HdrS" + b"\x0f\x02"),
     lambda d: "kernel: bzImage truncated: 520 bytes, the setup header alone needs 620"),
]


@pytest.mark.parametrize("name, make, want", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, make, want):
    w = Work()
    try:
        data = make()
        fails(["--kernel", w.put("k", data), "--output", w.path("d.img")], want(data), w)
    finally:
        w.close()


def test_initrd_over_4g():
    """A sparse initrd of 4 GiB + 1 byte: the patch table's 32-bit length cannot hold it."""
    w = Work()
    try:
        with open(w.path("huge.initrd"), "wb"):
            pass
        os.truncate(w.path("huge.initrd"), (4 << 30) + 1)
        fails(["--kernel", w.put("k", ELF), "--initrd", w.path("huge.initrd"), "--output", w.path("d.img")],
              f"initrd: {w.path('huge.initrd')}: {(4 << 30) + 1} bytes, more than the 4 GiB a payload may have", w)
    finally:
        w.close()


def test_bad_options_and_files():
    w = Work()
    try:
        k, out = w.put("k", ELF), w.path("d.img")
        fails(["--kernel", w.path("nope"), "--output", out], "kernel: " + w.path("nope") + ": No such file", w)
        fails(["--kernel", k, "--initrd", w.path("nope"), "--output", out], "initrd: ", w)
        fails(["--kernel", k, "--initrd", w.put("empty", b""), "--output", out], "empty file", w)
        fails(["--kernel", k, "--output", out, "--frobnicate"], "unknown option '--frobnicate' (try --help)", w)
        fails(["--kernel", k], "--output is required (try --help)", w)
        fails(["--output", out], "--kernel is required", w)
        fails(["--kernel", k, "--output", out, "--test-flag", "no-such"], "unknown --test-flag 'no-such'", w)
        fails(["--kernel", k, "--output", out, "--lba-offset", "-5"], "--lba-offset -5", w)
        fails(["--kernel", k, "--output", out, "--partition", "2"], "--partition only goes with --install", w)
        fails(["--kernel", k, "--output", out, "--level", "13"], "--level 13", w)
        fails(["--kernel", k, "--output", w.path("no/such/dir/d.img")],
              f"folder {w.path('no/such/dir')} does not exist", w)
        fails(["--kernel", k, "--output", out, "stray"], "unexpected argument 'stray'", w)
        fails(["--kernel", w.dir, "--output", out], "not a regular file", w)
        rc, o, e = run(["--help"])
        check(rc == 0 and "--kernel FILE" in o and e == "", f"--help: exit {rc}, stderr {e!r}")
    finally:
        w.close()


@pytest.mark.slow
def test_debian_old_protocol():
    bz = os.path.join(LINUX, "vmlinuz-cloud-amd64")
    check(os.path.exists(bz), f"{bz} missing: run sh tests/linux/fetch-kernel.sh cloud-amd64 build/linux")
    with open(bz, "rb") as f:
        data = f.read()
    w = Work()
    try:
        fails(["--kernel", w.put("old", patched(data, 0x206, "<H", 0x0208)), "--output", w.path("d.img")],
              "protocol 2.08 too old, need 2.12", w)
    finally:
        w.close()


# ---------------------------------------------------------------- fuzz
def mutations(base, fields):
    """Truncations and hostile values in header fields of base."""
    cuts = sorted(set(list(range(0, 200, 7)) + [len(base) * k // 16 for k in range(1, 16)] + [len(base) - 1]))
    for c in cuts:
        yield f"cut{c}", base[:c]
    for off, fmt in fields:
        if off + struct.calcsize(fmt) > len(base):
            continue
        bits = struct.calcsize(fmt) * 8
        for v in (0, 1, (1 << bits) - 1, 1 << (bits - 1), 0x1000, len(base)):
            yield f"@{off:#x}={v:#x}", patched(base, off, fmt, v & ((1 << bits) - 1))


ELF_FIELDS = [(4, "B"), (5, "B"), (16, "<H"), (18, "<H"), (24, "<Q"), (32, "<Q"), (40, "<Q"), (54, "<H"),
              (56, "<H"), (58, "<H"), (60, "<H")] + \
             [(64 + i * 56 + o, f) for i in (0, 1) for o, f in ((0, "<I"), (4, "<I"), (8, "<Q"), (24, "<Q"),
                                                                (32, "<Q"), (40, "<Q"))]
BZ_FIELDS = [(0x1F1, "B"), (0x1FE, "<H"), (0x201, "B"), (0x206, "<H"), (0x20E, "<H"), (0x230, "<I"),
             (0x236, "<H"), (0x238, "<I"), (0x248, "<I"), (0x24C, "<I"), (0x258, "<Q"), (0x260, "<I")]


def fuzz(tool, env=None):
    bases = [("elf", ELF, ELF_FIELDS), ("gzelf", gzip.compress(ELF), [(3, "B"), (8, "<I")]),
             ("bzgzip", bzimage(LELF + RELOCS, "gzip"), BZ_FIELDS),
             ("bzlz4", bzimage(LELF + RELOCS, "lz4"), BZ_FIELDS[:2] + [(0xA80 + 4, "<I"), (0xA80 + 8, "<I")]),
             ("bzxz", bzimage(LELF + RELOCS, "xz"), [(0xA80 + 12, "<I"), (0xA80 + 40, "<I")])]
    w = Work()
    runs = 0
    try:
        for bname, base, fields in bases:
            for mname, data in mutations(base, fields):
                out = w.path("d.img")
                rc, o, e = run(["--kernel", w.put("k", data), "--level", "1", "--output", out], tool=tool, env=env)
                runs += 1
                what = f"{bname} {mname}"
                check(rc in (0, 1), f"{what}: exit {rc} (signal or sanitizer): {e[-2000:]}")
                if rc == 1:
                    check(len(e.splitlines()) == 1 and e.startswith("mkdisk: "), f"{what}: stderr {e!r}")
                    check(not os.path.exists(out), f"{what}: output left behind")
                else:
                    check(os.path.getsize(out) >= 65536, f"{what}: accepted but image too small")
                    os.unlink(out)
                check(not w.leftovers(), f"{what}: temporary file left")
    finally:
        w.close()
    print(f"fuzz: {runs} runs of {os.path.basename(tool)}, no crash")


def test_fuzz_mkdisk():
    fuzz(MKDISK)


def test_fuzz_mkdisk_asan():
    check(os.path.exists(MKDISK_ASAN), f"{MKDISK_ASAN} not built (make build/mkdisk-asan)")
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:exitcode=99",
               UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")
    fuzz(MKDISK_ASAN, env)

