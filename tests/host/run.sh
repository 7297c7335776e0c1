#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/host/run.sh: the host tests of the userspace reader, no root or
# kernel needed: every tests/host/test-*.sh, one topic each, but
# test-install.sh and test-deb.sh (tests/run.sh runs those on their own:
# they need root and DKMS, and dpkg-buildpackage).  Each prints one line per
# check, "PASS: name", "FAIL: name: why" or "SKIP: name: why"; this exits
# non-zero if any check failed, or if a test file failed without saying why.
set -uo pipefail

HOST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HOST/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"

# The order matters once: test-check.sh leaves the modules test-fuzz.sh
# seeds its fuzzer with.
tests=(build unit records bad-records sources cli follow check symvers modconf docs
       reader-install fuzz)

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "${tests[@]}"; do
	bash "$HOST/test-$t.sh" | tee "$out"
	rc=${PIPESTATUS[0]}
	mv_checks_failed=$((mv_checks_failed + $(grep -c '^FAIL: ' "$out")))
	if [ "$rc" != 0 ] && ! grep -q '^FAIL: ' "$out"; then
		mv_fail "host/$t" "test-$t.sh exited $rc"
	fi
done
# Every topic file is run: a new one must be added to the list above.
for f in "$HOST"/test-*.sh; do
	t=$(basename "$f" .sh)
	t=${t#test-}
	# tests/run.sh runs these two on their own (root and DKMS; dpkg-buildpackage)
	case $t in install | deb) continue ;; esac
	[[ " ${tests[*]} " == *" $t "* ]] || mv_fail "host/$t" "test-$t.sh is not in run.sh's list"
done

exit $((mv_checks_failed > 0))
