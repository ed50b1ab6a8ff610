# longboot: one top-level build. Each directory adds its rules in its own *.mk fragment; a
# `## target: description` line above a target is what `make help` prints for it.
# Fragments may use each other's variables in any include order: variables that name another
# fragment's are recursive (=), and prerequisites that do are expanded a second time ($$(VAR)).

B        := build
CC       ?= cc
NASM     ?= nasm
LD       ?= ld
OBJCOPY  ?= objcopy
PYTHON   ?= python3
QEMU     ?= qemu-system-x86_64

# Shared by every freestanding stage. -MMD -MP: every object rule writes its header dependencies.
DEPFLAGS := -MMD -MP
FREESTANDING := -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
                -fno-unwind-tables -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
                -Wall -Wextra -Werror=implicit-function-declaration -g -Iinclude -Icommon -Iinflate $(DEPFLAGS)
# setup16: real mode, must run on a 386/486 far enough to say "no long mode".
CFLAGS16 := $(FREESTANDING) -m16 -march=i386 -mpreferred-stack-boundary=2 -Os
# lm64: long mode; lm64's entry enables SSE, so the x86-64 baseline (SSE2) may be used.
CFLAGS64 := $(FREESTANDING) -m64 -mno-red-zone -mcmodel=small -O2
# host tools and tests, built from the same sources.
HOST_CFLAGS := -O2 -g -Wall -Wextra -Iinclude -Icommon -Iinflate
NASMFLAGS := -I$(B)/gen/ -Iinclude/

.DEFAULT_GOAL := all
.SECONDEXPANSION:
ALL_TARGETS  :=
# Every fragment adds its C objects (compiled with -MMD) and its programs compiled in one step
# with $(call depend): their .d files are targets (below).
C_OBJS        =
DEPEND_PROGS  =
.PHONY: all test test-full test-slow clean help run

# Views of include/'s layouts, constants and structs for NASM, make, the linker scripts and the
# Python tests, printed by one host program (tools/genabi.c) that includes the headers.
ABI_HDRS := include/layout.h include/patch.h include/mbr.h include/x86.h include/biosregs.h include/handoff.h inflate/inflate.h
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

include bootsect/bootsect.mk setup16/setup16.mk pm32/pm32.mk lm64/lm64.mk inflate/inflate.mk disk/disk.mk
# The other payload decoders, one folder each beside inflate/ (lz4, zstd, xz, bzip2, lzo): each
# fragment adds its host suite to DECODER_SUITES (make test runs them after test-inflate).
DECODER_SUITES :=
include $(sort $(wildcard lz4/lz4.mk zstd/zstd.mk xz/xz.mk bzip2/bzip2.mk lzo/lzo.mk)) unpack/unpack.mk
include debian/debian.mk
include tests/kernel/kernel.mk $(sort $(wildcard tests/*.mk))
# Header dependencies written by -MMD and $(call depend). Each object or program names its .d
# file as a prerequisite, and each .d file is a target without a recipe: a missing one (a build
# from before dependencies were tracked) rebuilds what needs it.
-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)
$(C_OBJS:.o=.d) $(DEPEND_PROGS:=.d):

# The loader image: setup16 + pm32 from LB_LOADER, lm64 from LB_LM64 (zero padding between).
# The MBR reads at most LB_LOADER_MAX_SECTORS: the build fails when the image needs more.
## build/loader.bin: the loader image (setup16 + pm32, then lm64 at LB_LM64) mkdisk embeds
$(B)/loader.bin: $(B)/setup.bin $(B)/lm64.bin
	cp $(B)/setup.bin $@.tmp
	truncate -s $(LM64_FILE_OFFSET) $@.tmp
	cat $(B)/lm64.bin >> $@.tmp
	@n=$$(stat -c %s $@.tmp); test $$n -le $$(( $(LB_LOADER_MAX_SECTORS) * $(LB_SECTOR) )) || \
	  { echo "loader.bin: $$n bytes, the MBR reads at most $(LB_LOADER_MAX_SECTORS) sectors" >&2; rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

## build/disk.img: the test kernel ready to boot (what make run and the boot tests use)
$(B)/disk.img: $(B)/mkdisk $(B)/testkernel.elf
	$(B)/mkdisk --kernel $(B)/testkernel.elf --cmdline "longboot test" --output $@

## all: build/disk.img, build/mkdisk, build/zcat, every stage with its listing and symbols (default)
all: $(B)/disk.img $(B)/mkdisk $(B)/zcat $(ABI_PY) $$(ALL_TARGETS)

QEMU_RUN := $(QEMU) -M pc -m 512M -drive file=$(B)/disk.img,format=raw,if=ide \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio -display none -no-reboot
## run: boot build/disk.img in QEMU (SeaBIOS), serial on this terminal
run: $(B)/disk.img
	$(QEMU_RUN) || [ $$? -eq 33 ]

# ---- tests ----
# make test runs these suites in this order: host unit tests first, then QEMU boots, Bochs last.
TEST_SUITES = test-common test-setup16 test-lm64 test-menu test-inflate test-decoders test-mkdisk test-debian \
               test-boot test-menu-boot test-lm64-boot test-matrix test-linux test-bochs

# The Python suites run under pytest (pytest.ini). PYTEST_ARGS goes to every run, e.g.
#   make test-boot PYTEST_ARGS='-k q35'      make test-matrix PYTEST_ARGS=--lf
# TEST_MARK selects by marker: make test's suites leave out the cases marked slow.
PYTEST_ARGS ?=
TEST_MARK   ?= not slow
# pytest and its plugins are Debian's packages: the system's python3 (not whatever python3 comes
# first on PATH, such as a pyenv one without them).
PYTEST_PYTHON ?= /usr/bin/python3
PYTEST = BUILD=$(B) MKDISK_BOOTSECT=$(MKDISK_BOOTSECT) MKDISK_LOADER=$(MKDISK_LOADER) $(PYTEST_PYTHON) -m pytest
# $(call depend,FLAGS,SOURCES) first in the recipe of a program compiled in one step from
# SOURCES (the program lists $$@.d among its prerequisites and is in DEPEND_PROGS): its header
# dependencies into $@.d, as -MMD writes them for objects.
depend = $(CC) $(1) -MM -MP -MT $@ $(2) > $@.d
# $(call pytest,DIRS[,JOBS]): one pytest run over the test files of DIRS (-n JOBS processes).
# Exit status 5 (no case selected, e.g. by -k or by the marker) is not a failure.
pytest = $(PYTEST) -m '$(TEST_MARK)' $(if $(2),-n $(2) --dist loadgroup) $(PYTEST_ARGS) $(1) || [ $$? -eq 5 ]
# What any Python suite may need built; test-slow needs all of it.
PYTEST_DEPS = $(B)/mkdisk $(B)/mkdisk-asan $(B)/zcat $(B)/unpack $(B)/testkernel.elf $(B)/disk.img $(ABI_PY)

## test: every suite in TEST_SUITES order, without the slow cases (README's test command)
test:
	@failed=; for t in $(TEST_SUITES); do $(MAKE) --no-print-directory $$t || failed="$$failed $$t"; done; \
	if [ -n "$$failed" ]; then echo "make test: failed:$$failed"; exit 1; fi; \
	echo "make test: all suites passed"

## test-decoders: the payload decoders' host suites (DECODER_SUITES), two at a time
.PHONY: test-decoders
test-decoders:
	@$(MAKE) --no-print-directory -j2 -O $(DECODER_SUITES)

## test-slow: only the cases marked slow, of every Python suite (one pytest run, two jobs)
test-slow: $$(PYTEST_DEPS) linux-kernels bochs-syms
	$(PYTEST) -m slow -n 2 --dist loadgroup $(PYTEST_ARGS) tests || [ $$? -eq 5 ]

## test-full: make test, then make test-slow: every case once (CI runs the two)
test-full:
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory test-slow

## clean: remove build/
clean:
	rm -rf $(B)

## help: this list
help:
	@awk '/^## / { sub(/^## /, ""); i = index($$0, ": "); \
	       printf "  make %-28s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(MAKEFILE_LIST)
