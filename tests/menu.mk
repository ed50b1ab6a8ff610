# tests/menu.mk: host unit tests of the boot menu's pure parts (issue 11): the
# configuration table (common/cfgtable.c, disk/cfgbuild.c), keys, line editor and menu
# (setup16/), mkdisk's entry parsing (disk/config.c); the same sources, ASan + UBSan.
# check-menu-m16 compiles the setup16 side with setup16's own flags and -Werror (setup.bin links
# the same sources through setup16.mk).
MENU_PURE16 := setup16/keys.c setup16/editline.c setup16/menu.c setup16/bootmenu.c common/cfgtable.c common/crc32.c
TEST_MENU_SRC := tests/menu/test_main.c tests/menu/screen.c tests/menu/test_crc32.c tests/menu/test_cfgtable.c \
                 tests/menu/test_keys.c tests/menu/test_editline.c tests/menu/test_menu.c tests/menu/test_bootmenu.c \
                 tests/menu/test_config.c $(MENU_PURE16) common/fmt.c disk/cfgbuild.c disk/config.c

$(B)/test_menu: $(TEST_MENU_SRC) tests/menu/*.h tests/lib/check.h setup16/*.h common/*.h include/*.h disk/config.h | $(B)/
	$(CC) $(HOST_CFLAGS) -Isetup16 -Itests/lib -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -o $@ $(TEST_MENU_SRC)

# menuio.c: the real-mode devices of the menu (BIOS calls): compiled and linked, not host-tested.
MENU_M16_OBJS := $(patsubst %.c,$(B)/menu16/%.o,$(notdir $(MENU_PURE16) setup16/menuio.c))
$(B)/menu16/%.o: setup16/%.c setup16/*.h include/*.h common/*.h | $(B)/menu16/
	$(CC) $(SETUP16_CFLAGS) -Werror -c -o $@ $<
$(B)/menu16/%.o: common/%.c common/*.h include/*.h | $(B)/menu16/
	$(CC) $(SETUP16_CFLAGS) -Werror -c -o $@ $<

.PRECIOUS: $(B)/menu16/
.PHONY: check-menu-m16 test-menu
check-menu-m16: $(MENU_M16_OBJS) $(B)/setup.elf
	@size $(MENU_M16_OBJS) | awk 'NR == 1 { next } { t += $$1; b += $$3; printf "menu -m16 -Os: %-28s text %5d bss %d\n", $$6, $$1, $$3 } \
	    END { printf "menu -m16 -Os: total text %d bytes, bss %d\n", t, b }'
	@printf 'setup16 + pm32 (menu linked in) end at 0x%s of 0x%x\n' \
	    $$(nm $(B)/setup.elf | sed -n 's/^\([0-9a-f]*\) . end$$/\1/p') $(LB_LOADER16_END)

## test-menu: host tests of the menu, keys, line editor, configuration table and entry parsing (ASan + UBSan)
test-menu: check-menu-m16 $(B)/test_menu
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
