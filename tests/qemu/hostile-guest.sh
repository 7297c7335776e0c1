#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-guest.sh DIR: guest side of test-hostile.sh.  Loads every module
# DIR/KIND/MODULE/*.ko, one at a time, each with a deadline (a huge bogus
# allocation can take seconds under TCG); one that loads is unloaded by its
# name, MODULE (the mangled copies keep .gnu.linkonce.this_module).  Prints
# one line per attempt:
#   try KIND/MODULE/FILE|RC|INSMOD TEXT|SEQ|RESULT|DECIDED_BY|IMAGE_CHECK
# (the last four from modverify's record, when modverify is loaded).

last=/sys/kernel/debug/modverify/last
# kmod's insmod by path: busybox's timeout would run its own applet (which
# retries with init_module, so each input would be loaded twice).
insmod=$(command -v insmod)

# The record's seq|result|decided_by|image_check, read once.
record()
{
	awk -F': ' '/^seq: /{s=$2} /^result: /{r=$2} /^decided_by: /{d=$2}
		    /^image_check: /{i=$2} END{printf "%s|%s|%s|%s", s, r, d, i}' "$last" 2>/dev/null
}

for f in "$1"/*/*/*.ko; do
	timeout 120 "$insmod" "$f" 2>/tmp/err
	rc=$?
	if [ "$rc" = 0 ]; then
		m=${f%/*}
		rmmod "${m##*/}"
	fi
	echo "try ${f#"$1"/}|$rc|$(sed 's/.*: //' /tmp/err)|$(record)"
done
