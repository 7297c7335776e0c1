#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bpf-vmlinux-h.sh OUT [RELEASE]: the vmlinux.h `modverify watch`'s BPF
# object is compiled against (CO-RE: any kernel's BTF with the loader's
# types will do, the running kernel relocates it).  From RELEASE's
# /boot/vmlinuz-RELEASE when given; else the running kernel's
# /sys/kernel/btf/vmlinux if it has struct load_info (a kernel built
# without modules has not); else the newest /boot/vmlinuz-* that has it.
set -euo pipefail
out=$1 rel=${2:-}
bpftool=${BPFTOOL:-bpftool}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (no grep -q: bpftool would die of SIGPIPE under pipefail)
has_loader() { "$bpftool" btf dump file "$1" 2>/dev/null | grep "STRUCT 'load_info'" >/dev/null; }

from_image()
{
	"$here/extract-vmlinux.sh" "/boot/vmlinuz-$1" "$tmp/vmlinux" && has_loader "$tmp/vmlinux"
}

if [ -n "$rel" ]; then
	from_image "$rel" || { echo "bpf-vmlinux-h: ERROR: no BTF with struct load_info in /boot/vmlinuz-$rel" >&2; exit 1; }
	src=/boot/vmlinuz-$rel
elif [ -r /sys/kernel/btf/vmlinux ] && has_loader /sys/kernel/btf/vmlinux; then
	src=/sys/kernel/btf/vmlinux
	cp "$src" "$tmp/vmlinux"
else
	src=
	for img in $(printf '%s\n' /boot/vmlinuz-* | sort -rV); do
		if from_image "${img#/boot/vmlinuz-}"; then
			src=$img
			break
		fi
	done
	[ -n "$src" ] || { echo "bpf-vmlinux-h: ERROR: no kernel BTF with struct load_info (/sys/kernel/btf/vmlinux, /boot/vmlinuz-*); give a RELEASE" >&2; exit 1; }
fi
"$bpftool" btf dump file "$tmp/vmlinux" format c > "$tmp/vmlinux.h"
mv "$tmp/vmlinux.h" "$out"
echo "bpf-vmlinux-h: $out from $src" >&2
