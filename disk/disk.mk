# disk.mk: build/mkdisk, the host tool that builds or installs bootable images. It embeds the
# boot stages (disk/stages.S .incbin's them); override for testing without the real stages:
#   make MKDISK_BOOTSECT=/tmp/bs.bin MKDISK_LOADER=/tmp/ld.bin build/mkdisk
MKDISK_BOOTSECT ?= $(B)/bootsect.bin
MKDISK_LOADER   ?= $(B)/loader.bin
MKDISK_SRCS := disk/mkdisk.c disk/util.c disk/decompress.c disk/elf.c disk/kernel.c \
               disk/bzimage.c disk/image.c disk/install.c disk/selfcheck.c disk/flags.c disk/info.c \
               disk/probe.c disk/mbr.c disk/gpt.c disk/target.c disk/entries.c disk/config.c disk/cfgbuild.c \
               common/elfcheck.c common/reloccheck.c common/fmt.c common/crc32.c common/cfgtable.c
MKDISK_HDRS := disk/mkdisk.h disk/arith.h disk/target.h disk/config.h include/config.h common/cfgtable.h include/partmark.h include/patch.h include/layout.h \
               include/bootparams.h common/elfcheck.h common/fmt.h
MKDISK_LIBS := -ldeflate -lz -llzma -llz4 -lzstd -lbz2
# With our inflate available, mkdisk checks every gzip member it writes with it.
MKDISK_INFLATE := $(if $(INFLATE_SRCS),-DMKDISK_OUR_INFLATE $(INFLATE_SRCS))

# Which stage files are embedded: a change of MKDISK_BOOTSECT/MKDISK_LOADER rebuilds mkdisk.
$(B)/mkdisk.stages: MKDISK_FORCE | $(B)/
	@echo '$(MKDISK_BOOTSECT) $(MKDISK_LOADER) $(MKDISK_INFLATE)' | cmp -s - $@ || \
		echo '$(MKDISK_BOOTSECT) $(MKDISK_LOADER) $(MKDISK_INFLATE)' > $@

MKDISK_DEPS := $(MKDISK_SRCS) disk/stages.S $(MKDISK_HDRS) $(INFLATE_SRCS) $(MKDISK_BOOTSECT) \
               $(MKDISK_LOADER) $(B)/mkdisk.stages
MKDISK_BUILD = $(CC) $(HOST_CFLAGS) -DBOOTSECT_BIN='"$(MKDISK_BOOTSECT)"' \
               -DLOADER_BIN='"$(MKDISK_LOADER)"' -o $@ $(MKDISK_SRCS) $(MKDISK_INFLATE) disk/stages.S \
               $(MKDISK_LIBS)

$(B)/mkdisk: $(MKDISK_DEPS) | $(B)/
	$(MKDISK_BUILD)

# The same tool under AddressSanitizer and UBSan, for the fuzz test.
$(B)/mkdisk-asan: $(MKDISK_DEPS) | $(B)/
	$(MKDISK_BUILD) -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: MKDISK_FORCE
MKDISK_FORCE:
