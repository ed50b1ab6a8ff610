# unpack.mk: unpack/ — every payload decoder behind one call (the format by its magic), linked
# into lm64 (lm64.mk: UNPACK_ALL_SRCS) and mkdisk, and build/unpack, the host command; its suite
# (make test-unpack) decodes each format as the reference tools write it, bzImage-style.
# Recursive (=): the decoders' *_SRCS come from their own fragments.
UNPACK_DECODER_SRCS = $(INFLATE_SRCS) $(XZ_SRCS) $(BZIP2_SRCS) $(LZ4_SRCS) $(LZO_SRCS) $(ZSTD_SRCS)
UNPACK_ALL_SRCS = unpack/unpack.c $(UNPACK_DECODER_SRCS)
UNPACK_INCS := -Iunpack -Iinflate -Ixz -Ibzip2 -iquote lz4 -iquote lzo -Izstd

## build/unpack: decode FILE (gzip, xz, lzma, bzip2, lz4, lzo, zstd) to stdout with our decoders; --kernel for a bzImage payload
$(B)/unpack: unpack/unpack_main.c $$(UNPACK_ALL_SRCS) $$@.d | $(B)/
	$(call depend,-O2 $(UNPACK_INCS),unpack/unpack_main.c $(UNPACK_ALL_SRCS))
	$(CC) -O2 -g -Wall -Wextra $(UNPACK_INCS) -o $@ unpack/unpack_main.c $(UNPACK_ALL_SRCS)
DEPEND_PROGS += $(B)/unpack
ALL_TARGETS += $(B)/unpack

.PHONY: test-unpack
## test-unpack: build/unpack against gzip, xz, lzma, bzip2, lz4 -l, lzop and zstd, as files and as bzImage payloads
test-unpack: $(B)/unpack
	sh tests/unpack/run.sh $(B)
DECODER_SUITES += test-unpack
