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
