#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# journal-guest.sh: the guest side of the journal export test
# (test-install.sh).  Runs systemd-journald (from ./sysroot, with logger,
# journalctl and jq), makes real load attempts with modverify loaded, runs
# packaging/modverify-journal as the service would, and prints between @@
# markers what the journal then holds.  The host asserts.
#
#   1. two loads before the export starts (early boot): a vermagic
#      mismatch, then a good module
#   2. the export starts, catches up, then follows: one more failed load,
#      then three back to back (faster than the reader polls)
#      the export is stopped right after the journal has the last entry,
#      while its logger has not returned yet (a logger that returns 3 s
#      late for seq 6): the state must still name seq 6
#   3. the export is restarted and one more load is made: it exports that
#      one only, nothing twice
#   4. modverify is loaded again with history=2 and four loads are made
#      before the export runs once: its seq starts over, two records are
#      lost and reported so

# wait_seq N: until the journal has the record entry with MODVERIFY_SEQ=N
# (60 s: a guest without KVM is slow).
wait_seq()
{
	i=0
	while [ $i -lt 600 ]; do
		[ -n "$(journalctl -q --no-pager -o cat MESSAGE_ID=a0273e7664c94469a4b87c99af2882c4 \
			MODVERIFY_SEQ="$1" 2>/dev/null)" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "journal-guest: no entry for seq $1 after 60 s" >&2
	return 1
}

fail()
{
	echo "@@FAIL $*"
	exit 1
}

# Install what the sysroot brings; what the image has (libc, busybox's
# applets) is kept: overwriting a library in use would crash its users.
(cd sysroot && find . -type f -o -type l) | while read -r f; do
	d=${f#.}
	[ -L "$d" ] && [ ! -L "sysroot/$f" ] && rm -f "$d"	# a busybox applet
	[ -e "$d" ] || { mkdir -p "${d%/*}" && cp -a "sysroot/$f" "$d"; }
done
mkdir -p /run /var/log /etc /sys/fs/cgroup
mount -t cgroup2 cgroup2 /sys/fs/cgroup || fail "mount cgroup2"
echo 5c5f2b4e0f0e4d0c8a8b6f1e2d3c4b5a > /etc/machine-id
/lib/systemd/systemd-journald >/tmp/journald.log 2>&1 &
i=0
while [ ! -S /run/systemd/journal/socket ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -S /run/systemd/journal/socket ] || fail "journald did not start: $(cat /tmp/journald.log)"

export MODVERIFY=/usr/bin/modverify
# ttyS1 is a terminal: no colour in what the host parses.
export SYSTEMD_COLORS=0
state=/run/modverify/journal.seq
dmesg -c >/dev/null

# 1. Before the export.
insmod vermagic.ko 2>/dev/null
insmod mv_good.ko && rmmod mv_good

# 2. The export catches up, then follows.
mkdir -p /tmp/slow
cat > /tmp/slow/logger <<EOF
#!/bin/sh
$(command -v logger) "\$@" || exit
case \$1 in --journald=*) ! grep -qx MODVERIFY_SEQ=6 "\${1#--journald=}" || sleep 3 ;; esac
EOF
chmod +x /tmp/slow/logger
PATH=/tmp/slow:$PATH ./modverify-journal &
exporter=$!
wait_seq 2 || fail "catch-up"
insmod vermagic.ko 2>/dev/null
wait_seq 3 || fail "follow"
insmod vermagic.ko 2>/dev/null
insmod vermagic.ko 2>/dev/null
insmod vermagic.ko 2>/dev/null
wait_seq 6 || fail "burst"

# 3. A restart exports nothing twice: it exports seq 7 once it has caught up.
kill "$exporter"
wait "$exporter"
./modverify-journal &
exporter=$!
insmod vermagic.ko 2>/dev/null
wait_seq 7 || fail "after the restart"
kill "$exporter"
wait "$exporter"
echo "@@STATE"
cat "$state"
echo "@@HISTORY"
cat /sys/kernel/debug/modverify/history
echo "@@DMESG"
dmesg -c

# 4. Loaded again, with a history of two.
rmmod modverify || fail "rmmod modverify"
insmod /modverify.ko history=2 || fail "insmod modverify history=2"
for _ in 1 2 3 4; do insmod vermagic.ko 2>/dev/null; done
./modverify-journal --once || fail "export --once"

echo "@@JOURNAL"
journalctl --no-pager -o json SYSLOG_IDENTIFIER=modverify
echo "@@VERMAGIC"
journalctl --no-pager -o json MODVERIFY_DECIDED_BY=vermagic
echo "@@END"
