"""harness.py: a minimal test runner for the boot and tool tests.

Each suite registers cases with @case and calls main(); cases run in order (or in a thread
pool with --jobs), failures print their reason, and the run ends with the line
'<suite>: N passed, N failed' and a non-zero exit when anything failed."""
import argparse
import concurrent.futures
import os
import sys
import time
import traceback

_CASES = []


class Fail(Exception):
    """A check that did not hold; the message says what and the values."""


def case(fn=None, *, full=False):
    """Register a test case; full=True cases run only with --full (make test-full)."""
    def reg(f):
        _CASES.append((f.__name__, f, full))
        return f
    return reg(fn) if fn else reg


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def eq(got, want, what):
    if got != want:
        raise Fail(f"{what}: got {got!r}, want {want!r}")


def _run_one(name, fn):
    t0 = time.monotonic()
    try:
        fn()
        return name, None, time.monotonic() - t0
    except Fail as e:
        return name, str(e), time.monotonic() - t0
    except Exception:
        return name, traceback.format_exc(), time.monotonic() - t0


def main(suite):
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="also run the slow cases")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("TEST_JOBS", os.cpu_count() or 1)))
    ap.add_argument("-k", default="", help="only cases whose name contains this")
    a = ap.parse_args()
    todo = [(n, f) for n, f, full in _CASES if (a.full or not full) and a.k in n]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for name, err, dt in ex.map(lambda c: _run_one(*c), todo):
            if err is None:
                passed += 1
                print(f"ok   {suite}/{name} ({dt:.1f}s)", flush=True)
            else:
                failed += 1
                print(f"FAIL {suite}/{name} ({dt:.1f}s): {err}", flush=True)
    print(f"{suite}: {passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed or not todo else 0)
