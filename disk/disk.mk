# disk.mk: build/mkdisk, the host tool that builds or installs bootable images. It embeds the
# boot stages (disk/stages.S .incbin's them); override for testing without the real stages:
#   make MKDISK_BOOTSECT=/tmp/bs.bin MKDISK_LOADER=/tmp/ld.bin build/mkdisk
MKDISK_BOOTSECT ?= $(B)/bootsect.bin
MKDISK_LOADER   ?= $(B)/loader.bin
MKDISK_SRCS := disk/mkdisk.c disk/util.c disk/decompress.c disk/elf.c disk/kernel.c \
               disk/bzimage.c disk/image.c disk/install.c disk/update.c disk/selfcheck.c disk/flags.c disk/info.c \
               disk/probe.c disk/mbr.c disk/gpt.c disk/target.c disk/gzpack.c disk/progress.c disk/strip.c \
               disk/entries.c disk/config.c disk/cfgbuild.c \
               common/elfcheck.c common/reloccheck.c common/fmt.c common/cfgtable.c
MKDISK_LIBS := -ldeflate -lz -llzma -llz4 -lzstd -lbz2
# The version: VERSION, plus the commit when built from a git checkout (mkdisk --version).
LONGBOOT_VERSION := $(shell cat VERSION)$(shell git describe --always --dirty 2>/dev/null | sed 's/^/ (git /; s/$$/)/')
# With our inflate available, mkdisk checks every gzip member it writes with it. Recursive (=):
# INFLATE_SRCS comes from inflate/inflate.mk.
MKDISK_INFLATE = $(if $(INFLATE_SRCS),-DMKDISK_OUR_INFLATE $(if $(UNPACK_ALL_SRCS),-DMKDISK_OUR_UNPACK $(UNPACK_INCS) \
                 $(sort $(UNPACK_ALL_SRCS)),$(INFLATE_SRCS)))

# Which stage files are embedded: a change of MKDISK_BOOTSECT/MKDISK_LOADER rebuilds mkdisk.
$(B)/mkdisk.stages: MKDISK_FORCE | $(B)/
	@echo '$(MKDISK_BOOTSECT) $(MKDISK_LOADER) $(MKDISK_INFLATE) $(LONGBOOT_VERSION)' | cmp -s - $@ || \
		echo '$(MKDISK_BOOTSECT) $(MKDISK_LOADER) $(MKDISK_INFLATE) $(LONGBOOT_VERSION)' > $@

# Headers: $(call depend) in the recipe. The stages disk/stages.S .incbin's are named here.
MKDISK_DEPS = $(MKDISK_SRCS) disk/stages.S $(sort $(UNPACK_ALL_SRCS) $(INFLATE_SRCS)) $(MKDISK_BOOTSECT) $(MKDISK_LOADER) $(B)/mkdisk.stages VERSION
MKDISK_BUILD = $(CC) $(HOST_CFLAGS) -DBOOTSECT_BIN='"$(MKDISK_BOOTSECT)"' \
               -DLOADER_BIN='"$(MKDISK_LOADER)"' -DLONGBOOT_VERSION='"$(LONGBOOT_VERSION)"' -o $@ $(MKDISK_SRCS) $(MKDISK_INFLATE) disk/stages.S \
               $(MKDISK_LIBS)

## build/mkdisk: the host tool that builds bootable images or installs onto a disk (mkdisk --help)
$(B)/mkdisk: $$(MKDISK_DEPS) $$@.d | $(B)/
	$(call depend,$(HOST_CFLAGS),$(MKDISK_SRCS) $(MKDISK_INFLATE))
	$(MKDISK_BUILD)

## build/mkdisk-asan: mkdisk under AddressSanitizer and UBSan, for the fuzz test
$(B)/mkdisk-asan: $$(MKDISK_DEPS) $$@.d | $(B)/
	$(call depend,$(HOST_CFLAGS),$(MKDISK_SRCS) $(MKDISK_INFLATE))
	$(MKDISK_BUILD) -fsanitize=address,undefined -fno-sanitize-recover=undefined

DEPEND_PROGS += $(B)/mkdisk $(B)/mkdisk-asan
.PHONY: MKDISK_FORCE
MKDISK_FORCE:
