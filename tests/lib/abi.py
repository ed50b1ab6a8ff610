"""abi.py: the constants and binary layouts of include/ for the Python tests, taken from the
module the build generates from the headers (build/gen/lbabi.py, printed by tools/genabi.c).
No test writes a patch-table offset, magic or struct format of its own: they come from here.

Constants keep their C names (abi.LB_LOADER, abi.MBR_PATCH_OFFSET, abi.LBT_NO_E820, ...);
abi.MBR_PATCH, abi.LOADER_HEAD and abi.LOADER_PATCH are Layouts of the structs."""
import importlib.util
import os
import struct

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_BUILD = os.environ.get("BUILD", "build")
PATH = os.path.join(_BUILD if os.path.isabs(_BUILD) else os.path.join(ROOT, _BUILD), "gen", "lbabi.py")


def _load():
    if not os.path.exists(PATH):
        raise ImportError(f"{PATH} is missing: run make (tools/genabi.c generates it from include/)")
    spec = importlib.util.spec_from_file_location("lbabi", PATH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_gen = _load()
globals().update({k: v for k, v in vars(_gen).items() if k.isupper()})


class Layout:
    """One packed little-endian struct of include/: field offsets and sizes, unpack to a dict
    (byte arrays as bytes), pack a dict back."""

    def __init__(self, prefix):
        self.name = prefix.lower()
        self.size = getattr(_gen, prefix + "_SIZE")
        self.format = getattr(_gen, prefix + "_FORMAT")
        self.fields = getattr(_gen, prefix + "_FIELDS")
        self.names = tuple(f[0] for f in self.fields)
        self.offset = {f[0]: f[1] for f in self.fields}
        self.width = {f[0]: f[2] for f in self.fields}
        assert struct.calcsize(self.format) == self.size, f"{self.name}: format and sizeof disagree"

    def unpack(self, buf, at=0):
        return dict(zip(self.names, struct.unpack_from(self.format, buf, at)))

    def pack(self, values):
        return struct.pack(self.format, *(values[n] for n in self.names))


MBR_PATCH = Layout("MBR_PATCH")
LOADER_HEAD = Layout("LOADER_HEAD")
LOADER_PATCH = Layout("LOADER_PATCH")
LB_CFG_HEADER = Layout("LB_CFG_HEADER")
LB_CFG_ENTRY = Layout("LB_CFG_ENTRY")

# mkdisk's names for the switches: --test-flag no-e820 sets LBT_NO_E820, and so on.
TEST_FLAGS = {k[4:].lower().replace("_", "-"): v for k, v in vars(_gen).items() if k.startswith("LBT_")}
# mkdisk --info's flag names: an entry's LBK_* bits, and no-timing (the image's LBC_NO_TIMING)
LBF = dict({k[4:].lower(): v for k, v in vars(_gen).items() if k.startswith("LBK_")}, **{"no_timing": 0x0008})
