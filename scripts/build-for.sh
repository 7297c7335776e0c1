#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-for.sh RELEASE: build modverify.ko for an installed kernel's headers
# into build/RELEASE/modverify.ko, from a copy of the sources in
# build/RELEASE/src (kbuild writes its objects next to the sources).  The
# build runs in RELEASE's build environment (scripts/kenv: this host, or the
# chroot holding headers that need a newer compiler).
set -euo pipefail

rel=$1
top=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=tests/lib/kernels.sh
. "$top/tests/lib/kernels.sh"
out=$top/build/$rel
src=$out/src

kdir=$(mv_kdir "$rel" 2>/dev/null) && [ -f "$kdir/Makefile" ] || {
	echo "build-for: ERROR: no headers for $rel here or in a chroot (install linux-headers-$rel, or run 'make deps')" >&2
	exit 1
}
mkdir -p "$src/kmod"
# -u keeps the copies' timestamps when unchanged, so rebuilds are incremental.
cp -u "$top/Kbuild" "$src/"
cp -u "$top"/kmod/*.[ch] "$src/kmod/"
cp -ru "$top/include" "$src/"
# Kbuild's note on the missing vmlinux is noise here; its status counts.
rc=0
"$MV_KENV" "$rel" -- make -s -f "$top/Makefile" -C "$src" module KDIR="$(mv_env_kdir "$rel")" \
	> "$out/build.log" 2>&1 || rc=$?
grep -v '^Skipping BTF generation' "$out/build.log" >&2 || true
[ "$rc" = 0 ] || exit "$rc"
cp "$src/modverify.ko" "$out/modverify.ko"
