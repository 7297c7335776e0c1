# SPDX-License-Identifier: GPL-2.0
#
# The test protocol: one line per check on stdout, "PASS: name",
# "FAIL: name: why" or "SKIP: name: why".  Sourced by bash scripts;
# mv_checks_failed counts the FAIL lines for the exit status.

mv_checks_failed=0

mv_pass()
{
	echo "PASS: $1"
}

mv_fail()
{
	echo "FAIL: $1: $2"
	mv_checks_failed=$((mv_checks_failed + 1))
}

mv_skip()
{
	echo "SKIP: $1: $2"
}
