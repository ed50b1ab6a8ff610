# zstd.mk: rules for zstd/ — the freestanding Zstandard (RFC 8878) decoder beside inflate/:
# build/unzstd, the freestanding check, its host suite (make test-zstd), fuzzing, bench-zstd.

# The decoder's sources (freestanding; lm64 would compile them with CFLAGS64).
ZSTD_SRCS := zstd/frame.c zstd/literals.c zstd/huffman.c zstd/fse.c zstd/seq_tables.c \
             zstd/sequences.c zstd/xxhash64.c zstd/strerror.c
export ZSTD_SRCS
ZSTD_HOST_CFLAGS := -O2 -g -Wall -Wextra -Izstd
ZSTD_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

## build/unzstd: zstd frames to stdout with our decoder (exit 1 and one line on bad input)
$(B)/unzstd: zstd/unzstd.c $(ZSTD_SRCS) $$@.d | $(B)/
	$(call depend,$(ZSTD_HOST_CFLAGS),zstd/unzstd.c $(ZSTD_SRCS))
	$(CC) $(ZSTD_HOST_CFLAGS) -o $@ zstd/unzstd.c $(ZSTD_SRCS)
ALL_TARGETS += $(B)/unzstd

# Every source compiles freestanding with lm64's flags; the stack frames of all functions summed
# (no recursion, so an upper bound of any call chain) must stay within zstd_STACK_BYTES.
ZSTD_FS_OBJS := $(patsubst zstd/%.c,$(B)/zstd-fs/%.o,$(ZSTD_SRCS))
$(B)/zstd-fs/%.o: zstd/%.c $(B)/zstd-fs/%.d | $(B)/zstd-fs/
	$(CC) $(CFLAGS64) -Izstd -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/zstd-fs/
C_OBJS += $(ZSTD_FS_OBJS)
DEPEND_PROGS += $(B)/unzstd $(B)/tests/zstd/test_zstd_san $(B)/tests/zstd/fuzz_zstd \
                $(B)/bench/zstd_bench
ZSTD_STACK_BYTES = $(shell sed -n 's/^\#define zstd_STACK_BYTES *\([0-9]*\).*/\1/p' zstd/zstddec.h)
.PHONY: check-zstd-freestanding
## check-zstd-freestanding: zstd/ compiled with lm64's flags: no libc symbols, stack within its bound
check-zstd-freestanding: $(ZSTD_FS_OBJS)
	@bound=$(ZSTD_STACK_BYTES); \
	total=$$(cat $(ZSTD_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/zstd-fs/all.o $(ZSTD_FS_OBJS); \
	undef=$$(nm -u $(B)/zstd-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "zstd freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "zstd freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ -n "$$bound" ] && [ $$total -le $$bound ] || { echo "zstd: stack use $$total > zstd_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-zstd (< 90 s on 2 cores) ----
TZSTD_SRCS := tests/zstd/test_main.c tests/zstd/test_diff.c tests/zstd/test_edge.c \
              tests/zstd/tzstd_util.c
ZSTD_FUZZ_SECONDS ?= 10
$(B)/tests/zstd/test_zstd_san: $(TZSTD_SRCS) $(ZSTD_SRCS) $$@.d | $(B)/tests/zstd/
	$(call depend,-Izstd,$(TZSTD_SRCS) $(ZSTD_SRCS))
	$(CC) -O1 -g -Wall -Wextra -Izstd $(ZSTD_SAN) -o $@ $(TZSTD_SRCS) $(ZSTD_SRCS) -lzstd
$(B)/tests/zstd/fuzz_zstd: tests/zstd/fuzz_zstd.c $(ZSTD_SRCS) $$@.d | $(B)/tests/zstd/
	$(call depend,-Izstd,tests/zstd/fuzz_zstd.c $(ZSTD_SRCS))
	clang -O1 -g -Izstd -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ tests/zstd/fuzz_zstd.c $(ZSTD_SRCS) -lzstd

.PHONY: test-zstd fuzz-zstd
DECODER_SUITES += test-zstd
## test-zstd: zstd's host suite: differential vs libzstd, edge streams, ASan+UBSan, unzstd, a bounded fuzz run
test-zstd: check-zstd-freestanding $(B)/unzstd $(B)/tests/zstd/test_zstd_san $(B)/tests/zstd/fuzz_zstd
	sh tests/zstd/run.sh $(B) $(ZSTD_FUZZ_SECONDS)

## fuzz-zstd: libFuzzer on zstd for ZSTD_FUZZ_LONG seconds (default 60), corpus kept in build/fuzz-zstd/
ZSTD_FUZZ_LONG ?= 60
fuzz-zstd: $(B)/tests/zstd/fuzz_zstd
	mkdir -p $(B)/fuzz-zstd/corpus
	cd $(B)/fuzz-zstd && ../tests/zstd/fuzz_zstd -max_total_time=$(ZSTD_FUZZ_LONG) \
		-max_len=65536 -timeout=60 -print_final_stats=1 corpus

# ---- benchmark: make bench-zstd: ours vs libzstd's ZSTD_decompressDCtx, MB/s of output ----
ZSTD_BENCH_ROUNDS ?= 9
$(B)/bench/zstd_bench: bench/zstd_bench.c $(ZSTD_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(ZSTD_HOST_CFLAGS),bench/zstd_bench.c $(ZSTD_SRCS))
	$(CC) $(ZSTD_HOST_CFLAGS) -o $@ bench/zstd_bench.c $(ZSTD_SRCS) -lzstd -lm
.PHONY: bench-zstd
## bench-zstd: MB/s of our zstd vs libzstd (generated corpora, plus build/bench/corpus/*.raw when built)
bench-zstd: $(B)/bench/zstd_bench
	$(B)/bench/zstd_bench -n $(ZSTD_BENCH_ROUNDS) $(wildcard $(BENCH_DIR)/*.raw)
