#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh: the guest side of `make bench` (run.sh writes ./params).
# Each round sets up every condition in turn (bare, floor, ftrace_floor,
# modverify, kprobe_events, bpf, watch; the order rotates per round) and runs the
# three workloads under it:
#	small	CYCLES_SMALL load+unload cycles of mv_small.ko (~30 imports)
#	many	CYCLES_MANY cycles of mv_many.ko (1000 imports)
#	real	`modprobe -a` of the selected in-tree modules (dependencies
#		first), then all of them unloaded, newest first
# Lines for run.sh:
#	sample WORKLOAD COND ROUND NS	CPU time: of each finit_module (small,
#		many), of the modprobe process (real), of its finit_module
#		calls (real-finit)
#	count WORKLOAD COND ROUND LOADS CALLS	what the condition's instrument
#		saw (- when it has none), checked here against the kernel
#	info ... / real-selected N / real-dropped NAME STATUS
#	error WHAT	a setup step or a count failed; the script exits 1
# Every setup step is checked: a condition that failed to set up would
# otherwise be measured as bare.
set -u

# shellcheck source=/dev/null
. ./params
tracing=/sys/kernel/tracing
pins=/sys/fs/bpf/mvb
dbg=/sys/kernel/debug

fail()
{
	echo "error $*"
	exit 1
}

field()	# field FILE KEY: the value of "KEY: value" in FILE
{
	sed -n "s/^$2: //p" "$1"
}

# --- guest setup ---------------------------------------------------------
mount -t tracefs none "$tracing" || fail "mount tracefs"
mount -t bpf none /sys/fs/bpf || fail "mount bpffs"
mkdir -p /lib/modules || fail "mkdir /lib/modules"
ln -s "$PWD/real/tree/lib/modules/$RELEASE" /lib/modules/ || fail "link the module tree"
[ "$(uname -r)" = "$RELEASE" ] || fail "booted $(uname -r), not $RELEASE"
echo 8192 > "$tracing/buffer_size_kb" || fail "trace buffer size"

# vm-run loaded modverify: note its probes, then measure its memory.
grep '^probe: .*	attached' "$dbg/modverify/status" | cut -f 1,2 | sed 's/^probe: //' |
	sort > /tmp/mv-probes
[ -s /tmp/mv-probes ] || fail "modverify has no probe attached"
rmmod modverify || fail "rmmod modverify"
meminfo() { awk '$1 ~ /^(MemFree|Slab|VmallocUsed|Percpu):$/ { printf "%s ", $2 }' /proc/meminfo; }
before=$(meminfo)
# shellcheck disable=SC2086 # module parameters, one a word
insmod /modverify.ko $MODVERIFY_ARGS || fail "insmod modverify"
echo "$before $(meminfo)" | awk '{ printf "info modverify_kb free %d slab %d vmalloc %d percpu %d\n",
	$1 - $5, $6 - $2, $7 - $3, $8 - $4 }'
echo "info modverify_module_bytes $(awk '$1 == "modverify" { print $2 }' /proc/modules)"
echo "info history_bytes $(field $dbg/modverify/status history_bytes)"
rmmod modverify || fail "rmmod modverify"

loaded() { cut -d ' ' -f 1 /proc/modules; }
# new_modules: those loaded now and not in /tmp/base, newest first.
new_modules() { loaded | awk 'FILENAME == ARGV[1] { old[$1] = 1; next } !($1 in old)' /tmp/base -; }

# --- conditions ------------------------------------------------------------
KPROBE_EVENTS="p:mvb/lm load_module flags=%dx:x32
r:mvb/lmr load_module ret=\$retval:s32
p:mvb/cv check_version sym=+0(%si):string crc=+0(%cx):x32
p:mvb/sm same_magic amagic=+0(%di):string bmagic=+0(%si):string has_crcs=%dx:u8
r:mvb/smr same_magic ret=\$retval:u8
p:mvb/force try_to_force_load reason=+0(%si):string
r:mvb/forcer try_to_force_load ret=\$retval:s32
p:mvb/init do_init_module name=+$MOD_NAME_OFF(%di):string"

setup()
{
	case $1 in
	bare) ;;
	floor)
		insmod mv_floor.ko || fail "insmod mv_floor"
		dmesg | sed -n 's/.*mv_floor: attached \([a-z]*\) \(.*\)/\2	\1/p' | sort -u > /tmp/fl-probes
		# (skip_probes= takes some of modverify's away on purpose)
		[ -n "$MODVERIFY_ARGS" ] || cmp -s /tmp/fl-probes /tmp/mv-probes ||
			fail "floor's probes differ from modverify's: $(diff /tmp/mv-probes /tmp/fl-probes | tr '\n' ' ')"
		;;
	ftrace_floor)
		insmod mv_ftrace_floor.ko || fail "insmod mv_ftrace_floor"
		dmesg | sed -n 's/.*mv_ftrace_floor: traced //p' | sort -u > /tmp/ff-probes
		[ -n "$MODVERIFY_ARGS" ] || cut -f 1 /tmp/mv-probes | cmp -s - /tmp/ff-probes ||
			fail "ftrace floor's functions differ from modverify's: $(cut -f 1 /tmp/mv-probes | diff - /tmp/ff-probes | tr '\n' ' ')"
		;;
	modverify)
		# shellcheck disable=SC2086 # module parameters, one a word
		insmod /modverify.ko $MODVERIFY_ARGS || fail "insmod modverify"
		[ "$(field $dbg/modverify/status records_dropped)" = 0 ] || fail "modverify dropping"
		;;
	kprobe_events)
		echo "$KPROBE_EVENTS" | while read -r ev; do
			echo "$ev" >> "$tracing/kprobe_events" || fail "kprobe_events: $ev"
		done || exit 1
		[ "$(grep -c '^[pr][0-9]*:mvb/' "$tracing/kprobe_events")" = 8 ] ||
			fail "kprobe_events holds $(cat "$tracing/kprobe_events")"
		echo 1 > "$tracing/events/mvb/enable" || fail "enable kprobe events"
		grep -q '^1' "$tracing/events/mvb/enable" || fail "kprobe events not enabled"
		echo 1 > "$tracing/tracing_on" || fail "tracing_on"
		;;
	watch)
		: > /tmp/watch.rec || fail "create /tmp/watch.rec"
		modverify watch --output /tmp/watch.rec > /tmp/watch.out 2> /tmp/watch.err &
		watch_pid=$!
		i=0
		until grep -q "watching module loads" /tmp/watch.err; do
			i=$((i + 1))
			if [ $i -gt 120 ] || ! kill -0 "$watch_pid" 2>/dev/null; then
				fail "modverify watch did not attach: $(tr '\n' ' ' < /tmp/watch.err)"
			fi
			sleep 1
		done
		;;
	bpf)
		mkdir "$pins" || fail "mkdir $pins"
		./mvbpf attach mvb.bpf.o "$pins" > /tmp/bpf-attach || fail "mvbpf attach"
		[ "$(wc -l < /tmp/bpf-attach)" = 6 ] || fail "bpf: $(cat /tmp/bpf-attach)"
		;;
	esac
}

teardown()
{
	case $1 in
	bare) ;;
	floor) rmmod mv_floor || fail "rmmod mv_floor" ;;
	ftrace_floor) rmmod mv_ftrace_floor || fail "rmmod mv_ftrace_floor" ;;
	modverify)
		grep 'nmissed=[1-9]' "$dbg/modverify/status" && fail "modverify probes missed hits"
		rmmod modverify || fail "rmmod modverify"
		;;
	kprobe_events)
		echo 0 > "$tracing/events/mvb/enable" || fail "disable kprobe events"
		echo > "$tracing/kprobe_events" || fail "clear kprobe_events"
		[ ! -s "$tracing/kprobe_events" ] || fail "kprobe events left"
		;;
	watch)
		kill -INT "$watch_pid" || fail "stop modverify watch"
		wait "$watch_pid" || fail "modverify watch exited $?: $(tr '\n' ' ' < /tmp/watch.err)"
		grep -q ' 0 events lost, 0 attempts left incomplete' /tmp/watch.err ||
			fail "modverify watch: $(tail -n 1 /tmp/watch.err)"
		rm /tmp/watch.rec /tmp/watch.out /tmp/watch.err || fail "remove watch's files"
		;;
	bpf)
		rm -r "$pins" || fail "remove bpf pins"
		;;
	esac
	loaded | grep -qx -e modverify -e mv_floor -e mv_ftrace_floor && fail "$1 left a module loaded"
	return 0
}

# counts COND: "LOADS CALLS" seen so far by COND's instrument ("-" if none).
counts()
{
	case $1 in
	bare) echo "- -" ;;
	floor) echo "$(cat $dbg/mv_floor/load_module) $(cat $dbg/mv_floor/check_version)" ;;
	ftrace_floor)
		echo "$(cat $dbg/mv_ftrace_floor/load_module) $(cat $dbg/mv_ftrace_floor/check_version)"
		;;
	modverify) echo "$(field $dbg/modverify/status records) -" ;;
	kprobe_events)
		awk '{ sub(/.*\//, "", $1); hits[$1] = $2; miss += $3 }
		     END { if (miss || hits["lm"] != hits["lmr"]) print "x x"
			   else print hits["lmr"] + 0, hits["cv"] + 0 }' "$tracing/kprobe_profile"
		;;
	watch)
		# The records of the loads made so far, once the reader has
		# written them all (the count stays the same for a second).
		n=-1 i=0
		while [ "$n" != "$(grep -c '^modverify_record:' /tmp/watch.rec)" ] && [ $i -lt 30 ]; do
			n=$(grep -c '^modverify_record:' /tmp/watch.rec)
			sleep 1
			i=$((i + 1))
		done
		if grep -q '^lost:' /tmp/watch.out; then
			echo "x x"
		else
			echo "$n $(awk '/^crc_total: / { s += $2 } END { print s + 0 }' /tmp/watch.rec)"
		fi
		;;
	bpf)
		./mvbpf counts "$pins" | awk '{ v[$1] = $2 }
			END { if (v["dropped"] || v["loads"] != v["loads_done"]) print "x x"
			      else print v["loads_done"], v["crc_checks"] }'
		;;
	esac
}

# check WORKLOAD COND ROUND BEFORE AFTER LOADS CALLS: the instrument's
# counts moved by exactly the loads and check_version() calls the kernel
# made; print the count line.
check()
{
	set -- "$@"
	w=$1 c=$2 r=$3 loads=$6 calls=$7
	b_loads=${4% *} b_calls=${4#* } a_loads=${5% *} a_calls=${5#* }
	echo "count $w $c $r $loads $calls"
	[ "$a_loads" = x ] && fail "$w $c: probe misses, dropped events or unpaired load probes"
	[ "$a_loads" = - ] && return 0
	[ $((a_loads - b_loads)) = "$loads" ] ||
		fail "$w $c round $r: $((a_loads - b_loads)) loads seen, $loads made"
	[ "$a_calls" = - ] || [ $((a_calls - b_calls)) = "$calls" ] ||
		fail "$w $c round $r: $((a_calls - b_calls)) check_version calls seen, $calls made"
	if [ "$c" = kprobe_events ]; then
		# Every hit is in the buffer: nothing overwritten.
		stats=$tracing/per_cpu/cpu0/stats
		[ "$(field "$stats" overrun)" = 0 ] || fail "$w: trace buffer overrun"
	fi
}

# --- workloads -------------------------------------------------------------
# cycles WORKLOAD COND ROUND FILE NAME N VERSIONS: one untimed load, then
# N timed ones.
cycles()
{
	before=$(counts "$2")
	./loadbench cycles "$4" "$5" 1 > /dev/null || fail "$1 $2: warm-up load"
	./loadbench cycles "$4" "$5" "$6" > /tmp/cycles || fail "$1 $2: loads"
	sed "s/^/sample $1 $2 $3 /" /tmp/cycles
	check "$1" "$2" "$3" "$before" "$(counts "$2")" $(($6 + 1)) $((($6 + 1) * $7))
}

# real_pass LIST: `modprobe -a` the modules in LIST; sets NEW (the modules
# the pass loaded, newest first) and leaves "STATUS NS" in /tmp/real-out
# and each finit_module call ("finit RET NS FILE") in /tmp/finit.
real_pass()
{
	loaded | sort > /tmp/base
	: > /tmp/finit
	MVB_FINIT_FD=9 LD_PRELOAD=$PWD/finit-time.so ./loadbench modprobe "$1" > /tmp/real-out 9>> /tmp/finit ||
		fail "real: loadbench modprobe"
	NEW=$(new_modules)
}

real_unload()
{
	# shellcheck disable=SC2086 # one name a word
	./loadbench unload $NEW || fail "real: unload"
	[ "$(loaded | sort)" = "$(cat /tmp/base)" ] || fail "real: modules left: $(new_modules)"
}

# The modules of the finit_module calls in /tmp/finit, one a line (a
# failed one too: modprobe tries a soft dependency and lets it fail).
finit_modules() { awk '{ n = split($4, p, "/"); m = p[n]; sub(/\.ko.*/, "", m); gsub("-", "_", m); print m }' /tmp/finit; }

real()
{
	before=$(counts "$1")
	real_pass selected
	read -r status ns < /tmp/real-out
	[ "$status" = 0 ] || fail "real $1: modprobe -a exited $status"
	loads=$(grep -c . /tmp/finit)
	[ "$(grep -c '^finit 0 ' /tmp/finit)" = "$(echo "$NEW" | grep -c .)" ] ||
		fail "real $1: $(grep -c '^finit 0 ' /tmp/finit) loads succeeded, $(echo "$NEW" | grep -c .) modules are new"
	calls=$(finit_modules | awk 'FILENAME == ARGV[1] { v[$1] = $2; next }
		!($1 in v) { print "no __versions count for " $1; exit 1 }
		{ s += v[$1] } END { print s }' real/versions -) || fail "real $1: $calls"
	echo "sample real $1 $2 $ns"
	echo "sample real-finit $1 $2 $(awk '{ s += $3 } END { print s }' /tmp/finit)"
	check real "$1" "$2" "$before" "$(counts "$1")" "$loads" "$calls"
	if [ "$1" = modverify ] && [ "$2" = 1 ]; then
		echo "info record_bytes_real_last $(wc -c < $dbg/modverify/last)"
	fi
	real_unload
}

workloads()	# COND ROUND
{
	[ "$1" = kprobe_events ] && { echo > "$tracing/trace" || fail "clear trace"; }
	cycles small "$1" "$2" mv_small.ko mv_small "$CYCLES_SMALL" "$SMALL_VERSIONS"
	if [ "$1" = kprobe_events ] && [ "$2" = 1 ]; then
		# The facts are there: a symbol with its CRC, the name, the vermagic.
		grep -q 'cv: .*sym="[a-z_]*" crc=0x' "$tracing/trace" || fail "no CRC in the trace"
		grep -q 'init: .*name="mv_small"' "$tracing/trace" || fail "no module name in the trace"
		grep -q 'sm: .*amagic="[0-9]' "$tracing/trace" || fail "no vermagic in the trace"
	fi
	[ "$1" = kprobe_events ] && { echo > "$tracing/trace" || fail "clear trace"; }
	cycles many "$1" "$2" mv_many.ko mv_many "$CYCLES_MANY" "$MANY_VERSIONS"
	[ "$1" = kprobe_events ] && { echo > "$tracing/trace" || fail "clear trace"; }
	real "$1" "$2"
	if [ "$1" = modverify ] && [ "$2" = 1 ]; then
		./loadbench cycles mv_small.ko mv_small 1 > /dev/null || fail "small load"
		echo "info record_bytes_small $(wc -c < $dbg/modverify/last)"
	fi
}

# --- selection of the real workload -----------------------------------------
# Each candidate alone, with autoloading on (through ./autoload, which logs
# the request): kept if it loads, asks for no other module (the timed
# passes run with autoloading off, so that every load is the workload's
# own) and unloads again.
echo "$PWD/autoload" > /proc/sys/kernel/modprobe || fail "set the autoload helper"
: > selected
while read -r m; do
	echo "$m" > /tmp/one
	: > /tmp/autoload.log
	real_pass /tmp/one
	read -r status ns < /tmp/real-out
	if [ "$status" != 0 ]; then
		echo "real-dropped $m status $status"
	elif [ -s /tmp/autoload.log ]; then
		echo "real-dropped $m autoload $(tr '\n' ' ' < /tmp/autoload.log)"
	else
		echo "$m" >> selected
		echo "real-candidate $m $ns $(echo "$NEW" | grep -c .)"
	fi
	real_unload
done < real/candidates
echo > /proc/sys/kernel/modprobe || fail "disable request_module"
[ -z "$(cat /proc/sys/kernel/modprobe)" ] || fail "request_module still enabled"
echo "real-selected $(grep -c . selected)"
[ "$(grep -c . selected)" -ge "$REAL_MIN" ] || fail "only $(grep -c . selected) modules load"
echo "info uptime_after_selection $(cut -d ' ' -f 1 /proc/uptime)"

# --- rounds ------------------------------------------------------------------
r=1
while [ "$r" -le "$ROUNDS" ]; do
	# Rotate the order, so that no condition always follows the same one.
	# shellcheck disable=SC2086 # condition names, one a word
	set -- $CONDS
	i=1
	while [ "$i" -lt "$r" ]; do
		first=$1; shift; set -- "$@" "$first"; i=$((i + 1))
	done
	for cond in "$@"; do
		setup "$cond"
		workloads "$cond" "$r"
		teardown "$cond"
	done
	r=$((r + 1))
done
echo "info uptime_end $(cut -d ' ' -f 1 /proc/uptime)"
