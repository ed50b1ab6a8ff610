# tests/lm64.mk: host unit tests of lm64's pure parts (ELF checks, relocations, KASLR), built
# from the same sources as the loader; and QEMU boots that check lm64's own behaviour.
# test_elfdiff.c compares lm64's loader path with mkdisk's acceptance (disk/elf.c) on the same
# mutated ELF files and relocation tables.
TEST_LM64_SRCS := tests/lm64/test_lm64.c tests/lm64/test_elf.c tests/lm64/test_reloc.c \
                  tests/lm64/test_kaslr.c tests/lm64/test_elfdiff.c tests/lm64/test_place.c \
                  lm64/kernel_elf.c lm64/reloc.c lm64/kaslr.c lm64/place.c \
                  common/elfcheck.c common/reloccheck.c common/memmap.c common/fmt.c \
                  disk/elf.c disk/util.c disk/progress.c
TEST_LM64_FLAGS := $(HOST_CFLAGS) -Ilm64 -Idisk -fsanitize=address,undefined -fno-sanitize-recover=all

$(B)/test_lm64: $(TEST_LM64_SRCS) $$@.d | $(B)/
	$(call depend,$(TEST_LM64_FLAGS),$(TEST_LM64_SRCS))
	$(CC) $(TEST_LM64_FLAGS) -o $@ $(TEST_LM64_SRCS) -lz

DEPEND_PROGS += $(B)/test_lm64
.PHONY: test-lm64 test-lm64-boot
## test-lm64: host unit tests of lm64's ELF checks, relocations and KASLR slots
test-lm64: $(B)/test_lm64
	$(B)/test_lm64

## test-lm64-boot: QEMU boots (tests/lm64): handoff log, timing line, --no-timing, kernel exception report
test-lm64-boot: $$(PYTEST_DEPS)
	$(call pytest,tests/lm64,2)
