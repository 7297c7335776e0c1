#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-build.sh [RELEASE...]: build modverify.ko against every installed set
# of kernel headers (or those named), with compiler warnings as errors and
# any modpost warning a failure.  One PASS:/FAIL: line per kernel.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$top/tests/lib/kernels.sh"

releases=("$@")
[ ${#releases[@]} -gt 0 ] || mapfile -t releases < <(mv_kernels)
failed=0
for rel in "${releases[@]}"; do
	log=$(KCFLAGS=-Werror "$top/scripts/build-for.sh" "$rel" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && ! grep -qi 'warning' <<<"$log"; then
		echo "PASS: build/$rel"
		# Probe handlers take their locks with preemption off: on
		# PREEMPT_RT a spinlock_t is a sleeping rt_mutex (rt_spin_lock).
		sleeping=$(nm -u "$top/build/$rel/modverify.ko" |
			awk '$2 ~ /^rt_spin_(lock|unlock|trylock)/ { print $2 }' | tr '\n' ' ')
		if [ -z "$sleeping" ]; then
			echo "PASS: build/$rel/no sleeping locks"
		else
			echo "FAIL: build/$rel/no sleeping locks: modverify.ko calls $sleeping"
			failed=1
		fi
	else
		echo "FAIL: build/$rel: $(grep -i -m1 -e warning -e error <<<"$log")"
		printf '%s\n' "$log" | sed 's/^/# /'
		failed=1
	fi
done
exit "$failed"
