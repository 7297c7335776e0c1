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
make -s -f "$top/Makefile" -C "$src" module KDIR="$kdir" 2>&1 |
	grep -v '^Skipping BTF generation' >&2 || true
[ "${PIPESTATUS[0]}" = 0 ] || exit 1
cp "$src/modverify.ko" "$out/modverify.ko"
