# tests/mkdisk.mk: host tests of build/mkdisk (tests/mkdisk): image layout, --install, bad input,
# fuzz (+ ASan); the slow cases use Debian's kernels (lz4 and xz bzImages, make linux-kernels).
.PHONY: test-mkdisk test-mkdisk-full
## test-mkdisk: mkdisk's layouts, --install, every refusal with its message, fuzz with and without ASan
test-mkdisk: $$(PYTEST_DEPS)
	$(call pytest,tests/mkdisk,2)

## test-mkdisk-full: make test-mkdisk plus Debian's kernels
test-mkdisk-full: TEST_MARK :=
test-mkdisk-full: $$(PYTEST_DEPS) linux-kernels
	$(call pytest,tests/mkdisk,2)
