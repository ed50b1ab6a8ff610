"""test_tools.py: bad input to build/zcat (our inflate on the host): every hostile gzip member
of lib/badgzip.py must end with exit status 1 (not a signal), exactly one line on stderr, and no
unverified bytes on stdout. (mkdisk's bad input: tests/mkdisk/test_errors.py.)"""
import os

import pytest

from helpers import ZCAT, eq, expect_refusal, run_tool, tmpdir
from lib.badgzip import hostile_gzip


@pytest.mark.parametrize("name", list(hostile_gzip()))
def test_zcat(name):
    with tmpdir() as td:
        path = os.path.join(td, name + ".gz")
        with open(path, "wb") as f:
            f.write(hostile_gzip()[name])
        p = run_tool([ZCAT, path])
    expect_refusal(p, f"zcat {name}")
    eq(len(p.stdout), 0, f"zcat {name}: bytes written to stdout before the error")


def test_zcat_missing_file():
    expect_refusal(run_tool([ZCAT, "/nonexistent/longboot.gz"]), "zcat on a missing file")
