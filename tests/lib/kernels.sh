# SPDX-License-Identifier: GPL-2.0
#
# Kernel releases the test bed can use, where their files are, and what a
# release string says.  Sourced by bash scripts.  scripts/kenv knows where
# each release lives (this host, or a chroot for kernels whose headers need
# a newer toolchain); these helpers only ask it.

MV_KENV=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/kenv

# Print the releases that can both boot in QEMU (an image) and build modules
# (headers): this host's, oldest first, then the chroots'.
mv_kernels()
{
	"$MV_KENV" --list
}

# Print the releases modules can be built for: with headers, bootable or not
# (an older release's headers give a module built for another kernel).
mv_build_kernels()
{
	"$MV_KENV" --list-headers
}

# Print only the releases whose headers are on this host (no chroot needed).
mv_host_kernels()
{
	local rel

	for rel in $(mv_kernels); do
		[ "$(mv_kdir "$rel")" = "/usr/src/linux-headers-$rel" ] && echo "$rel"
	done
	return 0
}

# mv_kdir REL: REL's headers as this host sees them (to read .config,
# Module.symvers; never to build: builds run in `scripts/kenv REL --`).
mv_kdir()
{
	"$MV_KENV" --kdir "$1"
}

# mv_env_kdir REL: REL's headers inside `scripts/kenv REL --`, on the host
# and in a chroot alike.
mv_env_kdir()
{
	echo "/usr/src/linux-headers-$1"
}

# mv_image REL: REL's kernel image (vmlinuz) as this host sees it.
mv_image()
{
	"$MV_KENV" --image "$1"
}

# mv_moddir REL: REL's installed module tree (/lib/modules/REL) as this host
# sees it: in the same root as its image.
mv_moddir()
{
	local img

	img=$(mv_image "$1") || return
	echo "${img%/boot/vmlinuz-"$1"}/lib/modules/$1"
}

# mv_kconfig REL CONFIG_FOO: the option's value in REL's .config ("y", "m",
# a string), nothing when it is not set.  What a kernel can do is read here,
# never guessed from its release string.
mv_kconfig()
{
	local kdir

	kdir=$(mv_kdir "$1") || return
	sed -n "/^$2=/{s/^$2=//p;q}" "$kdir/.config"
}

# Parts of a Debian release string:
#	6.1.0-57-cloud-amd64		version 6.1   ABI 6.1.0-57        flavour cloud-amd64
#	6.1.0-57-rt-amd64		version 6.1   ABI 6.1.0-57        flavour rt-amd64
#	6.12.117+deb12-cloud-amd64	version 6.12  ABI 6.12.117+deb12  flavour cloud-amd64
#	7.2.13+deb14-cloud-amd64	version 7.2   ABI 7.2.13+deb14    flavour cloud-amd64
# The ABI is what changes when the kernel's interfaces may change (Debian's
# ABI number up to 6.1, the whole upstream version and suffix since).
MV_RELEASE_RE='^([0-9]+\.[0-9]+)((\.[0-9]+)*(-[0-9]+|\+[A-Za-z0-9.~]+)?)(-(.*))?$'

# mv_kversion REL: the x.y line, "6.1".
mv_kversion()
{
	sed -E "s/$MV_RELEASE_RE/\\1/" <<<"$1"
}

# mv_kabi REL: "6.1.0-57", "6.12.117+deb12".
mv_kabi()
{
	sed -E "s/$MV_RELEASE_RE/\\1\\2/" <<<"$1"
}

# mv_kflavour REL: "cloud-amd64", "amd64", "rt-amd64"; empty without one.
mv_kflavour()
{
	sed -E "s/$MV_RELEASE_RE/\\6/" <<<"$1"
}

# mv_kver_ge REL X.Y: true when REL's line is X.Y or newer.
mv_kver_ge()
{
	[ "$(printf '%s\n%s\n' "$2" "$(mv_kversion "$1")" | sort -V | head -n 1)" = "$2" ]
}

# mv_other_kernel REL DIFFER SAME: a release of REL's line with headers
# whose DIFFER part (mv_kabi or mv_kflavour) differs from REL's, one whose
# SAME part matches preferred, oldest first: a module built for it is a
# real cross-kernel module.  Nothing when there is none.
mv_other_kernel()
{
	local rel=$1 k pick=""

	for k in $(mv_build_kernels); do
		[ "$(mv_kversion "$k")" = "$(mv_kversion "$rel")" ] || continue
		[ "$("$2" "$k")" != "$("$2" "$rel")" ] || continue
		if [ "$("$3" "$k")" = "$("$3" "$rel")" ]; then
			echo "$k"
			return
		fi
		[ -n "$pick" ] || pick=$k
	done
	echo "$pick"
}

# mv_older_line_kernel REL: the newest release with headers of a line older
# than REL's, of REL's flavour if there is one.
mv_older_line_kernel()
{
	local k pick="" any=""

	for k in $(mv_build_kernels); do
		! mv_kver_ge "$k" "$(mv_kversion "$1")" || continue
		any=$k
		[ "$(mv_kflavour "$k")" != "$(mv_kflavour "$1")" ] || pick=$k
	done
	echo "${pick:-$any}"
}

# Debian 12's own kernel line; newer lines come from backports or a chroot.
MV_DEFAULT_LINE=6.1

# Print the release tests run on by default: $MODVERIFY_KERNEL, else the
# newest cloud flavour (the smallest image, and LZ4: the fastest under TCG)
# of Debian 12's own line installed on this host, so that a fresh
# `make check` or `make demo` needs neither backports nor the chroot.
mv_default_kernel()
{
	local rel pick=

	if [ -n "${MODVERIFY_KERNEL:-}" ]; then
		echo "$MODVERIFY_KERNEL"
		return
	fi
	for rel in $(mv_host_kernels); do
		if [ "$(mv_kversion "$rel")" = "$MV_DEFAULT_LINE" ] &&
		   [ "$(mv_kflavour "$rel")" = cloud-amd64 ]; then
			pick=$rel
		fi
	done
	echo "$pick"
}
