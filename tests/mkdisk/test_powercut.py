"""test_powercut.py: an update by `mkdisk --install` survives a power cut at any write.

A disk holds longboot (the test kernel, cmdline "old", an initrd); an update installs cmdline
"new" with another initrd (9 MiB: mkdisk writes it in 4 MiB pieces, so there are several write
points). strace kills mkdisk with SIGKILL at the entry of its k-th pwrite64 (that write and the
ones after it never happen), for every k of the update; each resulting disk is booted in QEMU and
the test kernel must report cmdline "old" with the old initrd or "new" with the new one, never
a failure or a hang. A slot torn inside its first sector (new header, old rest) boots "old". Done
on an MBR disk for the first update (slot B written, sequence 2) and the second (slot A,
sequence 3), and on a GPT disk (everything in the BIOS boot partition) for the first.
Refusals, the disk byte-identical: new payloads that do not fit beside the ones the current
configuration boots (the sizes named), and a loader that differs (--rewrite-loader allows it).
Needs `make` (build/mkdisk, build/testkernel.elf) and strace.
Run: PYTHONPATH=tests:tests/lib python3 -m pytest -p no:cacheprovider tests/mkdisk/test_powercut.py"""
import concurrent.futures
import os
import shutil
import subprocess
import zlib

import pytest

import disks
from disks import MiB, SECTOR
from mkdisk_lib import MKDISK, ROOT, run
from lib import abi, guest, image

TESTKERNEL = os.path.join(ROOT, "build", "testkernel.elf")
STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(STRACE is None, reason="strace is not installed (tools/install-deps.sh)")


def install_argv(img, cmdline, initrd, *extra):
    return [MKDISK, "--install", "--partition", "1", *extra, "--kernel", TESTKERNEL, "--initrd", initrd,
            "--cmdline", cmdline, "--output", img]


def install(img, cmdline, initrd):
    rc, out, err = run(install_argv(img, cmdline, initrd)[1:])
    assert rc == 0, f"mkdisk --install: exit {rc}: {err.strip()}"
    return out


def put(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def strace(argv, log, kill_at=None):
    """argv under strace tracing pwrite64 into log; kill_at: SIGKILL at the entry of that pwrite64."""
    cmd = [STRACE, "-f", "-e", "trace=pwrite64", "-o", log]
    if kill_at:
        cmd += ["-e", f"inject=pwrite64:signal=KILL:when={kill_at}"]
    return subprocess.run(cmd + argv, capture_output=True, text=True, timeout=300)


def writes(log):
    with open(log) as f:
        return [line for line in f if "pwrite64(" in line]


def boot(img):
    """(cmdline, initrd CRC-32) the test kernel reports; the chain must pass."""
    b = guest.qemu(img, timeout=180)
    r = guest.expect_chain_pass(b)
    return r["cmdline"][0], int(r["initrd_crc32"][0], 16)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("powercut")
    old = os.urandom(300 * 1024 + 17)
    new = os.urandom(9 * MiB + 333)
    return d, put(str(d / "old.rd"), old), put(str(d / "new.rd"), new), zlib.crc32(old), zlib.crc32(new)


def old_disk(path, label, rounds, old_rd):
    """label mbr: loader and slots in the gap, payloads in the 0xDA partition 1; gpt: mark, loader,
    slots and payloads in the BIOS boot partition 1. Holding "old"; rounds 2: installed ("mid",
    another initrd), then updated to "old", so the next update writes slot A (over the payload
    of "mid", which the current slot B no longer references)."""
    if label == "gpt":
        disks.gpt(path, 64 * MiB, "--new=1:2048:+40M", "--typecode=1:EF02")
    else:
        disks.mbr(path, 64 * MiB, "start=2048, size=100000, type=da\n")
    if rounds == 2:
        install(path, "mid", put(path + ".mid.rd", os.urandom(9 * MiB + 333)))
    install(path, "old", old_rd)
    return path


@needs_strace
@pytest.mark.timeout(900)
@pytest.mark.parametrize("label,rounds", [("mbr", 1), ("mbr", 2), ("gpt", 1)])
def test_update_killed_at_every_write_boots_old_or_new(inputs, label, rounds):
    d, old_rd, new_rd, old_crc, new_crc = inputs
    d = d / f"{label}{rounds}"
    d.mkdir()
    base = old_disk(str(d / f"base{rounds}.img"), label, rounds, old_rd)
    before = open(base, "rb").read()
    # the whole update once, to count its writes and to have the state after it
    full = str(d / f"full{rounds}.img")
    shutil.copyfile(base, full)
    p = strace(install_argv(full, "new", new_rd), str(d / f"full{rounds}.log"))
    assert p.returncode == 0, p.stderr
    slot = "B (LBA" if rounds == 1 else "A (LBA"
    assert f"updated; configuration slot {slot}" in p.stdout, p.stdout
    n = len(writes(str(d / f"full{rounds}.log")))
    assert n >= 4, f"only {n} writes in the update"
    last = writes(str(d / f"full{rounds}.log"))[-1]
    assert ", 8192, " in last, f"the last write is not the configuration slot (8192 bytes): {last}"
    states = {}
    for k in range(1, n + 1):                      # killed at the entry of write k: k-1 writes done
        img = str(d / f"kill{rounds}-{k}.img")
        shutil.copyfile(base, img)
        log = str(d / f"kill{rounds}-{k}.log")
        p = strace(install_argv(img, "new", new_rd), log, kill_at=k)
        assert "killed by SIGKILL" in open(log).read(), f"write {k}: mkdisk was not killed: {p.stderr}"
        assert len(writes(log)) == k, f"write {k}: {len(writes(log))} pwrite64 calls seen"
        states[f"killed at write {k} of {n}"] = img
    states["update complete"] = full
    # a slot torn inside its first sector (the whole table is in it): the new header and first
    # entry bytes, the old rest; its CRC-32 fails and the other slot is used
    torn = str(d / f"torn{rounds}.img")
    shutil.copyfile(str(d / f"kill{rounds}-{n}.img"), torn)
    off = int(last.split(", 8192, ")[1].split(")")[0])
    with open(full, "rb") as f:
        f.seek(off)
        half = f.read(100)
    with open(torn, "r+b") as f:
        f.seek(off)
        f.write(half)
    states["slot torn after 100 bytes"] = torn
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        got = dict(zip(states, pool.map(boot, states.values())))
    print(f"\n{label} round {rounds}: {n} writes, {len(got)} boots: " +
          ", ".join(f"{k}: {v[0]}" for k, v in got.items()))
    for line in writes(str(d / f"full{rounds}.log")):
        print(line.split(", ", 1)[1].strip())
    for what, seen in got.items():
        assert seen in (("old", old_crc), ("new", new_crc)), f"{what}: booted {seen}"
    assert got["update complete"] == ("new", new_crc)
    assert got[f"killed at write {n} of {n}"] == ("old", old_crc), "the slot is not the last write"
    assert got["slot torn after 100 bytes"] == ("old", old_crc)
    assert open(base, "rb").read() == before


def test_update_that_does_not_fit_is_refused(tmp_path, inputs):
    d, old_rd, new_rd, old_crc, new_crc = inputs
    img = disks.mbr(str(tmp_path / "gap.img"), 8 * MiB, "start=2048, type=83\n")
    big1, big2 = put(str(tmp_path / "a.rd"), os.urandom(400 * 1024)), put(str(tmp_path / "b.rd"), os.urandom(600 * 1024))
    rc, out, err = run(["--install", "--kernel", TESTKERNEL, "--initrd", big1, "--cmdline", "old", "--output", img])
    assert rc == 0, err
    before = open(img, "rb").read()
    # the gap (LBA 1 up to the partition at 2048) less the loader, both slots and the old payloads
    im = image.Image(img)
    kept = -(-im.kernel_bytes // SECTOR) + 400 * 1024 // SECTOR
    free = 2047 - im.loader_sectors - 2 * abi.LB_CFG_SLOT_SECTORS - kept
    rc, out, err = run(["--install", "--kernel", TESTKERNEL, "--initrd", big2, "--cmdline", "new", "--output", img])
    assert rc == 1 and out == ""
    assert err == (f"mkdisk: install: {img}: update: the new kernels and initrds need 1200 sectors (614400 bytes), "
                   f"{free} are free beside the loader, both configuration slots and the {kept} sectors of the "
                   "payloads the current configuration boots; nothing was written\n"), err
    assert open(img, "rb").read() == before, "the disk changed although the update was refused"


def test_loader_change_is_refused_unless_asked(tmp_path, inputs):
    d, old_rd, new_rd, old_crc, new_crc = inputs
    img = disks.mbr(str(tmp_path / "l.img"), 8 * MiB, "start=2048, type=83\n")
    base = ["--install", "--kernel", TESTKERNEL, "--cmdline", "old", "--output", img]
    assert run(base)[0] == 0
    before = open(img, "rb").read()
    rc, out, err = run(["--test-flag", "no-edd"] + base)
    assert rc == 1
    assert err == (f"mkdisk: install: {img}: the loader at LBA 1 differs from this mkdisk's (another longboot "
                   "version or --test-flag); rewriting it in place is not power-safe, so nothing was written: run "
                   "again with --rewrite-loader (a power cut during that write leaves the disk unbootable)\n"), err
    assert open(img, "rb").read() == before
    rc, out, err = run(["--test-flag", "no-edd", "--rewrite-loader"] + base)
    assert rc == 0 and "installed;" in out, err
    assert err == f"mkdisk: {img}: --rewrite-loader: the loader changes, so this install rewrites everything in place (not power-safe)\n"
    rc, out, err = run(["--test-flag", "no-edd", "--install", "--kernel", TESTKERNEL, "--cmdline", "again",
                        "--output", img])
    assert rc == 0 and "updated; configuration slot B" in out, err
    rc, out, err = run(["--rewrite-loader", "--kernel", TESTKERNEL, "--output", str(tmp_path / "new.img")])
    assert (rc, err) == (1, "mkdisk: usage: --rewrite-loader only goes with --install (try --help)\n")
    assert not os.path.exists(tmp_path / "new.img")
