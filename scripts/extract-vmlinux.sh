#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# extract-vmlinux.sh BZIMAGE OUT: write the uncompressed ELF vmlinux held in
# a bzImage (as /boot/vmlinuz-* from Debian) to OUT.  Debian's kernels keep
# the .BTF section in it, which is all modverify needs.  The kernel source's
# scripts/extract-vmlinux does the same, but the headers packages lack it.
set -euo pipefail
export LC_ALL=C

img=$1 out=$2
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

is_elf() {
	[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]
}

# try MAGIC(grep -P bytes) DECOMPRESSOR...: decompress from each place the
# magic occurs until the result is an ELF file.
try() {
	local magic=$1 pos
	shift
	for pos in $(grep -aboP "$magic" "$img" | cut -d: -f1); do
		tail -c "+$((pos + 1))" "$img" | "$@" > "$tmp" 2>/dev/null || true
		if [ -s "$tmp" ] && is_elf "$tmp"; then
			mv "$tmp" "$out"
			exit 0
		fi
	done
}

command -v lz4 >/dev/null && try '\x02\x21\x4c\x18' lz4 -dc
command -v xz >/dev/null && try '\xfd\x37\x7a\x58\x5a\x00' xz -dc
command -v zstd >/dev/null && try '\x28\xb5\x2f\xfd' zstd -dc
try '\x1f\x8b\x08' gzip -dc
echo "extract-vmlinux: no vmlinux found in $img (need lz4, xz-utils, zstd or gzip)" >&2
exit 1
