#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps-rootfs.sh [RELEASE...]: the Debian 12 root file system that the
# package test (tests/qemu/test-deb.sh) boots: made with debootstrap, with
# systemd as PID 1, apt, dkms, a compiler, what modverify-dkms and modverify
# depend on, and for each RELEASE its linux-image (modules, initramfs) and
# linux-headers packages.  The guest has no network, so everything
# `apt install ./modverify*.deb` needs is installed here, once.
#
# Output, under $MODVERIFY_ROOTFS (default /var/lib/modverify/rootfs):
#   bookworm.img              ext4 image of the root (mkfs.ext4 -d), label mvroot
#   boot/vmlinuz-RELEASE      the kernel and the initramfs the root's own
#   boot/initrd.img-RELEASE   packages made, to boot it with qemu -kernel
#   bookworm.stamp            what the image was made from; same stamp, no rebuild
#
# A test hook is part of the image: at boot, modverify-test-hook.service
# mounts the disk labelled mvshare (if any) on /share and runs /share/guest.sh.
# RELEASE defaults to every kernel whose headers this host (Debian 12) has:
# the kernels DKMS can build for in a Debian 12 system, the 7.x kernel of
# the chroot not among them (its headers need gcc-16 and glibc >= 2.38).
# Run as root (debootstrap, chroot); takes a few minutes.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

out=${MODVERIFY_ROOTFS:-/var/lib/modverify/rootfs}
mirror=${MODVERIFY_MIRROR:-http://deb.debian.org/debian}
security=${MODVERIFY_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# What the guest needs besides the kernels: systemd and udev for a real boot,
# DKMS with its compiler, what the packages depend on (debian/control), and
# kmod's tools.  One missing fails tests/qemu/test-deb.sh: apt would need the
# network to install it.
packages="systemd-sysv udev kmod apt dkms gcc make libc6-dev bpftool lz4 xz-utils zstd jq
	liblzma5 libzstd1 zlib1g initramfs-tools e2fsprogs"

die()
{
	echo "deps-rootfs: ERROR: $*" >&2
	exit 1
}

note()
{
	echo "deps-rootfs: $*"
}

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
for tool in debootstrap mkfs.ext4 unshare; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh installs it)"
done

rels=("$@")
if [ ${#rels[@]} = 0 ]; then
	mapfile -t rels < <(mv_host_kernels)
	[ ${#rels[@]} != 0 ] || die "no kernel headers on this host (scripts/deps.sh)"
	grep -qxF "$(mv_default_kernel)" < <(printf '%s\n' "${rels[@]}") ||
		die "the default test kernel has no headers on this host (scripts/deps.sh)"
fi

stamp="script $(sha256sum "${BASH_SOURCE[0]}" | cut -c 1-16) kernels ${rels[*]}"
if [ -f "$out/bookworm.img" ] && [ "$(cat "$out/bookworm.stamp" 2>/dev/null)" = "$stamp" ]; then
	note "present: $out/bookworm.img (${rels[*]})"
	exit 0
fi

root=$out/bookworm.root
rm -rf --one-file-system "$root" "${out:?}/bookworm.img" "${out:?}/bookworm.stamp" "${out:?}/boot"
mkdir -p "$out/boot"

# in_root CMD...: CMD in the root, in a private mount namespace with /proc.
in_root()
{
	# shellcheck disable=SC2016 # $0 is expanded by that sh: the root
	unshare -m -- sh -c 'mount --make-rprivate / && mount -t proc proc "$0/proc" &&
		exec chroot "$0" "$@"' "$root" \
		env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

note "debootstrap bookworm into $root (a few minutes)"
# shellcheck disable=SC2086 # a list of package names
debootstrap --variant=minbase --include="$(echo $packages | tr ' ' ',')" bookworm "$root" \
	"$mirror" >"$out/debootstrap.log" 2>&1 ||
	die "debootstrap failed: $(tail -n 5 "$out/debootstrap.log")"

# The kernels come from the same suites as this host's: bookworm-security
# carries the current 6.1 ABI and the 6.12 line.
cat >"$root/etc/apt/sources.list" <<-EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
in_root apt-get -q update >"$out/apt.log" 2>&1 || die "apt-get update failed: $(tail -n 3 "$out/apt.log")"
kpkgs=
for rel in "${rels[@]}"; do
	kpkgs="$kpkgs linux-image-$rel linux-headers-$rel"
done
note "installing$kpkgs"
# shellcheck disable=SC2086 # a list of package names
in_root apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends install $kpkgs \
	>>"$out/apt.log" 2>&1 || die "installing the kernels failed: $(tail -n 5 "$out/apt.log")"
in_root apt-get -q clean

# A fixed machine id (no first-boot setup), the root on the first disk, a
# root login on the console for debugging, and nothing that waits for the
# network or runs a timer during the test.
echo 7a3f1e5c9b2d4e6f8a0c1b3d5e7f9a2c >"$root/etc/machine-id"
echo modverify-guest >"$root/etc/hostname"
echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$root/etc/fstab"
in_root passwd -d root >/dev/null
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
	 fstrim.timer dpkg-db-backup.timer; do
	ln -sfn /dev/null "$root/etc/systemd/system/$u"
done
cat >"$root/etc/systemd/system/modverify-test-hook.service" <<-'EOF'
[Unit]
Description=Test hook: run /share/guest.sh from the disk labelled mvshare
After=multi-user.target
ConditionPathExists=/dev/disk/by-label/mvshare

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'mkdir -p /share && mount -o ro LABEL=mvshare /share && exec /bin/sh /share/guest.sh'

[Install]
WantedBy=multi-user.target
EOF
in_root systemctl enable modverify-test-hook.service >/dev/null 2>&1 ||
	die "systemctl enable modverify-test-hook.service failed"

for rel in "${rels[@]}"; do
	for f in vmlinuz initrd.img; do
		[ -f "$root/boot/$f-$rel" ] || die "the root has no /boot/$f-$rel"
		cp "$root/boot/$f-$rel" "$out/boot/"
	done
	[ -e "$root/lib/modules/$rel/build/Makefile" ] || die "the root has no headers for $rel"
done

note "making $out/bookworm.img"
mkfs.ext4 -q -F -L mvroot -d "$root" "$out/bookworm.img.tmp" 6G >/dev/null ||
	die "mkfs.ext4 -d failed"
mv "$out/bookworm.img.tmp" "$out/bookworm.img"
rm -rf --one-file-system "$root"
echo "$stamp" >"$out/bookworm.stamp"
note "ready: $out/bookworm.img (${rels[*]})"
