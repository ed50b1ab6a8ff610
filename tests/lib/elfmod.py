"""elfmod.py: make broken or oversized copies of an ELF64 kernel for the fault tests (host)."""
import struct

EHDR = "<16sHHIQQQIHHHHHH"
PHDR = "<IIQQQQQQ"
PT_LOAD = 1


def _phdrs(elf):
    e = struct.unpack_from(EHDR, elf, 0)
    phoff, phentsize, phnum = e[5], e[9], e[10]
    return [(phoff + i * phentsize, list(struct.unpack_from(PHDR, elf, phoff + i * phentsize)))
            for i in range(phnum)]


def loads(elf):
    """[(offset of the program header, [type, flags, offset, vaddr, paddr, filesz, memsz, align])]
    of the PT_LOAD segments, in file order."""
    return [(o, p) for o, p in _phdrs(elf) if p[0] == PT_LOAD]


def lowest(elf):
    """The lowest PT_LOAD physical address (the load address)."""
    return min(p[4] for _, p in loads(elf))


def entry(elf):
    return struct.unpack_from("<Q", elf, 24)[0]


def _set_phdr(elf, off, p):
    struct.pack_into(PHDR, elf, off, *p)


def grow_bss(elf, extra):
    """The last PT_LOAD's p_memsz raised by `extra` bytes (a kernel that needs more RAM)."""
    elf = bytearray(elf)
    off, p = loads(elf)[-1]
    p[6] += extra
    _set_phdr(elf, off, p)
    return bytes(elf)


def bad_magic(elf):
    return b"\x7fELX" + elf[4:]


def class32(elf):
    """EI_CLASS = ELFCLASS32 (the rest still ELF64-shaped)."""
    elf = bytearray(elf)
    elf[4] = 1
    return bytes(elf)


def segment_at(elf, paddr, index=0):
    """PT_LOAD number index (0: the first, -1: the last) moved (physical and virtual address)
    to paddr."""
    elf = bytearray(elf)
    off, p = loads(elf)[index]
    delta = paddr - p[4]
    p[3] = (p[3] + delta) & (2**64 - 1)
    p[4] = paddr
    _set_phdr(elf, off, p)
    return bytes(elf)


def set_entry(elf, addr):
    elf = bytearray(elf)
    struct.pack_into("<Q", elf, 24, addr)
    return bytes(elf)


def entry_outside(elf):
    """An entry point 1 GiB past the end of the highest segment (inside no segment)."""
    top = max(p[3] + p[6] for _, p in loads(elf))
    return set_entry(elf, top + (1 << 30))


def shift_all(elf, delta):
    """Every PT_LOAD (physical and virtual address) and the entry moved up by delta: the same
    kernel linked for an address far above the guest's RAM."""
    elf = bytearray(elf)
    for off, p in loads(elf):
        p[3] = (p[3] + delta) & (2**64 - 1)
        p[4] = (p[4] + delta) & (2**64 - 1)
        _set_phdr(elf, off, p)
    return set_entry(bytes(elf), (entry(elf) + delta) & (2**64 - 1))


def code_at_entry(elf, code):
    """The bytes at the entry point replaced by code (e.g. b"\\x0f\\x0b": ud2)."""
    elf = bytearray(elf)
    e = entry(elf)
    for _, p in loads(elf):
        if p[4] <= e and e + len(code) <= p[4] + p[5]:
            off = p[2] + e - p[4]
            elf[off:off + len(code)] = code
            return bytes(elf)
    raise ValueError(f"entry 0x{e:x} is not in a segment's file bytes")
