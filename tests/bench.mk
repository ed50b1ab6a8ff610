# tests/bench.mk: benchmarks. make bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel (TCG).
BENCH_RUNS ?= 5
.PHONY: bench bench-boot

## build/grub.img: GRUB 2 (grub-pc-bin) booting the same kernel, initrd and command line as build/linux.img
$(B)/grub.img: tests/bench/mkgrubdisk.py $$(LINUX_KERNEL) $$(LINUX_INITRD) $$(LINUX_DIR)/cmdline.stamp
	$(PYTHON) tests/bench/mkgrubdisk.py $(LINUX_KERNEL) $(LINUX_INITRD) "$(LINUX_CMDLINE)" $@

# Our image is rebuilt when possible; while mkdisk cannot build it the table says so on its row.
## bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel, IDE and virtio-blk, BENCH_RUNS boots each
bench-boot: $(B)/grub.img $$(LINUX_KERNEL) $$(LINUX_INITRD)
	@$(MAKE) --no-print-directory $(B)/linux.img || \
	    echo "bench-boot: cannot rebuild $(B)/linux.img now; measuring the existing one (if any)"
	BUILD=$(B) PYTHONPATH=tests $(PYTHON) tests/bench/bench_boot.py --runs $(BENCH_RUNS) --cmdline "$(LINUX_CMDLINE)"

## bench: both benchmarks (bench-inflate, bench-boot)
bench: bench-boot

## bench-debian: time to login: of the Debian 12 test system, longboot vs QEMU -kernel, IDE and virtio-blk, BENCH_DEBIAN_RUNS boots each
BENCH_DEBIAN_RUNS ?= 3
.PHONY: bench-debian
bench-debian: $(B)/mkdisk
	BUILD=$(B) PYTHONPATH=tests $(PYTEST_PYTHON) tests/bench/bench_debian.py --runs $(BENCH_DEBIAN_RUNS)
