# tests/common.mk: host unit tests of the shared freestanding code (common/), same sources as the stages.
$(B)/test_common: tests/common/test_common.c tests/lib/check.h common/memmap.c common/fmt.c common/*.h include/*.h | $(B)/
	$(CC) $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ tests/common/test_common.c common/memmap.c common/fmt.c

.PHONY: test-common
test-common: $(B)/test_common
	$(B)/test_common
TEST_TARGETS += test-common
