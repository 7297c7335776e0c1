#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-late.sh RELEASE: attempts that every check let through and that end
# later, in the loader or in the module's init.
#
# A copy of mv_good whose place of one relocation in .init.text holds a
# value (kopatch reloc-target): the x86-64 loader refuses it ("existing
# value is nonzero for type N" in dmesg, insmod "Invalid module format");
# the record must say decided_by relocation and name that entry as
# readelf -r shows it.  mv_slow's init sleeps: while it runs, the kernel
# lists the module as "Loading" in /proc/modules, and the newest record
# must be its "running" one; when insmod returns, the final record
# replaces it.  mv_oops's init writes through NULL: the kernel oopses
# (dmesg "BUG: kernel NULL pointer dereference", RIP in mv_oops_init),
# taints D, and insmod is killed.  That attempt must be published as
# task_exited, and the loads after it must be recorded, not dropped for
# want of a slot.  The kernel's own answers are the oracle: dmesg,
# insmod's status and text, /proc/modules, /proc/sys/kernel/tainted,
# readelf and modinfo on the files.  The reader (modverify, text and JSON)
# is run on each of these records in the guest, and what it says is held
# against the same oracle.
#
# Then, last (kernel.modules_disabled=1 cannot be undone), the refusals
# that never reach load_module() (tests/qemu/preload-guest.sh): insmod
# without CAP_SYS_MODULE (tests/tools/nocap; the capability sets read back),
# finit_module(MODULE_INIT_COMPRESSED_FILE) of a cut xz stream
# (tests/tools/modload; -EOPNOTSUPP where /sys/module/compression is
# absent, the decompressor's dmesg line where it is not), an IMA policy
# 'appraise func=MODULE_CHECK' against a file without security.ima
# (finit_module: IMA's audit line; init_module: IMA's "impossible to
# appraise" line), and modules_disabled (the sysctl read back).  Each must
# be recorded with its own decided_by, and the reader must say so.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

out=$work/out

rm -rf "$work"
mkdir -p "$share"
for m in mv_slow mv_oops mv_good; do
	if ! "$TOP/tests/lib/build-module" "$TOP/tests/modules/$m" "$rel" \
		"$work/$m" >/dev/null 2>"$work/build.err"; then
		setup_fail "building $m: $(tail -n 3 "$work/build.err" | tr '\n' ' ')"
	fi
	cp "$work/$m/$m.ko" "$share/"
done
for m in mv_slow mv_oops mv_good; do
	name=$(modinfo -F name "$share/$m.ko")
	[ "$name" = "$m" ] || setup_fail "modinfo names $m.ko '$name'"
done

make -s -C "$TOP/tests/tools" >/dev/null
spoil_reloc "$share/mv_good.ko" "$share/mv_reloc.ko"
cp "$TOP/build/tools/modload" "$TOP/build/tools/nocap" "$TOP/tests/qemu/preload-guest.sh" "$share/"
cut_xz "$share/mv_good.ko" "$share/mv_bad.ko.xz"

D=/sys/kernel/debug/modverify
# While mv_slow's init sleeps (4 s): its /proc/modules line and the newest
# record.  Then mv_oops, with nothing read from debugfs before mv_good loads
# (the next load is what notices the dead task), then the records.
if ! "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 300 --expect-oops mv_oops_init \
	--share "$share" -- \
	"echo 0 >/proc/sys/kernel/panic_on_oops &&
	 insmod mv_reloc.ko 2>reloc.err; echo \"@@RELOC_RC \$?\"; echo @@RELOC_ERR; cat reloc.err;
	 echo @@RELOC_DMESG; dmesg | grep 'relocation target';
	 echo @@RELOC_LAST; cat $D/last;
	 modverify --color=never >mv.txt; echo \"@@RELOC_MV_RC \$?\"; echo @@RELOC_MV; cat mv.txt;
	 echo @@RELOC_MVJ; modverify -j;
	 (insmod mv_slow.ko delay_ms=4000; echo \"@@SLOW_RC \$?\") >slow.out 2>&1 &
	 sleep 2; echo @@DURING_MODULES; grep '^mv_slow ' /proc/modules;
	 echo @@DURING_LAST; cat $D/last;
	 modverify --color=never >mv.txt; echo \"@@DURING_MV_RC \$?\"; echo @@DURING_MV; cat mv.txt;
	 echo @@DURING_MVJ; modverify -j;
	 echo @@DURING_MODULES_AFTER; grep '^mv_slow ' /proc/modules; wait; cat slow.out;
	 echo @@SLOW_LAST; cat $D/last;
	 insmod mv_oops.ko; echo \"@@OOPS_RC \$?\";
	 echo \"@@TAINTED \$(cat /proc/sys/kernel/tainted)\";
	 insmod mv_good.ko; echo \"@@GOOD_RC \$?\";
	 echo @@DMESG; dmesg | grep -E 'BUG: |RIP: ';
	 echo @@HISTORY; cat $D/history; echo @@STATUS; cat $D/status;
	 echo @@HISTORY_MV; modverify --history --color=never | grep -E '^mv_[a-z]+: ';
	 echo @@HISTORY_MVJ; modverify --history -j;
	 sh preload-guest.sh" \
	>"$out" 2>"$work/vm.err"; then
	mv_fail "$T/boot" "vm-run failed: $(tail -n 3 "$work/vm.err" | tr '\n' ' ')"
	exit 1
fi
mv_pass "$T/boot"

part() { awk -v p="@@$1" '/^@@/ { on = $0 == p; next } on' "$out"; }
value() { sed -n "s/^@@$1 //p" "$out" | tail -n 1; }
# key VALUE of the record for MODULE in the history text on stdin
rec_key() { awk -v m="$1" -v k="$2:" '/^modverify_record:/ { r = "" }
	{ r = r $0 "\n" } $1 == "module:" { mod = $2 }
	$1 == "end:" && mod == m { last = r } END { printf "%s", last }' |
	awk -v k="$2:" '$1 == k { sub(/^[^ ]+ /, ""); print; exit }'; }
count_records() { grep -c "^module: $1\$" || true; }

# The relocation: the kernel's words, then the record's, against readelf.
expect_eq "reloc/insmod status" "$(value RELOC_RC)" 1
expect_match "reloc/insmod says Invalid module format" "$(part RELOC_ERR)" 'Invalid module format'
expect_reloc_said reloc "$(part RELOC_DMESG)"
expect_eq "reloc/decided_by" "$(part RELOC_LAST | rec_key mv_good decided_by)" relocation
expect_eq "reloc/relocation line" \
	"$(part RELOC_LAST | sed -n 's/^relocation:\t//p' | tr '\t' ' ')" "$RELOC_LINE"

# The reader on the relocation: insmod's errno, readelf's entry, and
# advice that points at the build, not at the vermagic.
# insmod's "Invalid module format" is ENOEXEC; its number from the C headers
enoexec=$(sed -n 's/^#define[[:space:]]*ENOEXEC[[:space:]]*\([0-9]*\).*/\1/p' /usr/include/asm-generic/errno-base.h)
expect_eq "reloc/reader exit status" "$(value RELOC_MV_RC)" 1
expect_eq "reloc/reader headline" "$(part RELOC_MV | head -n 1)" \
	"mv_good: rejected (ENOEXEC, \"Invalid module format\"): the loader refused relocation $RELOC_TYPE of $RELOC_SYM in .init.text+$RELOC_OFF: its place already held a value"
expect_match "reloc/reader advice: readelf" "$(part RELOC_MV)" 'readelf -rW mv_good\.ko'
expect_match "reloc/reader advice: headers of another build" "$(part RELOC_MV)" 'another build of the same release'
expect_eq "reloc/reader JSON" "$(part RELOC_MVJ | jq -c '[.decided_by, .result.errno, .state, .relocation]')" \
	"[\"relocation\",$enoexec,\"returned\",{\"reason\":\"target_nonzero\",\"type\":\"$RELOC_TYPE\",\"section\":\".init.text\",\"offset\":\"$RELOC_OFF\",\"symbol\":\"$RELOC_SYM\"}]"

# The kernel says the init is running; so must the newest record.
during=$(part DURING_MODULES)
if [[ $during =~ ' Loading ' ]]; then
	mv_pass "$T/slow/kernel lists mv_slow as Loading"
	expect_eq "slow/running record module" "$(part DURING_LAST | rec_key mv_slow module)" mv_slow
	expect_eq "slow/running record state" "$(part DURING_LAST | rec_key mv_slow state)" running
	expect_eq "slow/running record init_result" \
		"$(part DURING_LAST | rec_key mv_slow init_result)" running
	expect_eq "slow/running record result" "$(part DURING_LAST | rec_key mv_slow result)" -
	expect_eq "slow/running record seq" "$(part DURING_LAST | rec_key mv_slow seq)" -
	if [[ $(part DURING_MODULES_AFTER) =~ ' Loading ' ]]; then
		# read live, 2 s into a 4 s init: the reader dates it
		expect_eq "slow/reader exit status 4" "$(value DURING_MV_RC)" 4
		expect_match "slow/reader headline" "$(part DURING_MV | head -n 1)" \
			'^mv_slow: init running \(not returned yet\) for [1-4] s, since dmesg \[ *[0-9]+\.[0-9]{6}\]$'
		expect_eq "slow/reader: no refusal words" \
			"$(part DURING_MV | grep -cE '(rejected|refused|failed)' || true)" 0
		expect_eq "slow/reader JSON" \
			"$(part DURING_MVJ | jq -c '[.seq, .state, .outcome, .loaded, .result, .init_result]')" \
			'[null,"running","running",false,null,null]'
	else
		mv_skip "$T/slow/reader on the running record" "mv_slow's init returned before the reader ran"
	fi
else
	mv_fail "$T/slow/kernel lists mv_slow as Loading" "/proc/modules: '$during'"
fi
expect_eq "slow/insmod status" "$(value SLOW_RC)" 0
expect_eq "slow/final record state" "$(part SLOW_LAST | rec_key mv_slow state)" returned
expect_eq "slow/final record result" "$(part SLOW_LAST | rec_key mv_slow result)" "0 OK"
expect_eq "slow/listed once in history" "$(part HISTORY | count_records mv_slow)" 1

# The kernel's account of the oops, then the record's.
oops_rc=$(value OOPS_RC)
if [ "$oops_rc" -ge 128 ]; then
	mv_pass "$T/oops/insmod killed by a signal ($oops_rc)"
else
	mv_fail "$T/oops/insmod killed by a signal" "insmod exited $oops_rc"
fi
tainted=$(value TAINTED)
if [[ $tainted =~ ^[0-9]+$ ]] && (( (tainted >> 7) & 1 )); then
	mv_pass "$T/oops/kernel tainted D ($tainted)"
else
	mv_fail "$T/oops/kernel tainted D" "/proc/sys/kernel/tainted: '$tainted'"
fi
expect_match "oops/dmesg NULL dereference" "$(part DMESG)" 'BUG: kernel NULL pointer dereference'
expect_match "oops/dmesg RIP in mv_oops_init" "$(part DMESG)" 'RIP: [0-9a-f]{4}:mv_oops_init\+'
hist=$(part HISTORY)
expect_eq "oops/listed once in history" "$(count_records mv_oops <<<"$hist")" 1
expect_eq "oops/record state" "$(rec_key mv_oops state <<<"$hist")" task_exited
expect_eq "oops/record decided_by" "$(rec_key mv_oops decided_by <<<"$hist")" init
expect_eq "oops/record result" "$(rec_key mv_oops result <<<"$hist")" -
expect_eq "oops/record init_result" "$(rec_key mv_oops init_result <<<"$hist")" -
expect_match "oops/record taint_after has D" "$(rec_key mv_oops taint_after <<<"$hist")" \
	'^0x[0-9a-f]+ [A-Z]*D'
expect_match "oops/record stages reach do_init_module" "$(rec_key mv_oops stages <<<"$hist")" \
	'do_init_module'

# The reader on the dead task: the kernel oopsed in mv_oops_init (dmesg)
# and insmod was killed, so: died in the module's init, not loaded, D.
expect_match "oops/reader headline" "$(part HISTORY_MV)" \
	"^mv_oops: the loading task died in the module's init \\(an oops: see dmesg\\)\$"
expect_eq "oops/reader JSON" \
	"$(part HISTORY_MVJ | jq -c '.[] | select(.module == "mv_oops") | [.state, .outcome, .decided_by, .loaded, .result, (.taint.after.letters | test("D"))]')" \
	'["task_exited","task_exited","init",false,null,true]'
expect_match "reader history: the reloc, slow, oops and good loads" \
	"$(part HISTORY_MV | tr '\n' '|')" \
	'^mv_good: rejected \(ENOEXEC[^|]*\|mv_slow: loaded[^|]*\|mv_oops: the loading task died in the module.s init \(an oops: see dmesg\)\|mv_good: loaded[^|]*\|$'

# Four insmods in this boot, four final records, numbered without gaps.
expect_eq "history: one seq per insmod, in order" \
	"$(sed -n 's/^seq: //p' <<<"$hist" | tr '\n' ' ')" "1 2 3 4 "

# The load after the death is recorded, and nothing was dropped.
expect_eq "good/insmod status" "$(value GOOD_RC)" 0
expect_eq "good/recorded after the oops" "$(rec_key mv_good decided_by <<<"$hist")" loaded
expect_match "no record dropped" "$(part STATUS)" '^records_dropped: 0$'

# ---- refused before load_module() (preload-guest.sh) ----
errno_nr() { perl -MErrno -e "print Errno::$1()"; }
# pre NAME DECIDED_BY REFUSED_AT LSM ERRNO_NAME: the record's keys against
# what the kernel said; its JSON as the reader gives it
pre()
{
	local n=$1 last
	last=$(part "${n}_LAST")
	expect_eq "$n/decided_by" "$(rec_key - decided_by <<<"$last")" "$2"
	expect_match "$n/refused_at" "$(rec_key - refused_at <<<"$last")" "$3"
	expect_eq "$n/lsm" "$(rec_key - lsm <<<"$last")" "$4"
	expect_eq "$n/result" "$(rec_key - result <<<"$last")" "-$(errno_nr "$5") $5"
	expect_eq "$n/reader exit status" "$(value "${n}_MV_RC")" 1
	expect_eq "$n/reader JSON" \
		"$(part "${n}_MVJ" | jq -c '[.decided_by, .result.errno, .module, .lsm, .outcome]')" \
		"[\"$2\",$(errno_nr "$5"),null,$([ "$4" = - ] && echo null || echo "\"$4\""),\"rejected\"]"
}
# headline NAME ERRNO_NAME CAUSE_ERE: the reader's first line
pre_headline()
{
	expect_match "$1/reader headline" "$(part "${1}_MV" | head -n 1)" \
		"^\\(module name not read\\): rejected \\($2, \"[^\"]+\"\\): $3"
}

# No CAP_SYS_MODULE: the sets nocap left, insmod's words, the sysctl still 0.
caps=$(part PRE_CAPS)
eff=$(sed -n 's/^CapEff:[[:space:]]*//p' <<<"$caps")
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' <<<"$caps")
if [[ $eff =~ ^[0-9a-f]+$ && $bnd =~ ^[0-9a-f]+$ ]] &&
	(( !((16#$eff >> 16) & 1) && !((16#$bnd >> 16) & 1) && (16#$eff >> 21) & 1 )); then
	mv_pass "$T/PRE_CAP/nocap dropped CAP_SYS_MODULE only (CapEff $eff, CapBnd $bnd)"
else
	mv_fail "$T/PRE_CAP/nocap dropped CAP_SYS_MODULE only" "CapEff '$eff', CapBnd '$bnd'"
fi
expect_eq "PRE_CAP/modules_disabled still 0" "$(value PRE_DISABLED_BEFORE)" 0
expect_eq "PRE_CAP/insmod status" "$(value PRE_CAP_RC)" 1
expect_match "PRE_CAP/insmod says" "$(part PRE_CAP_OUT)" "could not insert module mv_good.ko: $(mv_insmod_text EPERM)\$"
pre PRE_CAP capability '^may_init_module$' - EPERM
expect_eq "PRE_CAP/comm" "$(part PRE_CAP_LAST | rec_key - comm)" insmod
pre_headline PRE_CAP EPERM 'the loading process lacks CAP_SYS_MODULE$'
expect_match "PRE_CAP/reader advice: root or the container" "$(part PRE_CAP_MV)" '--cap-add SYS_MODULE'

# A cut xz stream: no decompressor (6.1: -EOPNOTSUPP, no /sys/module/compression),
# or the decompressor's complaint.
expect_eq "PRE_FILE/modload status" "$(value PRE_FILE_RC)" 1
expect_eq "PRE_FILE/flags" "$(part PRE_FILE_LAST | rec_key - flags)" "0x4 COMPRESSED_FILE"
if [ "$(value PRE_COMPRESSION)" = - ]; then
	expect_eq "PRE_FILE/finit_module says" "$(part PRE_FILE_OUT)" \
		"$(errno_nr EOPNOTSUPP) $(perl -MErrno -e '$! = Errno::EOPNOTSUPP(); print "$!"')"
	pre PRE_FILE file '^module_decompress$' - EOPNOTSUPP
	pre_headline PRE_FILE EOPNOTSUPP 'the kernel could not decompress the module file$'
	expect_match "PRE_FILE/reader advice: no decompressor" "$(part PRE_FILE_MV)" 'has no module decompressor'
else
	expect_eq "PRE_FILE/finit_module says" "$(part PRE_FILE_OUT)" \
		"$(errno_nr EINVAL) $(perl -MErrno -e '$! = Errno::EINVAL(); print "$!"')"
	expect_match "PRE_FILE/dmesg: the decompressor failed" "$(part PRE_FILE_DMESG)" \
		'decompression failed with status'
	pre PRE_FILE file '^module_decompress$' - EINVAL
	pre_headline PRE_FILE EINVAL 'the kernel could not decompress the module file$'
	expect_match "PRE_FILE/reader advice: the kernel's format" "$(part PRE_FILE_MV)" \
		'cat /sys/module/compression'
fi

# IMA appraisal of modules, the file without security.ima: refused reading it.
expect_eq "PRE_IMA/policy written" "$(value PRE_IMA_POLICY_RC)" 0
expect_eq "PRE_IMA/insmod status" "$(value PRE_IMA_RC)" 1
expect_match "PRE_IMA/insmod says" "$(part PRE_IMA_OUT)" "could not insert module mv_good.ko: $(mv_insmod_text EACCES)\$"
expect_match "PRE_IMA/dmesg: IMA's appraisal audit" "$(part PRE_IMA_DMESG)" \
	'type=1800 .*op=appraise_data .*name="/share/mv_good\.ko"'
pre PRE_IMA lsm '^security_kernel_(post_)?read_file$' ima EACCES
pre_headline PRE_IMA EACCES 'ima refused the module file'
expect_match "PRE_IMA/reader advice: sign it" "$(part PRE_IMA_MV)" 'evmctl ima_sign'
# init_module(2): no file, IMA refuses the data.
expect_eq "PRE_IMAINIT/init_module says" "$(part PRE_IMAINIT_OUT)" \
	"$(errno_nr EACCES) $(perl -MErrno -e '$! = Errno::EACCES(); print "$!"')"
expect_match "PRE_IMAINIT/dmesg: IMA cannot appraise it" "$(part PRE_IMAINIT_DMESG)" \
	'impossible to appraise a module without a file descriptor'
pre PRE_IMAINIT lsm '^security_kernel_load_data$' ima EACCES
pre_headline PRE_IMAINIT EACCES 'ima refused the module image'

# modules_disabled: read back 1, insmod's words.
expect_eq "PRE_DISABLED/modules_disabled is 1" "$(value PRE_DISABLED_AFTER)" 1
expect_eq "PRE_DISABLED/insmod status" "$(value PRE_DISABLED_RC)" 1
expect_match "PRE_DISABLED/insmod says" "$(part PRE_DISABLED_OUT)" \
	"could not insert module mv_good.ko: $(mv_insmod_text EPERM)\$"
pre PRE_DISABLED modules_disabled '^may_init_module$' - EPERM
pre_headline PRE_DISABLED EPERM 'module loading is disabled \(kernel\.modules_disabled = 1\) until the next boot$'
expect_match "PRE_DISABLED/reader advice: reboot" "$(part PRE_DISABLED_MV)" 'cannot be set back to 0'

exit "$mv_checks_failed"
