#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# watch-guest.sh LIST | concurrent LOADERS ATTEMPTS MODE...: the guest
# side of test-watch.sh.  Both install the kernel's own module of intree/
# (where watch finds the kernel's vermagic when no same_magic() shows it).
#   LIST: starts
#     `modverify watch --output` in the background and waits until it has
#     attached, then a second one with --attach=kprobe, loads
#     /modverify.ko (its status printed as @@KO; under lockdown it must
#     fail), runs the scenarios of LIST with core-guest.sh, then stops both
#     with SIGINT and prints each one's exit status, its stderr, the records
#     it appended (and, for the first, what it printed), between @@ markers
#     (@@WATCH... for the first, @@KPWATCH... for the kprobe one).
#   concurrent: for each MODE (watch --attach=MODE), between @@MODE MODE
#     and @@MODEEND MODE: watch started, LOADERS loaders of
#     stress-guest.sh making ATTEMPTS attempts each at once (their
#     "attempt ..." lines), the registered kprobes while attached and
#     after, watch's exit status, its stderr and the keys of its records
#     that test-watch.sh compares; first the CPUs online (@@CPUS).

# start_watch NAME MARK [OPTION...]: watch appending to /tmp/NAME.rec, in
# the background (its pid in /tmp/NAME.pid), once it says it is watching
# (@@MARKSTART).
start_watch()
{
	name=$1 mark=$2
	shift 2
	modverify watch "$@" --output "/tmp/$name.rec" >"/tmp/$name.out" 2>"/tmp/$name.err" &
	echo $! >"/tmp/$name.pid"
	i=0
	while ! grep -q "watching module loads" "/tmp/$name.err" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 60 ] || ! kill -0 "$(cat "/tmp/$name.pid")" 2>/dev/null; then
			echo "@@${mark}START failed"
			cat "/tmp/$name.err"
			exit 1
		fi
		sleep 1
	done
	echo "@@${mark}START ok"
}

# stop_watch NAME MARK: SIGINT once every record is written; its exit
# status (@@MARKRC).
stop_watch()
{
	sleep 1
	kill -INT "$(cat "/tmp/$1.pid")"
	wait "$(cat "/tmp/$1.pid")"
	echo "@@$2RC $?"
}

kprobes() { grep -c . /sys/kernel/debug/kprobes/list; }
# the functions of the registered kprobes and kretprobes, sorted
kprobe_funcs() { sed 's/^[0-9a-f]* *[kr] *\([^+ ]*\).*/\1/' /sys/kernel/debug/kprobes/list | sort | paste -sd ' ' -; }

concurrent()
{
	loaders=$1 attempts=$2
	shift 2
	echo "@@CPUS $(cat /sys/devices/system/cpu/online)"
	for mode; do
		echo "@@MODE $mode"
		start_watch "c-$mode" WATCH --attach="$mode"
		echo "@@KPROBES_ATTACHED $(kprobes)"
		echo "@@KPROBE_FUNCS $(kprobe_funcs)"
		t0=$(cut -d ' ' -f 1 /proc/uptime)
		pids=
		i=1
		while [ "$i" -le "$loaders" ]; do
			sh stress-guest.sh loader "$i" "$attempts" > "/tmp/loader$i" &
			pids="$pids $!"
			i=$((i + 1))
		done
		for p in $pids; do
			wait "$p"
		done
		echo "@@LOADERS_SECONDS $t0 $(cut -d ' ' -f 1 /proc/uptime)"
		cat /tmp/loader*
		stop_watch "c-$mode" WATCH
		echo "@@KPROBES_AFTER $(kprobes)"
		echo "@@WATCHERR"
		cat "/tmp/c-$mode.err"
		echo "@@WATCHREC"
		grep -E '^(modverify_record|seq|pid|module|decided_by|result|shared_with|crc_total|events_lost|vermagic_module|crc|end):' \
			"/tmp/c-$mode.rec"
		echo "@@MODEEND $mode"
	done
}

mkdir -p "/lib/modules/$(uname -r)/kernel"
cp intree/* "/lib/modules/$(uname -r)/kernel/"
if [ "$1" = concurrent ]; then
	shift
	concurrent "$@"
	exit
fi

start_watch watch WATCH
start_watch watch-kp KPWATCH --attach=kprobe
insmod /modverify.ko >/tmp/ko.out 2>&1
echo "@@KO $?"
cat /tmp/ko.out
sh core-guest.sh "$1"
# Functions with a direct call (flag D: a BPF fentry/fexit trampoline),
# while attached and after; modverify.ko's kprobes have none.
tramps() { grep -cE '\([0-9]+\)( R|  )( I|  ) D' /sys/kernel/debug/tracing/enabled_functions; }
echo "@@TRAMPS_ATTACHED $(tramps)"
stop_watch watch WATCH
stop_watch watch-kp KPWATCH
echo "@@TRAMPS_AFTER $(tramps)"
echo "@@WATCHERR"
cat /tmp/watch.err
echo "@@WATCHREC"
cat /tmp/watch.rec
echo "@@WATCHOUT"
cat /tmp/watch.out
echo "@@WATCHEND"
echo "@@KPWATCHERR"
cat /tmp/watch-kp.err
echo "@@KPWATCHREC"
cat /tmp/watch-kp.rec
echo "@@KPWATCHEND"
