# tests/boot.mk: QEMU boot tests of the whole chain with the test kernel.
.PHONY: test-boot
## test-boot: QEMU boots (tests/boot): pc/q35 x 128M/4G, E820 as SeaBIOS's, command line, video, initrd
test-boot: $$(PYTEST_DEPS)
	$(call pytest,tests/boot,2)
