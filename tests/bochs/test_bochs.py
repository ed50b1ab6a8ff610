"""test_bochs.py: boot the test kernel in Bochs 2.7 (its own BIOS and SeaBIOS, two memory sizes
each) and trace the chain with `make trace`: PASS on COM1, Bochs shut down by the guest, no
PANIC/ERROR in Bochs' log, the E820 RAM matching the machine, each stage boundary reached in
order with the mode registers the design says; tests/debug/longboot.gdb stopping at each stage
in QEMU. Plus host checks of the runner's own parsers. Slow: Debian's kernel and a busybox
initramfs through the chain in Bochs, to init and ACPI power-off (about 100 s each)."""
import json
import os
import re
import socket
import subprocess
import tempfile
import time

import pytest

import bochsrun
import elfinfo
import mkbochsrc
import mksym
from lib import abi, guest
from lib.asserts import check, eq
from lib.paths import BUILD, DISK, ROOT

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 180
CR0_PE, CR0_PG, CR4_PAE, EFER_LMA = 1, 1 << 31, 1 << 5, 1 << 10


def expect_boot(r, megs):
    check(r.ended == "poweroff", f"the guest did not shut Bochs down itself; {r.describe()}")
    guest.check_markers(r.serial, r.describe)
    eq(r.verdict(), "PASS", "test kernel verdict")
    check(not r.panics and not r.errors, "Bochs logged:\n" + "\n".join(r.panics + r.errors))
    ram = sum(int(l.split()[1], 16) for l in guest.report(r.serial).get("e820", [])
              if l.split()[2] == "1")
    mib = megs << 20
    check(mib - (1 << 20) <= ram <= mib, f"E820 usable RAM {ram:#x} for a {megs} MiB machine")


@pytest.mark.parametrize("bios, megs", [("bochs", 32), ("bochs", 512), ("seabios", 128), ("seabios", 512)],
                         ids=lambda v: f"{v}M" if isinstance(v, int) else v)
def test_boot(bios, megs, disk_img):
    r = bochsrun.boot(disk_img, bios=bios, megs=megs, timeout=TIMEOUT)
    expect_boot(r, megs)


@pytest.mark.slow        # the whole chain under Bochs' debugger: about 4 minutes on 2 cores
@pytest.mark.timeout(1200)
def test_trace_boundaries():
    """make trace (writing only pm32's instructions): the summary's boundaries and registers."""
    with tempfile.TemporaryDirectory() as td:  # not build/: a person may be tracing there
        p = subprocess.run(["make", "--no-print-directory", "-s", "trace", "TRACE_STAGE=pm32",
                            f"TRACE_OUT={td}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=900)
        check(p.returncode == 0, f"make trace failed ({p.returncode}):\n{p.stdout[-3000:]}")
        with open(os.path.join(td, "trace-summary.json")) as f:
            s = json.load(f)
        with open(os.path.join(td, "trace.txt"), "rb") as f:
            n = sum(1 for _ in f)
    eq(s["ended"], "poweroff", "how the traced boot ended")
    check(not s["panics"] and not s["errors"], f"Bochs logged: {s['panics'] + s['errors']}")
    b = {r["stage"]: r for r in s["boundaries"]}
    eq([r["stage"] for r in s["boundaries"]], ["mbr", "setup16", "pm32", "lm64", "kernel"],
       "stage boundaries in the order reached")
    eq(b["mbr"]["addr"], 0x7C00, "MBR entry")
    eq(b["setup16"]["addr"], elfinfo.read(os.path.join(BUILD, "setup.elf"))[0], "setup16 entry")
    for st in ("mbr", "setup16"):
        eq(b[st]["cr0"] & CR0_PE, 0, f"CR0.PE at {st}")
        eq(b[st]["mode"], "real", f"mode at {st}")
    eq(b["pm32"]["cr0"] & (CR0_PE | CR0_PG), CR0_PE, "CR0.PE=1, PG=0 at pm32")
    eq(b["pm32"]["mode"], "protected", "mode at pm32")
    eq(b["pm32"]["symbol"], "pm32_start+0", "first protected-mode stop (the far jump's target)")
    for st in ("lm64", "kernel"):
        r = b[st]
        check(r["efer"] & EFER_LMA and r["cr0"] & CR0_PG and r["cr4"] & CR4_PAE,
              f"{st}: EFER.LMA, CR0.PG, CR4.PAE must be set: EFER={r['efer']:#x} "
              f"CR0={r['cr0']:#x} CR4={r['cr4']:#x}")
        eq(r["mode"], "long", f"mode (64-bit CS) at {st}")
    eq(b["lm64"]["addr"], elfinfo.read(os.path.join(BUILD, "lm64.elf"))[0], "lm64 entry")
    eq(b["kernel"]["addr"], elfinfo.read(os.path.join(BUILD, "testkernel.elf"))[0],
       "RIP at kernel entry vs the ELF entry")
    for st in b:
        check(s["instructions"].get(st, 0) > 0, f"no instructions traced in {st}")
    eq(set(s["written"]), {"pm32"}, "stages written to trace.txt with TRACE_STAGE=pm32")
    eq(n, s["instructions"]["pm32"], "trace.txt lines vs pm32's instruction count")
    print("     trace: " + ", ".join(f"{k} {v:,}" for k, v in s["instructions"].items())
          + f" instructions; {s['seconds']}s")


LINUX_KERNEL = os.path.join(BUILD, "linux", "vmlinuz-cloud-amd64")
LINUX_INITRD = os.path.join(BUILD, "linux", "initramfs.cpio.gz")
MSR_PROBE = re.compile(r"(RD|WR)MSR: Unknown register")  # Linux probing MSRs Bochs lacks
KMSG = re.compile(r"\[ *\d+\.\d{6}\] [^\n]*\n?")


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("bios", ["bochs", "seabios"])
def test_linux_debian(bios):
    for f in (LINUX_KERNEL, LINUX_INITRD):
        check(os.path.exists(f), f"{f} is missing: make linux-kernels")
    with tempfile.TemporaryDirectory() as td:
        img = os.path.join(td, "linux.img")
        subprocess.run([os.path.join(BUILD, "mkdisk"), "--kernel", LINUX_KERNEL, "--initrd",
                        LINUX_INITRD, "--cmdline", "console=ttyS0 panic=-1", "--output", img],
                       check=True, stdout=subprocess.DEVNULL)
        r = bochsrun.boot(img, bios=bios, megs=256, timeout=600)
    check(r.ended == "poweroff", f"Linux did not power Bochs off; {r.describe()}")
    # init's lines and the kernel's power-off messages share the console: take the kernel's
    # out (they can land inside an init line); 'done' may be cut off by poweroff -f
    text = KMSG.sub("", r.serial)
    for m in ("longboot lm64", "longboot-init: reached init", "longboot-init: initrd-payload: ok"):
        check(m in text, f"{m!r} missing; {r.describe()}")
    other = [e for e in r.errors if not MSR_PROBE.search(e)]
    check(not r.panics and not other, "Bochs logged:\n" + "\n".join(r.panics + other))


def test_geometry_is_exact():
    for size in (512, 94208, 98304, 1 << 20, 10 * 1008 * 512, 63 * 16 * 512 * 1000):
        c, h, s = mkbochsrc.geometry(size)
        eq(c * h * s * 512, size, f"CHS product for {size}")
        check(h <= 16 and s <= 63 and c <= 65535, f"geometry {c}/{h}/{s} in range")
    eq(mkbochsrc.geometry(1008 * 512 * 7), (7, 16, 63), "bximage-style geometry preferred")
    for bad in (0, 1000, 65537 * 512 + 1):
        try:
            mkbochsrc.geometry(bad)
        except mkbochsrc.GeometryError:
            continue
        check(False, f"size {bad} accepted")
    try:  # a prime number of sectors above 65535 has no exact geometry
        mkbochsrc.geometry(65537 * 512)
        check(False, "65537 sectors accepted")
    except mkbochsrc.GeometryError:
        pass


def test_log_parser_folds_and_excludes_shutdown():
    lines = ["00000000000i[HD    ] fine",
             "00154151478e[CPU0  ] branch_near32: offset outside of CS limits",
             "00154151486e[CPU0  ] branch_near32: offset outside of CS limits",
             "00148272948p[UNMAP ] >>PANIC<< Shutdown port: shutdown requested",
             "00139687065p[ACPI  ] >>PANIC<< ACPI control: soft power off",
             "00000000001p[CPU0  ] >>PANIC<< exception(): 3rd (13) exception with no resolution"]
    panics, errors = bochsrun.parse_log(lines)
    eq(len(errors), 1, "repeated error folded")
    check(errors[0].endswith("(x2)"), f"fold count in {errors[0]!r}")
    eq(len(panics), 1, "panics other than shutdown/power-off")
    check("3rd (13) exception" in panics[0], panics[0])
    check(bochsrun.powered_off(lines), "shutdown recognised")


def test_listing_symbols():
    lst = ("     1                                  bits 16\n"
           "     2                                  start:\n"
           "     3 00000000 FA                              cli\n"
           "     4 00000001 F4                      .loop:  hlt\n"
           "     5                                  next:\n"
           "     6 00000002 EBFD                            jmp .loop\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as f:
        f.write(lst)
    try:
        syms = mksym.from_listing(f.name, 0x7C00)
    finally:
        os.remove(f.name)
    eq(syms, [(0x7C00, "start"), (0x7C01, "start.loop"), (0x7C02, "next")], "listing labels")


def test_gdb_script_stops_at_each_stage():
    """tests/debug/longboot.gdb against QEMU (TCG, -S): each stage entry in order, each shown
    in its CPU mode, the real-mode one as CS:IP with its linear address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    q = subprocess.Popen(guest.qemu_cmd(DISK, extra=("-S", "-gdb", f"tcp:127.0.0.1:{port}")),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        env = dict(os.environ, LB_GDB_PORT=str(port), LB_GDB_BUILD=BUILD)
        g = subprocess.run(["gdb", "-batch", "-nx", "-x", os.path.join(HERE, "..", "debug", "longboot.gdb")]
                           + ["-ex", "continue"] * 5 + ["-ex", "kill"], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    finally:
        q.kill()
        q.wait()
    stops = re.findall(r"^\[(\w+)\] (\S+)  linear (0x[0-9a-f]+)  ?(\S*)", g.stdout, re.M)
    want = [("real", "0000:7c00", "0x7c00"), ("real", "0000:8000", "0x8000"),
            ("protected", None, None), ("long", None, f"0x{abi.LB_LM64:x}"),
            ("long", None, hex(elfinfo.read(os.path.join(BUILD, "testkernel.elf"))[0]))]
    eq(len(stops), len(want), f"stops shown by the hook (gdb said:\n{g.stdout[-2500:]})")
    for (mode, csip, lin, _sym), (wm, wc, wl) in zip(stops, want):
        eq(mode, wm, "CPU mode at a stop")
        if wc:
            eq(csip, wc, "CS:IP at a real-mode stop")
        if wl:
            eq(lin, wl, f"linear address at the {wm} stop")
    eq(stops[2][3], "pm32_start", "symbol at the protected-mode stop")

