"""conftest.py: fixtures shared by the suites: the build's artefacts (BUILD, default build/; the
same paths as lib/paths.py). A missing artefact fails the case with the make target that builds
it. Booting: lib/guest.py (QEMU), tests/bochs/bochsrun.py (Bochs)."""
import os

import pytest

from lib import paths


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
def testkernel():
    return _built(paths.KERNEL, os.path.relpath(paths.KERNEL, paths.ROOT))


@pytest.fixture(scope="session")
def disk_img():
    return _built(paths.DISK, os.path.relpath(paths.DISK, paths.ROOT))
