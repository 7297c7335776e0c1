#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh ROUNDS CYCLES [ARGS]: guest side of `make bench`.  Each round
# times CYCLES load+unload cycles of mv_bench.ko in each condition, in turn:
# bare (nothing probing the loader), modverify loaded, and the kernel's own
# ftrace kprobe events on check_version and load_module (entry and return).
# Prints "sample CONDITION NS" per cycle (the loading thread's CPU time),
# then the size of mv_bench's record and modverify's status.  ARGS are
# modverify's module parameters (e.g. skip_probes=, to cost one probe).

MODVERIFY_BENCH_ARGS=${3:-}
tracing=/sys/kernel/tracing
mount -t tracefs none "$tracing" 2>/dev/null

setup()
{
	case $1 in
	modverify) insmod /modverify.ko $MODVERIFY_BENCH_ARGS ;;
	kprobe_events)
		printf '%s\n' 'p:mvb/cv check_version' 'r:mvb/cvr check_version ret=$retval' \
			'p:mvb/lm load_module' 'r:mvb/lmr load_module ret=$retval' \
			> "$tracing/kprobe_events"
		echo 1 > "$tracing/events/mvb/enable"
		;;
	esac
}

teardown()
{
	case $1 in
	modverify) rmmod modverify ;;
	kprobe_events)
		echo 0 > "$tracing/events/mvb/enable"
		echo > "$tracing/kprobe_events"
		;;
	esac
}

rmmod modverify		# vm-run loaded it; rounds start bare
r=1
while [ "$r" -le "$1" ]; do
	for cond in bare modverify kprobe_events; do
		setup "$cond"
		./loadbench mv_bench.ko mv_bench 1 >/dev/null	# warm caches
		./loadbench mv_bench.ko mv_bench "$2" | sed "s/^/sample $cond /"
		teardown "$cond"
	done
	r=$((r + 1))
done

insmod /modverify.ko
./loadbench mv_bench.ko mv_bench 1 >/dev/null
echo "record_bytes $(wc -c < /sys/kernel/debug/modverify/last)"
echo "crc_total $(sed -n 's/^crc_total: //p' /sys/kernel/debug/modverify/last)"
cat /sys/kernel/debug/modverify/status
