# tests/bench.mk: benchmarks. make bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel (TCG).
# make bench-boot-bochs: instructions from the MBR to the kernel entry in Bochs, split into BIOS,
# UART, inflate and the rest (deterministic; about 3.5 min of one core per image).
BENCH_RUNS ?= 5
.PHONY: bench bench-boot bench-boot-bochs

## build/linux-quiet.img: build/linux.img's kernel, initrd and command line, quiet boot with the timing line
$(B)/linux-quiet.img: $(B)/mkdisk $$(LINUX_KERNEL) $$(LINUX_INITRD) $$(LINUX_DIR)/cmdline.stamp
	$(B)/mkdisk --kernel $(LINUX_KERNEL) --initrd $(LINUX_INITRD) --cmdline "$(LINUX_CMDLINE)" --quiet-boot --timing --output $@

## build/grub.img: GRUB 2 (grub-pc-bin) booting the same kernel, initrd and command line as build/linux.img
$(B)/grub.img: tests/bench/mkgrubdisk.py $$(LINUX_KERNEL) $$(LINUX_INITRD) $$(LINUX_DIR)/cmdline.stamp
	$(PYTHON) tests/bench/mkgrubdisk.py $(LINUX_KERNEL) $(LINUX_INITRD) "$(LINUX_CMDLINE)" $@

# Our image is rebuilt when possible; while mkdisk cannot build it the table says so on its row.
## bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel, IDE and virtio-blk, and per payload format (Debian's lz4, zstd, xz kernels as shipped and as gzip), BENCH_RUNS boots each
# BENCH_BOOT_ARGS: more bench_boot.py options (--before IMG --before-quiet IMG: an older build's images).
BENCH_BOOT_ARGS ?=
bench-boot: $(B)/grub.img $$(LINUX_KERNEL) $$(LINUX_INITRD) linux-kernels
	@$(MAKE) --no-print-directory $(B)/linux.img $(B)/linux-quiet.img || \
	    echo "bench-boot: cannot rebuild $(B)/linux.img or $(B)/linux-quiet.img now; measuring the existing ones (if any)"
	BUILD=$(B) PYTHONPATH=tests $(PYTHON) tests/bench/bench_boot.py --runs $(BENCH_RUNS) --cmdline "$(LINUX_CMDLINE)" \
	    --formats $(BENCH_BOOT_ARGS)

# The test kernel's image as build/disk.img, verbose (the default of a new image) and quiet
# without the timing line (an installed system's default).
$(B)/bench/bochs-verbose.img: $(B)/mkdisk $(B)/testkernel.elf | $(B)/bench/
	$(B)/mkdisk --kernel $(B)/testkernel.elf --cmdline "longboot test" --verbose-boot --output $@
$(B)/bench/bochs-quiet.img: $(B)/mkdisk $(B)/testkernel.elf | $(B)/bench/
	$(B)/mkdisk --kernel $(B)/testkernel.elf --cmdline "longboot test" --quiet-boot --no-timing --output $@

# BENCH_BEFORE=FILE: a trace-summary.json of an earlier run (make trace) printed as 'before';
# by default the verbose test image at commit 93cf564, before the quiet-boot and serial work.
BENCH_BEFORE ?= tests/bench/bochs-before-93cf564.json
## bench-boot-bochs: Bochs instruction counts MBR -> kernel entry split into BIOS, UART, inflate, rest (verbose and quiet; BENCH_BEFORE=trace-summary.json)
bench-boot-bochs: $(B)/bench/bochs-verbose.img $(B)/bench/bochs-quiet.img $$(BOCHS_SYMS)
	BUILD=$(B) $(PYTHON) tests/bench/bochs_split.py --bios $(BOCHS_BIOS) --megs $(BOCHS_MEGS) \
	    $(if $(BENCH_BEFORE),--summary before=$(BENCH_BEFORE)) \
	    --image verbose=$(B)/bench/bochs-verbose.img --image quiet=$(B)/bench/bochs-quiet.img

## bench: the boot benchmarks (bench-boot, bench-boot-bochs)
bench: bench-boot bench-boot-bochs

## bench-debian: time to login: of the Debian 12 test system, longboot vs QEMU -kernel, IDE and virtio-blk, BENCH_DEBIAN_RUNS boots each
BENCH_DEBIAN_RUNS ?= 3
.PHONY: bench-debian
bench-debian: $(B)/mkdisk
	BUILD=$(B) PYTHONPATH=tests $(PYTEST_PYTHON) tests/bench/bench_debian.py --runs $(BENCH_DEBIAN_RUNS)
