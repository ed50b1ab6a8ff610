"""tracesum.py: the text of build/trace-summary.txt from trace.py's run summary (a dict, also
written as JSON): boundaries with their mode registers, instructions per stage, the folded
trace's lines per stage, a profile (instructions per function and stage), Bochs' findings."""

PROFILE_TOP = 10


def summary_text(s):
    out = [f"longboot trace: {s['image']}, BIOS {s['bios']}, {s['megs']} MiB, "
           f"{s['seconds']} s, ended: {s['ended']}"]
    b = s["boundaries"]
    if b:
        n = s["instructions"].get("bios")
        out.append(f"BIOS POST: {b[0]['t']:,} ticks before the MBR, "
                   + (f"{n:,} instructions traced (stage 'bios')" if n else "not traced"))
    out.append("")
    out.append("boundaries, in the order reached (registers as the stage begins):")
    for i, r in enumerate(b, 1):
        out.append(f"  {i} {r['stage']:<8} t={r['t']:<11} {r['cs_ip']:<22} [0x{r['addr']:08x}] "
                   f"({r['symbol']}) mode={r['mode']:<9} CR0=0x{r['cr0']:08x} CR3=0x{r['cr3']:x} "
                   f"CR4=0x{r['cr4']:x} EFER=0x{r['efer']:x} GDT=0x{r['gdt_base']:x}/0x{r['gdt_limit']:x}"
                   f"{'  (magic break)' if r['magic'] else ''}")
    if s["kernel_entry"] is not None:
        out.append(f"  kernel ELF entry: 0x{s['kernel_entry']:x}")
    out.append("")
    out.append("stages: instructions traced (of them in BIOS services), ticks to the next boundary, "
               "trace lines written")
    for i, r in enumerate(b):
        st = r["stage"]
        end = b[i + 1]["t"] if i + 1 < len(b) else s["last_tick"]
        ticks = f"{end - r['t']:,}" if end is not None else "?"
        n = s["instructions"].get(st)
        ins = f"{n:,}" if n is not None and st not in s["notrace"] else "not traced"
        out.append(f"  {st:<8} {ins:>14} (BIOS {s['bios_instructions'].get(st, 0):,})  "
                   f"ticks {ticks:>14}  written {s['written'].get(st, 0):,}")
    total = sum(v for k, v in s["instructions"].items() if k != "bios")
    out.append(f"  total    {total:>14,} instructions traced from the MBR on")
    if s["truncated"]:
        out.append("  (the trace file stopped at --max-write lines; the counts are complete)")
    if s.get("folded"):
        out.append("")
        out.append("folded trace (loops and BIOS calls as one line each): lines per stage")
        out.append("  " + ", ".join(f"{k} {v:,}" for k, v in s["folded"].items()))
    prof = s.get("profile") or {}
    if prof:
        out.append("")
        out.append(f"profile: instructions per function and stage (the top {PROFILE_TOP} of each; "
                   "BIOS code is system_bios/option_rom)")
        for st in [r["stage"] for r in b if r["stage"] in prof] + [k for k in prof if k == "bios"]:
            total = sum(prof[st].values())
            for name, n in sorted(prof[st].items(), key=lambda kv: -kv[1])[:PROFILE_TOP]:
                out.append(f"  {st:<8} {name:<24} {n:>12,} {100.0 * n / total:5.1f}%")
    out.append("")
    out.append(f"Bochs log: {len(s['panics'])} panic(s), {len(s['errors'])} error(s)")
    out += ["  " + ln for ln in s["panics"] + s["errors"]]
    out.append("serial tail: " + " | ".join(s["serial_tail"]))
    return "\n".join(out) + "\n"
