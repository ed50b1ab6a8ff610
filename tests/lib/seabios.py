"""seabios.py: read SeaBIOS's own debug log (QEMU isa-debugcon at port 0x402) for the facts a
boot test compares against, such as the E820 map SeaBIOS hands out."""
import re

def debugcon_args(path):
    """QEMU arguments that send SeaBIOS's debug output to path."""
    return ["-chardev", f"file,id=seabioslog,path={path}",
            "-device", "isa-debugcon,iobase=0x402,chardev=seabioslog"]


def e820_map(log_text):
    """The last 'e820 map has N items:' dump as [(base, length, type)], in SeaBIOS's order."""
    blocks = list(re.finditer(r"e820 map has (\d+) items:\n((?:\s+\d+: [0-9a-f]+ - [0-9a-f]+ = \d+.*\n?)*)",
                              log_text))
    if not blocks:
        return None
    n, body = int(blocks[-1].group(1)), blocks[-1].group(2)
    out = []
    for m in re.finditer(r"\d+: ([0-9a-f]+) - ([0-9a-f]+) = (\d+)", body):
        start, end = int(m.group(1), 16), int(m.group(2), 16)
        out.append((start, end - start, int(m.group(3))))
    return out if len(out) == n else None
