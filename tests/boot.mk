# tests/boot.mk: QEMU boot tests of the whole chain with the test kernel.
.PHONY: test-boot
test-boot: $(B)/disk.img $(B)/mkdisk $(B)/testkernel.elf
	$(PYTHON) tests/boot/test_boot.py
TEST_TARGETS += test-boot
