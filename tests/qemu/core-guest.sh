#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# core-guest.sh LIST: the guest side of the QEMU tests.  Runs each scenario
# of the file LIST ("name<TAB>shell command" per line) and
# prints, between @@ markers, the command's exit status and output, the
# kernel's messages for it, the record in debugfs, and the reader's JSON
# and text for it.  The host asserts.

last=/sys/kernel/debug/modverify/last
mkdir -p "/lib/modules/$(uname -r)/extra"

tab=$(printf '\t')
while IFS="$tab" read -r name cmd; do
	[ -n "$name" ] || continue
	dmesg -c >/dev/null
	echo "@@BEGIN $name"
	sh -c "$cmd" >/tmp/out 2>&1
	echo "@@RC $?"
	echo "@@OUT"
	cat /tmp/out
	echo "@@DMESG"
	dmesg -c
	echo "@@REC"
	cat "$last"
	echo "@@JSON"
	modverify --json
	echo "@@JSONRC $?"
	echo "@@TEXT"
	modverify --color=never
	echo "@@TEXTRC $?"
	echo "@@END $name"
done < "$1"
