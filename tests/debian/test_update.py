"""longboot-update on a fake Debian root: /boot with kernels (copies of the test kernel) and
initrds, /etc/default/longboot naming a disk image (MBR with a 0xDA partition made by sfdisk, or
GPT with a BIOS boot partition made by sgdisk). Checks the mkdisk command (--dry-run: Debian's
version order, the keep count, the recovery entry), the errors, then installs, boots the disk
in QEMU to the test kernel's PASS, adds a newer kernel, runs the kernel postinst hook and boots
the newer one. Which kernel booted shows in the test kernel's report of its initrd's CRC-32."""
import os
import shlex
import shutil
import subprocess
import zlib

import pytest

from lib import guest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UPDATE = os.path.join(ROOT, "debian", "longboot-update")
HOOK = os.path.join(ROOT, "debian", "hooks", "kernel")
MKDISK = os.path.join(ROOT, "build", "mkdisk")
TESTKERNEL = os.path.join(ROOT, "build", "testkernel.elf")
CMDLINE = "longboot test"
MiB = 1 << 20
# Debian's order, newest first: +b1 is a binNMU of -9, -10 is newer than -9 (not by text order).
VERSIONS = ["6.1.0-9-amd64", "6.1.0-10-amd64", "6.1.0-9+b1-amd64", "6.1.0-2-amd64"]
NEWEST_FIRST = ["6.1.0-10-amd64", "6.1.0-9+b1-amd64", "6.1.0-9-amd64", "6.1.0-2-amd64"]


def sbin(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def initrd_bytes(version):
    return f"initrd of {version}\n".encode() * 100


def add_kernel(root, version):
    shutil.copy(TESTKERNEL, os.path.join(root, "boot", f"vmlinuz-{version}"))
    with open(os.path.join(root, "boot", f"initrd.img-{version}"), "wb") as f:
        f.write(initrd_bytes(version))


def fake_root(tmp_path, disk, partition="", extra=""):
    root = tmp_path / "root"
    (root / "boot").mkdir(parents=True)
    (root / "etc" / "default").mkdir(parents=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    for v in VERSIONS:
        add_kernel(str(root), v)
    (root / "etc" / "default" / "longboot").write_text(
        f'LONGBOOT_DISK={disk}\nLONGBOOT_PARTITION={partition}\nLONGBOOT_CMDLINE="{CMDLINE}"\n{extra}')
    return str(root)


def update(root, *args, mkdisk=MKDISK, env=None):
    e = dict(os.environ, LONGBOOT_MKDISK=mkdisk, **(env or {}))
    return subprocess.run(["sh", UPDATE, "--root", root, *args], capture_output=True, text=True,
                          env=e, timeout=300)


def mbr_disk(path):
    with open(path, "wb") as f:
        f.truncate(32 * MiB)
    subprocess.run([sbin("sfdisk"), "-q", "--no-reread", "--no-tell-kernel", path], check=True,
                   input="label: dos\nstart=2048, size=8192, type=da\nstart=10240, type=83\n", text=True)
    return path


def gpt_disk(path):
    with open(path, "wb") as f:
        f.truncate(32 * MiB)
    subprocess.run([sbin("sgdisk"), "-o", "--new=1:2048:+4M", "--typecode=1:EF02",
                    "--new=2:10240:0", "--typecode=2:8300", path], check=True, capture_output=True)
    return path


def entries(cmd, root):
    """[(kernel version, title or None, initrd version, cmdline)] of a longboot-mkdisk argv."""
    out, cur = [], None
    for opt, val in zip(cmd, cmd[1:]):
        if opt == "--kernel":
            cur = [val.split(f"{root}/boot/vmlinuz-")[1], None, None, None]
            out.append(cur)
        elif cur and opt == "--title":
            cur[1] = val
        elif cur and opt == "--initrd":
            cur[2] = val.split(f"{root}/boot/initrd.img-")[1]
        elif cur and opt == "--cmdline":
            cur[3] = val
    return [tuple(e) for e in out]


def test_dry_run_with_the_built_mkdisk(tmp_path):
    root = fake_root(tmp_path, "/dev/sdz", partition="1")
    p = update(root, "--dry-run")
    assert p.returncode == 0 and p.stderr == "", p.stderr
    cmd = shlex.split(p.stdout)
    assert cmd[:7] == [MKDISK, "--quiet", "--install", "--output", "/dev/sdz", "--partition", "1"]
    assert "--verbose-boot" not in cmd and "--quiet-boot" not in cmd   # --install's default: quiet
    got = entries(cmd, root)
    assert [e[0] for e in got] == NEWEST_FIRST[:2] + NEWEST_FIRST[:1]


@pytest.mark.parametrize("keep,recovery", [(2, "yes"), (3, "no"), (1, "yes")])
def test_dry_run_with_boot_entries(tmp_path, keep, recovery):
    """The command for a longboot-mkdisk that has boot entries (its --help lists --title)."""
    stub = tmp_path / "mkdisk-with-entries"
    stub.write_text("#!/bin/sh\necho '  --title TEXT      menu title of the entry'\n")
    stub.chmod(0o755)
    root = fake_root(tmp_path, "/dev/sdz", extra=f"LONGBOOT_KEEP={keep}\nLONGBOOT_RECOVERY={recovery}\n"
                     "LONGBOOT_TIMEOUT=7\n")
    p = update(root, "--dry-run", mkdisk=str(stub))
    assert p.returncode == 0, p.stderr
    cmd = shlex.split(p.stdout)
    assert cmd[:7] == [str(stub), "--quiet", "--install", "--output", "/dev/sdz", "--timeout", "7"]
    want = [(v, "Debian GNU/Linux", v, CMDLINE) for v in NEWEST_FIRST[:keep]]
    if recovery == "yes":
        v = NEWEST_FIRST[0]
        want.append((v, "Debian GNU/Linux (recovery mode)", v, CMDLINE + " single"))
    assert entries(cmd, root) == want


def test_errors(tmp_path):
    root = fake_root(tmp_path, "")
    conf = os.path.join(root, "etc", "default", "longboot")
    p = update(root)
    assert (p.returncode, p.stdout, p.stderr) == (
        1, "", f"longboot-update: no disk configured: set LONGBOOT_DISK in {conf}\n")
    p = update(root, "--if-configured")           # what the hooks run: quiet while unconfigured
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    with open(conf, "a") as f:
        f.write("LONGBOOT_DISK=/dev/sdz\n")
    for k in os.listdir(os.path.join(root, "boot")):
        os.unlink(os.path.join(root, "boot", k))
    p = update(root)
    assert (p.returncode, p.stderr) == (
        1, f"longboot-update: no kernel found: {root}/boot holds no vmlinuz-VERSION\n")
    os.unlink(conf)
    p = update(root)
    assert p.stderr == f"longboot-update: {conf}: not found (it names the disk: LONGBOOT_DISK=/dev/...)\n"
    p = update(root, "--if-configured")
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def booted_version(img, verbose=False):
    """The kernel version the disk boots; verbose: whether the loader must print its detail lines."""
    b = guest.qemu(img, timeout=240)
    rep = guest.expect_chain_pass(b)
    assert rep["cmdline"] == [CMDLINE]
    loader = b.serial[:b.serial.index("testkernel: start")]
    details = [l for l in loader.splitlines() if l.startswith(DETAILS)]
    if verbose:
        assert [l for l in details if l.startswith(("memory: e820", "a20: ", "longboot timing: "))], loader
    else:
        assert details == [], loader
    crcs = {f"0x{zlib.crc32(initrd_bytes(v)):08x}": v for v in VERSIONS + ["6.1.0-11-amd64"]}
    return crcs[rep["initrd_crc32"][0]]


# Lines the loader prints only when verbose (LBC_VERBOSE, or Ctrl held at boot).
DETAILS = ("config: ", "disk: ", "memory: ", "  e820: ", "video: ", "a20: ", "place: ", "cmdline: ",
           "setup16: cpu ", "lm64: ", "longboot timing: ")


def boot_messages(img):
    info = subprocess.run([MKDISK, "--info", img], capture_output=True, text=True, check=True).stdout
    return [l for l in info.splitlines() if l.startswith("boot messages: ")]


@pytest.mark.parametrize("table", ["mbr", "gpt"])
def test_install_boot_upgrade(tmp_path, table):
    img = str(tmp_path / "disk.img")
    (mbr_disk if table == "mbr" else gpt_disk)(img)
    root = fake_root(tmp_path, img, partition="1" if table == "mbr" else "")
    p = update(root)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    n = 3
    where = " in partition 1" if table == "mbr" else ""
    assert lines[0] == f"longboot-update: {img}: installed {n} entr{'y' if n == 1 else 'ies'}{where}:"
    assert lines[1] == f"  1 Debian GNU/Linux: Linux {NEWEST_FIRST[0]}"
    assert boot_messages(img) == ["boot messages: quiet (Ctrl held at boot: verbose)"]
    assert booted_version(img) == NEWEST_FIRST[0]

    # apt installs a newer kernel: its postinst runs the hooks in /etc/kernel/postinst.d
    add_kernel(root, "6.1.0-11-amd64")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(UPDATE, bindir / "longboot-update")
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", LONGBOOT_ROOT=root, LONGBOOT_MKDISK=MKDISK)
    h = subprocess.run(["sh", HOOK, "6.1.0-11-amd64", f"{root}/boot/vmlinuz-6.1.0-11-amd64"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert h.returncode == 0, h.stderr
    assert f"  1 Debian GNU/Linux: Linux 6.1.0-11-amd64" in h.stdout.splitlines()
    assert booted_version(img) == "6.1.0-11-amd64"


def test_verbose_setting(tmp_path):
    """LONGBOOT_VERBOSE=yes: the loader prints its detail lines at every boot (--verbose-boot);
    no (the default) leaves --install's quiet boot; anything else is refused."""
    root = fake_root(tmp_path, "/dev/sdz", partition="1", extra="LONGBOOT_VERBOSE=maybe\n")
    conf = os.path.join(root, "etc", "default", "longboot")
    p = update(root, "--dry-run")
    assert (p.returncode, p.stdout, p.stderr) == (
        1, "", f"longboot-update: {conf}: LONGBOOT_VERBOSE=maybe: need yes or no\n")
    with open(conf, "a") as f:
        f.write("LONGBOOT_VERBOSE=no\n")
    p = update(root, "--dry-run")
    assert p.returncode == 0 and "--verbose-boot" not in shlex.split(p.stdout), p.stdout + p.stderr
    with open(conf, "a") as f:
        f.write("LONGBOOT_VERBOSE=yes\n")
    p = update(root, "--dry-run")
    assert p.returncode == 0, p.stderr
    cmd = shlex.split(p.stdout)
    want = [MKDISK, "--quiet", "--install", "--output", "/dev/sdz", "--partition", "1"] + \
        ["--timeout", "5"] + ["--verbose-boot"]
    assert cmd[:len(want)] == want and cmd.count("--verbose-boot") == 1, cmd

    img = mbr_disk(str(tmp_path / "disk.img"))
    with open(conf, "a") as f:
        f.write(f"LONGBOOT_DISK={img}\n")
    p = update(root)
    assert p.returncode == 0, p.stderr
    assert boot_messages(img) == ["boot messages: verbose"]
    assert booted_version(img, verbose=True) == NEWEST_FIRST[0]


def test_package_contents():
    """make deb: the tools under /usr/sbin, the hooks where Debian's kernel packages and
    initramfs-tools run them, /etc/default/longboot as a conffile, all owned by root."""
    deb = os.environ.get("DEB")
    if not deb:
        pytest.skip("DEB not set (make test-debian builds the package and sets it)")
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    files = {l.split()[-1]: (l.split()[0], l.split()[1]) for l in listing.splitlines()}
    for path, mode in [("./usr/sbin/longboot-mkdisk", "-rwxr-xr-x"), ("./usr/sbin/longboot-update", "-rwxr-xr-x"),
                       ("./etc/kernel/postinst.d/zz-longboot", "-rwxr-xr-x"),
                       ("./etc/kernel/postrm.d/zz-longboot", "-rwxr-xr-x"),
                       ("./etc/initramfs/post-update.d/longboot", "-rwxr-xr-x"),
                       ("./etc/default/longboot", "-rw-r--r--")]:
        assert files.get(path) == (mode, "root/root"), (path, files.get(path))
    conffiles = subprocess.run(["dpkg-deb", "-I", deb, "conffiles"], capture_output=True, text=True).stdout
    assert "/etc/default/longboot\n" in conffiles


def test_hooks_quiet_when_unconfigured_or_inside_a_kernel_package(tmp_path):
    img = mbr_disk(str(tmp_path / "disk.img"))
    root = fake_root(tmp_path, "")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(UPDATE, bindir / "longboot-update")
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", LONGBOOT_ROOT=root, LONGBOOT_MKDISK=MKDISK)
    rd_hook = os.path.join(ROOT, "debian", "hooks", "initramfs")
    v = NEWEST_FIRST[0]
    args = [v, f"{root}/boot/initrd.img-{v}"]
    for hook in (HOOK, rd_hook):                  # LONGBOOT_DISK empty: nothing, quietly
        h = subprocess.run(["sh", hook, *args], capture_output=True, text=True, env=env)
        assert (h.returncode, h.stdout, h.stderr) == (0, "", ""), hook
    with open(os.path.join(root, "etc", "default", "longboot"), "a") as f:
        f.write(f"LONGBOOT_DISK={img}\nLONGBOOT_PARTITION=1\n")
    before = open(img, "rb").read()
    h = subprocess.run(["sh", rd_hook, *args], capture_output=True, text=True,
                       env=dict(env, DPKG_MAINTSCRIPT_PACKAGE=f"linux-image-{v}"))
    assert (h.returncode, h.stdout, h.stderr) == (0, "", "")   # the kernel hook follows
    assert open(img, "rb").read() == before
    h = subprocess.run(["sh", rd_hook, *args], capture_output=True, text=True, env=env)  # update-initramfs -u
    assert h.returncode == 0 and h.stdout.startswith(f"longboot-update: {img}: installed "), h.stderr
    assert booted_version(img) == v
