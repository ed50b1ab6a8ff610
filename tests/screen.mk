# tests/screen.mk: what the loader leaves on the VGA text screen (QEMU, VGA memory read
# through the monitor): word wrap, the error colour, the serial-console note.
# SCREEN_PICTURES=dir also keeps PNG screenshots of the screens the tests read.
PYTEST ?= PYTHONPATH=tests:tests/lib $(PYTHON) -m pytest -p no:cacheprovider -q

.PHONY: test-screen test-screen-full
test-screen: $(B)/disk.img $(B)/mkdisk $(B)/testkernel.elf
	$(PYTEST) -m "not slow" tests/boot/test_screen.py
test-screen-full: $(B)/disk.img $(B)/mkdisk $(B)/testkernel.elf
	$(PYTEST) tests/boot/test_screen.py
TEST_TARGETS += test-screen
test-full: test-screen-full
