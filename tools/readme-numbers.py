"""readme-numbers.py [BUILD]: writes the build's stage sizes and pm32_start's address into the
README's stage-size table and its trace and gdb examples (tests/mkdisk/test_readme_sizes.py
checks them against the build). Run after a change that moves them: python3 tools/readme-numbers.py"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, sys.argv[1] if len(sys.argv) > 1 else "build")


def sym(elf, name):
    out = subprocess.run(["nm", os.path.join(BUILD, elf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(rf"^([0-9a-f]+) \w {name}$", out, re.M).group(1), 16)


readme = os.path.join(ROOT, "README.md")
s = open(readme).read()
setup, lm64 = (os.path.getsize(os.path.join(BUILD, f)) for f in ("setup.bin", "lm64.bin"))
send, lend, pm32 = sym("setup.elf", "end"), sym("lm64.elf", "end"), sym("setup.elf", "pm32_start")
s = re.sub(r"(\| `setup16` \+ `pm32` \+ the BIOS gate \| )[\d,]+-byte file; [\d,]+ bytes with bss, ending at 0x[0-9A-F]+",
           lambda m: f"{m.group(1)}{setup:,}-byte file; {send - 0x8000:,} bytes with bss, ending at 0x{send:X}", s)
s = re.sub(r"(\| `lm64` \(the seven decoders[^|]*\| )[\d.]+ KB file(.*?)ends at 0x[0-9A-F]+",
           lambda m: f"{m.group(1)}{lm64 / 1000:.1f} KB file{m.group(2)}ends at 0x{lend:X}", s)
s = re.sub(r"0020:0*[0-9a-f]+( \(pm32_start)", lambda m: f"0020:{pm32:016x}{m.group(1)}", s)
s = re.sub(r"0020:\.\.\.[0-9a-f]+ \(pm32_start", f"0020:...{pm32 & 0xffff:x} (pm32_start", s)
s = re.sub(r"0020:0000[0-9a-f]{4}  linear 0x[0-9a-f]+  pm32_start", f"0020:{pm32:08x}  linear 0x{pm32:x}  pm32_start", s)
s = re.sub(r"with 16 \(`0020:0*[0-9a-f]+`\)", f"with 16 (`0020:{pm32:016x}`)", s)
open(readme, "w").write(s)
print(f"README: setup16 {setup} bytes (end 0x{send:X}), lm64 {lm64} bytes (end 0x{lend:X}), pm32_start 0x{pm32:x}")
