#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-stress.sh RELEASE: concurrent loads never mix records, and modverify
# unloads cleanly while loads are in flight, without leaking memory.
#
# STRESS_LOADERS, STRESS_ATTEMPTS (per loader) and STRESS_ROUNDS raise the
# counts beyond the defaults that make check uses.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"
# shellcheck source=tests/lib/kfacts.sh
. "$TOP/tests/lib/kfacts.sh"
# shellcheck source=tests/qemu/results.sh
. "$TOP/tests/qemu/results.sh"

rel=$1
loaders=${STRESS_LOADERS:-4}
attempts=${STRESS_ATTEMPTS:-100}
rounds=${STRESS_ROUNDS:-20}
work=$TOP/build/test-stress/$rel
share=$work/share
kopatch=$TOP/build/tools/kopatch
T="stress/$rel"

# The module name each file loads as, and the check that must refuse it
# (filled in by prepare: the bad modules depend on what the kernel checks).
declare -A module_of=() decided_of=()
# kmod's insmod exits 1 on any failure; the errno it got shows in its text.
# The bad modules share one name: a loader can find another's attempt under
# way and get EBUSY (or EEXIST), which the duplicate check decides.
declare -A errno_of=(["Invalid module format"]=-8 ["Invalid parameters"]=-22
		     ["Device or resource busy"]=-16 ["File exists"]=-17
		     ["Unknown symbol in module"]=-2)

setup_fail()
{
	mv_fail "$T/setup" "$1"
	exit 1
}

prepare()
{
	local i other kv ksize

	rm -rf "$work"
	mkdir -p "$share"
	make -s -C "$TOP/tests/tools" >/dev/null
	# Distinct names, so that the loaders' good modules load side by side.
	for i in $(seq 1 "$loaders"); do
		mkdir -p "$work/src$i"
		sed "s/mv_good/mv_good$i/g" "$TOP/tests/modules/mv_good/mv_good.c" \
			> "$work/src$i/mv_good$i.c"
		echo "obj-m := mv_good$i.o" > "$work/src$i/Kbuild"
		"$TOP/tests/lib/build-module" "$work/src$i" "$rel" "$work/good$i" >/dev/null
		cp "$work/good$i/mv_good$i.ko" "$share/good$i.ko"
		module_of[good$i.ko]=mv_good$i
		decided_of[good$i.ko]=loaded
	done
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" "$work/mv_good" >/dev/null
	kv=$(modinfo -F vermagic "$work/mv_good/mv_good.ko")

	# bad1: an imported symbol's CRC changed; without modversions, an
	# import nothing exports.
	if mv_modversions "$rel"; then
		cp "$work/mv_good/mv_good.ko" "$share/bad1.ko"
		"$kopatch" crc "$share/bad1.ko" _printk 0x00000001
		module_of[bad1.ko]=mv_good decided_of[bad1.ko]=symbol_crc
	else
		"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_unknown" "$rel" \
			"$work/mv_unknown" >/dev/null
		cp "$work/mv_unknown/mv_unknown.ko" "$share/bad1.ko"
		module_of[bad1.ko]=mv_unknown decided_of[bad1.ko]=unknown_symbol
	fi
	# bad2: one vermagic word off.
	cp "$work/mv_good/mv_good.ko" "$share/bad2.ko"
	"$kopatch" vermagic "$share/bad2.ko" "$(sed -E 's/ preempt[a-z_]* / /' <<<"$kv")"
	module_of[bad2.ko]=mv_good decided_of[bad2.ko]=vermagic
	# bad3: built for another kernel, refused by the check the kernel's
	# files say (tests/lib/kfacts.sh).
	other=$(mv_other_kernel "$rel" mv_kabi mv_kflavour)
	[ -n "$other" ] || other=$(mv_older_line_kernel "$rel")
	[ -n "$other" ] || setup_fail "no other kernel's headers (make deps)"
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$other" "$work/other" >/dev/null
	cp "$work/other/mv_good.ko" "$share/bad3.ko"
	ksize=$(mv_kernel_module_size "$rel" 2>"$work/module-size.err") ||
		setup_fail "cannot tell the size of struct module in $rel: $(head -c 300 "$work/module-size.err")"
	module_of[bad3.ko]=mv_good
	decided_of[bad3.ko]=$(mv_cross_verdict "$rel" "$share/bad3.ko" "${ksize%% *}" "$kv")
	[ "${decided_of[bad3.ko]}" != none ] || setup_fail "$rel would load a module built for $other"
	echo "# $T: bad1 ${decided_of[bad1.ko]}, bad2 vermagic, bad3 (built for $other) ${decided_of[bad3.ko]}"
	cp "$TOP/tests/qemu/stress-guest.sh" "$share/"
}

# Every attempt a loader saw has exactly one record, with its pid, module,
# verdict and errno; nothing was dropped or missed.  A record that shares
# another's load (6.5+: overlapping loads of one file make one load) has
# the loader's errno, and the load it names has the verdict.
check_concurrent()
{
	local out=$work/concurrent.out hist=$work/history.txt
	local id k pid file rc text err decided n=0 bad=0 none=0 got want seq shared

	sed -n '/^@@HISTORY$/,/^@@STATS$/p' "$out" > "$hist"
	# pid -> "module decided_by errno" for every record in the history;
	# a sharing record's verdict is its leader's, its errno its own.
	declare -A rec_of=() count_of=() by_seq=()
	while read -r seq pid module decided err shared; do
		by_seq[$seq]="$module $decided $err"
		count_of[$pid]=$((${count_of[$pid]:-0} + 1))
		rec_of[$pid]="$module $decided $err $shared"
	done < <(awk '/^modverify_record:/{h="-"} /^seq: /{s=$2} /^pid: /{p=$2} /^module: /{m=$2}
		      /^decided_by: /{d=$2} /^result: /{e=$2} /^shared_with: /{h=$2}
		      /^end: /{print s, p, m, d, e, h}' "$hist")
	for pid in "${!rec_of[@]}"; do
		read -r module decided err shared <<<"${rec_of[$pid]}"
		if [ "$shared" != - ]; then
			read -r _ decided _ <<<"${by_seq[$shared]:-? ? ?}"
		fi
		rec_of[$pid]="$module $decided $err"
	done

	while read -r _ id k pid file rc text; do
		n=$((n + 1))
		rc=${rc%:}
		[ "$rc" = 0 ] && err=0 || err=${errno_of[$text]:-"?($text)"}
		decided=${decided_of[$file]}
		case $err in -16|-17) decided=duplicate ;; esac
		want="${module_of[$file]} $decided $err"
		got=${rec_of[$pid]:-none}
		if [ "$got" != "$want" ] || [ "${count_of[$pid]:-0}" != 1 ]; then
			[ "$bad" -ge 5 ] || echo "# loader $id attempt $k pid $pid $file: record '$got', want '$want'"
			bad=$((bad + 1))
			[ "$got" != none ] || none=$((none + 1))
		fi
	done < <(grep '^attempt ' "$out")
	expect_eq "concurrent/attempts run" "$n" $((loaders * attempts))
	[ "$bad" = 0 ] || echo "# $bad attempts without their record: $none have none at all, $((bad - none)) another verdict"
	expect_eq "concurrent/records match their loader" "$bad" 0
	expect_eq "concurrent/records" "$(grep -c '^modverify_record: ' "$hist")" "$n"
	expect_line "concurrent/none dropped" "$out" "records_dropped: 0"
	expect_eq "concurrent/nmissed" "$(grep -c 'nmissed=[1-9]' "$out")" 0
}

check_unload()
{
	local out=$work/unload.out first last

	expect_eq "unload/rounds" "$(grep -c '^round ' "$out")" "$rounds"
	expect_eq "unload/rmmod and insmod ok" "$(grep -c 'failed in round' "$out")" 0
	# Memory after the third round (caches warm) against the last round.
	# "round N Slab: KB VmallocUsed: KB"
	first=$(awk '/^round 3 /{print $4 + $6}' "$out")
	last=$(awk '/^round /{v = $4 + $6} END {print v}' "$out")
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
	sh stress-guest.sh concurrent "$loaders" "$attempts" > "$work/concurrent.out" 2> "$work/concurrent.err"; then
	mv_pass "$T/concurrent/boot"
	check_concurrent
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
