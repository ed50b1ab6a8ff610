#!/bin/sh
# install-deps.sh: install everything longboot needs to build, boot and test, from Debian 12's
# packages (apt-get). Run as root or with sudo. Used by the README's quick start and by .ci/run.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PKGS="make gcc libc6-dev nasm python3 git ca-certificates
      python3-pytest python3-pytest-xdist python3-pytest-timeout
      qemu-system-x86 seabios ipxe-qemu
      bochs bochsbios bochs-term vgabios tmux
      zlib1g-dev libdeflate-dev libisal-dev liblz4-dev liblzma-dev libzstd-dev libbz2-dev
      lz4 zstd xz-utils bzip2 gzip cpio busybox-static zopfli
      grub-pc-bin grub-common mtools dosfstools e2fsprogs
      clang llvm libclang-rt-14-dev gcovr gdb valgrind util-linux binutils"
# mkdisk's safety tests: partition tables and the file systems it must never overwrite
PKGS="$PKGS fdisk gdisk xfsprogs btrfs-progs ntfs-3g exfatprogs cryptsetup-bin"
# the power-cut test of an update (tests/mkdisk/test_powercut.py kills mkdisk at each write)
PKGS="$PKGS strace"
# the lz4/ and lzo/ decoders' host tests: XXH32 checked against libxxhash; liblzo2 and lzop as the
# reference for lzo/
PKGS="$PKGS libxxhash-dev liblzo2-dev lzop"
# make deb, longboot-update (dpkg --compare-versions) and the Debian system test (make test-full)
PKGS="$PKGS dpkg debootstrap python3-pytest"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PKGS
