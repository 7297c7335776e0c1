#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the cost of modverify on module loading, measured in one
# guest boot under QEMU -icount (guest CPU time counts instructions, so
# the numbers do not drift with the host).  See docs/performance.md.
#
# BENCH_KERNEL (default: the default kernel), BENCH_SYMBOLS (1000),
# BENCH_ROUNDS (5), BENCH_CYCLES (10 per round and condition), BENCH_ARGS
# (modverify's module parameters, e.g. skip_probes=check_version).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

rel=${BENCH_KERNEL:-$(mv_default_kernel)}
symbols=${BENCH_SYMBOLS:-1000}
rounds=${BENCH_ROUNDS:-5}
cycles=${BENCH_CYCLES:-10}
work=$TOP/build/bench/$rel
share=$work/share

rm -rf "$work"
mkdir -p "$share"
make -s -C "$TOP" module-for KERNELS="$rel"
make -s -C "$TOP/tests/tools"
"$TOP/tests/bench/gen-module.sh" "$rel" "$symbols" "$work/src"
"$TOP/tests/lib/build-module" "$work/src" "$rel" "$work/mv_bench" >/dev/null
cp "$work/mv_bench/mv_bench.ko" "$TOP/build/tools/loadbench" "$TOP/tests/bench/bench-guest.sh" "$share/"

echo "bench: $rel, mv_bench importing $symbols symbols, $rounds rounds x $cycles cycles per condition"
"$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 1800 --share "$share" \
	--qemu-args "-icount shift=0,sleep=off" -- \
	sh bench-guest.sh "$rounds" "$cycles" "${BENCH_ARGS:-}" > "$work/out.txt"

median()
{
	awk -v c="$1" '$1 == "sample" && $2 == c { print $3 }' "$work/out.txt" |
		sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

bare=$(median bare)
mv=$(median modverify)
kp=$(median kprobe_events)
calls=$(awk '$1 == "crc_total" { print $2 }' "$work/out.txt")
printf 'bench: median CPU time of finit_module (ns = guest instructions): bare %s, modverify %s, kprobe_events %s\n' \
	"$bare" "$mv" "$kp"
echo "bench: check_version calls per load: $calls"
echo "bench: record for this module: $(awk '$1 == "record_bytes" { print $2 }' "$work/out.txt") bytes;" \
	"history ring: $(sed -n 's/^history_bytes: //p' "$work/out.txt") bytes"
grep -E 'nmissed=[1-9]' "$work/out.txt" && echo "bench: WARNING: kretprobe misses"
awk -v b="$bare" -v m="$mv" -v k="$kp" -v n="$calls" 'BEGIN {
	printf "bench: modverify/bare %.3f, kprobe_events/bare %.3f, per-call %d instructions\n",
	       m / b, k / b, (m - b) / n
}'
