#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-reader-install.sh: `make -C userspace install` and `uninstall` into
# a staging DESTDIR: the paths packaging relies on.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- install, uninstall ----------------------------------------------------

n=install
dest=$W/dest
if make -s -C "$TOP/userspace" O="$BUILD/host-gcc" DESTDIR="$dest" install > "$W/err" 2>&1; then
	for f in usr/local/bin/modverify usr/local/share/man/man8/modverify.8 \
		 usr/local/share/bash-completion/completions/modverify; do
		if [ -f "$dest/$f" ]; then
			mv_pass "$n/$f"
		else
			mv_fail "$n/$f" "not installed"
		fi
	done
	make -s -C "$TOP/userspace" O="$BUILD/host-gcc" DESTDIR="$dest" uninstall > "$W/err" 2>&1
	left=$(find "$dest" -type f | wc -l)
	if [ "$left" = 0 ]; then
		mv_pass "$n/uninstall"
	else
		mv_fail "$n/uninstall" "$left files left"
	fi
else
	mv_fail "$n/make-install" "$(head -c 300 "$W/err")"
fi

finish
