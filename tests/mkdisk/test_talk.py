"""mkdisk that talks to you: progress on stderr when it is a terminal (a real pty), nothing with
--quiet or when stderr is a pipe, -h/--help/--version, and an unstripped ELF kernel packed
without what the loader never reads (the summary says so, and the image still boots in QEMU)."""
import gzip
import os
import pty
import struct
import subprocess

from mkdisk_lib import MKDISK, ROOT, run
from lib import guest

TESTKERNEL = os.path.join(ROOT, "build", "testkernel.elf")


def on_terminal(args, cwd=None):
    """Runs mkdisk with stderr on a pseudo-terminal; returns (exit code, stdout, terminal bytes)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([MKDISK] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=slave, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:   # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = p.stdout.read().decode()
    p.wait(timeout=300)
    os.close(master)
    return p.returncode, out, seen.decode()


def test_version_and_help():
    want = open(os.path.join(ROOT, "VERSION")).read().strip()
    rc, out, err = run(["--version"])
    assert (rc, err) == (0, "")
    assert out.startswith(f"longboot mkdisk {want}") and out.endswith("\n") and out.count("\n") == 1
    rc, short, _ = run(["-h"])
    rc2, long, _ = run(["--help"])
    assert rc == rc2 == 0 and short == long
    assert "  --quiet           print nothing but errors" in long
    assert "  --level N         gzip level 1..12 for the kernel (default 10, libdeflate)" in long


def test_progress_on_a_terminal(tmp_path):
    kernel = tmp_path / "k.gz"
    kernel.write_bytes(gzip.compress(open(TESTKERNEL, "rb").read()))
    initrd = tmp_path / "initrd"
    initrd.write_bytes(os.urandom(5 << 20))       # >= 4 MiB: its writing is shown
    rc, out, term = on_terminal(["--kernel", str(kernel), "--initrd", str(initrd), "--output",
                                 str(tmp_path / "d.img")])
    assert rc == 0, term
    for step in ("\rmkdisk: unpacking the kernel (gzip)...",
                 "\rmkdisk: recompressing the kernel (gzip level 10)... 100%",
                 "\rmkdisk: verifying the gzip member...",
                 "\rmkdisk: writing... 100%"):
        assert step in term, f"{step!r} not on the terminal: {term!r}"
    assert term.index("unpacking") < term.index("recompressing") < term.index("verifying") \
        < term.index("writing")
    assert term.endswith("\r\x1b[K"), term[-40:]   # the last progress line is erased
    assert "d.img: " in out and "\r" not in out   # the summary stays on stdout


def test_quiet_and_pipes_print_no_progress(tmp_path):
    rc, out, term = on_terminal(["--quiet", "--kernel", TESTKERNEL, "--output", str(tmp_path / "q.img")])
    assert (rc, out, term) == (0, "", "")
    assert (tmp_path / "q.img").stat().st_size > 0
    rc, out, err = run(["--kernel", TESTKERNEL, "--output", str(tmp_path / "p.img")])
    assert rc == 0 and err == "" and out.count("\n") == 1
    rc, out, term = on_terminal(["--quiet", "--kernel", str(tmp_path / "missing"), "--output",
                                 str(tmp_path / "e.img")])
    assert rc == 1 and out == "" and term.startswith("mkdisk: kernel: ")   # errors still shown


def loaded_bytes(elf):
    """Bytes of the ELF header, the program headers and every PT_LOAD's file data (once)."""
    phoff, = struct.unpack_from("<Q", elf, 32)
    phnum, = struct.unpack_from("<H", elf, 56)
    spans = [(0, 64), (phoff, phoff + 56 * phnum)]
    for i in range(phnum):
        ptype, _, off, _, _, filesz, memsz = struct.unpack_from("<IIQQQQQ", elf, phoff + 56 * i)
        if ptype == 1 and memsz:
            spans.append((off, off + filesz))
    kept, at = 0, 0
    for a, b in sorted(spans):
        kept += max(0, b - max(a, at))
        at = max(at, b)
    return kept, at


def test_unstripped_elf_keeps_only_what_is_loaded_and_boots(tmp_path):
    blob = tmp_path / "debug.bin"
    blob.write_bytes(os.urandom(3 << 20))            # like debug info: incompressible, never loaded
    fat = tmp_path / "vmlinux-dbg"
    subprocess.run(["objcopy", "--add-section", f".debug_blob={blob}", TESTKERNEL, str(fat)], check=True)
    elf = fat.read_bytes()
    kept, end = loaded_bytes(elf)
    img = tmp_path / "d.img"
    rc, out, err = run(["--kernel", str(fat), "--cmdline", "longboot test", "--output", str(img)])
    assert rc == 0 and err == "", err
    line = out.splitlines()[0]
    assert line.startswith(f"mkdisk: ELF kernel of {len(elf)} bytes: the loader reads {kept} of them "
                           f"(ELF and program headers, PT_LOAD data), the other {len(elf) - kept} "
                           f"(section headers, symbols, debug info) are left out; gzip "), line
    gz = int(line.rsplit("gzip ", 1)[1].split()[0])
    assert gz < 1 << 20, f"the debug blob was packed: {gz} bytes of gzip"
    info = subprocess.run([MKDISK, "--info", str(img)], capture_output=True, text=True).stdout
    assert f"ELF size: {end} bytes" in info
    guest.expect_chain_pass(guest.qemu(str(img), timeout=240))
