#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ensure-deps.sh [RELEASE...]: run deps.sh only when something the run needs
# is missing, so that `make demo` and `make check` work on a fresh machine
# and start at once on a prepared one.  Needed: the tools; without RELEASEs
# (the default run) three 6.1 kernels on this host (the default one, and
# another ABI and flavour for the cross-kernel scenarios), which needs
# neither backports nor the chroot; with RELEASEs, each of them, image,
# headers and its build environment's tools.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$top/tests/lib/kernels.sh"

# The tools builds and tests run in a release's environment (a chroot has
# its own; the host's are checked with the others below).
env_ready()
{
	"$MV_KENV" "$1" -- sh -c 'for t in make modinfo bpftool pahole dkms zstd xz; do
		command -v "$t" >/dev/null || exit 1; done' 2>/dev/null
}

# Print why deps.sh must run, or nothing.
missing()
{
	local tool rel have

	for tool in qemu-system-x86_64 busybox cpio kmod bpftool lz4 xz zstd jq openssl gcc make dkms \
		    systemd-analyze unshare debootstrap clang dpkg-buildpackage dh_dkms lintian; do
		command -v "$tool" >/dev/null || { echo "$tool"; return; }
	done
	# modverify watch, the BPF backend, is built with libbpf's headers
	[ -f /usr/include/bpf/libbpf.h ] || { echo "libbpf-dev"; return; }
	if [ $# = 0 ]; then
		[ -n "$(mv_default_kernel)" ] || { echo "a $MV_DEFAULT_LINE cloud kernel"; return; }
		have=$(mv_host_kernels | while read -r rel; do
			[ "$(mv_kversion "$rel")" = "$MV_DEFAULT_LINE" ] && echo "$rel"; done | wc -l)
		[ "$have" -ge 3 ] || echo "three $MV_DEFAULT_LINE kernels"
		return
	fi
	have=" $(mv_kernels | tr '\n' ' ') "
	for rel in "$@"; do
		case $have in
		*" $rel "*) env_ready "$rel" || { echo "tools in $rel's build environment"; return; } ;;
		*) echo "kernel $rel"; return ;;
		esac
	done
}

why=$(missing "$@")
[ -n "$why" ] || exit 0
# A default run needs no backports and no chroot: do not install them.
scope=
[ $# -gt 0 ] || scope=--minimal
echo "ensure-deps: missing $why: running scripts/deps.sh $scope"
# shellcheck disable=SC2086 # no argument for a full run
"$top/scripts/deps.sh" $scope
why=$(missing "$@")
if [ -n "$why" ]; then
	echo "ensure-deps: ERROR: still missing after scripts/deps.sh: $why" >&2
	exit 1
fi
