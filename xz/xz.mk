# xz.mk: rules for xz/ — the freestanding .xz/.lzma decoder (LZMA/LZMA2, BCJ, Delta, CRC-64,
# SHA-256; CRC-32 from inflate/), build/unxz, its tests (make test-xz), fuzzing, bench-xz.

# The decoder's own sources (freestanding), and what it links from inflate/ (crc32_update).
XZ_SRCS := xz/lzma_dec.c xz/lzma2.c xz/filters.c xz/block.c xz/stream.c xz/lzma_alone.c \
           xz/crc64.c xz/crc64_clmul.c xz/sha256.c xz/strerror.c
XZ_CRC_SRCS := inflate/crc32.c inflate/crc32_clmul.c inflate/crc32_vpclmul.c inflate/cpu.c
XZ_ALL_SRCS := $(XZ_SRCS) $(XZ_CRC_SRCS)
export XZ_SRCS

XZ_HOST_CFLAGS := -O2 -g -Wall -Wextra -Ixz -Iinflate
XZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
XZ_STACK_BYTES = $(shell sed -n 's/^\#define XZ_STACK_BYTES \([0-9]*\).*/\1/p' xz/xz.h)

## build/unxz: .xz / .lzma to stdout with our decoder, for tests and people
$(B)/unxz: xz/unxz.c $(XZ_ALL_SRCS) $$@.d | $(B)/
	$(call depend,$(XZ_HOST_CFLAGS),xz/unxz.c $(XZ_ALL_SRCS))
	$(CC) $(XZ_HOST_CFLAGS) -o $@ xz/unxz.c $(XZ_ALL_SRCS)

# Every source (and the CRC-32 it calls) compiles freestanding with lm64's flags; gcc's
# -fstack-usage of all functions summed (no recursion: an upper bound of any call chain) must
# stay within XZ_STACK_BYTES.
XZ_FS_OBJS := $(patsubst %.c,$(B)/xz-fs/%.o,$(XZ_ALL_SRCS))
$(B)/xz-fs/%.o: %.c $(B)/xz-fs/%.d
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS64) -Werror -fstack-usage -c $< -o $@
C_OBJS += $(XZ_FS_OBJS)
DEPEND_PROGS += $(B)/unxz $(B)/tests/xz/test_xz_san $(B)/tests/xz/fuzz_xz $(B)/bench/xz_bench
.PHONY: check-xz-freestanding
## check-xz-freestanding: xz/ compiled with lm64's flags: no libc symbols, stack within its bound
check-xz-freestanding: $(XZ_FS_OBJS)
	@bound=$(XZ_STACK_BYTES); \
	total=$$(cat $(XZ_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/xz-fs/all.o $(XZ_FS_OBJS); \
	undef=$$(nm -u $(B)/xz-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "xz freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "xz freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ $$total -le $$bound ] || { echo "xz: stack use $$total > XZ_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-xz (< 90 s), make fuzz-xz ----
TXZ_SRCS := tests/xz/txz_util.c tests/xz/test_diff.c tests/xz/test_edge.c tests/xz/test_main.c
TXZ_LIBS := -llzma
XZ_FUZZ_SECONDS ?= 10

$(B)/tests/xz/test_xz_san: $(TXZ_SRCS) $(XZ_ALL_SRCS) $$@.d | $(B)/tests/xz/
	$(call depend,-Ixz -Iinflate -Itests/lib,$(TXZ_SRCS) $(XZ_ALL_SRCS))
	$(CC) -O1 -g -Wall -Wextra -Ixz -Iinflate -Itests/lib $(XZ_SAN) -o $@ $(TXZ_SRCS) $(XZ_ALL_SRCS) $(TXZ_LIBS)
$(B)/tests/xz/fuzz_xz: tests/xz/fuzz_xz.c $(XZ_ALL_SRCS) $$@.d | $(B)/tests/xz/
	$(call depend,-Ixz -Iinflate,tests/xz/fuzz_xz.c $(XZ_ALL_SRCS))
	clang -O1 -g -Ixz -Iinflate -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ tests/xz/fuzz_xz.c $(XZ_ALL_SRCS) $(TXZ_LIBS)

DECODER_SUITES += test-xz
.PHONY: test-xz fuzz-xz
## test-xz: xz's host suite: differential vs liblzma, edge streams, ASan+UBSan, unxz vs xz(1), a bounded fuzz run
test-xz: check-xz-freestanding $(B)/unxz $(B)/tests/xz/test_xz_san $(B)/tests/xz/fuzz_xz
	sh tests/xz/run.sh $(B) $(XZ_FUZZ_SECONDS)

XZ_FUZZ_LONG ?= 60
## fuzz-xz: libFuzzer on xz for XZ_FUZZ_LONG seconds (default 60), corpus kept in build/fuzz-xz/
fuzz-xz: $(B)/tests/xz/fuzz_xz
	mkdir -p $(B)/fuzz-xz/corpus
	cd $(B)/fuzz-xz && ../tests/xz/fuzz_xz -max_total_time=$(XZ_FUZZ_LONG) -max_len=16384 \
		-timeout=30 -rss_limit_mb=1024 -print_final_stats=1 corpus

# ---- benchmark: make bench-xz: ours vs liblzma, MB/s of decoded output ----
XZ_BENCH_ROUNDS ?= 7
# the first XZ_BENCH_MIB of each corpus (xz -9e packs about 1 MB/s here)
XZ_BENCH_MIB ?= 8
$(B)/bench/xz_bench: bench/xz_bench.c $(XZ_ALL_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(XZ_HOST_CFLAGS),bench/xz_bench.c $(XZ_ALL_SRCS))
	$(CC) $(XZ_HOST_CFLAGS) -o $@ bench/xz_bench.c $(XZ_ALL_SRCS) -llzma -lm
.PHONY: bench-xz
## bench-xz: MB/s of our xz/lzma decoder vs liblzma on generated corpora (and build/bench/corpus/*.raw)
bench-xz: $(B)/bench/xz_bench
	mkdir -p $(B)/bench/xz-packed
	$(B)/bench/xz_bench -n $(XZ_BENCH_ROUNDS) -m $(XZ_BENCH_MIB) -c $(B)/bench/xz-packed $(wildcard $(BENCH_DIR)/*.raw)
