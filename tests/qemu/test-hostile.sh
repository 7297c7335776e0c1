#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-hostile.sh RELEASE: malformed modules.  modverify reads the image at
# load_module() entry, before the kernel has validated it, so it must not
# add an oops, a warning or a hang on any input, must not change what the
# kernel does with it, and must still record each attempt with the errno
# the loader returned.
#
#   1. bare boot (no modverify): load every copy komangle made of each of
#      HOSTILE_MODULES (default mv_good; "mv_good mv_initfail" doubles the
#      corpus): "rejected", headers this kernel's own validation rejects,
#      and "contents", valid headers over mangled tables modverify parses
#      (__versions, .modinfo, .strtab, .symtab), which the kernel may load
#      or refuse; vm-run fails the boot on any oops, warning or lockdep
#      report, a D or W taint, or a timeout;
#   2. the same corpus with modverify loaded: for every input the outcome
#      of the bare boot (insmod's exit status and text: a load turned into
#      a refusal, a refusal into a load or another errno is a defect), one
#      record each with that errno (decided by the ELF checks for the
#      rejected headers), and a clean kernel log;
#   3. an input 6.1 crashes on (a section name past the name table, which
#      6.1 reads after relocation), first in a bare boot: where the bare
#      kernel crashes, the boot with modverify must die too, and
#      modverify's line naming the module and the defect must come before
#      the crash in the serial log; where the bare kernel refuses it
#      cleanly (6.13's ELF checks name it), modverify must record that
#      refusal, decided by the ELF checks, with the same errno.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

prepare()
{
	local m

	rm -rf "$work"
	mkdir -p "$share/corpus" "$work/crash/corpus"
	make -s -C "$TOP/tests/tools" >/dev/null
	for m in ${HOSTILE_MODULES:-mv_good}; do
		"$TOP/tests/lib/build-module" "$TOP/tests/modules/$m" "$rel" "$work/$m" >/dev/null
		for kind in rejected contents; do
			mkdir -p "$share/corpus/$kind/$m"
			"$TOP/build/tools/komangle" "$kind" "$work/$m/$m.ko" \
				"$share/corpus/$kind/$m" >/dev/null
		done
	done
	mkdir -p "$work/crash/corpus/crashing/mv_good"
	"$TOP/build/tools/komangle" crashing "$work/mv_good/mv_good.ko" \
		"$work/crash/corpus/crashing/mv_good" >/dev/null
	cp "$TOP/tests/qemu/hostile-guest.sh" "$share/"
	cp "$TOP/tests/qemu/hostile-guest.sh" "$work/crash/"
}

# run NAME [vm-run options]: one boot over the corpus, lines in $work/NAME.out
run()
{
	local name=$1

	shift
	if "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 1200 "$@" -- \
		sh hostile-guest.sh corpus > "$work/$name.out" 2> "$work/$name.err"; then
		mv_pass "$T/$name/clean boot"
		return 0
	fi
	mv_fail "$T/$name/clean boot" "$(tail -n 2 "$work/$name.err")"
	return 1
}

# The same inputs, bare and with modverify: the same outcome for each; a
# record per attempt, whose errno is insmod's; the rejected headers decided
# by the ELF checks.
check_corpus()
{
	local name rc text seq result decided image total=0 rejected=0 contents=0
	local changed=0 bad_errno=0 bad_record=0 bad_decided=0 prev_seq=0
	declare -A bare=() outcomes=()

	while IFS='|' read -r name rc text _; do
		total=$((total + 1))
		bare[$name]="$rc|$text"
		case $name in
		rejected/*) [ "$rc" = 0 ] || rejected=$((rejected + 1)) ;;
		contents/*)
			contents=$((contents + 1))
			outcomes[${text:-loaded}]=$((${outcomes[${text:-loaded}]:-0} + 1))
			;;
		esac
	done < <(sed -n 's/^try //p' "$work/bare.out")
	echo "# $T: komangle made $total inputs; the bare kernel rejected $rejected of the mangled headers"
	echo "# $T: mangled contents, bare: $(for o in "${!outcomes[@]}"; do printf '%s %s; ' "${outcomes[$o]}" "$o"; done)"
	expect_match "corpus/at least 500 rejected headers" "$rejected" '^([5-9][0-9]{2}|[0-9]{4,})$'
	expect_eq "corpus/mangled contents loaded" "$contents" \
		"$(find "$share/corpus/contents" -name '*.ko' | wc -l)"

	while IFS='|' read -r name rc text seq result decided image; do
		# Every attempt is a new record.
		if [ "$seq" != $((prev_seq + 1)) ]; then
			[ "$bad_record" -ge 3 ] || echo "# $name: record seq '$seq' after $prev_seq"
			bad_record=$((bad_record + 1))
		fi
		prev_seq=${seq:-$prev_seq}
		if [ "$rc|$text" != "${bare[$name]:-none}" ]; then
			[ "$changed" -ge 5 ] ||
				echo "# $name: with modverify '$rc|$text', bare '${bare[$name]:-none}'"
			changed=$((changed + 1))
		fi
		if { [ "$rc" = 0 ] && [ "$result" != "0 OK" ]; } ||
		   { [ "$rc" != 0 ] && [ "$text" != "$(mv_insmod_text "${result#* }")" ]; }; then
			[ "$bad_errno" -ge 3 ] || echo "# $name: insmod $rc '$text', record '$result'"
			bad_errno=$((bad_errno + 1))
		fi
		if [[ $name == rejected/* ]] && [ "$rc" != 0 ] && [ "$decided" != elf ]; then
			[ "$bad_decided" -ge 3 ] || echo "# $name: decided_by '$decided' ($image)"
			bad_decided=$((bad_decided + 1))
		fi
	done < <(sed -n 's/^try //p' "$work/modverify.out")
	expect_eq "corpus/attempts with modverify" "$(grep -c '^try ' "$work/modverify.out")" "$total"
	expect_eq "corpus/same outcome as bare" "$changed" 0
	expect_eq "corpus/one record per attempt" "$bad_record" 0
	expect_eq "corpus/record has insmod's errno" "$bad_errno" 0
	expect_eq "corpus/rejected headers decided by the ELF checks" "$bad_decided" 0
}

check_crash()
{
	local log

	log=$(sed -n 's/.*serial log kept: //p' "$work/crash.err")
	if [ -z "$log" ] || [ ! -f "$log" ]; then
		mv_fail "$T/crash/kernel crashed" "vm-run did not fail: $(tail -n 2 "$work/crash.err")"
		return
	fi
	mv_pass "$T/crash/kernel crashed"
	expect_line "crash/modverify named the defect" "$log" \
		'modverify: mv_good: malformed module image: section [0-9]+ name offset 2147483632 past the name table' \
		regex
	# modverify's line comes first: it saw the image at load_module() entry.
	if awk '/modverify: mv_good: malformed module image/ { seen = 1 }
		/BUG:|Oops|general protection fault/ { exit !seen }' "$log"; then
		mv_pass "$T/crash/reported before the crash"
	else
		mv_fail "$T/crash/reported before the crash" "no modverify line before the oops in $log"
	fi
	[ "$mv_checks_failed" != 0 ] || rm -rf "$(dirname "$log")"
}

# The bare kernel refused the input cleanly: so must the kernel with
# modverify, which records the refusal.  "try NAME|RC|TEXT|SEQ|RESULT|DECIDED|IMAGE"
check_refused()
{
	local bare mv

	bare=$(sed -n 's/^try //p' "$work/crash-bare.out" | cut -d '|' -f 2,3)
	mv=$(sed -n 's/^try //p' "$work/crash.out")
	echo "# $T: crash: the bare kernel refuses the input cleanly: '$bare'"
	expect_eq "crash/same errno as bare" "$(cut -d '|' -f 2,3 <<<"$mv")" "$bare"
	expect_eq "crash/recorded" "$(cut -d '|' -f 5,6 <<<"$mv")" \
		"-8 ENOEXEC|elf"
	expect_match "crash/modverify named the defect" "$(cut -d '|' -f 7 <<<"$mv")" \
		'section [0-9]+ name offset 2147483632 past the name table'
}

prepare
if run bare --no-modverify --share "$share" &&
   run modverify --share "$share" --modverify-args "history=16"; then
	check_corpus
fi
# What the bare kernel does with the input decides what to expect.
if "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 300 --no-modverify --share "$work/crash" -- \
	sh hostile-guest.sh corpus > "$work/crash-bare.out" 2> "$work/crash-bare.err"; then
	if "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 300 --share "$work/crash" -- \
		sh hostile-guest.sh corpus > "$work/crash.out" 2> "$work/crash.err"; then
		mv_pass "$T/crash/clean boot, as bare"
		check_refused
	else
		mv_fail "$T/crash/clean boot, as bare" "$(tail -n 2 "$work/crash.err")"
	fi
elif grep -qaE 'BUG:|Oops|general protection fault' \
	"$(sed -n 's/.*serial log kept: //p' "$work/crash-bare.err")" 2>/dev/null; then
	rm -rf "$(dirname "$(sed -n 's/.*serial log kept: //p' "$work/crash-bare.err")")"
	if "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 300 --share "$work/crash" -- \
		sh hostile-guest.sh corpus > "$work/crash.out" 2> "$work/crash.err"; then
		:
	fi
	check_crash
else
	mv_fail "$T/crash/bare boot" "neither a clean refusal nor a crash: $(tail -n 2 "$work/crash-bare.err")"
fi
[ "$mv_checks_failed" = 0 ]
