#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# watch-guest.sh LIST: the guest side of test-watch.sh.  Installs the
# kernel's own module of intree/ (where watch finds the kernel's vermagic
# when no same_magic() shows it), starts `modverify watch --output` in the
# background and waits until it has attached, loads /modverify.ko (its
# status printed as @@KO; under lockdown it must fail), runs the scenarios
# of LIST with core-guest.sh, then stops watch with SIGINT and prints its
# exit status, its stderr, the records it appended and what it printed,
# between @@ markers.

mkdir -p "/lib/modules/$(uname -r)/kernel"
cp intree/* "/lib/modules/$(uname -r)/kernel/"
modverify watch --output /tmp/watch.rec >/tmp/watch.out 2>/tmp/watch.err &
wp=$!
i=0
while ! grep -q "watching module loads" /tmp/watch.err 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 60 ] || ! kill -0 $wp 2>/dev/null; then
		echo "@@WATCHSTART failed"
		cat /tmp/watch.err
		exit 1
	fi
	sleep 1
done
echo "@@WATCHSTART ok"
insmod /modverify.ko >/tmp/ko.out 2>&1
echo "@@KO $?"
cat /tmp/ko.out
sh core-guest.sh "$1"
# Functions with a direct call (flag D: a BPF fentry/fexit trampoline),
# while attached and after; modverify.ko's kprobes have none.
tramps() { grep -cE '\([0-9]+\)( R|  )( I|  ) D' /sys/kernel/debug/tracing/enabled_functions; }
echo "@@TRAMPS_ATTACHED $(tramps)"
# every record is written before the reader is interrupted
sleep 1
kill -INT $wp
wait $wp
echo "@@WATCHRC $?"
echo "@@TRAMPS_AFTER $(tramps)"
echo "@@WATCHERR"
cat /tmp/watch.err
echo "@@WATCHREC"
cat /tmp/watch.rec
echo "@@WATCHOUT"
cat /tmp/watch.out
echo "@@WATCHEND"
