#!/bin/sh
# init.sh: /init of the test initramfs (busybox sh, runs as PID 1 in the booted Linux guest).
# Prints one 'longboot-init: KEY: VALUE' line per fact the Linux boot tests check, then powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# Root may read real symbol addresses only when kptr_restrict < 2; 0 makes it explicit.
echo 0 > /proc/sys/kernel/kptr_restrict
echo "longboot-init: reached init"
echo "longboot-init: cmdline: $(cat /proc/cmdline)"
# Physical placement: the 'Kernel code' resource; virtual placement: _text in kallsyms.
echo "longboot-init: kernel-code: $(grep 'Kernel code' /proc/iomem | sed 's/^ *//')"
echo "longboot-init: text: $(grep ' _text$' /proc/kallsyms)"
echo "longboot-init: memtotal: $(grep MemTotal /proc/meminfo)"
# The initrd arrived whole: a pseudo-random file checked against the digest built with it.
if [ "$(sha256sum /etc/payload.bin | cut -d' ' -f1)" = "$(cat /etc/payload.sha256)" ]; then
	echo "longboot-init: initrd-payload: ok"
else
	echo "longboot-init: initrd-payload: BAD"
fi
echo "longboot-init: done"
poweroff -f
