#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-unit.sh: unit.c, the checks of libmodverify's pieces the command
# line cannot reach, linked against the ASan+UBSan libmodverify.a with the
# flags userspace/Makefile gives.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lib_flags
UNIT=$BUILD/host-unit
mkdir -p "$UNIT"
if "$CC" "${LIB_CPPFLAGS[@]}" "${LIB_CFLAGS[@]}" -O1 -g "${SAN_FLAGS[@]}" \
	"$HOST/unit.c" "$ASAN_DIR/libmodverify.a" "${LIB_LDLIBS[@]}" \
	-o "$UNIT/unit" > "$W/unit.log" 2>&1; then
	"$UNIT/unit" "$FIX" > "$W/unit.out" 2> "$W/unit.err"
	urc=$?
	cat "$W/unit.out"
	mv_checks_failed=$((mv_checks_failed + $(grep -c '^FAIL: ' "$W/unit.out")))
	if [ -s "$W/unit.err" ]; then
		mv_fail unit/sanitizers "$(head -c 300 "$W/unit.err")"
	elif [ "$urc" != 0 ] && ! grep -q '^FAIL: ' "$W/unit.out"; then
		mv_fail unit/exit "exited $urc without a FAIL line"
	fi
else
	mv_fail unit/build "$(head -c 400 "$W/unit.log")"
fi

finish
