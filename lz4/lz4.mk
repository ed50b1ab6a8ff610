# lz4.mk: rules for lz4/ — the freestanding LZ4 decoder (standard, legacy and skippable frames;
# for lm64 through LZ4_SRCS and CFLAGS64), build/unlz4, its tests, fuzzing and benchmark.

# The sources lm64 would compile with CFLAGS64 (no libc; memcpy from common/).
LZ4_SRCS := lz4/lz4_block.c lz4/lz4_frame.c lz4/lz4_error.c lz4/xxh32.c
export LZ4_SRCS
# lz4/lz4.h is included as "lz4.h" (-iquote): <lz4.h> stays liblz4's for the tests and bench.
LZ4_HOST_CFLAGS := -O2 -g -Wall -Wextra -iquote lz4
LZ4_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LZ4_STACK_BYTES := $(shell sed -n 's/^\#define LZ4_STACK_BYTES \([0-9]*\).*/\1/p' lz4/lz4.h)

## build/unlz4: lz4 -d to stdout with our decoder (standard, legacy, skippable frames), for tests and people
$(B)/unlz4: lz4/unlz4.c $(LZ4_SRCS) $$@.d | $(B)/
	$(call depend,$(LZ4_HOST_CFLAGS),lz4/unlz4.c $(LZ4_SRCS))
	$(CC) $(LZ4_HOST_CFLAGS) -o $@ lz4/unlz4.c $(LZ4_SRCS)

# Every source compiles freestanding with lm64's flags; gcc's -fstack-usage of all functions
# summed (no recursion, so an upper bound of any call chain) must stay within LZ4_STACK_BYTES.
LZ4_FS_OBJS := $(patsubst lz4/%.c,$(B)/lz4-fs/%.o,$(LZ4_SRCS))
$(B)/lz4-fs/%.o: lz4/%.c $(B)/lz4-fs/%.d | $(B)/lz4-fs/
	$(CC) $(CFLAGS64) -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/lz4-fs/
C_OBJS += $(LZ4_FS_OBJS)
DEPEND_PROGS += $(B)/unlz4 $(B)/tests/lz4/test_lz4_san $(B)/tests/lz4/fuzz_lz4 $(B)/bench/lz4_bench
.PHONY: check-lz4-freestanding
## check-lz4-freestanding: lz4/ compiled with lm64's flags: no libc symbols, stack within its bound
check-lz4-freestanding: $(LZ4_FS_OBJS)
	@bound=$(LZ4_STACK_BYTES); \
	total=$$(cat $(LZ4_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/lz4-fs/all.o $(LZ4_FS_OBJS); \
	undef=$$(nm -u $(B)/lz4-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "lz4 freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "lz4 freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ -n "$$bound" ] && [ $$total -le $$bound ] || { echo "lz4: stack use $$total > LZ4_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-lz4 (about a minute on 2 cores) ----
TLZ4_SRCS := tests/lz4/tlz4.c tests/lz4/test_edge.c tests/lz4/test_diff.c tests/lz4/test_main.c
TLZ4_LIBS := -llz4 -lxxhash
LZ4_FUZZ_SECONDS ?= 10
$(B)/tests/lz4/test_lz4_san: $(TLZ4_SRCS) $(LZ4_SRCS) $$@.d | $(B)/tests/lz4/
	$(call depend,-iquote lz4 -iquote tests/lib,$(TLZ4_SRCS) $(LZ4_SRCS))
	$(CC) -O1 -g -Wall -Wextra -iquote lz4 -iquote tests/lib $(LZ4_SAN) -o $@ $(TLZ4_SRCS) $(LZ4_SRCS) $(TLZ4_LIBS)
$(B)/tests/lz4/fuzz_lz4: tests/lz4/fuzz_lz4.c tests/lz4/tlz4.c $(LZ4_SRCS) $$@.d | $(B)/tests/lz4/
	$(call depend,-iquote lz4 -iquote tests/lib,tests/lz4/fuzz_lz4.c tests/lz4/tlz4.c $(LZ4_SRCS))
	clang -O1 -g -iquote lz4 -iquote tests/lib -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ tests/lz4/fuzz_lz4.c tests/lz4/tlz4.c $(LZ4_SRCS) -llz4

DECODER_SUITES += test-lz4
.PHONY: test-lz4 fuzz-lz4 bench-lz4
## test-lz4: lz4's host suite: edge streams and differential tests vs liblz4 (ASan+UBSan), unlz4 vs lz4 -d, a bounded fuzz run
test-lz4: check-lz4-freestanding $(B)/unlz4 $(B)/tests/lz4/test_lz4_san $(B)/tests/lz4/fuzz_lz4
	sh tests/lz4/run.sh $(B) $(LZ4_FUZZ_SECONDS)

## fuzz-lz4: libFuzzer on lz4 for FUZZ_LONG seconds (default 600), corpus kept in build/fuzz-lz4/
fuzz-lz4: $(B)/tests/lz4/fuzz_lz4
	mkdir -p $(B)/fuzz-lz4/corpus
	sh tests/lz4/make_seeds.sh $(B)/fuzz-lz4/seeds
	cd $(B)/fuzz-lz4 && ../tests/lz4/fuzz_lz4 -max_total_time=$(FUZZ_LONG) -max_len=65536 \
		-timeout=60 -print_final_stats=1 corpus seeds

# ---- benchmark: make bench-lz4: ours vs liblz4 (blocks: LZ4_decompress_safe; frames: LZ4F) ----
$(B)/bench/lz4_bench: bench/lz4_bench.c $(LZ4_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(LZ4_HOST_CFLAGS),bench/lz4_bench.c $(LZ4_SRCS))
	$(CC) $(LZ4_HOST_CFLAGS) -o $@ bench/lz4_bench.c $(LZ4_SRCS) -llz4 -lm
## bench-lz4: MB/s of our lz4 vs liblz4 on generated corpora (and the bench corpora when built)
bench-lz4: $(B)/bench/lz4_bench
	$(B)/bench/lz4_bench -n $(BENCH_ROUNDS) $(wildcard $(BENCH_DIR)/*.raw)
