#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-agreement.sh RELEASE: does `modverify check` predict what the kernel
# did?  test-core.sh and test-coverage.sh leave, for each scenario, the
# module they loaded in a QEMU guest (build/test-*/RELEASE/share) and what
# the kernel made of it (res-core/, res-main/): insmod's exit status and
# text, and the kernel's messages.  For every scenario that loads a single
# .ko without force flags, this predicts the verdict on the host from
# RELEASE's build tree (`modverify check --kdir`, the headers scripts/kenv
# finds, a chroot's included) and checks the kernel's own outcome against
# it, never modverify's record of the attempt:
#
#   insmod exit  0 where a load is predicted, non-zero where a refusal is;
#   insmod says  the words kmod's insmod has for the predicted errno;
#   dmesg        the messages the kernel prints at the predicted check, and
#                none of the messages of the checks it would not reach:
#                  module_size   "... section size must match the kernel's
#                                built struct module size ..."
#                  a mismatching CRC (module_layout's, an import's)
#                                "M: disagrees about version of symbol S"
#                  an import without a CRC, refused
#                                "M: no symbol version for S"
#                  an import nobody exports (strong, as the .ko's symbol
#                                table says)  "M: Unknown symbol S (err -2)"
#                  vermagic      "M: version magic 'MOD' should be 'KERNEL'"
#                  forced        "M: REASON: kernel tainted." (the boot's
#                                first forced load)
#
# A module check cannot read at all (truncated, headers outside the file)
# agrees with a kernel that refused it as a malformed ELF ("Invalid module
# format") before printing any of the messages above.
#
# Prints PASS/FAIL lines per scenario, then "# agreement: N/M scenarios".
# Run test-core.sh and test-coverage.sh for RELEASE first.
set -uo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

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
	[enforced_intree_foreign]="signature enforcement switched on at run time; keys"
	[intree_own]="its imports are cdrom's exports, and cdrom is not loaded"
	[blacklisted]="module_blacklist= on the kernel command line"
	[lockdown]="lockdown switched on at run time"
	[shared]="overlapping loads of one file share the kernel's one load"
	[btf]="module BTF is validated by the running kernel's verifier, which modverify check does not replay"
)

# The scenario lists and where each test left its inputs and outcomes.
SOURCES=(
	"core test-core/$rel/share/scenarios.core test-core/$rel/res-core"
	"coverage test-coverage/$rel/share/scenarios.main test-coverage/$rel/res-main"
)

# The message families of the kernel's checks (ERE), by the prediction
# that implies one: any the prediction does not imply must be absent.
declare -A FAMILY=(
	[module_size]="section size must match the kernel's built struct module size"
	[crc]="disagrees about version of symbol "
	[unknown]="Unknown symbol .* \\(err -2\\)$"
	[vermagic]="version magic '.*' should be '"
	[forced]=": kernel tainted\\.$"
)

if ! make -s -C "$TOP/userspace" >"$W/make.log" 2>&1; then
	mv_fail "$T/build" "$(head -c 300 "$W/make.log")"
	exit 1
fi
if ! kdir=$(mv_kdir "$rel" 2>"$W/kdir.err"); then
	mv_fail "$T/setup" "$(cat "$W/kdir.err")"
	exit 1
fi

# pfield KEY: the predicted record's value for KEY
pfield() { sed -n "s/^$1: //p" "$W/pred.rec" | head -n1; }
# unquote 'TEXT' -> TEXT
unquote() { local s=${1#\'}; echo "${s%\'}"; }

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

# strong_undefined KO: the names the kernel reports as unknown when nobody
# exports them (readelf: undefined, not weak, not _GLOBAL_OFFSET_TABLE_).
strong_undefined()
{
	readelf -sW "$1" | awk '$7 == "UND" && $5 != "WEAK" && $8 != "" &&
				 $8 != "_GLOBAL_OFFSET_TABLE_" { print $8 }'
}

# expected_messages KO: from the prediction in $W/pred.rec, the kernel
# messages that must appear ("need TEXT") and the families that must not
# ("never FAMILY"), one per line.
expected_messages()
{
	local ko=$1 m decided reason vm vk
	declare -A implied=()

	m=$(pfield module)
	decided=$(pfield decided_by)
	while IFS=$'\t' read -r _ _ _ verdict sym; do
		case $verdict in
		mismatch)
			echo "need $m: disagrees about version of symbol $sym"
			implied[crc]=1
			;;
		missing_refused)
			echo "need $m: no symbol version for $sym"
			;;
		esac
	done < <(grep $'^crc:\t' "$W/pred.rec")
	while IFS=$'\t' read -r _ sym; do
		if grep -qxF -- "$sym" <(strong_undefined "$ko"); then
			echo "need $m: Unknown symbol $sym (err -2)"
			implied[unknown]=1
		fi
	done < <(grep $'^unresolved:\t' "$W/pred.rec")
	case $decided in
	module_size)
		echo "need $m: .gnu.linkonce.this_module ${FAMILY[module_size]}"
		implied[module_size]=1
		;;
	vermagic)
		vm=$(unquote "$(pfield vermagic_module)")
		vk=$(unquote "$(pfield vermagic_kernel)")
		echo "need $m: version magic '$vm' should be '$vk'"
		implied[vermagic]=1
		;;
	forced)
		reason=$(grep -m1 $'^forced:\tok\t' "$W/pred.rec" | cut -f 3)
		echo "need $m: $reason: kernel tainted."
		implied[forced]=1
		;;
	esac
	for f in "${!FAMILY[@]}"; do
		[ -n "${implied[$f]:-}" ] || echo "never $f"
	done
}

# compare NAME RES SHARE KO: the kernel's outcome of scenario NAME (in RES)
# against the prediction in $W/pred.rec, exit status $rc of check.
compare()
{
	local n=$1 out=$2.out dmesg=$2.dmesg krc errname want got what bad=0 line

	krc=$(cat "$2.rc" 2>/dev/null)
	if [ -z "$krc" ] || [ ! -f "$out" ] || [ ! -f "$dmesg" ]; then
		mv_fail "$n" "no outcome of the real attempt in $2.{rc,out,dmesg}"
		return 1
	fi
	if [ "$rc" = 3 ]; then
		errname=ENOEXEC
		want=refused
		# check could not read the image: every family is absent
		for f in "${!FAMILY[@]}"; do echo "never $f"; done > "$W/msgs"
	else
		errname=$(pfield result | cut -d ' ' -f 2)
		[ "$rc" = 0 ] && want=loaded || want=refused
		expected_messages "$3/$4" > "$W/msgs"
	fi
	[ "$krc" = 0 ] && got=loaded || got=refused
	if [ "$got" = "$want" ]; then
		mv_pass "$n/insmod exit"
	else
		mv_fail "$n/insmod exit" "predicted $want (check exit $rc), insmod exited $krc"
		bad=1
	fi
	if [ "$want" = loaded ]; then
		what=$(mv_insmod_said "$out")
		if [ -z "$what" ]; then
			mv_pass "$n/insmod says"
		else
			mv_fail "$n/insmod says" "'$what', no error predicted"
			bad=1
		fi
	else
		what=$(mv_insmod_said "$out")
		if [ "$what" = "$(mv_insmod_text "$errname")" ]; then
			mv_pass "$n/insmod says"
		else
			mv_fail "$n/insmod says" "'$what', predicted $errname: '$(mv_insmod_text "$errname")'"
			bad=1
		fi
	fi
	what=
	while read -r kind line; do
		case $kind in
		need)
			grep -qF -- "$line" "$dmesg" || what="$what; no '$line'"
			;;
		never)
			if grep -qE -- "${FAMILY[$line]}" "$dmesg"; then
				what="$what; unpredicted '$(grep -m1 -E -- "${FAMILY[$line]}" "$dmesg" |
					sed 's/^\[[ 0-9.]*\] //')'"
			fi
			;;
		esac
	done < "$W/msgs"
	if [ -z "$what" ]; then
		mv_pass "$n/dmesg"
	else
		mv_fail "$n/dmesg" "${what#; }"
		bad=1
	fi
	echo "#   predicted: $(pfield decided_by) $(pfield result) (check exit $rc); kernel: insmod exit $krc '$(mv_insmod_said "$out")', $(grep -c 'need' "$W/msgs") messages predicted"
	return "$bad"
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
		: > "$W/pred.rec"
		"$MV" check --kdir "$kdir" --record "$share/$ko" > "$W/pred.rec" 2> "$W/pred.err"
		rc=$?
		case $rc in
		0 | 1 | 3) ;;
		*)
			mv_fail "$T/$test/$name" "modverify check exited $rc: $(head -c 200 "$W/pred.err")"
			continue
			;;
		esac
		compare "$T/$test/$name" "$res/$name" "$share" "$ko" && agreed=$((agreed + 1))
	done < "$list"
done

echo "# not compared: out of scope (the running kernel's state, which a build tree cannot tell) or forced:"
for s in "${skipped[@]}"; do
	echo "#   $s"
done
echo "# agreement: $agreed/$total scenarios"
[ "$mv_checks_failed" = 0 ]
