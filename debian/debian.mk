# debian.mk: make install (PREFIX, DESTDIR) and make deb (a Debian package built with dpkg-deb,
# no network, no root: files owned by root through --root-owner-group).
#   make install [PREFIX=/usr/local] [DESTDIR=]   longboot-mkdisk, longboot-update, the kernel and
#       initramfs hooks, /etc/default/longboot (only when none exists: it is the user's file)
#   make deb     build/longboot_VERSION_amd64.deb (PREFIX=/usr inside)
PREFIX ?= /usr/local
DEB_VERSION := $(shell cat VERSION)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB := $(B)/longboot_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: install deb

# $(call install-files,ROOT,PREFIX): everything but /etc/default/longboot.
define install-files
	install -d $(1)$(2)/sbin $(1)/etc/kernel/postinst.d $(1)/etc/kernel/postrm.d \
	    $(1)/etc/initramfs/post-update.d $(1)/etc/default
	install -m 755 $(B)/mkdisk $(1)$(2)/sbin/longboot-mkdisk
	install -m 755 debian/longboot-update $(1)$(2)/sbin/longboot-update
	install -m 755 debian/hooks/kernel $(1)/etc/kernel/postinst.d/zz-longboot
	install -m 755 debian/hooks/kernel $(1)/etc/kernel/postrm.d/zz-longboot
	install -m 755 debian/hooks/initramfs $(1)/etc/initramfs/post-update.d/longboot
endef

## install: longboot-mkdisk, longboot-update and the hooks (PREFIX=/usr/local, DESTDIR); keeps /etc/default/longboot
install: $(B)/mkdisk
	$(call install-files,$(DESTDIR),$(PREFIX))
	@if [ -e $(DESTDIR)/etc/default/longboot ]; then \
	    echo "install: $(DESTDIR)/etc/default/longboot exists, kept (example: debian/default)"; \
	else install -m 644 debian/default $(DESTDIR)/etc/default/longboot; fi

$(DEB): $(B)/mkdisk debian/longboot-update debian/hooks/kernel debian/hooks/initramfs \
        debian/default debian/debian.mk VERSION
	rm -rf $(B)/deb && mkdir -p $(B)/deb/DEBIAN
	$(call install-files,$(B)/deb,/usr)
	install -m 644 debian/default $(B)/deb/etc/default/longboot
	printf '%s\n' /etc/default/longboot /etc/kernel/postinst.d/zz-longboot \
	    /etc/kernel/postrm.d/zz-longboot /etc/initramfs/post-update.d/longboot > $(B)/deb/DEBIAN/conffiles
	{ echo "Package: longboot"; echo "Version: $(DEB_VERSION)"; echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: longboot developers <longboot@localhost>"; \
	  echo "Depends: $$(dpkg-query -W -f='$${Package} (>= $${Version})' libc6 2>/dev/null || echo libc6), libdeflate0, zlib1g, liblzma5, liblz4-1, libzstd1, libbz2-1.0"; \
	  echo "Recommends: linux-base"; echo "Section: admin"; echo "Priority: optional"; \
	  echo "Installed-Size: $$(du -sk $(B)/deb | cut -f1)"; \
	  echo "Description: legacy-BIOS boot loader that loads Linux in long mode"; \
	  echo " longboot-mkdisk builds or installs longboot disks; longboot-update and the kernel"; \
	  echo " hooks keep the newest kernels of /boot on the disk named in /etc/default/longboot."; \
	} > $(B)/deb/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(B)/deb $@

## deb: build/longboot_VERSION_ARCH.deb (dpkg-deb, no root needed)
deb: $(DEB)
