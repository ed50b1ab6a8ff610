#!/bin/sh
# mkroot.sh DIR: a Debian 12 root file system for the system test (tests/debian/test_system.py),
# built once with debootstrap (variant minbase plus systemd-sysv, udev, initramfs-tools and the
# cloud kernel) from apt's configured Debian source, and kept: DIR is outside build/, so make
# clean keeps it (default ~/.cache/longboot/bookworm-minbase). Does nothing when DIR exists.
# About 12.5 minutes on the 2-core build machine under load (wall clock; mostly downloads).
set -eu
dir=${1:?usage: mkroot.sh DIR}
[ -d "$dir" ] && exit 0
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb  *\([^ ]*\)  *bookworm .*/\1/p' /etc/apt/sources.list | head -n 1)
[ -n "$mirror" ] || { echo "mkroot: no Debian source in apt's configuration" >&2; exit 1; }
mkdir -p "$(dirname "$dir")"
rm -rf "$dir.tmp"
debootstrap --variant=minbase \
	--include=systemd-sysv,udev,initramfs-tools,linux-image-cloud-amd64 \
	bookworm "$dir.tmp" "$mirror" > "$dir.log" 2>&1 || {
	tail -n 20 "$dir.log" >&2
	echo "mkroot: debootstrap failed (log: $dir.log)" >&2
	exit 1
}
mv "$dir.tmp" "$dir"
