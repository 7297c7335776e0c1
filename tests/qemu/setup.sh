# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The opening every QEMU test, tests/qemu/test-NAME.sh RELEASE, shares:
# sourced first, after its `set` line,
#	. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# it loads the helper libraries (the PASS/FAIL protocol, the kernels and
# their facts, insmod's words, the guest results), checks the command line,
# and sets the names the tests use:
#	TOP	the source tree
#	rel	the kernel release under test, the one argument
#	T	NAME/RELEASE, the prefix of every check name
#	work	build/test-NAME/RELEASE, the test's own directory
#	share	$work/share, what the guest gets in /share
#	kopatch	build/tools/kopatch (make -C tests/tools)
# and setup_fail WHY, for a test that cannot prepare its inputs.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"
# shellcheck source=tests/lib/kfacts.sh
. "$TOP/tests/lib/kfacts.sh"
# shellcheck source=tests/lib/insmod.sh
. "$TOP/tests/lib/insmod.sh"
# shellcheck source=tests/qemu/results.sh
. "$TOP/tests/qemu/results.sh"

mv_test=$(basename "${BASH_SOURCE[1]}" .sh)
mv_test=${mv_test#test-}
[ $# -eq 1 ] || { echo "usage: test-$mv_test.sh RELEASE" >&2; exit 2; }
rel=$1
T=$mv_test/$rel
work=$TOP/build/test-$mv_test/$rel
share=$work/share
# shellcheck disable=SC2034 # used by the tests that source this
kopatch=$TOP/build/tools/kopatch

# setup_fail WHY: the test cannot run: one FAIL line, and stop.
setup_fail()
{
	mv_fail "$T/setup" "$1"
	exit 1
}

# spoil_reloc KO OUT: OUT, a copy of KO whose place of one relocation in
# .init.text holds a value (kopatch reloc-target, built by
# `make -C tests/tools`): the x86-64 loader refuses it ("existing value is
# nonzero").  The entry, as readelf lists it: the first PC32/PLT32 one of
# .rela.init.text after the one for __fentry__ (ftrace may rewrite that call
# site).  Sets RELOC_N (its index in the section), RELOC_OFF (0x...),
# RELOC_TYPE, RELOC_TYPE_NR, RELOC_SYM, and RELOC_LINE: the record's
# relocation line for it, tabs as spaces.
spoil_reloc()
{
	local reloc

	reloc=$(readelf -rW "$1" | awk '
		/^Relocation section/ { on = $3 == "'\''.rela.init.text'\''"; n = -1; next }
		on && /^[0-9a-f]+ / && !found { n++
			if (($3 == "R_X86_64_PC32" || $3 == "R_X86_64_PLT32") && $5 != "__fentry__") {
				print n, $1, $3, $5; found = 1 } }')
	read -r RELOC_N RELOC_OFF RELOC_TYPE RELOC_SYM <<<"$reloc" || true
	[ -n "$RELOC_SYM" ] || setup_fail "no PC32/PLT32 relocation in $1's .rela.init.text: '$reloc'"
	RELOC_OFF=$(printf 0x%x "$((16#$RELOC_OFF))")
	RELOC_TYPE_NR=$(case $RELOC_TYPE in R_X86_64_PC32) echo 2 ;; R_X86_64_PLT32) echo 4 ;; esac)
	RELOC_LINE="target_nonzero $RELOC_TYPE .init.text $RELOC_OFF $RELOC_SYM"
	{ cp "$1" "$2" && "$kopatch" reloc-target "$2" .init.text "$RELOC_N" 2>"$work/kopatch.err"; } ||
		setup_fail "kopatch reloc-target: $(cat "$work/kopatch.err")"
}

# cut_xz KO OUT: OUT, KO compressed with xz and cut short: the magic is
# right, the decompression fails.
cut_xz()
{
	xz -c "$1" >"$work/cut.xz" || setup_fail "xz -c $1"
	head -c 300 "$work/cut.xz" >"$2"
	[ "$(head -c 6 "$2" | od -An -tx1 | tr -d ' ')" = fd377a585a00 ] ||
		setup_fail "$2 does not start with the xz magic"
	if xz -t "$2" 2>/dev/null; then
		setup_fail "$2 is a valid xz stream"
	fi
}

# break_btf KO OUT: OUT, a copy of KO whose .BTF magic is zeroed (the
# kernel cannot parse it).  BTF_SECTION is .BTF's "OFFSET SIZE" in KO;
# empty, and no OUT, when KO has none (headers without vmlinux).
break_btf()
{
	BTF_SECTION=$(mv_ko_section "$1" .BTF)
	[ -n "$BTF_SECTION" ] || return 0
	{ cp "$1" "$2" &&
	  printf '\0\0' | dd of="$2" bs=1 seek="${BTF_SECTION% *}" conv=notrunc status=none; } ||
		setup_fail "cannot zero the .BTF magic of $2"
}
