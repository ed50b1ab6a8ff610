"""mkgrubdisk.py KERNEL INITRD CMDLINE OUT: build a raw BIOS disk image that boots KERNEL with
INITRD and CMDLINE through GRUB 2 (Debian's grub-pc-bin), for the boot benchmark's baseline.
Host tool, no root and no loop mounts:
  LBA 0          GRUB's boot.img (first 440 bytes) + our MBR partition table (one FAT partition)
  LBA 1..        core.img from grub-mkimage (diskboot.img's default blocklist starts at LBA 2,
                 which is exactly where core.img's second sector lands)
  LBA 2048..     FAT partition made with mformat/mcopy: /boot/vmlinuz, /boot/initrd, /boot/grub/grub.cfg
GRUB's i386-pc modules are embedded in core.img, so the partition needs no /boot/grub/i386-pc."""
import os
import struct
import subprocess
import sys
import tempfile

GRUB_DIR = "/usr/lib/grub/i386-pc"
MODULES = ["biosdisk", "part_msdos", "fat", "linux", "normal", "configfile", "echo", "test"]
PART_LBA = 2048
SECTOR = 512


def run(*cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.exit(f"mkgrubdisk: {' '.join(cmd)} failed: {p.stdout.decode(errors='replace').strip()}")


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: mkgrubdisk.py KERNEL INITRD CMDLINE OUT")
    kernel, initrd, cmdline, out = sys.argv[1:]
    with tempfile.TemporaryDirectory() as td:
        core = os.path.join(td, "core.img")
        run("grub-mkimage", "-O", "i386-pc", "-d", GRUB_DIR, "-o", core,
            "-p", "(hd0,msdos1)/boot/grub", *MODULES)
        core_img = open(core, "rb").read()
        if len(core_img) > (PART_LBA - 1) * SECTOR:
            sys.exit(f"mkgrubdisk: core.img is {len(core_img)} bytes, does not fit before LBA {PART_LBA}")
        cfg = os.path.join(td, "grub.cfg")
        with open(cfg, "w") as f:
            f.write("set timeout=0\n"
                    f"linux /boot/vmlinuz {cmdline}\n"
                    "initrd /boot/initrd\n"
                    "boot\n")
        payload = os.path.getsize(kernel) + os.path.getsize(initrd)
        part_bytes = max(32 << 20, (payload * 5 // 4 + (4 << 20)) & ~((1 << 20) - 1))
        part = os.path.join(td, "part.img")
        with open(part, "wb") as f:
            f.truncate(part_bytes)
        run("mformat", "-i", part, "-F" if part_bytes >= (256 << 20) else "-v", "LONGBOOT", "::")
        run("mmd", "-i", part, "::/boot", "::/boot/grub")
        run("mcopy", "-i", part, kernel, "::/boot/vmlinuz")
        run("mcopy", "-i", part, initrd, "::/boot/initrd")
        run("mcopy", "-i", part, cfg, "::/boot/grub/grub.cfg")
        mbr = bytearray(open(os.path.join(GRUB_DIR, "boot.img"), "rb").read()[:440])
        mbr += b"\0" * 6                                   # disk signature + reserved
        sectors = part_bytes // SECTOR
        # One bootable FAT16-LBA (0x0e) partition; CHS fields say "use LBA" (0xfe/0xff/0xff).
        mbr += struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x0e, b"\xfe\xff\xff", PART_LBA, sectors)
        mbr += b"\0" * 48 + b"\x55\xaa"
        assert len(mbr) == SECTOR
        tmp = out + ".tmp"
        with open(tmp, "wb") as f:
            f.write(mbr)
            f.write(core_img)
            f.seek(PART_LBA * SECTOR)
            with open(part, "rb") as p:
                f.write(p.read())
        os.replace(tmp, out)


if __name__ == "__main__":
    main()
