#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-fuzz.sh: libFuzzer runs of the record parser and of the module
# reader and predictor, each with everything downstream (diagnosis, text
# and JSON), for a bounded time (MV_FUZZ_SECONDS, default 15).
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lib_flags
FUZZ_SECONDS=${MV_FUZZ_SECONDS:-15}
FUZZ_LIB=$BUILD/host-fuzz-lib

# libmodverify.a instrumented for libFuzzer, built once for both harnesses
fuzz_lib()
{
	make -s -C "$TOP/userspace" O="$FUZZ_LIB" CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
		"$FUZZ_LIB/libmodverify.a" > "$W/fuzz-lib.log" 2>&1
}

# fuzz NAME HARNESS DIR SEEDS... [-- LIBFUZZER-OPTIONS]: build HARNESS with
# the instrumented libmodverify.a, seed DIR/corpus with SEEDS (plus what
# earlier runs found) and run it for MV_FUZZ_SECONDS
fuzz()
{
	local n=$1 harness=$2 dir=$3 bin i seeds=() opts=()

	bin=$W/$(basename "$2" .c)

	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		seeds+=("$1")
		shift
	done
	[ "${1-}" = -- ] && shift
	opts=("$@")
	if ! command -v clang >/dev/null; then
		mv_skip "$n" "clang is not installed"
		return
	fi
	if ! fuzz_lib; then
		mv_fail "$n/build" "libmodverify.a: $(head -c 300 "$W/fuzz-lib.log")"
		return
	fi
	if ! clang "${LIB_CPPFLAGS[@]}" "${LIB_CFLAGS[@]}" -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		"$harness" "$FUZZ_LIB/libmodverify.a" "${LIB_LDLIBS[@]}" \
		-o "$bin" > "$W/fuzz.log" 2>&1; then
		if grep -q 'fsanitize=fuzzer\|libclang_rt.fuzzer' "$W/fuzz.log"; then
			mv_skip "$n" "clang has no libFuzzer runtime (libclang-rt-dev)"
		else
			mv_fail "$n/build" "$(head -c 300 "$W/fuzz.log")"
		fi
		return
	fi
	mkdir -p "$dir/corpus" "$dir/artifacts"
	# Numbered: seeds from different kernels' directories share names.
	for i in "${!seeds[@]}"; do
		cp "${seeds[$i]}" "$dir/corpus/seed$i-$(basename "${seeds[$i]}")"
	done
	if (cd "$dir" && "$bin" -max_total_time="$FUZZ_SECONDS" \
		-artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
		"${opts[@]}" corpus > "$W/fuzz.out" 2>&1); then
		mv_pass "$n"
	else
		mv_fail "$n" "crash, input saved in $dir/artifacts: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$W/fuzz.out")"
	fi
}

fuzz fuzz/record-parser "$HOST/fuzz/fuzz_record.c" "$BUILD/host-fuzz" \
	"$FIX"/*.rec -- -dict="$HOST/fuzz/record.dict"
# the ELF parser and the prediction: seeded with the modules test-check.sh
# was run on (real, broken, compressed, synthetic), else with the kernel's
mapfile -t elf_seeds < <(find "$CHECK_DIR" /lib/modules -name '*.ko*' ! -name '*.cmd' \
	-type f -size -2M 2>/dev/null | head -n 200)
fuzz fuzz/module-parser "$HOST/fuzz/fuzz_elfmod.c" "$BUILD/host-fuzz-elf" \
	"${elf_seeds[@]}" -- -max_len=262144

finish
