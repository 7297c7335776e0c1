#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# boot-guest.sh: the guest side of the boot test (test-install.sh).  Booted
# as the initramfs's init (rdinit=/share/boot-guest.sh), in place of
# vm-run's guest-init, it lays ./root.tar over / (systemd, a few of Debian's
# units, and modverify as `make install` and DKMS installed it, with the
# units enabled by `systemctl enable`), then hands over to systemd as PID 1.
# systemd boots to mv-boot.target; its mv-boot-check.service runs this
# script again with "check", which prints what the boot did between @@
# markers on ttyS1 and the taint and status lines vm-run waits for on
# ttyS2, then powers off.

if [ "${1:-}" = check ]; then
	export SYSTEMD_COLORS=0 PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	stty -F /dev/ttyS1 raw -echo
	exec >/dev/ttyS1 2>&1
	# The two loads systemd-modules-load made, as the journal export wrote them.
	i=0
	while [ "$(journalctl -q --no-pager -o cat MODVERIFY_LOADER_COMM=systemd-modules | wc -l)" -lt 2 ] &&
	      [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "@@UNITS"
	for u in modverify.service systemd-modules-load.service modverify-journal.service; do
		echo "$u $(systemctl is-active $u)"
	done
	echo "@@ORDER"
	systemctl show -p ExecMainExitTimestampMonotonic --value modverify.service
	systemctl show -p ExecMainStartTimestampMonotonic --value systemd-modules-load.service
	echo "@@MODULE"
	modinfo -F filename modverify
	modinfo -F signer modverify
	cat /sys/module/modverify/parameters/history
	echo "@@HISTORY"
	cat /sys/kernel/debug/modverify/history
	echo "@@VERMAGIC"
	journalctl --no-pager -o json MODVERIFY_DECIDED_BY=vermagic
	echo "@@JOURNAL"
	journalctl --no-pager -o json SYSLOG_IDENTIFIER=modverify
	echo "@@END"
	# As guest-init does: vm-run fails a run that ends tainted D or W.
	echo "vm-run-tainted: $(cat /proc/sys/kernel/tainted)" >/dev/ttyS2
	echo "vm-run-status: exit 0" >/dev/ttyS2
	poweroff -f
fi

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
fail()
{
	echo "vm-run-status: setup-failed $*" >/dev/ttyS2
	poweroff -f
}
cd /share || fail "cd /share"
mkdir root || fail "mkdir /share/root"
tar -C root -xf root.tar || fail "tar -xf root.tar"
# Keep what the image has (libc, busybox's applets stay where they are not
# replaced): overwriting a library in use would crash its users.
(cd root && find . ! -type d) | while read -r f; do
	d=${f#.}
	[ -L "$d" ] && [ ! -L "root/$f" ] && rm -f "$d"	# a busybox applet
	[ -e "$d" ] || [ -L "$d" ] || { mkdir -p "${d%/*}" && cp -a "root/$f" "$d"; }
done
mkdir -p /run /var/tmp /var/log /etc
echo 5c5f2b4e0f0e4d0c8a8b6f1e2d3c4b5a >/etc/machine-id
exec /lib/systemd/systemd
