"""paths.py: where the build put what the tests use. BUILD (environment) names the build
directory, relative to the repository root unless absolute; default build."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
MKDISK = os.environ.get("MKDISK", os.path.join(BUILD, "mkdisk"))
MKDISK_ASAN = os.environ.get("MKDISK_ASAN", os.path.join(BUILD, "mkdisk-asan"))
ZCAT = os.path.join(BUILD, "zcat")
KERNEL = os.path.join(BUILD, "testkernel.elf")
DISK = os.path.join(BUILD, "disk.img")
LINUX = os.path.join(BUILD, "linux")
