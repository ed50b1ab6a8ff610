# tests/bench.mk: benchmarks. make bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel (TCG).
# make bench-boot   one table: median/min/max over 5 boots, IDE and virtio-blk, ratios, loader handoff time
BENCH_RUNS ?= 5
.PHONY: bench bench-boot

# GRUB 2 (Debian's grub-pc-bin) booting the same kernel, initrd and command line as build/linux.img.
$(B)/grub.img: tests/bench/mkgrubdisk.py $(LINUX_KERNEL) $(LINUX_INITRD)
	$(PYTHON) tests/bench/mkgrubdisk.py $(LINUX_KERNEL) $(LINUX_INITRD) "$(LINUX_CMDLINE)" $@

# Our image is rebuilt when possible; while mkdisk cannot build it the table says so on its row.
bench-boot: $(B)/grub.img $(LINUX_KERNEL) $(LINUX_INITRD)
	-@$(MAKE) --no-print-directory $(B)/linux.img
	$(PYTHON) tests/bench/bench_boot.py --runs $(BENCH_RUNS) --cmdline "$(LINUX_CMDLINE)"

bench: bench-boot
