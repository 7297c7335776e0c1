#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deb-guest.sh: the guest side of the package test (test-deb.sh), in the
# Debian 12 root of scripts/deps-rootfs.sh booted with systemd as PID 1.
# Its modverify-test-hook.service mounts the share disk on /share and runs
# this script once the boot has reached multi-user.target.  Boots of the
# same disk, one phase each:
#
#   install  list every file of the root; `apt-get install
#            --no-install-recommends` the reader's .deb alone and record a
#            refused load with `modverify watch`; `apt-get install` the two
#            .debs (DKMS builds the module for the running kernel and the
#            newest one), then run DKMS's kernel hook for every other kernel of
#            /share/later-releases, as apt does when a kernel package is
#            installed later; report what got built, installed and
#            started; for the boots to come, add to /etc/modules-load.d a
#            module built for each kernel with a wrong vermagic
#            (/share/mv_vermagic-RELEASE.ko)
#   boot     (any other boot) report the boot: unit states and times, the
#            module, the kernel's refusal and the journal's entries
#   purge    (a boot on /share/purge-release, the last) the same report;
#            then remove the test modules, `apt-get purge` both packages,
#            list the files again
#
# Results go to ttyS1 between @@ markers, the verdict to ttyS2 as vm-run's
# guest-init sends it; then the guest powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C SYSTEMD_COLORS=0 DEBIAN_FRONTEND=noninteractive

state=/root/mvtest
stty -F /dev/ttyS1 raw -echo
exec >/dev/ttyS1 2>&1

# Every path of the root file system but the test's own state (where sort
# keeps its temporary files: not in the list).
files()
{
	find / -xdev -path "$state" -prune -o -print | sort -T "$state"
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
	cd /share || finish 1
	# The reader alone first, as on a Secure Boot machine: no module,
	# the units skipped, `modverify watch` records the loads.
	echo "@@READER_APT"
	apt-get install -y -q -o Dpkg::Use-Pty=0 --no-install-recommends ./modverify_*.deb
	echo "apt-rc: $?"
	echo "@@READER_DPKG"
	dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' modverify modverify-dkms 2>&1
	echo "@@READER_UNITS"
	systemctl show -p Id,UnitFileState,ActiveState,Result,ConditionResult \
		modverify.service modverify-journal.service
	echo "@@READER_LOADED"
	grep -o '^modverify ' /proc/modules
	echo "@@READER_WATCH"
	modverify watch --output "$state/watch.rec" >/dev/null 2>"$state/watch.err" &
	wp=$!
	i=0
	while ! grep -q 'watching module loads' "$state/watch.err" && kill -0 $wp && [ $i -lt 300 ]; do
		i=$((i + 1))
		sleep 1
	done
	insmod "/share/mv_vermagic-$rel.ko"
	echo "insmod-rc: $?"
	sleep 1
	kill -INT $wp
	wait $wp
	echo "watch-rc: $?"
	echo "@@READER_WATCH_ERR"
	cat "$state/watch.err"
	echo "@@READER_RECORDS"
	cat "$state/watch.rec"
	echo "@@READER_DMESG"
	dmesg | grep 'version magic'
	# Then both packages: the reader is there, apt installs modverify-dkms,
	# whose postinst starts the reader's units once the module is built.
	echo "@@APT"
	apt-get install -y -q -o Dpkg::Use-Pty=0 ./modverify-dkms_*.deb ./modverify_*.deb
	echo "apt-rc: $?"
	echo "@@LATER"
	# What linux-image's postinst runs for a kernel installed after the
	# packages: /etc/kernel/postinst.d/dkms builds for that kernel.
	while read -r later; do
		/etc/kernel/postinst.d/dkms "$later" </dev/null >"$state/later-$later.log" 2>&1
		echo "$later $?"
	done </share/later-releases
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
	# For the boots to come: systemd-modules-load loads a module the
	# kernel refuses (built for that kernel, one vermagic word off).
	while read -r next; do
		install -D -m 0644 "/share/mv_vermagic-$next.ko" "/lib/modules/$next/extra/mv_vermagic.ko"
		depmod "$next"
	done </share/boot-releases
	echo mv_vermagic >/etc/modules-load.d/mvtest.conf
	touch "$state/installed"
	finish 0
fi

purge=$(cat /share/purge-release)
echo "@@PHASE"
if [ "$rel" = "$purge" ]; then
	echo "purge $rel"
else
	echo "boot $rel"
fi
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

[ "$rel" = "$purge" ] || finish 0

# The test's modules go; then the packages.
while read -r r; do
	rm -f "/lib/modules/$r/extra/mv_vermagic.ko"
	rmdir "/lib/modules/$r/extra" 2>/dev/null
	depmod "$r"
done </share/boot-releases
rm -f /etc/modules-load.d/mvtest.conf
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
