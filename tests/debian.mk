# tests/debian.mk: longboot-update, its hooks and make deb.
# make test-debian   longboot-update on a fake Debian root: command, errors, MBR and GPT installs
#                    booted in QEMU, a kernel upgrade through the postinst hook, the package
DEBIAN_PYTEST ?= /usr/bin/python3 -m pytest -p no:cacheprovider -q

.PHONY: test-debian
test-debian: $(B)/mkdisk $(B)/testkernel.elf $(ABI_PY) $(DEB)
	PYTHONPATH=tests:tests/lib DEB=$(DEB) $(DEBIAN_PYTEST) -m "not slow" tests/debian

TEST_TARGETS += test-debian

# make test-debian-full   also a Debian 12 root (debootstrap, cached in ~/.cache/longboot) booted
#                         to login: on IDE (GPT) and virtio-blk (MBR 0xDA)
.PHONY: test-debian-full
test-debian-full: $(B)/mkdisk $(B)/testkernel.elf $(ABI_PY) $(DEB)
	PYTHONPATH=tests:tests/lib DEB=$(DEB) $(DEBIAN_PYTEST) tests/debian
test-full: test-debian-full
