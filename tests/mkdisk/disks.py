"""disks.py: disk image files for the mkdisk safety tests, made with the real tools: MBR tables
with sfdisk, GPTs with sgdisk, file systems with mkfs.* / mkswap / mkntfs / cryptsetup, made in
a file of the partition's size and copied into the image (sparse: zero blocks are skipped)."""
import hashlib
import os
import shutil
import subprocess

SECTOR = 512
MiB = 1 << 20


def tool(name):
    """The path of a tool the tests need (tools/install-deps.sh installs them all)."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    assert path, f"{name} is not installed (tools/install-deps.sh installs it)"
    return path


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{' '.join(argv)}: exit {p.returncode}: {p.stderr.strip()}"
    return p.stdout


def blank(path, size):
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def mbr(path, size, script):
    """An image of size bytes with the MBR table an sfdisk script describes ('label: dos' added)."""
    blank(path, size)
    run([tool("sfdisk"), "--no-reread", "--no-tell-kernel", "-q", path], input="label: dos\n" + script)
    return path


def gpt(path, size, *sgdisk_args):
    """An image of size bytes with a fresh GPT, then sgdisk_args (e.g. --new=1:2048:+4M --typecode=1:EF02)."""
    blank(path, size)
    run([tool("sgdisk"), "-o", *sgdisk_args, path])
    return path


def partitions(path):
    """[(number, start, sectors, type)] as sfdisk reads the table (MBR or GPT)."""
    import json
    t = json.loads(run([tool("sfdisk"), "--json", path]))["partitiontable"]
    out = []
    for p in t.get("partitions", []):
        num = int(p["node"][len(path):].lstrip("p"))
        out.append((num, p["start"], p["size"], p["type"]))
    return out


def write_at(img, offset, src):
    """src's bytes into img at offset, skipping zero blocks (both files stay sparse)."""
    zero = bytes(MiB)
    with open(src, "rb") as s, open(img, "r+b") as d:
        pos = 0
        while True:
            block = s.read(MiB)
            if not block:
                break
            if block != zero[:len(block)]:
                d.seek(offset + pos)
                d.write(block)
            pos += len(block)


def fs_into(img, start_lba, sectors, argv, workdir):
    """Run argv + [file] on a file of sectors*512 bytes (a new file system), copy it to start_lba."""
    part = blank(os.path.join(workdir, "part.fs"), sectors * SECTOR)
    run(argv + [part])
    write_at(img, start_lba * SECTOR, part)
    os.remove(part)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(4 * MiB), b""):
            h.update(block)
    return h.hexdigest()


def read(path, offset, n):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(n)
