#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [RELEASE...]: the whole test suite.  Host tests first (the reader,
# the test tools), then the QEMU tests on each kernel RELEASE (default: the
# newest 6.1 cloud kernel installed on this host, tests/lib/kernels.sh);
# with CPUs to spare, the host tests run beside them (below).
# Every check prints PASS:/FAIL:/SKIP:; after each kernel's QEMU tests,
# "# time: RELEASE: N s"; the last line counts the checks:
# "N passed, N failed[, N skipped]".
#
# MODVERIFY_JOBS=N runs the QEMU tests of up to N kernels at once (default:
# the online CPUs; each guest is one TCG thread).  The first kernel's output
# is streamed, each other kernel's is held and printed whole, in kernel
# order, once it and those before it are done.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

njobs=${MODVERIFY_JOBS:-$(nproc)}
if ! [[ $njobs =~ ^[1-9][0-9]*$ ]]; then
	echo "run.sh: ERROR: MODVERIFY_JOBS='$njobs' is not a positive number" >&2
	exit 2
fi

if ! "$TOP/scripts/ensure-deps.sh" "$@"; then
	echo "FAIL: deps: scripts/deps.sh failed"
	echo "0 passed, 1 failed"
	exit 1
fi

log=$TOP/build/test-results.txt
mkdir -p "$TOP/build"
: > "$log"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=("$(mv_default_kernel)")

# A CPU the kernels leave (fewer kernels than MODVERIFY_JOBS) runs the host
# tests beside their QEMU tests: each guest is one TCG thread.
beside=0
if [ "$njobs" -gt ${#kernels[@]} ]; then
	beside=1
	njobs=${#kernels[@]}
fi

# step NAME CMD...: run CMD, its check lines go to the log; a CMD that fails
# without printing a FAIL line of its own is a failure too.
step()
{
	local name=$1 out rc

	shift
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	grep -E '^(PASS|FAIL|SKIP): ' "$out" >> "$log"
	if [ "$rc" != 0 ] && ! grep -q '^FAIL: ' "$out"; then
		echo "FAIL: $name: exited $rc" | tee -a "$log"
	fi
	rm -f "$out"
}

# kernel_tests REL LOG: the QEMU tests of one kernel, and their time; their
# check lines go to LOG.  Each test writes only below build/test-NAME/REL/
# and build/logs/ (unique names), so that several kernels can run at once.
kernel_tests()
{
	local rel=$1 log=$2 start=$SECONDS

	step "core/$rel" "$TOP/tests/qemu/test-core.sh" "$rel"
	step "probes/$rel" "$TOP/tests/qemu/test-probes.sh" "$rel"
	step "late/$rel" "$TOP/tests/qemu/test-late.sh" "$rel"
	step "stream/$rel" "$TOP/tests/qemu/test-stream.sh" "$rel"
	step "coverage/$rel" "$TOP/tests/qemu/test-coverage.sh" "$rel"
	step "watch/$rel" "$TOP/tests/qemu/test-watch.sh" "$rel"
	# modverify check's predictions against what those two boots recorded.
	step "agreement/$rel" "$TOP/tests/qemu/test-agreement.sh" "$rel"
	step "stress/$rel" "$TOP/tests/qemu/test-stress.sh" "$rel"
	step "hostile/$rel" "$TOP/tests/qemu/test-hostile.sh" "$rel"
	step "install/$rel" "$TOP/tests/qemu/test-install.sh" "$rel"
	echo "# time: $rel: $((SECONDS - start)) s"
}

# The host tests after the builds; none writes what a QEMU test reads.
host_tests()
{
	step host "$TOP/tests/host/run.sh"
	step install-host "$TOP/tests/host/test-install.sh"
	step host-deb "$TOP/tests/host/test-deb.sh"
	step compat "$TOP/tests/compat/run.sh"
	# kmod's pure logic compiled in userspace, ASan/UBSan, and a bounded
	# fuzz run.
	step kmod-host make -s -C "$TOP/tests/kmod-host" check
	# The test bed itself: every QEMU result relies on vm-run failing a
	# boot whose kernel log shows an oops, a warning or a hang.
	step vm-run "$TOP/tests/qemu/selftest.sh"
}

step build-reader make -s -C "$TOP" reader
# Every installed kernel's headers, warnings as errors; builds those tested.
step build "$TOP/scripts/check-build.sh"
# The QEMU tests each run `make -C tests/tools`: built once here, before
# kernels run at once, so that those runs find it done and never write
# build/tools/ together.
step build-tools make -s -C "$TOP/tests/tools"

# Where kernels run at once, kernel I's output is held in $held/I.out and
# its check lines in $held/I.log (hold), and moved to stdout and the log
# when it is its turn (show_held I).
hold()
{
	held=$(mktemp -d "$TOP/build/run-kernels.XXXXXX")
	trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$held"' EXIT
}
show_held()
{
	cat "$held/$1.out"
	cat "$held/$1.log" >> "$log" 2>/dev/null
}

if [ "$beside" = 1 ]; then
	# Every kernel at once, all held: the host tests' output comes first.
	hold
	pids=()
	for i in "${!kernels[@]}"; do
		kernel_tests "${kernels[i]}" "$held/$i.log" >"$held/$i.out" 2>&1 &
		pids+=($!)
	done
	host_tests
	for i in "${!kernels[@]}"; do
		wait "${pids[i]}"
		show_held "$i"
	done
elif [ "$njobs" = 1 ]; then
	host_tests
	for rel in "${kernels[@]}"; do
		kernel_tests "$rel" "$log"
	done
else
	host_tests
	# Kernel 0 has its turn at once: it writes to stdout and the log
	# directly.
	hold
	declare -A index_of=()
	next=0 shown=0 running=0
	finished=()
	while [ "$shown" -lt ${#kernels[@]} ]; do
		while [ "$running" -lt "$njobs" ] && [ "$next" -lt ${#kernels[@]} ]; do
			if [ "$next" = 0 ]; then
				kernel_tests "${kernels[0]}" "$log" &
			else
				kernel_tests "${kernels[next]}" "$held/$next.log" \
					>"$held/$next.out" 2>&1 &
			fi
			index_of[$!]=$next
			next=$((next + 1))
			running=$((running + 1))
		done
		wait -n -p pid
		finished[${index_of[$pid]}]=1
		running=$((running - 1))
		while [ "$shown" -lt "$next" ] && [ -n "${finished[shown]:-}" ]; do
			[ "$shown" = 0 ] || show_held "$shown"
			shown=$((shown + 1))
		done
	done
fi


passed=$(grep -c '^PASS: ' "$log")
failed=$(grep -c '^FAIL: ' "$log")
skipped=$(grep -c '^SKIP: ' "$log")
if [ "$failed" != 0 ]; then
	echo
	echo "Failed checks:"
	grep '^FAIL: ' "$log"
fi
summary="$passed passed, $failed failed"
[ "$skipped" = 0 ] || summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" = 0 ]
