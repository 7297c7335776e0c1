#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-agreement.sh RELEASE: does `modverify check` predict what the kernel
# did?  test-core.sh and test-coverage.sh leave, for each scenario, the
# module they loaded in a QEMU guest (build/test-*/RELEASE/share) and the
# record modverify.ko wrote of the kernel's real verdict (res-core/,
# res-main/).  For every scenario that loads a single .ko without force
# flags, this predicts the verdict on the host from RELEASE's build tree
# (`modverify check --kdir`, the headers scripts/kenv finds, a chroot's
# included) and compares it with the real record:
# the deciding check, the result (errno), and the mismatching CRC pairs.
#
# A module check cannot read at all (truncated, headers outside the file)
# agrees with a kernel that refused it as a malformed ELF: both refuse it
# before any other check.
#
# Prints one PASS/FAIL line per scenario, then "# agreement: N/M scenarios".
# Run test-core.sh and test-coverage.sh for RELEASE first.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

[ $# -eq 1 ] || { echo "usage: test-agreement.sh RELEASE" >&2; exit 2; }
rel=$1
T=agreement/$rel
MV=$TOP/userspace/modverify
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# Scenarios whose outcome depends on the running kernel's state, which a
# build tree cannot tell: out of scope, neither passes nor failures.
declare -A OUT_OF_SCOPE=(
	[duplicate]="a module of that name is already loaded"
	[init_failure]="the module's own init fails, after an rmmod"
	[enforced_unsigned]="signature enforcement switched on at run time"
	[enforced_untrusted]="signature enforcement switched on at run time; keys"
	[blacklisted]="module_blacklist= on the kernel command line"
	[lockdown]="lockdown switched on at run time"
	[shared]="overlapping loads of one file share the kernel's one load"
	[btf]="module BTF is validated by the running kernel's verifier, which modverify check does not replay"
)

# The scenario lists and where each test left its inputs and records.
SOURCES=(
	"core test-core/$rel/share/scenarios.core test-core/$rel/res-core"
	"coverage test-coverage/$rel/share/scenarios.main test-coverage/$rel/res-main"
)

if ! make -s -C "$TOP/userspace" >"$W/make.log" 2>&1; then
	mv_fail "$T/build" "$(head -c 300 "$W/make.log")"
	exit 1
fi
if ! kdir=$(mv_kdir "$rel" 2>"$W/kdir.err"); then
	mv_fail "$T/setup" "$(cat "$W/kdir.err")"
	exit 1
fi

# field FILE KEY: a record's value for KEY
field() { sed -n "s/^$2: //p" "$1" | head -n1; }
# the errno of a record's result line, "-8 ENOEXEC" -> -8
result_of() { field "$1" result | cut -d' ' -f1; }
# the mismatching and refused CRC pairs, "symbol module kernel verdict"
bad_pairs()
{
	awk -F'\t' '$1 == "crc:" && ($4 == "mismatch" || $4 == "missing_refused" ||
			     $4 == "force_refused") {
		printf "%s %s %s %s;", $5, $2, $3, $4 }' "$1"
}

# module_of COMMAND: the .ko of a single `insmod X.ko` without flags, or ""
module_of()
{
	local cmd=$1 first

	first=${cmd%%[;&|]*}
	# shellcheck disable=SC2086 # split the command into words
	set -- $first
	[ $# -eq 2 ] && [ "$1" = insmod ] && [[ $2 == *.ko ]] || return
	# no second load in the same scenario
	[ "$(grep -oE '(insmod|modprobe)' <<<"$cmd" | wc -l)" = 1 ] || return
	echo "$2"
}

total=0
agreed=0
skipped=()
for src in "${SOURCES[@]}"; do
	read -r test list res <<<"$src"
	list=$TOP/build/$list
	res=$TOP/build/$res
	if [ ! -f "$list" ] || [ ! -d "$res" ]; then
		mv_skip "$T/$test" "no results: run tests/qemu/test-$test.sh $rel first"
		continue
	fi
	share=$(dirname "$list")
	while IFS=$'\t' read -r name cmd; do
		[ -n "$name" ] || continue
		n=$T/$test/$name
		if [ -n "${OUT_OF_SCOPE[$name]:-}" ]; then
			skipped+=("$test/$name: ${OUT_OF_SCOPE[$name]}")
			continue
		fi
		ko=$(module_of "$cmd")
		if [ -z "$ko" ]; then
			# forced loads and the commands that load nothing
			grep -qE 'insmod|modprobe' <<<"$cmd" &&
				skipped+=("$test/$name: not a single insmod without force flags")
			continue
		fi
		total=$((total + 1))
		real=$res/$name.rec
		if [ ! -s "$real" ]; then
			mv_fail "$n" "no record of the real attempt ($real)"
			continue
		fi
		"$MV" check --kdir "$kdir" --record "$share/$ko" > "$W/pred.rec" 2> "$W/pred.err"
		rc=$?
		want="$(field "$real" decided_by) $(result_of "$real") $(bad_pairs "$real")"
		if [ "$rc" = 3 ]; then
			# check could not read the image as a module
			if [ "$(field "$real" decided_by)" = elf ]; then
				agreed=$((agreed + 1))
				mv_pass "$n"
				echo "#   kernel: $want; check: $(sed 's/^modverify: ERROR: [^:]*: //' "$W/pred.err" | head -c 100)"
			else
				mv_fail "$n" "check cannot read $ko ($(head -c 200 "$W/pred.err")), the kernel said: $want"
			fi
			continue
		fi
		got="$(field "$W/pred.rec" decided_by) $(result_of "$W/pred.rec") $(bad_pairs "$W/pred.rec")"
		if [ "$got" = "$want" ] && [ "$rc" = "$([ "$(result_of "$real")" = 0 ] && echo 0 || echo 1)" ]; then
			agreed=$((agreed + 1))
			mv_pass "$n"
			echo "#   kernel and check: $got"
		else
			mv_fail "$n" "predicted '$got' (exit $rc), the kernel: '$want'"
		fi
	done < "$list"
done

echo "# not compared: out of scope (the running kernel's state, which a build tree cannot tell) or forced:"
for s in "${skipped[@]}"; do
	echo "#   $s"
done
echo "# agreement: $agreed/$total scenarios"
[ "$mv_checks_failed" = 0 ]
