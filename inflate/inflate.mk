# inflate.mk: rules for inflate/ — the freestanding gzip/deflate decoder (linked into lm64 by
# lm64.mk through INFLATE_SRCS and CFLAGS64), build/zcat, its tests, fuzzing, coverage, bench.

# The sources lm64 compiles with CFLAGS64 (no libc; memcpy from common/string.c).
INFLATE_SRCS := inflate/inflate.c inflate/inflate_codes.c inflate/huffman.c inflate/gzip.c \
                inflate/crc32.c inflate/crc32_clmul.c
INFLATE_HDRS := $(wildcard inflate/*.h)
export INFLATE_SRCS

# Host builds of the very same sources (no -Icommon: host code uses the C library's headers).
INFLATE_HOST_CFLAGS := -O2 -g -Wall -Wextra -Iinflate
INFLATE_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(B)/zcat: inflate/zcat.c $(INFLATE_SRCS) $(INFLATE_HDRS) | $(B)/
	$(CC) $(INFLATE_HOST_CFLAGS) -o $@ inflate/zcat.c $(INFLATE_SRCS)

# Every source compiles freestanding with lm64's flags; gcc's -fstack-usage of all functions
# summed (no recursion, so an upper bound of any call chain) must stay within the header's bound.
INFLATE_FS_OBJS := $(patsubst inflate/%.c,$(B)/inflate-fs/%.o,$(INFLATE_SRCS))
$(B)/inflate-fs/%.o: inflate/%.c $(INFLATE_HDRS) | $(B)/inflate-fs/
	$(CC) $(CFLAGS64) -Werror -fstack-usage -c $< -o $@
.PRECIOUS: $(B)/inflate-fs/
.PHONY: check-inflate-freestanding
check-inflate-freestanding: $(INFLATE_FS_OBJS)
	@bound=$$(sed -n 's/^#define INFLATE_STACK_BYTES \([0-9]*\).*/\1/p' inflate/inflate.h); \
	total=$$(cat $(INFLATE_FS_OBJS:.o=.su) | awk '{s += $$(NF-1)} END {print s}'); \
	$(LD) -r -o $(B)/inflate-fs/all.o $(INFLATE_FS_OBJS); \
	undef=$$(nm -u $(B)/inflate-fs/all.o | awk '{print $$2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true); \
	echo "inflate freestanding: stack frames sum $$total bytes (bound $$bound)"; \
	if [ -n "$$undef" ]; then echo "inflate freestanding: unexpected external symbols: $$undef"; exit 1; fi; \
	[ $$total -le $$bound ] || { echo "inflate: stack use $$total > INFLATE_STACK_BYTES $$bound"; exit 1; }
