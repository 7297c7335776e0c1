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
	else
		echo "FAIL: build/$rel: $(grep -i -m1 -e warning -e error <<<"$log")"
		printf '%s\n' "$log" | sed 's/^/# /'
		failed=1
	fi
done
exit "$failed"
