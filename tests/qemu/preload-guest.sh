#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# preload-guest.sh: the guest side of test-late.sh's refusals before
# load_module(), run last in its boot (modules_disabled cannot be undone).
# In /share: mv_good.ko, mv_bad.ko.xz (an xz stream cut short), modload
# and nocap (tests/tools).  For each refusal it prints, between @@ markers,
# the kernel's side (exit status and words of the load, dmesg since it,
# the capability and sysctl read back) and then the record in debugfs and
# the reader's text and JSON of it.  The host asserts.

D=/sys/kernel/debug/modverify
mark=0

# run NAME CMD...: the command's status and output, and dmesg since
run()
{
	name=$1
	shift
	mark=$(dmesg | wc -l)
	"$@" >out.txt 2>&1
	echo "@@${name}_RC $?"
	echo "@@${name}_OUT"
	cat out.txt
	echo "@@${name}_DMESG"
	dmesg | tail -n +"$((mark + 1))"
	echo "@@${name}_LAST"
	cat "$D/last"
	modverify --color=never >mv.txt
	echo "@@${name}_MV_RC $?"
	echo "@@${name}_MV"
	cat mv.txt
	echo "@@${name}_MVJ"
	modverify -j
}

echo "@@PRE_CAPS"
./nocap grep -E '^Cap(Eff|Bnd):' /proc/self/status
echo "@@PRE_DISABLED_BEFORE $(cat /proc/sys/kernel/modules_disabled)"
run PRE_CAP ./nocap insmod mv_good.ko

echo "@@PRE_COMPRESSION $(cat /sys/module/compression 2>/dev/null || echo -)"
run PRE_FILE ./modload finit mv_bad.ko.xz 4

echo 'appraise func=MODULE_CHECK' >/sys/kernel/security/ima/policy
echo "@@PRE_IMA_POLICY_RC $?"
run PRE_IMA insmod mv_good.ko
run PRE_IMAINIT ./modload init mv_good.ko

echo 1 >/proc/sys/kernel/modules_disabled
echo "@@PRE_DISABLED_AFTER $(cat /proc/sys/kernel/modules_disabled)"
run PRE_DISABLED insmod mv_good.ko
# The host judges each step; the run itself succeeded.
exit 0
