# tests/menu.mk: host unit tests of the boot menu's pure parts: the configuration table
# (common/cfgtable.c, disk/cfgbuild.c), keys, line editor and menu (menu/), mkdisk's entry
# parsing (disk/config.c); the same sources lm64 links, ASan + UBSan.
MENU_PURE := $(MENU_SRCS) common/cfgtable.c inflate/crc32.c inflate/crc32_clmul.c inflate/crc32_vpclmul.c inflate/cpu.c
TEST_MENU_SRC := tests/menu/test_main.c tests/menu/screen.c tests/menu/test_crc32.c tests/menu/test_cfgtable.c \
                 tests/menu/test_keys.c tests/menu/test_editline.c tests/menu/test_menu.c tests/menu/test_bootmenu.c \
                 tests/menu/test_config.c $(MENU_PURE) common/fmt.c disk/cfgbuild.c disk/config.c

$(B)/test_menu: $(TEST_MENU_SRC) tests/menu/*.h tests/lib/check.h menu/*.h common/*.h include/*.h disk/config.h | $(B)/
	$(CC) $(HOST_CFLAGS) -Imenu -Itests/lib -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -o $@ $(TEST_MENU_SRC)

# lm64/menuio.c: the menu's devices (VGA, COM1, INT 16h through the gate): booted, not host-tested.
.PHONY: test-menu
test-menu: $(B)/test_menu
	$(B)/test_menu $(B) disk/README.md

# The menu booted in QEMU: keys on the PC keyboard and on COM1, VGA text, fallback, mkdisk's
# entry options (tests/menu/test_menu_boot.py; `slow`: the fallback cases, with the default entry
# in Bochs under both BIOSes and Debian's kernel chosen in the menu, run by make test-slow).
.PHONY: test-menu-boot test-menu-boot-full
## test-menu-boot: the boot menu in QEMU: keys on the PC keyboard and COM1, the editor, VGA text, mkdisk's entries
test-menu-boot: $$(PYTEST_DEPS)
	$(call pytest,tests/menu,2)
## test-menu-boot-full: make test-menu-boot plus fallback, the menu in Bochs and Debian's kernel chosen in the menu
test-menu-boot-full: TEST_MARK :=
test-menu-boot-full: $$(PYTEST_DEPS) linux-kernels
	$(call pytest,tests/menu tests/bochs/test_bochs_menu.py tests/linux/test_linux_menu.py,2)
