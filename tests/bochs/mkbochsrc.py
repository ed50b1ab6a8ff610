#!/usr/bin/env python3
"""mkbochsrc.py: write a Bochs 2.7 config (build/bochsrc) from the committed template
tests/bochs/bochsrc: disk geometry from the image size, BIOS, memory, display, serial file.

Bochs wants a flat disk's size to be exactly cylinders*heads*spt*512, so the geometry is
searched for an exact factorisation (16 heads x 63 sectors preferred, as bximage makes)."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "bochsrc")

BIOSES = {
    # Bochs' own BIOS (rombios, package bochsbios) and SeaBIOS (package seabios).
    "bochs": "/usr/share/bochs/BIOS-bochs-latest",
    "seabios": "/usr/share/seabios/bios.bin",
}
# SeaVGABIOS for Bochs' PCI VGA (package seabios); works under both system BIOSes.
VGAROMS = ["/usr/share/seabios/vgabios-stdvga.bin"]
DISPLAYS = {
    "term": "term",                          # text console in this terminal (curses)
    "headless": 'rfb, options="timeout=0"',  # no window, no tty needed: the VNC server
}                                            # starts without waiting for a client


class GeometryError(Exception):
    pass


def geometry(size):
    """(cylinders, heads, spt) with cylinders*heads*spt*512 == size, or GeometryError."""
    if size <= 0 or size % 512:
        raise GeometryError(f"image size {size} is not a positive multiple of 512 bytes")
    sectors = size // 512
    best = None
    for heads in range(16, 0, -1):
        for spt in range(63, 0, -1):
            if sectors % (heads * spt) == 0 and sectors // (heads * spt) <= 65535:
                cand = (sectors // (heads * spt), heads, spt)
                # fewest cylinders wins; ties go to the larger spt (found first)
                if best is None or cand[0] < best[0]:
                    best = cand
    if best is None:
        raise GeometryError(f"{sectors} sectors have no exact CHS geometry (cylinders <= 65535, "
                            f"heads <= 16, spt <= 63); pad the image to a multiple of 1008 sectors")
    return best


def render(image, bios="bochs", megs=128, display="headless", serial="build/bochs-serial.txt",
           log="build/bochs.log", vgarom=None, stay=False, magic=True):
    """The config text for these settings (paths are made absolute). stay: a panic (the test
    kernel's power-off is one) is reported and the machine stays, on its last screen, until the
    user quits; otherwise it ends Bochs. magic: xchg bx,bx stops in the debugger."""
    if bios not in BIOSES and not os.path.isfile(bios):
        raise ValueError(f"unknown BIOS {bios!r}: use bochs, seabios or a ROM file path")
    rom = BIOSES.get(bios, bios)
    if not os.path.isfile(rom):
        raise ValueError(f"BIOS image {rom} is missing (install package "
                         f"{'bochsbios' if bios == 'bochs' else 'seabios'})")
    vga = vgarom or next((v for v in VGAROMS if os.path.isfile(v)), None)
    if vga is None:
        raise ValueError(f"no VGA BIOS found at {VGAROMS[0]} (install package seabios)")
    if display not in DISPLAYS:
        raise ValueError(f"unknown display {display!r}: use {', '.join(DISPLAYS)}")
    cyl, heads, spt = geometry(os.path.getsize(image))
    fields = {"MEGS": str(int(megs)), "ROM": rom, "VGAROM": vga, "IMAGE": os.path.abspath(image),
              "CYL": str(cyl), "HEADS": str(heads), "SPT": str(spt),
              "SERIAL": os.path.abspath(serial), "LOG": os.path.abspath(log),
              "DISPLAY": DISPLAYS[display], "PANIC": "report" if stay else "fatal",
              "MAGIC": "1" if magic else "0",
              # the guest's power-off (shutdown port 0x8900, ACPI S5) ends Bochs whatever the
              # panic action: to stay, without the devices that offer it (the i430FX's PIIX3
              # has no ACPI; the i440FX's PIIX4 has)
              "PLUGINS": "plugin_ctrl: unmapped=0" if stay else "",
              "CHIPSET": "i430fx" if stay else "i440fx"}
    with open(TEMPLATE) as f:
        text = f.read()
    for k, v in fields.items():
        text = text.replace(f"@{k}@", v)
    return text


def write(out, **kw):
    text = render(**kw)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--image", required=True, help="raw disk image to boot")
    ap.add_argument("--out", required=True, help="config file to write")
    ap.add_argument("--bios", default="bochs", help="bochs (BIOS-bochs-latest), seabios, or a ROM path")
    ap.add_argument("--megs", type=int, default=128, help="guest RAM in MiB")
    ap.add_argument("--display", default="headless", choices=sorted(DISPLAYS))
    ap.add_argument("--serial", default="build/bochs-serial.txt", help="file that receives COM1")
    ap.add_argument("--log", default="build/bochs.log", help="Bochs' own log")
    a = ap.parse_args()
    try:
        write(a.out, image=a.image, bios=a.bios, megs=a.megs, display=a.display,
              serial=a.serial, log=a.log)
    except (OSError, ValueError, GeometryError) as e:
        print(f"mkbochsrc: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
