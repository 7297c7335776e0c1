#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deb-guest.sh: the guest side of the package test (test-deb.sh), in the
# Debian 12 root of scripts/deps-rootfs.sh booted with systemd as PID 1.
# Its modverify-test-hook.service mounts the share disk on /share and runs
# this script once the boot has reached multi-user.target.  Two boots of the
# same disk:
#
#   install  list every file of the root, `apt-get install` the two .debs
#            (DKMS builds the module), report what got installed and
#            started, and add a module built with a wrong vermagic for the
#            kernel of the next boot (/share/boot-release) to
#            /etc/modules-load.d, for that boot's systemd-modules-load
#   purge    report the boot: unit states and times, the module, the
#            kernel's refusal and the journal's entries; remove the test
#            module, `apt-get purge` both packages, list the files again
#
# Results go to ttyS1 between @@ markers, the verdict to ttyS2 as vm-run's
# guest-init sends it; then the guest powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C SYSTEMD_COLORS=0 DEBIAN_FRONTEND=noninteractive

state=/root/mvtest
stty -F /dev/ttyS1 raw -echo
exec >/dev/ttyS1 2>&1

# Every path of the root file system but the test's own state.
files()
{
	find / -xdev -path "$state" -prune -o -print | sort
}

finish()
{
	echo "@@END"
	echo "vm-run-tainted: $(cat /proc/sys/kernel/tainted)" >/dev/ttyS2
	echo "vm-run-status: exit $1" >/dev/ttyS2
	systemctl --no-block poweroff
	exit 0
}

rel=$(uname -r)
if [ ! -e "$state/installed" ]; then
	echo "@@PHASE"
	echo "install $rel"
	mkdir -p "$state"
	files >"$state/before"
	echo "@@APT"
	cd /share || finish 1
	apt-get install -y -q -o Dpkg::Use-Pty=0 ./modverify-dkms_*.deb ./modverify_*.deb
	echo "apt-rc: $?"
	echo "@@DKMS"
	dkms status modverify
	echo "@@KO"
	find /lib/modules -name 'modverify.ko*' | sort
	echo "@@UNITS"
	for u in modverify.service modverify-journal.service; do
		echo "$u $(systemctl is-enabled $u) $(systemctl is-active $u)"
	done
	echo "@@LOADED"
	grep -o '^modverify ' /proc/modules
	echo "@@VERSION"
	modverify --version | head -n 1
	# For the next boot: systemd-modules-load loads a module the kernel
	# refuses (built for that kernel, one vermagic word off).
	next=$(cat /share/boot-release)
	install -D -m 0644 /share/mv_vermagic.ko "/lib/modules/$next/extra/mv_vermagic.ko"
	depmod "$next"
	echo mv_vermagic >/etc/modules-load.d/mvtest.conf
	touch "$state/installed"
	finish 0
fi

echo "@@PHASE"
echo "purge $rel"
# The export runs after modverify.service: wait for its entry of the
# refused load (at most 90 s).
end=$(($(date +%s) + 90))
while [ -z "$(journalctl -b -q --no-pager -o cat MODVERIFY_LOADER_COMM=systemd-modules)" ] &&
      [ "$(date +%s)" -lt "$end" ]; do
	sleep 1
done
echo "@@UNITS"
# Id=, ActiveState= and the monotonic times of each, a blank line between.
systemctl show -p Id,ActiveState,ExecMainStartTimestampMonotonic,ExecMainExitTimestampMonotonic \
	modverify.service modverify-journal.service systemd-modules-load.service
echo "@@MODULE"
modinfo -F filename modverify
echo "@@DMESG"
dmesg | grep 'version magic'
echo "@@MODULES_LOAD"
# By the identifier the program logs with: -u needs the unit that journald
# looks up from the sender's pid, gone if it exited before journald read
# its lines (early boot, a slow guest).
journalctl -b -q --no-pager -o cat -t systemd-modules-load
echo "@@JOURNAL"
journalctl -b --no-pager -o json SYSLOG_IDENTIFIER=modverify MODVERIFY_LOADER_COMM=systemd-modules

# The test's module goes; then the packages.
rm -f "/lib/modules/$rel/extra/mv_vermagic.ko" /etc/modules-load.d/mvtest.conf
rmdir "/lib/modules/$rel/extra" 2>/dev/null
depmod "$rel"
echo "@@PURGE"
apt-get purge -y -q -o Dpkg::Use-Pty=0 modverify modverify-dkms
echo "purge-rc: $?"
echo "@@DPKG"
dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' modverify modverify-dkms 2>&1
files >"$state/after"
echo "@@NEW"
comm -13 "$state/before" "$state/after"
echo "@@NAMED"
# But the root's own test hook (scripts/deps-rootfs.sh).
find / -xdev -path "$state" -prune -o -name '*modverify*' ! -name 'modverify-test-hook.service' -print
finish 0
