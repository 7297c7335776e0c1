#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing modverify needs, from Debian's packages:
# the toolchain, QEMU and the initramfs tools, and three kernels to test on
# (current cloud, an older cloud ABI, generic amd64), each with its headers.
# Idempotent; must run as root.  Prints the kernel releases made available.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
APT_GET="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends"

apt-get -q update >/dev/null

tools="make gcc libc6-dev liblzma-dev libzstd-dev zlib1g-dev qemu-system-x86 busybox-static cpio kmod bpftool
	lz4 xz-utils zstd gzip binutils file openssl jq dkms systemd"
kernels="linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-image-amd64 linux-headers-amd64"

# The older cloud ABI: the one the stable point release ships (the security
# archive moves faster), provided its headers still exist; otherwise the
# newest older ABI that still has headers.
current=$(apt-cache depends linux-headers-cloud-amd64 2>/dev/null |
	sed -n 's/.*Depends: linux-headers-\(6[^ ]*-cloud-amd64\)$/\1/p' | head -n1)
older=${MODVERIFY_OLD_ABI:-}
if [ -z "$older" ]; then
	for ver in $(apt-cache madison linux-headers-cloud-amd64 | awk '{print $3}'); do
		abi=$(apt-cache show "linux-headers-cloud-amd64=$ver" 2>/dev/null |
			sed -n 's/^Depends:.*linux-headers-\(6[^ ,]*-cloud-amd64\).*/\1/p' | head -n1)
		if [ -n "$abi" ] && [ "$abi" != "$current" ] &&
		   apt-cache show "linux-headers-$abi" >/dev/null 2>&1; then
			older=$abi
			break
		fi
	done
fi
if [ -z "$older" ]; then
	older=$(apt-cache search --names-only '^linux-headers-6\.1\.0-[0-9]+-cloud-amd64$' |
		awk '{print $1}' | sed 's/^linux-headers-//' | grep -vx "$current" |
		sort -V | tail -n1)
fi
[ -n "$older" ] && kernels="$kernels linux-image-$older linux-headers-$older"

# Only install what is missing, so a second run is quick.
missing=""
for p in $tools $kernels; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	# shellcheck disable=SC2086
	$APT_GET install $missing >/dev/null
fi

echo "deps: kernel releases with image and headers:"
for img in /boot/vmlinuz-*; do
	rel=${img#/boot/vmlinuz-}
	[ -e "/usr/src/linux-headers-$rel/Module.symvers" ] && echo "  $rel"
done
exit 0
