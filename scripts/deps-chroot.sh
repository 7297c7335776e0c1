#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps-chroot.sh: the build environment of the newest Debian 7.x cloud
# kernel.  Its headers need gcc-16 and glibc >= 2.38, which Debian 12 does
# not have, so they live in a Debian sid chroot (debootstrap --variant=
# minbase) under $MODVERIFY_CHROOTS (default /var/lib/modverify/chroots),
# where scripts/kenv finds them.  Installs there: the toolchain and the
# tools the tests run in a build environment, the headers of the newest
# 7.x cloud kernel in sid, its image (/boot/vmlinuz-<release>, taken from
# linux-binary-<release>) and modules (from linux-modules-<release>) -
# unpacked, not installed: the linux-image package would want an initramfs
# generator, and QEMU boots the image without one - and, when testing
# still has one, the headers of an older 7.x cloud release (a real vermagic
# mismatch for the tests).  Idempotent: skips what is there; set
# MODVERIFY_CHROOT_REFRESH=1 to look for a newer kernel.  Run as root
# (scripts/deps.sh runs it).
set -euo pipefail

CHROOTS=${MODVERIFY_CHROOTS:-/var/lib/modverify/chroots}
root=$CHROOTS/sid
mirror=${MODVERIFY_MIRROR:-http://deb.debian.org/debian}
line=${MODVERIFY_CHROOT_LINE:-7}
# What builds run in the chroot need: kbuild and its compiler, BTF offsets
# (bpftool, pahole, zstd and xz for the image), modinfo, DKMS and signing.
tools="make gcc-16 libc6-dev bpftool pahole kmod zstd xz-utils dkms openssl"

die()
{
	echo "deps-chroot: ERROR: $*" >&2
	exit 1
}

note()
{
	echo "deps-chroot: $*"
}

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"

# in_chroot CMD...: CMD in the chroot, in a private mount namespace with
# /proc (maintainer scripts read it), so nothing stays mounted.
in_chroot()
{
	unshare -m -- sh -c 'mount --make-rprivate / && mount -t proc proc "$0/proc" &&
		exec chroot "$0" "$@"' "$root" \
		env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

APT_GET="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends"

# The releases of our line with image and headers in the chroot.
kernels()
{
	local img rel

	for img in "$root"/boot/vmlinuz-"$line".*; do
		[ -f "$img" ] || continue
		rel=${img##*/vmlinuz-}
		[ -f "$root/usr/src/linux-headers-$rel/Makefile" ] && echo "$rel"
	done | sort -V
}

missing_tools()
{
	local p out=""

	for p in $tools; do
		in_chroot dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			out="$out $p"
	done
	echo "$out"
}

# An interrupted debootstrap leaves its work directory: start over, unless
# something is still mounted below the chroot (then a person must look).
if [ -d "$root/debootstrap" ]; then
	if findmnt -rn -o TARGET | grep -q "^$root/"; then
		die "$root is half made (debootstrap was interrupted) and has mounts below it; unmount them, remove $root, run again"
	fi
	note "$root is half made (debootstrap was interrupted): starting over"
	rm -rf --one-file-system "$root"
fi

if [ ! -x "$root/usr/bin/apt-get" ]; then
	command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
	mkdir -p "$CHROOTS"
	note "debootstrap sid into $root (a few minutes)"
	debootstrap --variant=minbase sid "$root" "$mirror" >/dev/null ||
		die "debootstrap sid $root $mirror failed"
fi

# sid's Release file can be past its Valid-Until when the mirror lags.
conf=$root/etc/apt/apt.conf.d/99modverify
if ! grep -qs 'Check-Valid-Until "false"' "$conf"; then
	echo 'Acquire::Check-Valid-Until "false";' >"$conf"
fi
# testing keeps the previous 7.x release a while after sid moved on; with
# the same priority, sid's newer versions still win for everything else.
src=$root/etc/apt/sources.list.d/modverify-testing.sources
if [ ! -f "$src" ]; then
	printf 'Types: deb\nURIs: %s\nSuites: testing\nComponents: main\n' "$mirror" >"$src"
	rm -f "$root/var/lib/apt/lists/"*_Release 2>/dev/null || true	# forces the update below
fi

have=$(kernels | tail -n 1)
todo=$(missing_tools)
if [ -n "$have" ] && [ -d "$root/usr/lib/modules/$have/kernel" ] && [ -z "$todo" ] &&
   [ "${MODVERIFY_CHROOT_REFRESH:-0}" != 1 ]; then
	note "present: $have in $root"
	exit 0
fi

in_chroot apt-get -q update >/dev/null || die "apt-get update in $root failed"
if [ -n "$todo" ]; then
	note "installing$todo"
	# shellcheck disable=SC2086 # a list of package names
	in_chroot $APT_GET install $todo >/dev/null || die "installing$todo in $root failed"
fi

# The newest cloud release of the line: the kernel tested.
releases=$(in_chroot apt-cache search --names-only "^linux-headers-$line\\.[0-9.]+\\+deb[0-9]+-cloud-amd64\$" |
	awk '{ print $1 }' | sed 's/^linux-headers-//' | sort -V)
rel=$(tail -n 1 <<<"$releases")
[ -n "$rel" ] || die "no linux-headers-$line.*-cloud-amd64 in sid or testing"

if [ ! -f "$root/usr/src/linux-headers-$rel/Makefile" ]; then
	note "installing linux-headers-$rel"
	in_chroot $APT_GET install "linux-headers-$rel" >/dev/null ||
		die "installing linux-headers-$rel in $root failed"
fi
# unpack PACKAGE: its files into the chroot, without dpkg's bookkeeping.
unpack()
{
	note "unpacking $1"
	rm -rf "$root/var/tmp/modverify-debs"
	mkdir -p "$root/var/tmp/modverify-debs"
	in_chroot sh -c "cd /var/tmp/modverify-debs && apt-get -q -o APT::Sandbox::User=root download $1 >/dev/null &&
		dpkg-deb -x ${1}_*.deb /" || die "downloading or unpacking $1 failed"
	rm -rf "$root/var/tmp/modverify-debs"
}

# Its own modules: what tests read the kernel's struct module size from.
[ -d "$root/usr/lib/modules/$rel/kernel" ] || unpack "linux-modules-$rel"
if [ ! -f "$root/boot/vmlinuz-$rel" ]; then
	unpack "linux-binary-$rel"
	[ -f "$root/usr/lib/modules/$rel/vmlinuz" ] ||
		die "linux-binary-$rel has no /usr/lib/modules/$rel/vmlinuz"
	mkdir -p "$root/boot"
	cp "$root/usr/lib/modules/$rel/vmlinuz" "$root/boot/vmlinuz-$rel.tmp"
	mv "$root/boot/vmlinuz-$rel.tmp" "$root/boot/vmlinuz-$rel"
fi

# An older release's headers (headers only: a module built for it is what
# the tests load into $rel).  None reachable is not an error: the tests then
# patch the vermagic's release word instead, and say so.
older=$(grep -vxF "$rel" <<<"$releases" | tail -n 1) || true
if [ -n "$older" ] && [ ! -f "$root/usr/src/linux-headers-$older/Makefile" ]; then
	note "installing linux-headers-$older (an older release, for a real vermagic mismatch)"
	in_chroot $APT_GET install "linux-headers-$older" >/dev/null ||
		note "WARNING: installing linux-headers-$older failed; the tests will patch a vermagic instead"
elif [ -z "$older" ]; then
	note "no older $line.x cloud headers in sid or testing; the tests will patch a vermagic instead"
fi
in_chroot apt-get -q clean
note "ready: $rel in $root"
