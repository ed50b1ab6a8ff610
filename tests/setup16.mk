# tests/setup16.mk: host unit tests of setup16's memory detection and placement (the loader's own
# memory.c and place.c, built for the host against a scripted BIOS).
TEST_SETUP16_SRC := tests/setup16/test_setup16.c setup16/memory.c common/fmt.c
TEST_SETUP16_FLAGS := $(HOST_CFLAGS) -DSETUP16_HOST_TEST -Isetup16 -fsanitize=address,undefined \
                      -fno-sanitize-recover=all

$(B)/test_setup16: $(TEST_SETUP16_SRC) $$@.d | $(B)/
	$(call depend,$(TEST_SETUP16_FLAGS),$(TEST_SETUP16_SRC))
	$(CC) $(TEST_SETUP16_FLAGS) -o $@ $(TEST_SETUP16_SRC)

DEPEND_PROGS += $(B)/test_setup16
.PHONY: test-setup16
## test-setup16: host unit tests of setup16's memory detection and placement, against a scripted BIOS
test-setup16: $(B)/test_setup16
	$(B)/test_setup16
