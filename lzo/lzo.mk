# lzo.mk: rules for lzo/ — the freestanding lzop/LZO1X decoder (for lm64 through LZO_SRCS and
# CFLAGS64; CRC-32 from inflate/), build/unlzo, its tests, fuzzing and benchmark.

# The sources lm64 would compile with CFLAGS64 (no libc; memcpy from common/). CRC-32 is
# inflate's crc32_update: inflate/crc32*.c and inflate/cpu.c (already in INFLATE_SRCS) link too.
LZO_SRCS := lzo/lzo1x.c lzo/lzop.c lzo/adler32.c lzo/lzo_error.c
LZO_CRC_SRCS := inflate/crc32.c inflate/crc32_clmul.c inflate/crc32_vpclmul.c inflate/cpu.c
export LZO_SRCS
LZO_HOST_CFLAGS := -O2 -g -Wall -Wextra -iquote lzo -Iinflate
LZO_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LZO_STACK_BYTES := $(shell sed -n 's/^\#define LZO_STACK_BYTES \([0-9]*\).*/\1/p' lzo/lzo.h)

## build/unlzo: lzop -d to stdout with our decoder, for tests and people
$(B)/unlzo: lzo/unlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS) $$@.d | $(B)/
	$(call depend,$(LZO_HOST_CFLAGS),lzo/unlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS))
	$(CC) $(LZO_HOST_CFLAGS) -o $@ lzo/unlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS)

# Every source compiles freestanding with lm64's flags; gcc's -fstack-usage of all functions
# summed (lzo/ and the CRC-32 it calls; no recursion) must stay within LZO_STACK_BYTES.
LZO_FS_OBJS := $(patsubst lzo/%.c,$(B)/lzo-fs/%.o,$(LZO_SRCS))
$(B)/lzo-fs/%.o: lzo/%.c $(B)/lzo-fs/%.d | $(B)/lzo-fs/
	$(CC) $(CFLAGS64) -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/lzo-fs/
C_OBJS += $(LZO_FS_OBJS)
DEPEND_PROGS += $(B)/unlzo $(B)/tests/lzo/test_lzo_san $(B)/tests/lzo/fuzz_lzo $(B)/bench/lzo_bench
.PHONY: check-lzo-freestanding
## check-lzo-freestanding: lzo/ compiled with lm64's flags: no libc symbols, stack within its bound
check-lzo-freestanding: $(LZO_FS_OBJS) $$(INFLATE_FS_OBJS)
	@bound=$(LZO_STACK_BYTES); crc="$(patsubst inflate/%.c,$(B)/inflate-fs/%.o,$(LZO_CRC_SRCS))"; \
	total=$$(cat $(LZO_FS_OBJS:.o=.su) $$(echo $$crc | sed 's/\.o/.su/g') | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/lzo-fs/all.o $(LZO_FS_OBJS) $$crc; \
	undef=$$(nm -u $(B)/lzo-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "lzo freestanding: stack frames sum $$total bytes with inflate's CRC-32 (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "lzo freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ -n "$$bound" ] && [ $$total -le $$bound ] || { echo "lzo: stack use $$total > LZO_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-lzo (under a minute on 2 cores) ----
TLZO_SRCS := tests/lzo/tlzo.c tests/lzo/test_lzo.c
LZO_FUZZ_SECONDS ?= 10
$(B)/tests/lzo/test_lzo_san: $(TLZO_SRCS) $(LZO_SRCS) $(LZO_CRC_SRCS) $$@.d | $(B)/tests/lzo/
	$(call depend,-iquote lzo -iquote tests/lib -Iinflate,$(TLZO_SRCS) $(LZO_SRCS) $(LZO_CRC_SRCS))
	$(CC) -O1 -g -Wall -Wextra -iquote lzo -iquote tests/lib -Iinflate $(LZO_SAN) -o $@ \
		$(TLZO_SRCS) $(LZO_SRCS) $(LZO_CRC_SRCS) -llzo2
$(B)/tests/lzo/fuzz_lzo: tests/lzo/fuzz_lzo.c tests/lzo/tlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS) $$@.d | $(B)/tests/lzo/
	$(call depend,-iquote lzo -iquote tests/lib -Iinflate,tests/lzo/fuzz_lzo.c tests/lzo/tlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS))
	clang -O1 -g -iquote lzo -iquote tests/lib -Iinflate -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ tests/lzo/fuzz_lzo.c tests/lzo/tlzo.c $(LZO_SRCS) $(LZO_CRC_SRCS) -llzo2

DECODER_SUITES += test-lzo
.PHONY: test-lzo fuzz-lzo bench-lzo
## test-lzo: lzo's host suite: edge streams and differential tests vs liblzo2 (ASan+UBSan), unlzo vs lzop -d, a bounded fuzz run
test-lzo: check-lzo-freestanding $(B)/unlzo $(B)/tests/lzo/test_lzo_san $(B)/tests/lzo/fuzz_lzo
	sh tests/lzo/run.sh $(B) $(LZO_FUZZ_SECONDS)

## fuzz-lzo: libFuzzer on lzo for FUZZ_LONG seconds (default 600), corpus kept in build/fuzz-lzo/
fuzz-lzo: $(B)/tests/lzo/fuzz_lzo
	mkdir -p $(B)/fuzz-lzo/corpus
	sh tests/lzo/make_seeds.sh $(B)/fuzz-lzo/seeds
	cd $(B)/fuzz-lzo && ../tests/lzo/fuzz_lzo -max_total_time=$(FUZZ_LONG) -max_len=65536 \
		-timeout=60 -print_final_stats=1 corpus seeds

# ---- benchmark: make bench-lzo: ours vs liblzo2 (lzo1x_decompress_safe; whole lzop files) ----
$(B)/bench/lzo_bench: bench/lzo_bench.c $(LZO_SRCS) $(LZO_CRC_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(LZO_HOST_CFLAGS),bench/lzo_bench.c $(LZO_SRCS) $(LZO_CRC_SRCS))
	$(CC) $(LZO_HOST_CFLAGS) -o $@ bench/lzo_bench.c $(LZO_SRCS) $(LZO_CRC_SRCS) -llzo2 -lm
## bench-lzo: MB/s of our lzo vs liblzo2 on generated corpora (and the bench corpora when built)
bench-lzo: $(B)/bench/lzo_bench
	$(B)/bench/lzo_bench -n $(BENCH_ROUNDS) $(wildcard $(BENCH_DIR)/*.raw)
