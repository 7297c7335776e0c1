#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# shared-guest.sh: three insmod of one file at once (mv_slow.ko, whose init
# sleeps, so they overlap): "loader PID STATUS INSMOD'S-WORDS" for each,
# then modverify.ko's history (@@@HISTORY), then mv_slow unloaded.  From
# 6.5 on the kernel runs one load and every loader gets its result; before,
# each loader loads and the late ones find the module there.
pids=
for i in 1 2 3; do
	insmod mv_slow.ko 2>/tmp/shared$i &
	pids="$pids $!"
done
i=1
for p in $pids; do
	wait "$p"
	rc=$?
	echo "loader $p $rc $(cat /tmp/shared$i)"
	i=$((i + 1))
done
echo "@@@HISTORY"
cat /sys/kernel/debug/modverify/history
rmmod mv_slow
