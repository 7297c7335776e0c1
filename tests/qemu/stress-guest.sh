#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# stress-guest.sh concurrent LOADERS ATTEMPTS | unload ROUNDS
#
# Guest side of test-stress.sh.
#   concurrent: LOADERS loaders in parallel, each making ATTEMPTS load
#     attempts of mixed good and bad modules; each attempt is printed as
#     "attempt LOADER N PID FILE RC: ERROR TEXT" (insmod's text for the
#     errno it got), then the history, stats and status.
#   unload: ROUNDS times, unload modverify while two loaders are loading,
#     then load it again; prints the memory counters after every round.

debug=/sys/kernel/debug/modverify

# One loader: good<ID>.ko (its own module name, unloaded after), then the
# bad modules bad1.ko, bad2.ko, bad3.ko in turn.
loader()
{
	id=$1 n=$2 k=0
	while [ "$k" -lt "$n" ]; do
		case $((k % 4)) in
		0) f=good$id.ko ;;
		1) f=bad1.ko ;;
		2) f=bad2.ko ;;
		3) f=bad3.ko ;;
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
}

meminfo()
{
	awk '/^(Slab|VmallocUsed):/ { printf "%s %s ", $1, $2 } END { print "" }' /proc/meminfo
}

unload()
{
	r=1
	while [ "$r" -le "$1" ]; do
		(loader 1 8 >/dev/null) &
		(loader 2 8 >/dev/null) &
		sleep 0.2
		rmmod modverify || echo "rmmod failed in round $r"
		insmod /modverify.ko || echo "insmod failed in round $r"
		wait
		echo "round $r $(meminfo)"
		r=$((r + 1))
	done
	grep -c attached "$debug/status" | sed 's/^/attached /'
}

"$@"
