#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-stress.sh RELEASE: concurrent loads of distinct builds never mix
# records (each record has the CRCs and vermagic of its own file), loads
# past max_inflight are counted as dropped, once each, and modverify
# unloads cleanly while loads are in flight, without leaking memory.
#
# STRESS_LOADERS, STRESS_ATTEMPTS (per loader), STRESS_ROUNDS, STRESS_SLOW
# and STRESS_MAX_INFLIGHT change the counts that make check uses.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

loaders=${STRESS_LOADERS:-4}
attempts=${STRESS_ATTEMPTS:-100}
rounds=${STRESS_ROUNDS:-20}
# The drop run: SLOW loads at once, MAX_INFLIGHT of them recorded.
slow=${STRESS_SLOW:-4}
max_inflight=${STRESS_MAX_INFLIGHT:-2}

# shellcheck source=tests/qemu/loaders.sh
. "$TOP/tests/qemu/loaders.sh"

prepare()
{
	local i

	rm -rf "$work"
	mkdir -p "$share"
	make -s -C "$TOP/tests/tools" >/dev/null
	# The slow modules of the drop run, built with the good ones.
	prepare_loaders "" "mv_slow:$slow"
	for i in $(seq 1 "$slow"); do
		cp "$work/variants/mv_slow$i.ko" "$share/slow$i.ko"
	done
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_slow" "$rel" "$work/mv_slow" >/dev/null
	cp "$work/mv_slow/mv_slow.ko" "$share/slow.ko"
}

# Every attempt a loader saw has exactly one record in the history
# (check_loaders); nothing was dropped or missed.
check_concurrent()
{
	local out=$work/concurrent.out hist=$work/history.txt

	sed -n '/^@@HISTORY$/,/^@@STATS$/p' "$out" > "$hist"
	check_loaders concurrent "$hist" "$out"
	expect_eq "concurrent/none dropped" \
		"$(sed -n '/^@@STATS$/,/^@@STATUS$/s/^records_dropped: //p' "$out")" 0
	expect_eq "concurrent/nmissed" "$(sed -n '/^@@STATUS$/,/^@@DMESG2$/p' "$out" | grep -c 'nmissed=[1-9]')" 0
}

# The drop run: $slow loads at once with max_inflight=$max_inflight.  The
# kernel's messages tell they were all in flight together (every init
# started before the first ended); then the first $max_inflight have a
# record, the others are counted as dropped and have none.
check_drops()
{
	local out=$work/concurrent.out starts first_done pids recs

	if grep -q '^@@FAIL' "$out"; then
		mv_fail "$T/drops/setup" "$(grep -m1 '^@@FAIL' "$out")"
		return
	fi
	expect_eq "drops/slow loads ran" "$(grep -c '^slow ' "$out")" "$slow"
	expect_eq "drops/the kernel loaded them all" "$(awk '$1 == "slow" && $4 != 0' "$out" | wc -l)" 0
	sed -n '/^@@DMESG2$/,/^@@HISTORY2$/p' "$out" > "$work/drops-dmesg.txt"
	# "[  12.345678] mv_slowK: init sleeps 3000 ms": the latest start and
	# the first end, in the kernel's own clock
	starts=$(sed -n 's/^\[ *\([0-9.]*\)\] mv_slow[0-9]*: init sleeps.*/\1/p' "$work/drops-dmesg.txt")
	first_done=$(sed -n 's/^\[ *\([0-9.]*\)\] mv_slow[0-9]*: init done.*/\1/p' "$work/drops-dmesg.txt" |
		sort -n | head -n 1)
	expect_eq "drops/inits started" "$(grep -c . <<<"$starts")" "$slow"
	if [ -n "$first_done" ] && awk -v d="$first_done" '$1 >= d { bad = 1 } END { exit bad }' <<<"$starts"; then
		mv_pass "$T/drops/all $slow loads in flight at once"
	else
		mv_fail "$T/drops/all $slow loads in flight at once" "init starts $(tr '\n' ' ' <<<"$starts"), first end $first_done"
	fi
	sed -n '/^@@HISTORY2$/,/^@@STATS2$/p' "$out" > "$work/drops-history.txt"
	recs=$(records "$work/drops-history.txt" | awk '$1 == "rec"')
	expect_eq "drops/records" "$(grep -c . <<<"$recs")" "$max_inflight"
	expect_eq "drops/records_dropped" \
		"$(sed -n '/^@@STATS2$/,$s/^records_dropped: //p' "$out")" $((slow - max_inflight))
	expect_eq "drops/attempts recorded" \
		"$(sed -n '/^@@STATS2$/,$s/^attempts: //p' "$out")" "$max_inflight"
	# Those recorded are loads of the slow modules, by their loaders.
	pids=" $(awk '$1 == "slow" { printf "%s ", $3 }' "$out")"
	expect_eq "drops/recorded loads are the slow ones" \
		"$(awk -v p="$pids" 'index(p, " " $3 " ") && $4 ~ /^mv_slow[0-9]+$/ && $5 == "loaded" && $6 == 0' \
			<<<"$recs" | wc -l)" "$max_inflight"
}

# Each round: modverify unloaded while slow.ko's init sleeps (the kernel's
# messages: started, not done) and loaded again; slow.ko's load completes;
# the next load's record is the last one, with its pid, verdict and the
# vermagic of its file.  Memory does not drift over the rounds.
check_unload()
{
	local out=$work/unload.out first last bad=0 line r p prc rec want

	expect_eq "unload/rounds" "$(grep -c '^round ' "$out")" "$rounds"
	expect_eq "unload/rmmod and insmod ok" "$(grep -cE 'failed in round|did not start in round' "$out")" 0
	expect_eq "unload/slow.ko in flight at each unload" "$(grep -c '^round [0-9]* inflight yes ' "$out")" "$rounds"
	expect_eq "unload/slow.ko loaded in each round" "$(grep -c '^round [0-9]* inflight [a-z]* slow 0 ' "$out")" "$rounds"
	want="mv_good|vermagic|'${vermagic_of[bad2-1.ko]}'|"
	while read -r line; do
		# "round R inflight X slow RC probe PID RC record PID|MODULE|DECIDED|'VERMAGIC'| up S mem ..."
		read -r _ r _ _ _ _ _ p prc _ rec <<<"${line%% up *}"
		if [ "$prc" != 1 ] || [ "$rec" != "$p|$want" ]; then
			[ "$bad" -ge 3 ] || echo "# round $r: probe load $p exited $prc, last record '$rec', want '$p|$want'"
			bad=$((bad + 1))
		fi
	done < <(grep '^round ' "$out")
	expect_eq "unload/the load after each reload is recorded" "$bad" 0
	# Memory after the third round (caches warm) against the last round.
	# "... mem Slab: KB VmallocUsed: KB"
	first=$(awk '/^round 3 / { sub(/.* mem /, ""); print $2 + $4 }' "$out")
	last=$(awk '/^round / { sub(/.* mem /, ""); v = $2 + $4 } END { print v }' "$out")
	echo "# Slab+VmallocUsed: ${first} kB after round 3, ${last} kB after round $rounds"
	if [ "${first:-0}" -gt 0 ] && [ $((last - first)) -lt 1024 ]; then
		mv_pass "$T/unload/memory does not drift"
	else
		mv_fail "$T/unload/memory does not drift" "grew from ${first} kB to ${last} kB"
	fi
}

prepare
if "$TOP/tests/qemu/vm-run" --kernel "$rel" --smp 2 --timeout 600 --share "$share" \
	--modverify-args "history=4096" -- \
	sh stress-guest.sh concurrent "$loaders" "$attempts" "$slow" "$max_inflight" \
	> "$work/concurrent.out" 2> "$work/concurrent.err"; then
	mv_pass "$T/concurrent/boot"
	check_concurrent
	check_drops
else
	mv_fail "$T/concurrent/boot" "vm-run failed: $(tail -n 3 "$work/concurrent.err")"
fi
# Reloading modverify arms and disarms its ftrace-based kprobes while the
# loaders run check_version() on the other CPU.  Multi-threaded TCG can keep
# executing a stale translation of the patched entry (the int3 of the
# kernel's text_poke_bp()) after the patch is complete: the guest oopses at
# address 0 or spins at check_version+0 with any ftrace kprobe, modverify's
# or not (docs/troubleshooting.md).  One host thread for both guest CPUs
# keeps the guest's concurrency and leaves that emulator race out.
if "$TOP/tests/qemu/vm-run" --kernel "$rel" --smp 2 --tcg-single --timeout 600 \
	--share "$share" -- \
	sh stress-guest.sh unload "$rounds" > "$work/unload.out" 2> "$work/unload.err"; then
	mv_pass "$T/unload/boot"
	check_unload
else
	mv_fail "$T/unload/boot" "vm-run failed: $(tail -n 3 "$work/unload.err")"
fi
[ "$mv_checks_failed" = 0 ]
