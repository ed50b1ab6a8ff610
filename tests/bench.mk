# tests/bench.mk: benchmarks. make bench-boot: boot time of longboot vs GRUB 2 vs QEMU -kernel (TCG).
# make bench-boot   one table: median/min/max over 5 boots, IDE and virtio-blk, ratios, loader handoff time
BENCH_RUNS ?= 5
.PHONY: bench bench-boot

# GRUB 2 (Debian's grub-pc-bin) booting the same kernel, initrd and command line as build/linux.img.
# (literal paths: this fragment is read before tests/linux.mk defines LINUX_KERNEL)
$(B)/grub.img: tests/bench/mkgrubdisk.py $(B)/linux/vmlinuz-cloud-amd64 $(B)/linux/initramfs.cpio.gz \
              $(B)/linux/cmdline.stamp
	$(PYTHON) tests/bench/mkgrubdisk.py $(B)/linux/vmlinuz-cloud-amd64 $(B)/linux/initramfs.cpio.gz "$(LINUX_CMDLINE)" $@

# Our image is rebuilt when possible; while mkdisk cannot build it the table says so on its row.
bench-boot: $(B)/grub.img $(B)/linux/vmlinuz-cloud-amd64 $(B)/linux/initramfs.cpio.gz
	@$(MAKE) --no-print-directory $(B)/linux.img || \
	    echo "bench-boot: cannot rebuild $(B)/linux.img now; measuring the existing one (if any)"
	$(PYTHON) tests/bench/bench_boot.py --runs $(BENCH_RUNS) --cmdline "$(LINUX_CMDLINE)"

bench: bench-boot
