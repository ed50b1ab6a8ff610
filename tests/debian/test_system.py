"""A real Debian 12 system booted by longboot to its login prompt (slow: make test-full).

The root file system is built once with debootstrap (tests/debian/mkroot.sh, cached outside
build/), put on an ext4 partition of a disk image with `mke2fs -d` (no mount), and longboot is
installed with `longboot-update --root` as a kernel hook would: GPT with a BIOS boot partition
booted on IDE, MBR with a 0xDA partition booted on virtio-blk. Debian's own initramfs mounts the
root by root=UUID=, and systemd prints `login:` on ttyS0. Then a newer cloud kernel from apt (cached)
is unpacked into a copy of the root, its initramfs made in a chroot, the kernel postinst hook
run from outside (LONGBOOT_ROOT): the disk boots the newer kernel to login:."""
import os
import re
import shutil
import subprocess

import pytest

from lib import guest
from lib.console import Console

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UPDATE = os.path.join(ROOT, "debian", "longboot-update")
MKDISK = os.path.join(ROOT, "build", "mkdisk")
CACHE = os.environ.get("LONGBOOT_CACHE", os.path.expanduser("~/.cache/longboot"))
SYSROOT = os.path.join(CACHE, "bookworm-minbase")
UUID = "5a1e0b00-7e57-4c0d-9a11-000000000001"
CMDLINE = f"root=UUID={UUID} ro console=ttyS0"
MiB = 1 << 20
BOOT_MIB, ROOT_MIB = 64, 1000       # boot partition (or gap) and root file system sizes

# One worker for the module (the cases share the cached root and write its /etc/default/longboot);
# the first run builds that root with debootstrap (12.5 minutes here).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("debian-root"), pytest.mark.timeout(3600)]


def sbin(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


@pytest.fixture(scope="module")
def sysroot():
    subprocess.run(["sh", os.path.join(ROOT, "tests", "debian", "mkroot.sh"), SYSROOT], check=True,
                   timeout=3600)
    with open(os.path.join(SYSROOT, "etc", "fstab"), "w") as f:
        f.write(f"UUID={UUID} / ext4 defaults 0 1\n")
    return SYSROOT


def make_disk(path, table, sysroot, tmp):
    with open(path, "wb") as f:
        f.truncate((BOOT_MIB + ROOT_MIB + 1) * MiB)
    if table == "gpt":
        subprocess.run([sbin("sgdisk"), "-o", f"--new=1:2048:{BOOT_MIB * 2048 - 1}", "--typecode=1:EF02",
                        f"--new=2:{BOOT_MIB * 2048}:0", "--typecode=2:8300", path], check=True,
                       capture_output=True)
    else:
        subprocess.run([sbin("sfdisk"), "-q", "--no-reread", "--no-tell-kernel", path], check=True, text=True,
                       input=f"label: dos\nstart=2048, size={BOOT_MIB * 2048 - 2048}, type=da\n"
                             f"start={BOOT_MIB * 2048}, type=83\n")
    write_rootfs(path, sysroot, tmp)


def write_rootfs(path, sysroot, tmp):
    """The ext4 file system of sysroot (mke2fs -d) into the root partition, from BOOT_MIB on."""
    fs = os.path.join(tmp, "root.ext4")
    subprocess.run([sbin("mke2fs"), "-q", "-t", "ext4", "-U", UUID, "-d", sysroot, "-F", fs, f"{ROOT_MIB}M"],
                   check=True, capture_output=True)
    subprocess.run(["dd", f"if={fs}", f"of={path}", "bs=1M", f"seek={BOOT_MIB}", "conv=notrunc,sparse",
                    "status=none"], check=True)
    os.unlink(fs)


@pytest.mark.parametrize("table,iface", [("gpt", "ide"), ("mbr", "virtio")])
def test_debian_boots_to_login(sysroot, tmp_path, table, iface):
    img = str(tmp_path / "disk.img")
    make_disk(img, table, sysroot, str(tmp_path))
    with open(os.path.join(sysroot, "etc", "default", "longboot"), "w") as f:
        f.write(f'LONGBOOT_DISK={img}\nLONGBOOT_PARTITION={"1" if table == "mbr" else ""}\n'
                f'LONGBOOT_CMDLINE="{CMDLINE}"\nLONGBOOT_TIMEOUT=1\n')
    p = subprocess.run(["sh", UPDATE, "--root", sysroot], capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, LONGBOOT_MKDISK=MKDISK))
    assert p.returncode == 0, p.stderr
    kernels = sorted(k[len("vmlinuz-"):] for k in os.listdir(os.path.join(sysroot, "boot"))
                     if k.startswith("vmlinuz-"))
    assert p.stdout.splitlines()[1] == f"  1 Debian GNU/Linux: Linux {kernels[-1]}", p.stdout
    b = guest.qemu(img, mem="1G", iface=iface, timeout=900, until=re.compile(r"\S+ login: "))
    assert b.halted, f"no login prompt: {b.describe()}"
    s = b.serial
    assert f"Linux version {kernels[-1]} " in s
    assert f"Kernel command line: {CMDLINE}" in s
    disk = "vda" if iface == "virtio" else "sda"
    assert f"EXT4-fs ({disk}2): mounted filesystem" in s, b.tail(60)


KERNEL_612 = "linux-image-6.12-cloud-amd64"   # Debian 12's meta package of the 6.12 cloud kernel


def newer_kernel_deb(current):
    """The 6.12 cloud kernel package of Debian 12's archive (apt-get download, cached in
    CACHE/debs) and its version, or (None, None) when apt offers none newer than current."""
    dep = subprocess.run(["apt-cache", "depends", KERNEL_612], capture_output=True, text=True).stdout
    m = re.search(r"Depends: (linux-image-(6\.12\S+))", dep)
    if not m or m.group(2) == current:
        return None, None
    pkg, ver = m.group(1), m.group(2)
    debs = os.path.join(CACHE, "debs")
    os.makedirs(debs, exist_ok=True)
    have = [f for f in os.listdir(debs) if f.startswith(pkg + "_")]
    if not have:
        subprocess.run(["apt-get", "download", "-q", pkg], cwd=debs, check=True, capture_output=True)
        have = [f for f in os.listdir(debs) if f.startswith(pkg + "_")]
    return os.path.join(debs, have[0]), ver


def menu_rows(c, count):
    """The boot menu's entry rows as read on COM1 (once its help line and every row arrived)."""
    c.wait_for(r"Enter: boot", 300)
    c.wait_for(r"(?m)^[> ] ?%d\. " % count, 60)
    return [m.group(0).rstrip() for m in re.finditer(r"(?m)^[> ] ?\d+\. .*$", c.text)][:count]


def quiet_reads(text):
    """An installed disk boots quietly: after the menu (lm64 shows it), the payloads' progress
    lines, and no detail line (no "entry N:" either: it names an entry only after an earlier one
    failed)."""
    start = text.index("longboot lm64\n")
    end = text.find("Linux version", start)
    loader = text[:end if end > 0 else len(text)]
    assert re.search(r"(?m)^kernel: \.+ ok\ninitrd: \.+ ok$", loader[start:]), loader[-1500:]
    assert not re.search(r"(?m)^(entry \d+|memory|a20|place|cmdline|config|disk): ", loader), loader[-1500:]


def test_kernel_upgrade_through_the_hook(sysroot, tmp_path):
    """The 6.12 cloud kernel unpacked into (a copy of) the 6.1 root, its initramfs made in a
    chroot, the postinst hook run: the menu on COM1 lists 6.12, the old 6.1 as entry 2 and the
    recovery entry; the default boots 6.12 to login:, Down+Enter on COM1 boots 6.1 to login:."""
    old = max(k[len("vmlinuz-"):] for k in os.listdir(os.path.join(sysroot, "boot")) if k.startswith("vmlinuz-"))
    deb, new = newer_kernel_deb(old)
    if not deb:
        pytest.skip(f"apt offers no 6.12 cloud kernel newer than {old}")
    root = str(tmp_path / "root")
    subprocess.run(["cp", "-a", sysroot, root], check=True)
    img = str(tmp_path / "disk.img")
    make_disk(img, "gpt", root, str(tmp_path))
    with open(os.path.join(root, "etc", "default", "longboot"), "w") as f:
        f.write(f'LONGBOOT_DISK={img}\nLONGBOOT_CMDLINE="{CMDLINE}"\nLONGBOOT_TIMEOUT=5\n')
    env = dict(os.environ, LONGBOOT_MKDISK=MKDISK)
    p = subprocess.run(["sh", UPDATE, "--root", root], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0 and f"Linux {old}" in p.stdout, p.stderr

    # unpacked as dpkg would: through the root's /lib -> usr/lib and the like (merged /usr)
    subprocess.run(f"dpkg-deb --fsys-tarfile {deb} | tar -x --keep-directory-symlink -C {root}", shell=True,
                   check=True)
    r = subprocess.run(["chroot", root, "/usr/sbin/update-initramfs", "-c", "-k", new], capture_output=True,
                       text=True, timeout=1800, env=dict(os.environ, PATH="/usr/sbin:/usr/bin:/sbin:/bin"))
    assert r.returncode == 0, r.stderr
    write_rootfs(img, root, str(tmp_path))     # the root partition now holds the new modules too
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(UPDATE, bindir / "longboot-update")
    h = subprocess.run(["sh", os.path.join(ROOT, "debian", "hooks", "kernel"), new, f"/boot/vmlinuz-{new}"],
                       capture_output=True, text=True, timeout=600,
                       env=dict(env, PATH=f"{bindir}:{os.environ['PATH']}", LONGBOOT_ROOT=root))
    assert h.returncode == 0, h.stderr
    assert h.stdout.splitlines()[1:] == [f"  1 Debian GNU/Linux: Linux {new}", f"  2 Debian GNU/Linux: Linux {old}",
                                         f"  3 Debian GNU/Linux (recovery mode): Linux {new}"], h.stdout

    want = [f"> 1. Debian GNU/Linux (default)", "  2. Debian GNU/Linux", "  3. Debian GNU/Linux (recovery mode)"]
    with Console(img, mem="1G") as c:          # the default entry after the countdown: 6.12
        rows = menu_rows(c, 3)
        for row, title, ver in zip(rows, want, (new, old, new)):
            assert row.startswith(title) and row.endswith(" " + ver), rows
        c.wait_for(r"\S+ login: ", 900)
        quiet_reads(c.text)
        assert f"Linux version {new} " in c.text        # entry 1 or 3: the command line tells
        assert f"Kernel command line: {CMDLINE}\n" in c.text
    with Console(img, mem="1G") as c:          # entry 2 chosen on COM1 (VT100 Down, Enter): 6.1
        menu_rows(c, 3)
        c.serial(b"\x1b[B\r")
        c.wait_for(r"\S+ login: ", 900)
        quiet_reads(c.text)
        assert f"Linux version {old} " in c.text, c.text[-3000:]     # entry 2 alone boots the old kernel
