# tests/common.mk: host unit tests of the shared freestanding code (common/), same sources as the stages.
TEST_COMMON_SRCS := tests/common/test_common.c common/memmap.c common/fmt.c
TEST_COMMON_FLAGS := $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all

$(B)/test_common: $(TEST_COMMON_SRCS) $$@.d | $(B)/
	$(call depend,$(TEST_COMMON_FLAGS),$(TEST_COMMON_SRCS))
	$(CC) $(TEST_COMMON_FLAGS) -o $@ $(TEST_COMMON_SRCS)

DEPEND_PROGS += $(B)/test_common
.PHONY: test-common
## test-common: host unit tests of common/ (E820 map arithmetic, formatting) under ASan + UBSan
test-common: $(B)/test_common
	$(B)/test_common
