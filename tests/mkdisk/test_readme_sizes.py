"""test_readme_sizes.py: the README's stage sizes are the build's (setup16 + pm32 + the gate, lm64):
file sizes from build/*.bin, end addresses from the ELF symbols `end`."""
import os
import re
import subprocess

from lib import paths

README = os.path.join(paths.ROOT, "README.md")


def _end(elf):
    out = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^([0-9a-f]+) \w end$", out, re.M).group(1), 16)


def _row(name):
    with open(README) as f:
        rows = [ln for ln in f if ln.startswith(f"| `{name}`")]
    assert len(rows) == 1, f"no single README row for {name}"
    return rows[0]


def test_setup16_row():
    row = _row("setup16")
    size = os.path.getsize(os.path.join(paths.BUILD, "setup.bin"))
    end = _end(os.path.join(paths.BUILD, "setup.elf"))
    assert f"{size:,}-byte file" in row, (size, row)
    assert f"{end - 0x8000:,} bytes with bss, ending at 0x{end:X}" in row, (hex(end), row)


def test_lm64_row():
    row = _row("lm64")
    size = os.path.getsize(os.path.join(paths.BUILD, "lm64.bin"))
    end = _end(os.path.join(paths.BUILD, "lm64.elf"))
    assert f"{size / 1000:.1f} KB file" in row, (size, row)
    assert f"ends at 0x{end:X}" in row, (hex(end), row)


def test_pm32_start_in_the_trace_and_gdb_examples():
    out = subprocess.run(["nm", os.path.join(paths.BUILD, "setup.elf")], capture_output=True, text=True,
                         check=True).stdout
    at = int(re.search(r"^([0-9a-f]+) \w pm32_start$", out, re.M).group(1), 16)
    with open(README) as f:
        text = f.read()
    shown = set(int(a, 16) for a in re.findall(r"0020:0*([0-9a-f]+)[ )]+\(?pm32_start", text))
    shown |= set(int(a, 16) for a in re.findall(r"linear 0x([0-9a-f]+)  pm32_start", text))
    assert shown == {at}, (hex(at), sorted(hex(a) for a in shown))
