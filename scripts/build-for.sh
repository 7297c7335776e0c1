#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-for.sh RELEASE: build modverify.ko for an installed kernel's headers
# into build/RELEASE/modverify.ko, from a copy of the sources in
# build/RELEASE/src (kbuild writes its objects next to the sources).
set -euo pipefail

rel=$1
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=/usr/src/linux-headers-$rel
out=$top/build/$rel
src=$out/src

[ -f "$kdir/Makefile" ] || {
	echo "build-for: ERROR: no headers for $rel in $kdir (install linux-headers-$rel)" >&2
	exit 1
}
mkdir -p "$src/kmod"
# -u keeps the copies' timestamps when unchanged, so rebuilds are incremental.
cp -u "$top/Kbuild" "$src/"
cp -u "$top"/kmod/*.[ch] "$src/kmod/"
cp -ru "$top/include" "$src/"
# Kbuild's note on the missing vmlinux is noise here; its status counts.
rc=0
make -s -f "$top/Makefile" -C "$src" module KDIR="$kdir" > "$out/build.log" 2>&1 || rc=$?
grep -v '^Skipping BTF generation' "$out/build.log" >&2 || true
[ "$rc" = 0 ] || exit "$rc"
cp "$src/modverify.ko" "$out/modverify.ko"
