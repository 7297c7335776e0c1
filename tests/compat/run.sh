#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the version-dependent decoding: build the fixture version
# tables as ELF64 and ELF32 objects, little- and big-endian data, extract
# their sections, and run test-modversions (under ASan/UBSan) on each.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/compat
cc=${CC:-gcc}
rc=0

mkdir -p "$out"
"$cc" -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
	-fno-sanitize-recover=all -I"$top/include/uapi" -I"$here" \
	-o "$out/test-modversions" "$here/test-modversions.c"

# (binutils cannot write a big-endian x86 object: the big-endian variants
# are little-endian ELF files holding big-endian table data.)
for variant in "8 0 -m64" "8 1 -m64 -DFX_BE" "4 0 -m32" "4 1 -m32 -DFX_BE"; do
	set -- $variant
	dir=$out/long$1-be$2
	mkdir -p "$dir"
	"$cc" "${@:3}" -I"$here" -c "$here/fixture.S" -o "$dir/fixture.o"
	for sec in __versions __version_ext_crcs __version_ext_names; do
		objcopy -O binary --only-section="$sec" "$dir/fixture.o" "$dir/$sec.bin"
	done
	"$out/test-modversions" "$1" "$2" "$dir" || rc=1
done
exit "$rc"
