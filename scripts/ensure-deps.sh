#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ensure-deps.sh: run deps.sh unless everything it installs is already here
# (tools, and three kernels with image and headers), so that `make demo` and
# `make check` work on a fresh machine.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$top/tests/lib/kernels.sh"

for tool in qemu-system-x86_64 busybox cpio kmod bpftool lz4 xz jq openssl gcc make dkms systemd-analyze; do
	command -v "$tool" >/dev/null || exec "$top/scripts/deps.sh"
done
[ "$(mv_kernels | wc -l)" -ge 3 ] || exec "$top/scripts/deps.sh"
