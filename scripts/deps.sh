#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing modverify needs, from Debian's packages:
# the toolchain, QEMU and the initramfs tools, and the kernel matrix, each
# kernel with its headers:
#   6.1 (Debian 12's own line): current cloud, an older cloud ABI, generic
#       amd64 and the rt flavour;
#   6.12: the newest cloud kernel of bookworm-backports (added as a source
#       when missing, never pinned above the system's own packages);
#   7.x: the newest cloud kernel of sid, in a chroot (scripts/deps-chroot.sh:
#       its headers need gcc-16 and glibc >= 2.38).
# Also the Debian packaging tools (make deb and its lintian check).  The
# package test's Debian 12 root (scripts/deps-rootfs.sh) is made by
# `make check-deb`, which alone needs it.
# With --minimal, only the tools and the 6.1 kernels: what a default
# `make check` or `make demo` needs (scripts/ensure-deps.sh).
# Idempotent; must run as root.  Prints the kernel releases made available.
set -euo pipefail

minimal=0
case ${1:-} in
--minimal) minimal=1 ;;
"") ;;
*) echo "usage: deps.sh [--minimal]" >&2; exit 2 ;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get install)" >&2
	exit 1
fi

here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
APT_GET="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends"

# bookworm-backports, as Debian documents it, unless a source has it already.
backports=/etc/apt/sources.list.d/modverify-backports.sources
if [ "$minimal" = 0 ] &&
   ! grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: adding bookworm-backports ($backports)"
	cat >"$backports" <<-'EOF'
	Types: deb
	URIs: http://deb.debian.org/debian
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
fi

apt-get -q update >/dev/null

tools="make gcc libc6-dev liblzma-dev libzstd-dev zlib1g-dev libkmod-dev qemu-system-x86 busybox-static cpio kmod bpftool
	pahole lz4 xz-utils zstd gzip binutils file openssl jq dkms systemd debootstrap util-linux
	clang libclang-rt-14-dev libbpf-dev libelf-dev
	build-essential dpkg-dev debhelper dh-dkms lintian e2fsprogs qemu-utils"
kernels="linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-image-amd64 linux-headers-amd64
	linux-image-rt-amd64 linux-headers-rt-amd64"

# The older cloud ABI of the 6.1 line: the one the stable point release
# ships (the security archive moves faster), provided its headers still
# exist; otherwise the newest older ABI that still has headers.  Only 6.1
# ABIs: madison also lists backports' 6.12 metapackage.
current=$(apt-cache depends linux-headers-cloud-amd64 2>/dev/null |
	sed -n 's/.*Depends: linux-headers-\(6\.1\.[^ ]*-cloud-amd64\)$/\1/p' | head -n1)
older=${MODVERIFY_OLD_ABI:-}
if [ -z "$older" ]; then
	for ver in $(apt-cache madison linux-headers-cloud-amd64 | awk '{print $3}'); do
		abi=$(apt-cache show "linux-headers-cloud-amd64=$ver" 2>/dev/null |
			sed -n 's/^Depends:.*linux-headers-\(6\.1\.[^ ,]*-cloud-amd64\).*/\1/p' | head -n1)
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
		sort -V | tail -n1) || true
fi
[ -n "$older" ] && kernels="$kernels linux-image-$older linux-headers-$older"

# 6.12: the newest backports cloud kernel.  Its packages are named, so apt
# takes them from backports without -t and without upgrading anything else.
have612=$(ls -d /usr/src/linux-headers-6.12.*+deb12-cloud-amd64 2>/dev/null | sort -V | tail -n1) || true
if [ "$minimal" = 1 ]; then
	new612=
elif [ -n "$have612" ] && [ -e "/boot/vmlinuz-${have612#/usr/src/linux-headers-}" ]; then
	new612=${have612#/usr/src/linux-headers-}	# present: no chasing of newer ones
else
	new612=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-cloud-amd64$' |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -n1) || true
fi
if [ -n "$new612" ]; then
	kernels="$kernels linux-image-$new612 linux-headers-$new612"
elif [ "$minimal" = 0 ]; then
	echo "deps: WARNING: no 6.12 cloud kernel in bookworm-backports" >&2
fi

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

[ "$minimal" = 1 ] || "$here/deps-chroot.sh"

echo "deps: kernel releases with image and headers:"
"$here/kenv" --list | sed 's/^/  /'
exit 0
