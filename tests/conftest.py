"""conftest.py: fixtures shared by the suites: the build's artefacts (BUILD, default build/) and
booting QEMU. A missing artefact fails the case with the make target that builds it."""
import os
import tempfile

import pytest

from lib import guest, paths


def _built(path, target):
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run make {target}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def build_dir():
    return paths.BUILD


@pytest.fixture(scope="session")
def mkdisk_bin():
    return _built(paths.MKDISK, os.path.relpath(paths.MKDISK, paths.ROOT))


@pytest.fixture(scope="session")
def zcat_bin():
    return _built(paths.ZCAT, os.path.relpath(paths.ZCAT, paths.ROOT))


@pytest.fixture(scope="session")
def testkernel():
    return _built(paths.KERNEL, os.path.relpath(paths.KERNEL, paths.ROOT))


@pytest.fixture(scope="session")
def disk_img():
    return _built(paths.DISK, os.path.relpath(paths.DISK, paths.ROOT))


@pytest.fixture
def tmpdir_lb():
    """A scratch directory removed after the case (outside pytest's basetemp, so that parallel
    workers and big sparse images never pile up)."""
    with tempfile.TemporaryDirectory(prefix="longboot-test-") as td:
        yield td


@pytest.fixture
def qemu():
    """guest.qemu: boot an image in QEMU (TCG, SeaBIOS) and return a guest.Boot."""
    return guest.qemu
