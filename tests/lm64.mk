# tests/lm64.mk: host unit tests of lm64's pure parts (ELF checks, relocations, KASLR), built
# from the same sources as the loader.
# test_elfdiff.c compares lm64's loader path with mkdisk's acceptance (disk/elf.c) on the same
# mutated ELF files and relocation tables.
TEST_LM64_SRCS := tests/lm64/test_lm64.c tests/lm64/test_elf.c tests/lm64/test_reloc.c \
                  tests/lm64/test_kaslr.c tests/lm64/test_elfdiff.c \
                  lm64/kernel_elf.c lm64/reloc.c lm64/kaslr.c \
                  common/elfcheck.c common/reloccheck.c common/memmap.c common/fmt.c \
                  disk/elf.c disk/util.c

$(B)/test_lm64: $(TEST_LM64_SRCS) tests/lm64/check.h tests/lib/check.h lm64/*.h disk/*.h common/*.h include/*.h | $(B)/
	$(CC) $(HOST_CFLAGS) -Ilm64 -Idisk -fsanitize=address,undefined -fno-sanitize-recover=all \
		-o $@ $(TEST_LM64_SRCS) -lz

.PHONY: test-lm64
test-lm64: $(B)/test_lm64
	$(B)/test_lm64
TEST_TARGETS += test-lm64

# QEMU boots that check lm64's own behaviour (handoff log, timing line, high identity map,
# exception report).
.PHONY: test-lm64-boot
test-lm64-boot: $(B)/mkdisk $(B)/testkernel.elf
	$(PYTHON) tests/lm64/test_lm64_boot.py
TEST_TARGETS += test-lm64-boot
