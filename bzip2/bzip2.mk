# bzip2.mk: rules for bzip2/ — the freestanding bzip2 decoder (for lm64 to link later through
# BZIP2_SRCS and CFLAGS64), build/unbzip2, its tests, fuzzing and benchmark.

BZIP2_SRCS := bzip2/stream.c bzip2/block.c bzip2/huffman.c bzip2/bwt.c bzip2/crc.c
export BZIP2_SRCS
BZIP2_HOST_CFLAGS := -O2 -g -Wall -Wextra -Ibzip2
BZIP2_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# BZIP2_STACK_BYTES from the header, for the freestanding check.
BZIP2_STACK_BYTES := $(shell sed -n 's/^\#define BZIP2_STACK_BYTES \([0-9]*\).*/\1/p' bzip2/bzip2.h)

## build/unbzip2: bzip2 -d to stdout with our decoder, for tests and people
$(B)/unbzip2: bzip2/unbzip2.c $(BZIP2_SRCS) $$@.d | $(B)/
	$(call depend,$(BZIP2_HOST_CFLAGS),bzip2/unbzip2.c $(BZIP2_SRCS))
	$(CC) $(BZIP2_HOST_CFLAGS) -o $@ bzip2/unbzip2.c $(BZIP2_SRCS)

# Every source compiles freestanding with lm64's flags; gcc's -fstack-usage of all functions
# summed (no recursion, so an upper bound of any call chain) must stay within the header's bound.
BZIP2_FS_OBJS := $(patsubst bzip2/%.c,$(B)/bzip2-fs/%.o,$(BZIP2_SRCS))
$(B)/bzip2-fs/%.o: bzip2/%.c $(B)/bzip2-fs/%.d | $(B)/bzip2-fs/
	$(CC) $(CFLAGS64) -Ibzip2 -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/bzip2-fs/
C_OBJS += $(BZIP2_FS_OBJS)
BZIP2_TEST_SRCS := tests/bzip2/test_main.c tests/bzip2/test_diff.c tests/bzip2/test_edge.c \
                   tests/bzip2/tbz_enc.c tests/bzip2/tbz_util.c
DEPEND_PROGS += $(B)/unbzip2 $(B)/tests/bzip2/test_bzip2_san $(B)/tests/bzip2/fuzz_bzip2 \
                $(B)/bench/bzip2_bench
.PHONY: check-bzip2-freestanding
## check-bzip2-freestanding: bzip2/ compiled with lm64's flags: no libc symbols, stack within its bound
check-bzip2-freestanding: $(BZIP2_FS_OBJS)
	@bound=$(BZIP2_STACK_BYTES); \
	total=$$(cat $(BZIP2_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/bzip2-fs/all.o $(BZIP2_FS_OBJS); \
	undef=$$(nm -u $(B)/bzip2-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "bzip2 freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "bzip2 freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ $$total -le $$bound ] || { echo "bzip2: stack use $$total > BZIP2_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-bzip2 (< 90 s), make fuzz-bzip2 ----
BZIP2_FUZZ_SECONDS ?= 10
$(B)/tests/bzip2/test_bzip2_san: $(BZIP2_TEST_SRCS) $(BZIP2_SRCS) $$@.d | $(B)/tests/bzip2/
	$(call depend,-Ibzip2 -Itests/lib,$(BZIP2_TEST_SRCS) $(BZIP2_SRCS))
	$(CC) -O1 -g -Wall -Wextra -Ibzip2 -Itests/lib $(BZIP2_SAN) -o $@ $(BZIP2_TEST_SRCS) $(BZIP2_SRCS) -lbz2
$(B)/tests/bzip2/fuzz_bzip2: tests/bzip2/fuzz_bzip2.c tests/bzip2/tbz_enc.c tests/bzip2/tbz_util.c $(BZIP2_SRCS) $$@.d | $(B)/tests/bzip2/
	$(call depend,-Ibzip2,tests/bzip2/fuzz_bzip2.c tests/bzip2/tbz_enc.c tests/bzip2/tbz_util.c $(BZIP2_SRCS))
	@# The test encoder and the libbz2 glue without coverage: they are not under test, and
	@# tracing the encoder's sorting comparisons took most of each run.
	clang -O1 -g -Ibzip2 -fsanitize=address,undefined -fno-sanitize-recover=all -c \
		-o $@-enc.o tests/bzip2/tbz_enc.c
	clang -O1 -g -Ibzip2 -fsanitize=address,undefined -fno-sanitize-recover=all -c \
		-o $@-util.o tests/bzip2/tbz_util.c
	clang -O1 -g -Ibzip2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ tests/bzip2/fuzz_bzip2.c $@-enc.o $@-util.o $(BZIP2_SRCS) -lbz2

DECODER_SUITES += test-bzip2
.PHONY: test-bzip2 fuzz-bzip2 bench-bzip2
## test-bzip2: bzip2's host suite: differential vs libbz2, edge streams, ASan+UBSan, unbzip2, a bounded fuzz run
test-bzip2: check-bzip2-freestanding $(B)/unbzip2 $(B)/tests/bzip2/test_bzip2_san $(B)/tests/bzip2/fuzz_bzip2
	sh tests/bzip2/run.sh $(B) $(BZIP2_FUZZ_SECONDS)

## fuzz-bzip2: libFuzzer on bzip2 for FUZZ_LONG seconds (default 600), corpus kept in build/fuzz-bzip2/ (seeds: make test-bzip2 writes them)
fuzz-bzip2: $(B)/tests/bzip2/fuzz_bzip2
	mkdir -p $(B)/fuzz-bzip2/corpus $(B)/fuzz-bzip2/seeds
	cd $(B)/fuzz-bzip2 && ../tests/bzip2/fuzz_bzip2 -max_total_time=$(FUZZ_LONG) \
		-max_len=65536 -timeout=60 -print_final_stats=1 corpus seeds

# ---- benchmark: make bench-bzip2: ours vs libbz2, MB/s of output ----
$(B)/bench/bzip2_bench: bench/bzip2_bench.c $(BZIP2_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(BZIP2_HOST_CFLAGS),bench/bzip2_bench.c $(BZIP2_SRCS))
	$(CC) $(BZIP2_HOST_CFLAGS) -o $@ bench/bzip2_bench.c $(BZIP2_SRCS) -lbz2 -lm
## bench-bzip2: MB/s of our bzip2 decoder vs libbz2 on generated corpora (and build/bench/corpus/*.raw when present)
bench-bzip2: $(B)/bench/bzip2_bench
	$(B)/bench/bzip2_bench -n $(BENCH_ROUNDS) $(wildcard $(BENCH_DIR)/*.raw)
