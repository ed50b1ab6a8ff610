#!/usr/bin/env python3
"""mksym.py: write a symbol file for the Bochs debugger's `ldsym` (host tool).

Bochs 2.7 reads one symbol per line: a hex address, one blank, the name
("00007c00 mbr_start"). Sources: an ELF file (its symbol table, through nm), or a NASM
listing of a flat binary (labels get the offset of their line plus the org given).
  mksym.py elf FILE OUT         mksym.py lst LISTING BASE OUT"""
import os
import re
import subprocess
import sys

NM = "nm"
# nm -n: "0000000000008000 T setup16_start"; keep code and data symbols, not absolutes
NM_LINE = re.compile(r"^([0-9a-fA-F]+) ([TtDdBbRrWw]) (\S+)$")
# NASM listing: "    12 00000010 B442     mov ah,0x42" or a label alone: "    16    fail:"
LST_LINE = re.compile(r"^\s*\d+\s+(?:([0-9A-Fa-f]{8})\s+\S+)?\s*(.*)$")
LABEL = re.compile(r"^([A-Za-z_.?][\w.?@$]*):")


def from_elf(path):
    out = subprocess.run([NM, "-n", "--defined-only", path], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    syms = []
    for line in out.splitlines():
        m = NM_LINE.match(line.strip())
        if m and not m.group(3).startswith(".L"):
            syms.append((int(m.group(1), 16), m.group(3)))
    return syms


def from_listing(path, base):
    """Labels of a NASM -l listing; a label alone on its line takes the next offset seen."""
    syms, pending, glob = [], [], ""
    with open(path, errors="replace") as f:
        for line in f:
            m = LST_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            off, src = m.group(1), m.group(2).strip()
            lab = LABEL.match(src)
            if lab:
                name = lab.group(1)
                if name.startswith(".") and not name.startswith(".."):
                    name = glob + name
                else:
                    glob = name
                pending.append(name)
            if off is not None:
                for name in pending:
                    syms.append((base + int(off, 16), name))
                pending = []
    return syms


def write(syms, out):
    seen = set()
    with open(out + ".tmp", "w") as f:
        # at one address Bochs keeps the first name: put "__linker_symbols" after real ones
        for addr, name in sorted(syms, key=lambda s: (s[0], s[1].startswith("__"), s[1])):
            if (addr, name) not in seen:
                seen.add((addr, name))
                f.write(f"{addr:08x} {name}\n")
    os.replace(out + ".tmp", out)


def main():
    a = sys.argv[1:]
    try:
        if len(a) == 3 and a[0] == "elf":
            write(from_elf(a[1]), a[2])
        elif len(a) == 4 and a[0] == "lst":
            write(from_listing(a[1], int(a[2], 0)), a[3])
        else:
            print(__doc__, file=sys.stderr)
            sys.exit(2)
    except (OSError, ValueError, subprocess.CalledProcessError) as e:
        print(f"mksym: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
