#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-docs.sh: the man page renders without warnings and documents every
# option --help lists, the bash completion offers them, and the test
# scripts and the completion pass shellcheck.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- man page, --help and completion agree -------------------------------------

MAN=$TOP/userspace/modverify.8
n=manpage
if command -v groff >/dev/null; then
	if groff -man -Tutf8 -ww -z "$MAN" > "$W/groff.err" 2>&1 && [ ! -s "$W/groff.err" ]; then
		mv_pass "$n/groff-no-warnings"
	else
		mv_fail "$n/groff-no-warnings" "$(head -c 300 "$W/groff.err")"
	fi
else
	mv_skip "$n/groff-no-warnings" "groff is not installed"
fi
if command -v man >/dev/null && MANWIDTH=80 man -l "$MAN" > "$W/man.txt" 2> "$W/man.err" &&
   [ -s "$W/man.txt" ]; then
	mv_pass "$n/renders"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO" JSON; do
		expect_grep "$n/section-${s// /-}" "^$s\$" "$W/man.txt"
	done
	for ref in 'dmesg(1)' 'insmod(8)' 'modprobe(8)' 'modinfo(8)' 'kernel_lockdown(7)'; do
		expect_fixed "$n/see-also-$ref" "$ref" "$W/man.txt"
	done
	run --help
	grep -oE -- '--[a-z-]+' "$W/out" > "$W/options"
	run check --help
	grep -oE -- '--[a-z-]+' "$W/out" >> "$W/options"
	sort -u -o "$W/options" "$W/options"
	while read -r opt; do
		expect_fixed "$n/documents$opt" "$opt" "$W/man.txt"
		expect_fixed "completion/offers$opt" "$opt" "$TOP/userspace/modverify.bash-completion"
	done < "$W/options"
else
	mv_skip "$n/renders" "man is not installed"
fi

n=completion
comp=$TOP/userspace/modverify.bash-completion
if bash -n "$comp" 2> "$W/err"; then
	mv_pass "$n/syntax"
else
	mv_fail "$n/syntax" "$(cat "$W/err")"
fi
# complete LINE: what the completion offers for LINE
complete_line()
{
	bash -c '
		. "$1"
		COMP_LINE=$2 COMP_POINT=${#2}
		read -ra COMP_WORDS <<< "$2"
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_modverify
		echo "${COMPREPLY[*]}"' _ "$comp" "$1"
}
# expect_completion NAME LINE WANT
expect_completion()
{
	local got

	got=$(complete_line "$2")
	if [ "$got" = "$3" ]; then
		mv_pass "$1"
	else
		mv_fail "$1" "'$2' completes to '$got', want '$3'"
	fi
}
expect_completion "$n/option" 'modverify --fol' --follow
expect_completion "$n/color-value" 'modverify --color=ne' never
expect_completion "$n/check" 'modverify ch' check
expect_completion "$n/help" 'modverify he' help
expect_completion "$n/version" 'modverify vers' version
expect_completion "$n/help-command" 'modverify help ch' check
expect_completion "$n/check-option" 'modverify check --ke' --kernel
expect_completion "$n/check-color" 'modverify check m.ko --color=al' always
expect_completion "$n/file" "modverify --file $FIX/loaded-cl" "$FIX/loaded-clean.rec"

if command -v shellcheck >/dev/null; then
	if (cd "$TOP" && shellcheck -x -s bash tests/host/run.sh tests/host/lib.sh \
		tests/host/test-*.sh "$comp") > "$W/sc" 2>&1; then
		mv_pass shellcheck
	else
		mv_fail shellcheck "$(head -c 300 "$W/sc")"
	fi
else
	mv_skip shellcheck "shellcheck is not installed"
fi

finish
