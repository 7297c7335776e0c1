#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-build.sh: the reader builds with -Werror under each compiler and
# optimisation the tests use (ASan+UBSan, gcc -O2, clang -O2), and without
# the compression libraries, whose formats are then refused with a clear
# error instead of failing the build.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build()	# build NAME DIR CC CFLAGS LDFLAGS [MAKEVAR=value...]
{
	local name=$1 dir=$2 cc=$3 cflags=$4 ldflags=$5

	shift 5
	if make -s -C "$TOP/userspace" O="$dir" CC="$cc" CFLAGS="$cflags" \
		LDFLAGS="$ldflags" "$@" >"$W/build.log" 2>&1; then
		mv_pass "$name"
		return 0
	fi
	mv_fail "$name" "$(tr '\n' ' ' < "$W/build.log" | cut -c1-400)"
	return 1
}

build build/asan "$ASAN_DIR" "$CC" "-O1 -g $SAN" "$SAN"
build build/gcc-O2 "$BUILD/host-gcc" gcc "-O2 -g" ""
if command -v clang >/dev/null; then
	build build/clang-O2 "$BUILD/host-clang" clang "-O2 -g" ""
else
	mv_skip build/clang-O2 "clang is not installed"
fi

# Without liblzma, libzstd, zlib and libkmod: the decoders are stubs
# (-ENOSYS), and so is modprobe's configuration (test-modconf.sh runs it).
nolibs=$BUILD/host-nolibs
if build build/without-compression "$nolibs" "$CC" "-O1 -g $SAN" "$SAN" \
	MV_HAVE_XZ= MV_HAVE_ZSTD= MV_HAVE_GZIP= MV_HAVE_LIBKMOD=; then
	n=build/without-compression
	if nm "$nolibs/modverify" | grep -qE ' U (lzma_|ZSTD_|inflate|kmod_)'; then
		mv_fail "$n/links-none" "$(nm "$nolibs/modverify" | grep -m1 -E ' U (lzma_|ZSTD_|inflate|kmod_)')"
	else
		mv_pass "$n/links-none"
	fi
	for f in "xz:\xfd7zXZ\x00:liblzma" "zstd:\x28\xb5\x2f\xfd:libzstd" "gzip:\x1f\x8b:zlib"; do
		IFS=: read -r fmt magic lib <<< "$f"
		printf "%brest" "$magic" > "$W/m.ko.$fmt"
		"$nolibs/modverify" check "$W/m.ko.$fmt" --symvers /dev/null \
			--vermagic 'x ' > "$W/out" 2> "$W/err"
		rc=$?
		if [ "$rc" = 3 ] && grep -q "^modverify: ERROR: .*$fmt-compressed: this modverify was built without $lib" "$W/err"; then
			mv_pass "$n/$fmt-refused"
		else
			mv_fail "$n/$fmt-refused" "exit $rc: $(head -c 200 "$W/err")"
		fi
	done
fi

finish
