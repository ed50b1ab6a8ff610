# longboot: one top-level build. Each directory adds its rules in its own *.mk fragment.
# make            build/disk.img (the test kernel, ready to boot), build/mkdisk, build/zcat, stages
# make run        boot build/disk.img in QEMU (SeaBIOS), serial on this terminal
# make test       the whole test suite (host unit tests, QEMU and Bochs boots)
# make install    longboot-mkdisk, longboot-update and the hooks (PREFIX=/usr/local, DESTDIR)
# make deb        build/longboot_VERSION_ARCH.deb (dpkg-deb, no root needed)
# make help       every target

B        := build
CC       ?= cc
NASM     ?= nasm
LD       ?= ld
OBJCOPY  ?= objcopy
PYTHON   ?= python3
QEMU     ?= qemu-system-x86_64

# Shared by every freestanding stage.
FREESTANDING := -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
                -fno-unwind-tables -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
                -Wall -Wextra -Werror=implicit-function-declaration -g -Iinclude -Icommon -Iinflate
# setup16: real mode, must run on a 386/486 far enough to say "no long mode".
CFLAGS16 := $(FREESTANDING) -m16 -march=i386 -mpreferred-stack-boundary=2 -Os
# lm64: long mode; lm64's entry enables SSE, so the x86-64 baseline (SSE2) may be used.
CFLAGS64 := $(FREESTANDING) -m64 -mno-red-zone -mcmodel=small -O2
# host tools and tests, built from the same sources.
HOST_CFLAGS := -O2 -g -Wall -Wextra -Iinclude -Icommon -Iinflate
NASMFLAGS := -I$(B)/gen/ -Iinclude/

.DEFAULT_GOAL := all
TEST_TARGETS :=
ALL_TARGETS  :=
.PHONY: all test test-full clean help run debug

# Views of include/'s layouts, constants and structs for NASM, make, the linker scripts and the
# Python tests, printed by one host program (tools/genabi.c) that includes the headers.
ABI_HDRS := include/layout.h include/patch.h include/x86.h inflate/inflate.h
ABI_INC  := $(B)/gen/abi.inc
ABI_LDS  := $(B)/gen/abi.lds.h
ABI_PY   := $(B)/gen/lbabi.py
$(B)/genabi: tools/genabi.c $(ABI_HDRS) | $(B)/
	$(CC) $(HOST_CFLAGS) -o $@ $<
$(B)/gen/abi.mk: GENABI_VIEW := mk
$(ABI_INC): GENABI_VIEW := inc
$(ABI_LDS): GENABI_VIEW := lds
$(ABI_PY):  GENABI_VIEW := py
$(B)/gen/abi.mk $(ABI_INC) $(ABI_LDS) $(ABI_PY): $(B)/genabi | $(B)/gen/
	$(B)/genabi $(GENABI_VIEW) > $@.tmp
	mv $@.tmp $@
# The numbers the Makefiles need (LB_LOADER, LM64_FILE_OFFSET, ...), made before anything else.
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
include $(B)/gen/abi.mk
endif

%/:
	mkdir -p $@

include bootsect/bootsect.mk
include setup16/setup16.mk
include pm32/pm32.mk
include lm64/lm64.mk
include inflate/inflate.mk
include disk/disk.mk
include debian/debian.mk
include tests/kernel/kernel.mk
include $(wildcard tests/*.mk)

# The loader image: setup16 + pm32 from LB_LOADER, lm64 from LB_LM64 (zero padding between).
# The MBR reads at most LB_LOADER_MAX_SECTORS: the build fails when the image needs more.
$(B)/loader.bin: $(B)/setup.bin $(B)/lm64.bin
	cp $(B)/setup.bin $@.tmp
	truncate -s $(LM64_FILE_OFFSET) $@.tmp
	cat $(B)/lm64.bin >> $@.tmp
	@n=$$(stat -c %s $@.tmp); test $$n -le $$(( $(LB_LOADER_MAX_SECTORS) * $(LB_SECTOR) )) || \
	  { echo "loader.bin: $$n bytes, the MBR reads at most $(LB_LOADER_MAX_SECTORS) sectors" >&2; rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

$(B)/disk.img: $(B)/mkdisk $(B)/testkernel.elf
	$(B)/mkdisk --kernel $(B)/testkernel.elf --cmdline "longboot test" --output $@

all: $(B)/disk.img $(B)/mkdisk $(B)/zcat $(ABI_PY) $(ALL_TARGETS)

QEMU_RUN := $(QEMU) -M pc -m 512M -drive file=$(B)/disk.img,format=raw,if=ide \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio -display none -no-reboot
run: $(B)/disk.img
	$(QEMU_RUN) || [ $$? -eq 33 ]

test: $(TEST_TARGETS)
	@echo "make test: all suites passed"

clean:
	rm -rf $(B)

help:
	@sed -n 's/^# \(make.*\)/\1/p' Makefile
