"""test_trace_folded.py: the folded trace (build/trace-folded.txt) of a real Bochs boot.

`make trace` writing only the MBR (the later stages run untraced, so this takes seconds):
the MBR's folded trace is under 1,000 lines, still holds every address the MBR's own code
executed (taken from the full trace), names its BIOS calls by function and folds its
print loop; the summary gives a profile per function. Plus the folder on a made-up trace."""
import io
import json
import os
import re
import subprocess
import tempfile

import pytest

from bochs import fold

BUILD = os.environ.get("BUILD", "build")
ADDR = re.compile(rb"^\(0\)\.\[\d+\] \[0x([0-9a-f]+)\]")


def stage_lines(path, stage):
    """Lines of one stage's section of a folded trace."""
    out, inside = [], False
    with open(path, "rb") as f:
        for ln in f:
            if ln.startswith(b"==== stage "):
                inside = ln.strip() == f"==== stage {stage} ====".encode()
                continue
            if inside:
                out.append(ln.rstrip(b"\n"))
    return out


def own_addresses(lines):
    """Addresses of the stage's own code (not the BIOS) in trace lines."""
    got = set()
    for ln in lines:
        m = ADDR.match(ln)
        if m and not fold.BIOS_LO <= int(m.group(1), 16) < fold.BIOS_HI:
            got.add(int(m.group(1), 16))
    return got


@pytest.fixture(scope="module")
def mbr_trace():
    with tempfile.TemporaryDirectory() as td:   # not build/: a person may be tracing there
        p = subprocess.run(["make", "--no-print-directory", "-s", "trace", "TRACE_STAGE=mbr",
                            "TRACE_NOTRACE=setup16 pm32 lm64 kernel", f"TRACE_OUT={td}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
        assert p.returncode == 0, f"make trace failed ({p.returncode}):\n{p.stdout[-3000:]}"
        with open(os.path.join(td, "trace.txt"), "rb") as f:
            full = [ln.rstrip(b"\n") for ln in f]
        folded = stage_lines(os.path.join(td, "trace-folded.txt"), "mbr")
        with open(os.path.join(td, "trace-summary.json")) as f:
            summary = json.load(f)
        with open(os.path.join(td, "trace-summary.txt")) as f:
            text = f.read()
        yield {"full": full, "folded": folded, "summary": summary, "text": text, "out": p.stdout}


def test_progress_is_printed(mbr_trace):
    assert re.search(r"^trace: +\d+ s, stage setup16 +[\d,]+ instructions so far$",
                     mbr_trace["out"], re.M), mbr_trace["out"][-2000:]


def test_mbr_folded_is_short(mbr_trace):
    n = len(mbr_trace["folded"])
    assert 0 < n < 1000, f"the MBR's folded trace has {n} lines"
    assert n < len(mbr_trace["full"]) // 100
    assert mbr_trace["summary"]["folded"]["mbr"] == n + 1   # and its header line


def test_mbr_folded_keeps_every_own_instruction(mbr_trace):
    want = own_addresses(mbr_trace["full"])
    assert len(want) > 80, f"the MBR's own code ran only {len(want)} distinct instructions"
    assert all(0x7C00 <= a < 0x7E00 for a in want)
    got = own_addresses(mbr_trace["folded"])
    assert sorted(hex(a) for a in want - got) == []
    assert got <= want
    # in the order first reached
    first, seen = [], set()
    for ln in mbr_trace["full"]:
        m = ADDR.match(ln)
        a = int(m.group(1), 16) if m else None
        if a in want and a not in seen:
            seen.add(a)
            first.append(a)
    order = [int(ADDR.match(ln).group(1), 16) for ln in mbr_trace["folded"] if ADDR.match(ln)]
    dedup = list(dict.fromkeys(order))
    assert dedup == first


def test_mbr_bios_calls_named(mbr_trace):
    text = b"\n".join(mbr_trace["folded"]).decode()
    assert re.search(r"\(putc\+6\): int 0x10 +; cd10   = INT 10h AH=0Eh teletype AL=0x6c 'l': "
                     r"[\d,]+ instructions in the BIOS", text), text
    assert re.search(r"int 0x13 +; cd13   = INT 13h AH=41h extensions present\?: [\d,]+ instructions",
                     text)
    assert re.search(r"int 0x13 +; cd13   = INT 13h AH=42h extended read: [\d,]+ instructions", text)
    # no instruction of the BIOS itself is left in the folded trace
    for ln in mbr_trace["folded"]:
        m = ADDR.match(ln)
        assert not m or int(m.group(1), 16) < fold.BIOS_LO, ln


def test_mbr_print_loop_folded(mbr_trace):
    text = b"\n".join(mbr_trace["folded"]).decode()
    m = re.search(r"~ loop 0x7d[0-9a-f]{2}\.\.0x7d[0-9a-f]{2} \(puts\.next\) ran (\d+) times, ([\d,]+) instructions "
                  r"after the first iteration \(of them [\d,]+ in the BIOS: INT 10h AH=0Eh teletype "
                  r"x(\d+)\)", text)
    assert m, text
    # one iteration per character ("longboot mbr\r\n", one INT 10h each, the first one in the
    # first iteration) and one for the NUL that ends the string
    assert int(m.group(1)) == int(m.group(3)) + 2 == len("longboot mbr\r\n") + 1


def test_summary_profile(mbr_trace):
    prof = mbr_trace["summary"]["profile"]["mbr"]
    assert sum(prof.values()) == mbr_trace["summary"]["instructions"]["mbr"]
    assert prof["putc"] > prof["start"] > 0
    assert re.search(r"^  mbr +putc +[\d,]+ +\d+\.\d%$", mbr_trace["text"], re.M)
    assert re.search(r"^  1 mbr +t=\d+ +0000:7c00 .*mode=real +CR0=0x60000010", mbr_trace["text"], re.M)


def line(tick, addr, sym, insn):
    seg = f"0000:{addr & 0xffff:04x}"
    return f"(0).[{tick}] [0x{addr:012x}] {seg} ({sym}): {insn} ; 90".encode()


def test_folder_on_a_made_up_trace():
    """A 3-instruction loop run 1000 times, a BIOS call inside, then a rep: 3 folded lines."""
    lines, t = [], 1
    for i in range(1000):
        body = [(0x8000, "in al, dx"), (0x8001, "test al, 0x20"), (0x8003, "jz .-5")]
        if i == 500:   # an instruction run once, in the 501st iteration
            body.insert(2, (0x8002, "nop"))
        for a, insn in body:
            lines.append(line(t, a, f"wait+{a - 0x8000:x}", insn))
            t += 1
    lines.append(line(t, 0x8005, "after+0", "int 0x10"))
    ints = {t: 0x0E41}
    for k in range(50):
        lines.append(line(t + 1 + k, 0xF0000 + k, f"system_bios+{k:x}", "nop"))
    t += 51
    lines.append(line(t, 0x8007, "after+2", "rep stosb byte ptr es:[di], al"))
    lines.append(line(t + 1, 0x8007, "after+2", "rep stosb byte ptr es:[di], al"))
    lines.append(line(t + 2, 0x8007, "after+2", "rep stosb byte ptr es:[di], al"))
    lines.append(line(t + 3, 0x8009, "after+4", "hlt"))
    out = io.BytesIO()
    f = fold.Folder(out, ints)
    f.stage("setup16")
    for ln in lines:
        f.feed(ln)
    f.close()
    text = out.getvalue().decode().splitlines()
    assert text[0] == "==== stage setup16 ===="
    assert [ln.split(": ", 1)[1].split(" ;")[0] for ln in text[1:4]] == \
        ["in al, dx", "test al, 0x20", "jz .-5"]
    assert "(wait+2): nop" in text[4]
    assert text[5] == "      ~ loop 0x8000..0x8003 (wait) ran 1,000 times, 2,998 instructions " \
                      "after the first iteration"
    assert text[6].endswith("int 0x10 ; 90   = INT 10h AH=0Eh teletype AL=0x41 'A': "
                            "50 instructions in the BIOS")
    assert "rep stosb" in text[7]
    assert text[8] == "      ~ loop 0x8007..0x8007 (after) ran 3 times, 2 instructions after " \
                      "the first iteration"
    assert "hlt" in text[9] and len(text) == 10


def test_folder_first_call_after_a_loop_is_shown():
    """A loop, then the first call of a function (over 400 instructions long, so the folder
    first takes it for part of the loop and then replays it): shown in full, not as 'again'."""
    lines = [line(1 + i, 0x8000, "start+0", "rep stosb byte ptr es:[di], al") for i in range(3)]
    t = 10
    lines.append(line(t, 0x8002, "start+2", "call .+0x1000 main+0 (0x9000)"))
    for k in range(500):
        lines.append(line(t + 1 + k, 0x9000 + k, f"main+{k:x}", "nop"))
    lines.append(line(t + 501, 0x9000 + 500, "main+1f4", "ret"))
    lines.append(line(t + 502, 0x8007, "start+7", "hlt"))
    out = io.BytesIO()
    f = fold.Folder(out, {})
    f.stage("setup16")
    for ln in lines:
        f.feed(ln)
    f.close()
    text = out.getvalue().decode().splitlines()
    assert not any("again" in ln for ln in text), [ln for ln in text if "again" in ln]
    assert sum("(main+" in ln for ln in text) == 501
    assert text[2].startswith("      ~ loop 0x8000..0x8000 (start) ran 3 times")
    assert "hlt" in text[-1]
