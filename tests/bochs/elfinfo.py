"""elfinfo.py: the entry point and loaded address ranges of an ELF32/ELF64 file (host tool,
no dependencies), for classifying where the CPU is while tracing the boot chain."""
import struct


def read(path):
    """(entry, [(start, end), ...]): the entry point and the executable PT_LOAD segments as physical
    addresses (a virtual e_entry inside a segment is translated through that segment)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise ValueError(f"{path}: not an ELF file")
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        entry, phoff = struct.unpack_from(end + "QQ", data, 24)
        phentsize, phnum = struct.unpack_from(end + "HH", data, 54)
    else:
        entry, phoff = struct.unpack_from(end + "II", data, 24)
        phentsize, phnum = struct.unpack_from(end + "HH", data, 42)
    ranges, phys_entry = [], entry
    for i in range(phnum):
        off = phoff + i * phentsize
        if is64:
            p_type, flags, _off, vaddr, paddr, _filesz, memsz = struct.unpack_from(end + "IIQQQQQ", data, off)
        else:
            p_type, _off, vaddr, paddr, _filesz, memsz, flags = struct.unpack_from(end + "IIIIIII", data, off)
        if p_type == 1 and memsz and flags & 1:  # PT_LOAD, PF_X: code
            ranges.append((paddr, paddr + memsz))
            if vaddr <= entry < vaddr + memsz:
                phys_entry = entry - vaddr + paddr
    return phys_entry, ranges
