# tests/setup16.mk: host unit tests of setup16's memory detection and placement (the loader's own
# memory.c and place.c, built for the host against a scripted BIOS).
TEST_SETUP16_SRC := tests/setup16/test_setup16.c setup16/memory.c setup16/place.c common/memmap.c common/fmt.c

$(B)/test_setup16: $(TEST_SETUP16_SRC) tests/lib/check.h setup16/*.h common/*.h include/*.h | $(B)/
	$(CC) $(HOST_CFLAGS) -DSETUP16_HOST_TEST -Isetup16 -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -o $@ $(TEST_SETUP16_SRC)

.PHONY: test-setup16
test-setup16: $(B)/test_setup16
	$(B)/test_setup16
TEST_TARGETS += test-setup16
