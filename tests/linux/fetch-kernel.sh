#!/bin/sh
# fetch-kernel.sh FLAVOUR OUTDIR: fetch Debian's linux-image-FLAVOUR (cloud-amd64 or amd64) with
# apt-get download (the package registry only) and leave OUTDIR/vmlinuz-FLAVOUR (the bzImage) and
# OUTDIR/vmlinux-FLAVOUR (the ELF inside it, extracted). Idempotent: does nothing when both exist.
set -eu
flavour=${1:?usage: fetch-kernel.sh cloud-amd64|amd64 OUTDIR}
out=${2:?usage: fetch-kernel.sh cloud-amd64|amd64 OUTDIR}
bz="$out/vmlinuz-$flavour"
elf="$out/vmlinux-$flavour"
[ -s "$bz" ] && [ -s "$elf" ] && exit 0
mkdir -p "$out"
work=$(mktemp -d "$out/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The meta package depends on the versioned image package; download that one.
pkg=$(apt-cache depends "linux-image-$flavour" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	echo "fetch-kernel: cannot resolve linux-image-$flavour (run apt-get update first)" >&2
	exit 1
fi
# apt warns when it downloads as root into a directory _apt cannot read: show its output only on failure.
if ! (cd "$work" && apt-get download -q "$pkg" >apt.log 2>&1); then
	cat "$work/apt.log" >&2
	echo "fetch-kernel: apt-get download $pkg failed" >&2
	exit 1
fi
dpkg-deb -x "$work"/linux-image-*.deb "$work/root"
cp "$work"/root/boot/vmlinuz-* "$bz.tmp" && mv "$bz.tmp" "$bz"
if ! python3 "$(dirname "$0")/extract-vmlinux.py" "$bz" "$elf.tmp"; then
	rm -f "$elf.tmp"
	echo "fetch-kernel: cannot extract the ELF from $bz" >&2
	exit 1
fi
mv "$elf.tmp" "$elf"
echo "fetch-kernel: $bz ($(stat -c %s "$bz") bytes), $elf ($(stat -c %s "$elf") bytes)"
