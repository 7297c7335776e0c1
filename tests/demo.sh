#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the default kernel in QEMU, load modverify, then a module
# built for another kernel ABI (a real module_layout mismatch), and show the
# record modverify kept and the reader's diagnosis of it.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

"$TOP/scripts/ensure-deps.sh"

rel=$(mv_default_kernel)
# Another ABI of the same line and flavour if there is one: a module_layout
# mismatch where the kernel has modversions.
other=$(mv_other_kernel "$rel" mv_kabi mv_kflavour)
[ -n "$other" ] || other=$(mv_older_line_kernel "$rel")
[ -n "$other" ] || { echo "demo: ERROR: no other kernel's headers to build for (make deps)" >&2; exit 1; }
work=$TOP/build/demo
mkdir -p "$work/share"

echo "demo: building modverify for $rel, and a test module against $other's headers"
make -s -C "$TOP" reader module-for KERNELS="$rel"
"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$other" "$work/mv_good" >/dev/null
cp "$work/mv_good/mv_good.ko" "$work/share/"

color=never
[ -t 1 ] && [ -z "${NO_COLOR:-}" ] && color=always
echo "demo: booting $rel in QEMU"
echo
"$TOP/tests/qemu/vm-run" --kernel "$rel" --share "$work/share" -- "
	echo '# insmod mv_good.ko    (built against $other)'
	insmod mv_good.ko
	echo
	echo '# cat /sys/kernel/debug/modverify/last'
	cat /sys/kernel/debug/modverify/last
	echo
	echo '# modverify'
	modverify --color=$color
	true"
