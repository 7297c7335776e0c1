#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# stress-guest.sh concurrent LOADERS ATTEMPTS SLOW MAX | unload ROUNDS
#
# Guest side of test-stress.sh.
#   concurrent: LOADERS loaders in parallel, each making ATTEMPTS load
#     attempts of its own builds (good<ID>.ko, bad1-<ID>.ko, bad2-<ID>.ko)
#     and the shared bad3.ko; each attempt is printed as
#     "attempt LOADER N PID FILE RC: ERROR TEXT" (insmod's text for the
#     errno it got), then the history, stats and status.  Then modverify is
#     loaded again with max_inflight=MAX and SLOW loads of slow1.ko ..
#     slow<SLOW>.ko are made at once, their inits held until all have
#     started: "slow K PID RC", the kernel's messages, the history and the
#     stats.
#   unload: ROUNDS times, unload modverify while two loaders are loading
#     and slow.ko's init is held, then load it again; then one load of
#     bad2-1.ko, whose record must be the last.  Prints per round whether
#     slow.ko was still loading when modverify was gone, that load's exit
#     status, the probe load's pid and exit status and its record, and the
#     memory counters.

debug=/sys/kernel/debug/modverify

# One loader: good<ID>.ko (its own module name, unloaded after), then the
# bad modules bad1-<ID>.ko, bad2-<ID>.ko and bad3.ko (bad3-<ID>.ko where
# there is one) in turn.
loader()
{
	id=$1 n=$2 k=0
	while [ "$k" -lt "$n" ]; do
		case $((k % 4)) in
		0) f=good$id.ko ;;
		1) f=bad1-$id.ko ;;
		2) f=bad2-$id.ko ;;
		3) f=bad3.ko; [ ! -f "bad3-$id.ko" ] || f=bad3-$id.ko ;;
		esac
		insmod "$f" 2>"/tmp/err$id" &
		p=$!
		wait "$p"
		rc=$?
		echo "attempt $id $k $p $f $rc: $(sed 's/.*: //' "/tmp/err$id")"
		[ "$rc" = 0 ] && [ "$f" = "good$id.ko" ] && rmmod "mv_good$id"
		k=$((k + 1))
	done
}

# wait_msg TEXT: until the kernel has printed TEXT (30 s at most).
wait_msg()
{
	i=0
	while ! dmesg | grep -qF "$1"; do
		[ $i -lt 300 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# SLOW loads at once with modverify's max_inflight=MAX.
drops()
{
	# The reload arms probes with the second CPU offline, as vm-run's boot
	# does: multi-threaded TCG can miss that patch (docs/troubleshooting.md).
	echo 0 >/sys/devices/system/cpu/cpu1/online || echo "@@FAIL cpu1 offline"
	rmmod modverify || echo "@@FAIL rmmod modverify"
	insmod /modverify.ko "max_inflight=$2" || echo "@@FAIL insmod modverify max_inflight=$2"
	echo 1 >/sys/devices/system/cpu/cpu1/online || echo "@@FAIL cpu1 online"
	dmesg -c >/dev/null
	k=1
	while [ "$k" -le "$1" ]; do
		insmod "slow$k.ko" hold=1 delay_ms=30000 &
		eval "p$k=\$!"
		k=$((k + 1))
	done
	# Every init waiting: all loads are in flight; then let them end.
	k=1
	while [ "$k" -le "$1" ]; do
		wait_msg "mv_slow$k: init sleeps" || echo "slow$k.ko did not start"
		k=$((k + 1))
	done
	k=1
	while [ "$k" -le "$1" ]; do
		echo 0 > "/sys/module/mv_slow$k/parameters/hold"
		k=$((k + 1))
	done
	k=1
	while [ "$k" -le "$1" ]; do
		eval "p=\$p$k"
		wait "$p"
		echo "slow $k $p $?"
		rmmod "mv_slow$k"
		k=$((k + 1))
	done
	echo "@@DMESG2"
	dmesg -c
	echo "@@HISTORY2"
	cat "$debug/history"
	echo "@@STATS2"
	cat "$debug/stats"
}

concurrent()
{
	i=1
	while [ "$i" -le "$1" ]; do
		loader "$i" "$2" > "/tmp/loader$i" &
		i=$((i + 1))
	done
	wait
	cat /tmp/loader*
	echo "@@HISTORY"
	cat "$debug/history"
	echo "@@STATS"
	cat "$debug/stats"
	echo "@@STATUS"
	cat "$debug/status"
	drops "$3" "$4"
}

meminfo()
{
	awk '/^(Slab|VmallocUsed):/ { printf "%s %s ", $1, $2 } END { print "" }' /proc/meminfo
}

unload()
{
	r=1
	while [ "$r" -le "$1" ]; do
		dmesg -c >/dev/null
		(loader 1 8 >/dev/null) &
		(loader 2 8 >/dev/null) &
		insmod slow.ko hold=1 delay_ms=30000 &
		slow=$!
		wait_msg "mv_slow: init sleeps" || echo "slow.ko did not start in round $r"
		rmmod modverify || echo "rmmod failed in round $r"
		# Its init still waiting: the load was in flight across the unload.
		if dmesg | grep -qF "mv_slow: init done"; then inflight=no; else inflight=yes; fi
		insmod /modverify.ko || echo "insmod failed in round $r"
		echo 0 > /sys/module/mv_slow/parameters/hold
		wait "$slow"
		src=$?
		wait
		rmmod mv_slow
		insmod bad2-1.ko 2>/dev/null &
		p=$!
		wait "$p"
		prc=$?
		echo "round $r inflight $inflight slow $src probe $p $prc record" \
			"$(awk '/^(pid|module|decided_by|vermagic_module): / { sub(/^[a-z_]+: /, ""); printf "%s|", $0 }' "$debug/last")" \
			"up $(cut -d ' ' -f 1 /proc/uptime) mem $(meminfo)"
		r=$((r + 1))
	done
	grep -c attached "$debug/status" | sed 's/^/attached /'
}

"$@"
