# tests/mkdisk.mk: host tests of build/mkdisk: image layout, --install, bad input, fuzz (+ ASan).
# make test-mkdisk        layouts, install, errors, fuzz with mkdisk and mkdisk-asan, --info
# make test-mkdisk-full   adds Debian's kernels (lz4 and xz bzImages; fetched with tests/linux/fetch-kernel.sh)
MKDISK_TEST_ENV = MKDISK=$(B)/mkdisk MKDISK_ASAN=$(B)/mkdisk-asan \
                  MKDISK_BOOTSECT=$(MKDISK_BOOTSECT) MKDISK_LOADER=$(MKDISK_LOADER)
MKDISK_SUITES := tests/mkdisk/test_layout.py tests/mkdisk/test_install.py tests/mkdisk/test_errors.py
# pytest suites: refusals on real file systems, GPT and logical-partition installs booted in QEMU
# (Debian's python3-pytest; `slow`: the Bochs boot, only in test-mkdisk-full)
MKDISK_PYTEST ?= /usr/bin/python3 -m pytest -p no:cacheprovider -q
MKDISK_PYSUITES := tests/mkdisk/test_info.py tests/mkdisk/test_talk.py tests/mkdisk/test_safety.py tests/mkdisk/test_gpt.py tests/mkdisk/test_tables_fuzz.py

.PHONY: test-mkdisk test-mkdisk-full
test-mkdisk: $(B)/mkdisk $(B)/mkdisk-asan $(B)/testkernel.elf $(ABI_PY)
	@set -e; for s in $(MKDISK_SUITES); do $(MKDISK_TEST_ENV) $(PYTHON) $$s; done
	$(MKDISK_TEST_ENV) PYTHONPATH=tests:tests/lib $(MKDISK_PYTEST) -m "not slow" $(MKDISK_PYSUITES)

test-mkdisk-full: $(B)/mkdisk $(B)/mkdisk-asan $(B)/testkernel.elf $(ABI_PY) $(B)/linux/vmlinuz-cloud-amd64 $(B)/linux/vmlinuz-amd64
	@set -e; for s in $(MKDISK_SUITES); do $(MKDISK_TEST_ENV) $(PYTHON) $$s --full; done
	$(MKDISK_TEST_ENV) PYTHONPATH=tests:tests/lib $(MKDISK_PYTEST) $(MKDISK_PYSUITES)

TEST_TARGETS += test-mkdisk

# make test-full runs the Debian-kernel cases of the mkdisk suites too.
test-full: test-mkdisk-full
