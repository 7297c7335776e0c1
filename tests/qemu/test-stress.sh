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

# The module name each file loads as, and the check that must refuse it
# (filled in by prepare: the bad modules depend on what the kernel checks).
declare -A module_of=() decided_of=()
# kmod's insmod exits 1 on any failure; the errno it got shows in its text.
# The bad modules share one name: a loader can find another's attempt under
# way and get EBUSY (or EEXIST), which the duplicate check decides.
declare -A errno_of=()
for e in ENOEXEC:-8 EINVAL:-22 EBUSY:-16 EEXIST:-17 ENOENT:-2; do
	errno_of[$(mv_insmod_text "${e%:*}")]=${e#*:}
done
# Each file's CRC lines as the kernel compares them ("MODULE KERNEL
# VERDICT SYMBOL", from `modprobe --dump-modversions` of the file and the
# headers' Module.symvers) and its vermagic (modinfo).
declare -A crcs_of=() vermagic_of=()

# ko_facts FILE: crcs_of and vermagic_of for share/FILE.
ko_facts()
{
	local f=$share/$1 mcrc sym kcrc v lines=""

	vermagic_of[$1]=$(modinfo -F vermagic "$f")
	while read -r mcrc sym; do
		kcrc=$(awk -v s="$sym" '$2 == s { print $1 }' "$(mv_kdir "$rel")/Module.symvers")
		# 0x0000abcd as kmod prints it, compared as numbers
		if [ "$mcrc" = "$kcrc" ]; then v=match; else v=mismatch; fi
		lines+="$mcrc $kcrc $v $sym"$'\n'
	done < <(modprobe --dump-modversions "$f")
	crcs_of[$1]=$(sort <<<"$lines" | sed '/^$/d')
}

# variants DIR NAME N: N copies of tests/modules/NAME's source named NAME1
# .. NAMEN, in DIR (one Kbuild, built at once).
variants()
{
	local i

	for i in $(seq 1 "$3"); do
		sed "s/$2/$2$i/g" "$TOP/tests/modules/$2/$2.c" > "$1/$2$i.c"
		echo "obj-m += $2$i.o" >> "$1/Kbuild"
	done
}

prepare()
{
	local i other kv ksize

	rm -rf "$work"
	mkdir -p "$share" "$work/src"
	make -s -C "$TOP/tests/tools" >/dev/null
	# Distinct names, so that the loaders' good modules load side by side,
	# and the slow modules of the drop run.
	variants "$work/src" mv_good "$loaders"
	variants "$work/src" mv_slow "$slow"
	"$TOP/tests/lib/build-module" "$work/src" "$rel" "$work/variants" >/dev/null
	for i in $(seq 1 "$loaders"); do
		cp "$work/variants/mv_good$i.ko" "$share/good$i.ko"
		module_of[good$i.ko]=mv_good$i
		decided_of[good$i.ko]=loaded
	done
	for i in $(seq 1 "$slow"); do
		cp "$work/variants/mv_slow$i.ko" "$share/slow$i.ko"
	done
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" "$work/mv_good" >/dev/null
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_slow" "$rel" "$work/mv_slow" >/dev/null
	cp "$work/mv_slow/mv_slow.ko" "$share/slow.ko"
	kv=$(modinfo -F vermagic "$work/mv_good/mv_good.ko")

	# Each loader's own bad builds, all loading as mv_good: bad1-ID, an
	# imported symbol's CRC changed, to a value of its own (without
	# modversions, an import nothing exports); bad2-ID, one vermagic word
	# off and a word of its own added.
	[ "$loaders" -le 9 ] || setup_fail "STRESS_LOADERS above 9: the vermagic variants would not fit"
	if ! mv_modversions "$rel"; then
		"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_unknown" "$rel" \
			"$work/mv_unknown" >/dev/null
	fi
	for i in $(seq 1 "$loaders"); do
		if mv_modversions "$rel"; then
			cp "$work/mv_good/mv_good.ko" "$share/bad1-$i.ko"
			"$kopatch" crc "$share/bad1-$i.ko" _printk "$(printf '0x%08x' "$i")"
			module_of[bad1-$i.ko]=mv_good decided_of[bad1-$i.ko]=symbol_crc
		else
			cp "$work/mv_unknown/mv_unknown.ko" "$share/bad1-$i.ko"
			module_of[bad1-$i.ko]=mv_unknown decided_of[bad1-$i.ko]=unknown_symbol
		fi
		cp "$work/mv_good/mv_good.ko" "$share/bad2-$i.ko"
		"$kopatch" vermagic "$share/bad2-$i.ko" "$(sed -E "s/ preempt[a-z_]* / /; s/\$/v$i /" <<<"$kv")"
		module_of[bad2-$i.ko]=mv_good decided_of[bad2-$i.ko]=vermagic
	done
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
	for f in "${!module_of[@]}"; do
		ko_facts "$f"
	done
	# Distinct builds: each loader's bad1 has CRCs, its bad2 a vermagic
	# of its own.
	[ "$(for i in $(seq 1 "$loaders"); do echo "${vermagic_of[bad2-$i.ko]}"; done |
		sort -u | wc -l)" = "$loaders" ] || setup_fail "two bad2 builds have one vermagic"
	if mv_modversions "$rel"; then
		[ "$(for i in $(seq 1 "$loaders"); do echo "${crcs_of[bad1-$i.ko]}" | md5sum; done |
			sort -u | wc -l)" = "$loaders" ] || setup_fail "two bad1 builds have the same CRCs"
	fi
	echo "# $T: bad1 ${decided_of[bad1-1.ko]}, bad2 vermagic, bad3 (built for $other) ${decided_of[bad3.ko]}; one bad1 and bad2 build per loader"
	cp "$TOP/tests/qemu/stress-guest.sh" "$share/"
}

# records HISTORY: one line per record, "rec seq pid module decided_by
# errno shared_with crc_total 'vermagic_module'", then its CRC lines as
# "crc seq MODULE KERNEL VERDICT SYMBOL".
records()
{
	awk '/^modverify_record:/ { h = "-"; n = 0; v = "" }
	     /^seq: / { s = $2 } /^pid: / { p = $2 } /^module: / { m = $2 }
	     /^decided_by: / { d = $2 } /^result: / { e = $2 } /^shared_with: / { h = $2 }
	     /^crc_total: / { t = $2 } /^vermagic_module: / { sub(/^vermagic_module: /, ""); v = $0 }
	     /^crc:\t/ { split($0, c, "\t"); crc[n++] = c[2] " " c[3] " " c[4] " " c[5] }
	     /^end: / { print "rec", s, p, m, d, e, h, t, v
			for (i = 0; i < n; i++) print "crc", s, crc[i] }' "$1"
}
# Every attempt a loader saw has exactly one record, with its pid, module,
# verdict and errno, the vermagic of the file it loaded and the CRC lines
# of that file (every one where the kernel checked every import); nothing
# was dropped or missed.  A record that shares another's load (6.5+:
# overlapping loads of one file make one load) has the loader's errno, and
# the load it names has the verdict.
check_concurrent()
{
	local out=$work/concurrent.out hist=$work/history.txt
	local id k pid file rc text err decided n=0 bad=0 none=0 crcbad=0 vmbad=0 got want
	local seq module shared total vm kind line

	sed -n '/^@@HISTORY$/,/^@@STATS$/p' "$out" > "$hist"
	# pid -> "module decided_by errno" for every record in the history;
	# a sharing record's verdict is its leader's, its errno its own.
	declare -A rec_of=() count_of=() by_seq=() seq_of=() vm_of=() total_of=() crcs=()
	while read -r kind seq line; do
		if [ "$kind" = crc ]; then
			crcs[$seq]+="$line"$'\n'
			continue
		fi
		read -r pid module decided err shared total vm <<<"$line"
		by_seq[$seq]="$module $decided $err"
		count_of[$pid]=$((${count_of[$pid]:-0} + 1))
		rec_of[$pid]="$module $decided $err $shared"
		seq_of[$pid]=$seq vm_of[$pid]=$vm total_of[$pid]=$total
	done < <(records "$hist")
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
			continue
		fi
		# The record is of this file: its vermagic and its CRCs.
		if [ "${vm_of[$pid]}" != "'${vermagic_of[$file]}'" ]; then
			[ "$vmbad" -ge 5 ] || echo "# pid $pid $file: vermagic_module ${vm_of[$pid]}, the file's '${vermagic_of[$file]}'"
			vmbad=$((vmbad + 1))
		fi
		got=$(sed '/^$/d' <<<"${crcs[${seq_of[$pid]}]:-}" | sort)
		case $decided in
		loaded|symbol_crc)
			# simplify_symbols() checks every import: every line
			[ "$got" = "${crcs_of[$file]}" ] && [ "${total_of[$pid]}" = "$(grep -c . <<<"${crcs_of[$file]}")" ]
			;;
		*)
			# refused earlier: the lines there are, each the file's
			[ -z "$got" ] || ! grep -vxF -f <(echo "${crcs_of[$file]}") <<<"$got" >/dev/null
			;;
		esac || {
			[ "$crcbad" -ge 5 ] || echo "# pid $pid $file ($decided): CRC lines '$(tr '\n' ';' <<<"$got")', the file's '$(tr '\n' ';' <<<"${crcs_of[$file]}")'"
			crcbad=$((crcbad + 1))
		}
	done < <(grep '^attempt ' "$out")
	expect_eq "concurrent/attempts run" "$n" $((loaders * attempts))
	[ "$bad" = 0 ] || echo "# $bad attempts without their record: $none have none at all, $((bad - none)) another verdict"
	expect_eq "concurrent/records match their loader" "$bad" 0
	expect_eq "concurrent/records have their file's vermagic" "$vmbad" 0
	if mv_modversions "$rel"; then
		expect_eq "concurrent/records have their file's CRCs" "$crcbad" 0
	else
		mv_skip "$T/concurrent/records have their file's CRCs" "kernel built without CONFIG_MODVERSIONS"
	fi
	expect_eq "concurrent/records" "$(grep -c '^modverify_record: ' "$hist")" "$n"
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
