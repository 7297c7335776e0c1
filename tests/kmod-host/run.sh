#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod-host's `make check`: build, run each configuration's unit tests,
# then the two fuzzers for FUZZ_SECONDS each.  One "PASS: kmod-host/..." or
# "FAIL: kmod-host/...: why" line per test; exit status 1 if any failed.
# Nothing is skipped: a missing libFuzzer runtime is a FAIL naming the
# package to install.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
B=${B:?} FUZZ_SECONDS=${FUZZ_SECONDS:-20} FUZZ_CC=${FUZZ_CC:-clang}
failed=0
mkdir -p "$B"

fail() { echo "FAIL: kmod-host/$1: $2"; failed=1; }
pass() { echo "PASS: kmod-host/$1"; }

for cfg in $CONFIGS; do
	if ! $MAKE --no-print-directory -C "$here" "$B/$cfg/unit" > "$B/build-$cfg.log" 2>&1; then
		fail "$cfg/build" "$(grep -m3 -E 'error|Error' "$B/build-$cfg.log" | tr '\n' ' ' | head -c 400) (log: $B/build-$cfg.log)"
		continue
	fi
	pass "$cfg/build"
	"$B/$cfg/unit" > "$B/unit-$cfg.out" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL): ' "$B/unit-$cfg.out"
	if grep -q '^FAIL: ' "$B/unit-$cfg.out"; then
		failed=1
	elif [ "$rc" != 0 ]; then
		fail "$cfg/unit" "exited $rc without a FAIL line: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$B/unit-$cfg.out")"
	fi
done

# fuzz NAME: build/fuzz/NAME from the seeds mkseeds writes, FUZZ_SECONDS.
fuzz()
{
	local n=$1 bin=$B/fuzz/$1 dir=$B/fuzz/$1.run
	local log=$B/fuzz/$1.log

	if ! command -v "$FUZZ_CC" > /dev/null; then
		fail "$n" "$FUZZ_CC is not installed (Debian: apt-get install clang-14 libclang-rt-14-dev)"
		return
	fi
	mkdir -p "$B/fuzz"
	if ! $MAKE --no-print-directory -C "$here" "$bin" "$B/fuzz/mkseeds" > "$log" 2>&1; then
		if grep -q 'fuzzer' "$log" && grep -qiE 'cannot find|no such file|not found' "$log"; then
			fail "$n/build" "$FUZZ_CC has no libFuzzer runtime: install libclang-rt-14-dev (clang-14)"
		else
			fail "$n/build" "$(grep -m3 -E 'error|Error' "$log" | tr '\n' ' ' | head -c 400) (log: $log)"
		fi
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/artifacts"
	if ! "$B/fuzz/mkseeds" "$dir/corpus" >> "$log" 2>&1; then
		fail "$n/seeds" "mkseeds failed (log: $log)"
		return
	fi
	if (cd "$dir" && "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=65536 \
		-rss_limit_mb=2048 -artifact_prefix="$dir/artifacts/" \
		-print_final_stats=1 corpus > "$dir/fuzz.out" 2>&1); then
		pass "$n"
	else
		fail "$n" "$(grep -m1 -E 'work bound|ERROR|runtime error|SUMMARY' "$dir/fuzz.out") (input saved in $dir/artifacts)"
	fi
}
# The signature and .modinfo keys of real signed modules, as parsed at
# load_module() entry, against modinfo on the same file (the oracle).
modinfo_oracle()
{
	local ko unit=$B/k6.1-mv/unit dir=$B/modinfo key want got n=0 name
	local keys="sig_id signer sig_key sig_hashalgo intree retpoline license depends"

	mkdir -p "$dir"
	for ko in /lib/modules/*/kernel/fs/isofs/isofs.ko* /lib/modules/*/kernel/drivers/cdrom/cdrom.ko*; do
		[ -f "$ko" ] || continue
		name=modinfo/$(echo "$ko" | cut -d/ -f4)/$(basename "$ko")
		case $ko in
		*.xz) xz -dc "$ko" > "$dir/m.ko" ;;
		*.zst) zstd -qdc "$ko" > "$dir/m.ko" ;;
		*.gz) gzip -dc "$ko" > "$dir/m.ko" ;;
		*) cp "$ko" "$dir/m.ko" ;;
		esac || { fail "$name" "cannot decompress $ko"; continue; }
		if ! "$unit" --record "$dir/m.ko" > "$dir/m.rec" 2>&1; then
			fail "$name" "unit --record failed: $(head -c 300 "$dir/m.rec")"
			continue
		fi
		for key in $keys; do
			want=$(modinfo -F "$key" "$ko" | head -n 1)
			got=$(sed -n "s/^$key: //p" "$dir/m.rec")
			[ "$got" = - ] && got=
			if [ "$got" != "$want" ]; then
				fail "$name" "$key: record '$got', modinfo '$want'"
				continue 2
			fi
		done
		pass "$name"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || echo "SKIP: kmod-host/modinfo (no /lib/modules/*/kernel/fs/isofs/isofs.ko* on this host)"
}
[ -x "$B/k6.1-mv/unit" ] && modinfo_oracle

fuzz fuzz-image
fuzz fuzz-image-linear

exit "$failed"
