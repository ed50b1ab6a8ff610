# tests/linux.mk: a real Debian kernel through our chain: make linux, make run-linux, make test-linux.
LINUX_DIR     := $(B)/linux
LINUX_KERNEL  := $(LINUX_DIR)/vmlinuz-cloud-amd64
LINUX_GENERIC := $(LINUX_DIR)/vmlinuz-amd64
# Debian 12's 6.12 cloud kernel: a zstd payload (the 6.1 ones: lz4 cloud, xz generic)
LINUX_612     := $(LINUX_DIR)/vmlinuz-6.12-cloud-amd64
LINUX_INITRD  := $(LINUX_DIR)/initramfs.cpio.gz
LINUX_CMDLINE ?= console=ttyS0 panic=-1
BUSYBOX       ?= /bin/busybox
LINUX_MEM     ?= 512M
LINUX_MACHINE ?= pc

.PHONY: linux run-linux test-linux test-linux-full linux-kernels

# The kernels come from Debian's package (apt-get download); fetch once, keep across builds.
$(LINUX_DIR)/vmlinuz-%: tests/linux/fetch-kernel.sh tests/linux/extract-vmlinux.py
	sh tests/linux/fetch-kernel.sh $* $(LINUX_DIR)
	@touch $@

$(LINUX_INITRD): tests/linux/mkinitramfs.py tests/linux/init.sh $(BUSYBOX) | $(LINUX_DIR)/
	$(PYTHON) tests/linux/mkinitramfs.py $(BUSYBOX) tests/linux/init.sh $@

# Rewritten only when LINUX_CMDLINE changes, so a new command line rebuilds the images using it.
$(LINUX_DIR)/cmdline.stamp: LINUX_FORCE | $(LINUX_DIR)/
	@echo '$(LINUX_CMDLINE)' | cmp -s - $@ || echo '$(LINUX_CMDLINE)' > $@
.PHONY: LINUX_FORCE
LINUX_FORCE:

## build/linux.img: Debian's linux-image-cloud-amd64 + a busybox initramfs, via mkdisk (LINUX_CMDLINE)
$(B)/linux.img: $(B)/mkdisk $(LINUX_KERNEL) $(LINUX_INITRD) $(LINUX_DIR)/cmdline.stamp
	$(B)/mkdisk --kernel $(LINUX_KERNEL) --initrd $(LINUX_INITRD) --cmdline "$(LINUX_CMDLINE)" --output $@

## linux: the same as make build/linux.img
linux: $(B)/linux.img
## linux-kernels: fetch Debian's kernels (apt-get download) into build/linux/ and build the initramfs
linux-kernels: $(LINUX_KERNEL) $(LINUX_GENERIC) $(LINUX_612) $(LINUX_INITRD)

## run-linux: boot build/linux.img in QEMU (TCG; LINUX_MACHINE, LINUX_MEM), serial here; init powers off
run-linux: $(B)/linux.img
	$(QEMU) -M $(LINUX_MACHINE) -m $(LINUX_MEM) -accel tcg -drive file=$<,format=raw,if=ide \
	    -serial stdio -display none -monitor none -no-reboot

## test-linux: Debian's kernel to init through longboot vs QEMU -kernel: E820, cmdline, KASLR, nokaslr
test-linux: $$(PYTEST_DEPS) linux-kernels
	$(call pytest,tests/linux,2)

## test-linux-full: make test-linux plus pc 4G, q35 128M, virtio-blk, KASLR under mem=256M
test-linux-full: TEST_MARK :=
test-linux-full: $$(PYTEST_DEPS) linux-kernels
	$(call pytest,tests/linux,2)
