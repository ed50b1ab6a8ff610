# tests/debian.mk: longboot-update, its hooks and make deb (tests/debian). The slow case
# (make test-slow, make test-full) boots a debootstrapped Debian 12 to login: (test_system.py).
.PHONY: test-debian test-debian-full
## test-debian: longboot-update on a fake Debian root: MBR and GPT installs booted in QEMU, a kernel upgrade through the hook, the package
test-debian: $$(PYTEST_DEPS) $$(DEB)
	DEB=$(DEB) $(call pytest,tests/debian,2)

## test-debian-full: make test-debian plus a Debian 12 root (debootstrap, cached in ~/.cache/longboot) booted to login:
test-debian-full: TEST_MARK :=
test-debian-full: $$(PYTEST_DEPS) $$(DEB)
	DEB=$(DEB) $(call pytest,tests/debian)
