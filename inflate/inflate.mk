# inflate.mk: rules for inflate/ — the freestanding gzip/deflate decoder (linked into lm64 by
# lm64.mk through INFLATE_SRCS and CFLAGS64), build/zcat, its tests, fuzzing, coverage, bench.

# The sources lm64 compiles with CFLAGS64 (no libc; memcpy from common/string.c).
INFLATE_SRCS := inflate/inflate.c inflate/inflate_codes.c inflate/huffman.c inflate/gzip.c \
                inflate/crc32.c inflate/crc32_clmul.c inflate/crc32_vpclmul.c \
                inflate/cpu.c
export INFLATE_SRCS

# Host builds of the very same sources (no -Icommon: host code uses the C library's headers).
INFLATE_HOST_CFLAGS := -O2 -g -Wall -Wextra -Iinflate
INFLATE_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

## build/zcat: gunzip to stdout with our inflate (the decoder lm64 uses), for tests and people
$(B)/zcat: inflate/zcat.c $(INFLATE_SRCS) $$@.d | $(B)/
	$(call depend,$(INFLATE_HOST_CFLAGS),inflate/zcat.c $(INFLATE_SRCS))
	$(CC) $(INFLATE_HOST_CFLAGS) -o $@ inflate/zcat.c $(INFLATE_SRCS)

# Every source compiles freestanding with lm64's flags; gcc's -fstack-usage of all functions
# summed (no recursion, so an upper bound of any call chain) must stay within the header's bound.
INFLATE_FS_OBJS := $(patsubst inflate/%.c,$(B)/inflate-fs/%.o,$(INFLATE_SRCS))
$(B)/inflate-fs/%.o: inflate/%.c $(B)/inflate-fs/%.d | $(B)/inflate-fs/
	$(CC) $(CFLAGS64) -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/inflate-fs/
C_OBJS += $(INFLATE_FS_OBJS)
DEPEND_PROGS += $(B)/zcat $(B)/tests/inflate/test_inflate_san $(B)/tests/inflate/test_inflate \
                $(B)/tests/inflate/fuzz_inflate $(B)/bench/inflate_bench
.PHONY: check-inflate-freestanding
## check-inflate-freestanding: inflate/ compiled with lm64's flags: no libc symbols, stack within its bound
check-inflate-freestanding: $(INFLATE_FS_OBJS)
	@bound=$(INFLATE_STACK_BYTES); \
	total=$$(cat $(INFLATE_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/inflate-fs/all.o $(INFLATE_FS_OBJS); \
	undef=$$(nm -u $(B)/inflate-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "inflate freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "inflate freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ $$total -le $$bound ] || { echo "inflate: stack use $$total > INFLATE_STACK_BYTES $$bound"; exit 1; }

# ---- tests: make test-inflate (< 4 min on 2 cores), make fuzz, make coverage ----
TINF_SRCS := tests/inflate/tinf_util.c tests/inflate/test_reject.c tests/inflate/test_diff.c \
             tests/inflate/test_path.c tests/inflate/test_main.c
TINF_LIBS := -lz -ldeflate
FUZZ_SECONDS ?= 40

$(B)/tests/inflate/test_inflate_san: $(TINF_SRCS) $(INFLATE_SRCS) $$@.d | $(B)/tests/inflate/
	$(call depend,-Iinflate,$(TINF_SRCS) $(INFLATE_SRCS))
	$(CC) -O1 -g -Wall -Wextra -Iinflate $(INFLATE_SAN) -o $@ $(TINF_SRCS) $(INFLATE_SRCS) $(TINF_LIBS)
$(B)/tests/inflate/test_inflate: $(TINF_SRCS) $(INFLATE_SRCS) $$@.d | $(B)/tests/inflate/
	$(call depend,-Iinflate,$(TINF_SRCS) $(INFLATE_SRCS))
	$(CC) $(INFLATE_HOST_CFLAGS) -o $@ $(TINF_SRCS) $(INFLATE_SRCS) $(TINF_LIBS)
$(B)/tests/inflate/fuzz_inflate: tests/inflate/fuzz_inflate.c tests/inflate/tinf_util.c $(INFLATE_SRCS) $$@.d | $(B)/tests/inflate/
	$(call depend,-Iinflate,tests/inflate/fuzz_inflate.c tests/inflate/tinf_util.c $(INFLATE_SRCS))
	clang -O1 -g -Iinflate -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ tests/inflate/fuzz_inflate.c tests/inflate/tinf_util.c $(INFLATE_SRCS) $(TINF_LIBS)

.PHONY: test-inflate fuzz fuzz-inflate coverage coverage-inflate
## test-inflate: inflate's host suite: differential vs zlib/libdeflate, rejections, ASan+UBSan, zcat, a bounded fuzz run
test-inflate: check-inflate-freestanding $(B)/zcat $(B)/tests/inflate/test_inflate_san $(B)/tests/inflate/fuzz_inflate
	sh tests/inflate/run.sh $(B) $(FUZZ_SECONDS)

# A longer fuzz run (FUZZ_LONG seconds), keeping the corpus in $(B)/fuzz-inflate/corpus.
FUZZ_LONG ?= 600
## fuzz: libFuzzer on inflate for FUZZ_LONG seconds (default 600), corpus kept in build/fuzz-inflate/
## fuzz-inflate: the same as make fuzz
fuzz fuzz-inflate: $(B)/tests/inflate/fuzz_inflate
	mkdir -p $(B)/fuzz-inflate/corpus
	python3 tests/inflate/make_seeds.py $(B)/fuzz-inflate/seeds
	cd $(B)/fuzz-inflate && ../tests/inflate/fuzz_inflate -max_total_time=$(FUZZ_LONG) \
		-max_len=65536 -timeout=60 -print_final_stats=1 corpus seeds

# Line coverage of inflate/ from the host tests and the zcat checks (gcovr).
COV := $(B)/coverage-inflate
## coverage: line coverage of inflate/ from its host tests and zcat checks (gcovr: build/coverage-inflate/)
## coverage-inflate: the same as make coverage
coverage coverage-inflate: $(INFLATE_SRCS) $(TINF_SRCS) inflate/zcat.c
	rm -rf $(COV) && mkdir -p $(COV)
	$(CC) -O0 -g --coverage -Iinflate -o $(COV)/test_inflate $(TINF_SRCS) $(INFLATE_SRCS) $(TINF_LIBS)
	$(CC) -O0 -g --coverage -Iinflate -o $(COV)/zcat inflate/zcat.c $(INFLATE_SRCS)
	$(COV)/test_inflate --flips 1000 > $(COV)/test.log || { tail $(COV)/test.log; exit 1; }
	sh tests/inflate/zcat_test.sh $(COV)/zcat $(COV)/zcat-tmp > /dev/null
	gcovr --root . --filter 'inflate/' --object-directory $(COV) \
		--txt $(COV)/coverage.txt --html-details $(COV)/index.html $(COV)
	cat $(COV)/coverage.txt

# ---- benchmark: make bench-inflate: ours vs zlib vs libdeflate vs ISA-L igzip, MB/s of output ----
# Six corpora (bench/corpus.sh), each compressed four ways, cached in $(B)/bench/corpus/.
BENCH_CORPORA := vmlinux text include libs log random
BENCH_PACKERS := gzip-1 gzip-9 libdeflate-12 zopfli
BENCH_DIR := $(B)/bench/corpus
BENCH_INPUTS := $(foreach c,$(BENCH_CORPORA),$(foreach k,$(BENCH_PACKERS),$(BENCH_DIR)/$(c).$(k).gz))
BENCH_ROUNDS ?= 9
$(B)/bench/inflate_bench: bench/inflate_bench.c $(INFLATE_SRCS) $$@.d | $(B)/bench/
	$(call depend,$(INFLATE_HOST_CFLAGS),bench/inflate_bench.c $(INFLATE_SRCS))
	$(CC) $(INFLATE_HOST_CFLAGS) -o $@ bench/inflate_bench.c $(INFLATE_SRCS) -lz -ldeflate -lisal -lm
$(B)/bench/ldgzip: bench/ldgzip.c | $(B)/bench/
	$(CC) -O2 -Wall -Wextra -o $@ $< -ldeflate
$(B)/linux/vmlinux-cloud-amd64:
	sh tests/linux/fetch-kernel.sh cloud-amd64 $(B)/linux
$(BENCH_DIR)/vmlinux.raw: $(B)/linux/vmlinux-cloud-amd64
$(BENCH_DIR)/%.raw: bench/corpus.sh
	@mkdir -p $(BENCH_DIR)
	sh bench/corpus.sh $* $@ $(B)/linux
$(BENCH_DIR)/%.gzip-1.gz: $(BENCH_DIR)/%.raw
	gzip -1 -n -c $< > $@.tmp && mv $@.tmp $@
$(BENCH_DIR)/%.gzip-9.gz: $(BENCH_DIR)/%.raw
	gzip -9 -n -c $< > $@.tmp && mv $@.tmp $@
$(BENCH_DIR)/%.libdeflate-12.gz: $(BENCH_DIR)/%.raw $(B)/bench/ldgzip
	$(B)/bench/ldgzip 12 < $< > $@.tmp && mv $@.tmp $@
# One zopfli iteration (the default 15 takes about 15 minutes per corpus on one core).
$(BENCH_DIR)/%.zopfli.gz: $(BENCH_DIR)/%.raw
	zopfli --i1 -c $< > $@.tmp && mv $@.tmp $@
.PRECIOUS: $(BENCH_DIR)/%.raw
.PHONY: bench bench-inflate bench-corpora
## bench-corpora: build the six benchmark corpora, each compressed four ways (cached in build/bench/corpus/)
bench-corpora: $(BENCH_INPUTS)
## bench-inflate: MB/s of our inflate vs zlib vs libdeflate vs ISA-L igzip, six corpora x four compressors
bench-inflate: $(B)/bench/inflate_bench $(BENCH_INPUTS)
	$(B)/bench/inflate_bench -n $(BENCH_ROUNDS) $(BENCH_INPUTS)
bench: bench-inflate

# make bench-ab [BASE=commit] [AB_INPUTS=...]: the same table plus ours/base, where base is the
# decoder at BASE (default HEAD) linked into the same process with its symbols renamed base_*.
# AB_FLAGS=-q skips zlib and igzip.
BASE ?= HEAD
AB_INPUTS ?= $(BENCH_INPUTS)
.PHONY: bench-ab
## bench-ab: the inflate benchmark plus ours/base, base = the decoder at BASE (default HEAD)
bench-ab: bench/inflate_bench.c $(INFLATE_SRCS) $(AB_INPUTS) | $(B)/bench/
	rm -rf $(B)/bench/base && mkdir -p $(B)/bench/base
	git archive $(BASE) inflate | tar -x -C $(B)/bench/base
	cd $(B)/bench/base && for f in $(INFLATE_SRCS); do \
		$(CC) $(INFLATE_HOST_CFLAGS) -c $$f -o $$f.o || exit 1; done && \
		ld -r -o all.o $(INFLATE_SRCS:=.o) && \
		nm --defined-only -g all.o | awk '{print $$3 " base_" $$3}' > syms && \
		objcopy --redefine-syms=syms all.o base.o
	$(CC) $(INFLATE_HOST_CFLAGS) -DBENCH_BASE -o $(B)/bench/inflate_ab bench/inflate_bench.c \
		$(INFLATE_SRCS) $(B)/bench/base/base.o -lz -ldeflate -lisal -lm
	$(B)/bench/inflate_ab $(AB_FLAGS) -n $(BENCH_ROUNDS) $(AB_INPUTS)
