#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-stream.sh RELEASE: the stream file delivers every final record once,
# in order, as it is published, and says how many a slow reader lost; the
# log=refused parameter prints one kernel log line per refused attempt.
#
# modverify is loaded with history=8 log=refused.  A follower (cat on the
# stream) runs while 50 insmods run back to back (mv_good, then 49 copies
# refused for their vermagic: mod_unload spelt mod_unl0ad): it must print 50 records, seq 1 to 50, with
# no "lost:" line.  A second reader opens the stream and reads only after
# 20 more refused insmods: the history keeps 8, so it must read
# "lost: 12" and then the 8 newest, in order.  The oracle is the number of
# insmods run and their exit statuses, modinfo's vermagic of the refused
# copy, and the kernel's own "version magic" line for each refusal.
# The reader, modverify --follow -j, follows the same 50 insmods: 50
# objects, seq 1 to 50, once each, in order, the first loaded and the
# others refused for their vermagic (the kernel's "version magic" lines);
# a second one is stopped (SIGSTOP) after its first record, the newest,
# while 20 insmods run, so it falls behind the ring of 8 for real: it must
# print {"lost": 12} and then the 8 newest.  Its JSON is cut down in the
# guest to "seq loaded decided_by" lines (the serial console is slow).
# Last, rmmod while a reader waits on the stream, then after it quit.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

out=$work/out

rm -rf "$work"
mkdir -p "$share"
if ! "$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" \
	"$work/mv_good" >/dev/null 2>"$work/build.err"; then
	setup_fail "building mv_good: $(tail -n 3 "$work/build.err" | tr '\n' ' ')"
fi
cp "$work/mv_good/mv_good.ko" "$share/"
cp "$share/mv_good.ko" "$share/mv_vermagic.ko"
make -s -C "$TOP/tests/tools" >/dev/null
bad_vermagic=$(modinfo -F vermagic "$share/mv_good.ko" | sed 's/mod_unload/mod_unl0ad/')
if ! "$kopatch" vermagic "$share/mv_vermagic.ko" "$bad_vermagic" 2>"$work/kopatch.err"; then
	setup_fail "kopatch vermagic: $(cat "$work/kopatch.err")"
fi
bad_vermagic=$(modinfo -F vermagic "$share/mv_vermagic.ko")

S=/sys/kernel/debug/modverify/stream
if ! "$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 300 \
	--modverify-args "history=8 log=refused" --share "$share" -- \
	"cat $S >follow.out & follower=\$!;
	 modverify --follow -j >mvf.json 2>mvf.err & mvf=\$!; sleep 1; fails=0;
	 insmod mv_good.ko || fails=\$((fails + 1));
	 i=1; while [ \$i -lt 50 ]; do insmod mv_vermagic.ko 2>/dev/null || fails=\$((fails + 1)); i=\$((i + 1)); done;
	 sleep 2; kill \$follower; kill -TERM \$mvf; wait \$mvf; echo \"@@MVF_RC \$?\"; echo \"@@FAILS \$fails\";
	 echo \"@@VM_LINES \$(dmesg | grep -c 'version magic')\";
	 modverify --follow -j >mvs.json 2>mvs.err & mvs=\$!;
	 i=0; while [ ! -s mvs.json ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done; kill -STOP \$mvs;
	 exec 3<$S; i=0; while [ \$i -lt 20 ]; do insmod mv_vermagic.ko 2>/dev/null; i=\$((i + 1)); done;
	 kill -CONT \$mvs; sleep 3; kill -TERM \$mvs; wait \$mvs; echo \"@@MVS_RC \$?\";
	 timeout 3 cat <&3 >slow.out; exec 3<&-;
	 cut_json() { sed 's/^.*\"seq\":\\([0-9]*\\),.*\"loaded\":\\([a-z]*\\),.*\"decided_by\":\"\\([a-z_]*\\)\".*/\\1 \\2 \\3/' \"\$1\"; };
	 echo @@MVFOLLOW; cut_json mvf.json; echo @@MVSLOW; cut_json mvs.json;
	 echo @@MVVERMAGIC; sed -n '2s/.*\"vermagic\":{[^}]*\"module\":\"\\([^\"]*\\)\".*/\\1/p' mvf.json;
	 echo @@MVERR; cat mvf.err mvs.err;
	 echo @@FOLLOW; cat follow.out; echo @@SLOW; cat slow.out;
	 echo @@DMESG; dmesg | grep -E 'modverify: seq [0-9]+:|version magic';
	 cat $S >/dev/null & reader=\$!; sleep 1;
	 timeout 20 rmmod modverify 2>busy.err; echo \"@@RMMOD_BUSY \$?\"; echo @@BUSY_ERR; cat busy.err;
	 kill \$reader; wait \$reader; timeout 20 rmmod modverify; echo \"@@RMMOD \$?\"" \
	>"$out" 2>"$work/vm.err"; then
	mv_fail "$T/boot" "vm-run failed: $(tail -n 3 "$work/vm.err" | tr '\n' ' ')"
	exit 1
fi
mv_pass "$T/boot"

part() { awk -v p="@@$1" '/^@@/ { on = $0 == p; next } on' "$out"; }
seqs() { sed -n 's/^seq: //p' | tr '\n' ' '; }

# 50 insmods: mv_good loads, 49 are refused; the follower saw each once.
expect_eq "insmods refused" "$(sed -n 's/^@@FAILS //p' "$out")" 49
expect_eq "follower: seq 1 to 50, each once, in order" "$(part FOLLOW | seqs)" \
	"$(seq 1 50 | tr '\n' ' ')"
expect_eq "follower: nothing lost" "$(part FOLLOW | grep -c '^lost:' || true)" 0
expect_eq "follower: the first is mv_good's" \
	"$(part FOLLOW | awk '$1 == "module:" { print $2; exit }')" mv_good

# The slow reader: opened at seq 50 (the newest, delivered first), then 20
# attempts, 8 of them kept: 50 is gone too, so 51..62 are lost.
slow=$(part SLOW)
expect_eq "slow reader: lost line" "$(grep '^lost:' <<<"$slow" || true)" "lost: 13"
expect_eq "slow reader: the 8 newest, in order" "$(seqs <<<"$slow")" \
	"$(seq 63 70 | tr '\n' ' ')"

# The reader's follower: every insmod once, in order; what each did is
# what insmod and the kernel said.
mvf=$(part MVFOLLOW)
expect_eq "reader follow: exits 0 on SIGTERM" "$(sed -n 's/^@@MVF_RC //p' "$out")" 0
expect_eq "reader follow: seq 1 to 50, each once, in order" "$(cut -d' ' -f1 <<<"$mvf" | tr '\n' ' ')" \
	"$(seq 1 50 | tr '\n' ' ')"
expect_eq "reader follow: nothing lost" "$(grep -c lost <<<"$mvf" || true)" 0
expect_eq "reader follow: the first loaded (insmod 0)" "$(head -n 1 <<<"$mvf")" "1 true loaded"
expect_eq "reader follow: one vermagic refusal per failed insmod" \
	"$(grep -c '^[0-9]* false vermagic$' <<<"$mvf" || true)" "$(sed -n 's/^@@FAILS //p' "$out")"
expect_eq "reader follow: as many as the kernel's version magic lines" \
	"$(grep -c '^[0-9]* false vermagic$' <<<"$mvf" || true)" \
	"$(sed -n 's/^@@VM_LINES //p' "$out")"
expect_eq "reader follow: the module's vermagic as modinfo shows it" "$(part MVVERMAGIC)" "$bad_vermagic"
expect_eq "reader follow: no error" "$(part MVERR)" ""

# The stopped reader: it had the newest (50); 20 insmods later the ring of
# 8 holds 63..70: 51..62 were lost to it.
mvs=$(part MVSLOW)
expect_eq "reader slow: exits 0" "$(sed -n 's/^@@MVS_RC //p' "$out")" 0
expect_eq "reader slow: newest, lost, the 8 kept" "$(cut -d' ' -f1 <<<"$mvs" | tr '\n' ' ')" \
	"50 {\"lost\":12} $(seq 63 70 | tr '\n' ' ')"

# log=refused: a line per refused attempt, none for the load; the kernel's
# own line for each refusal is there too.
dmesg_part=$(part DMESG)
expect_eq "log: one line per refused insmod" \
	"$(grep -c 'modverify: seq [0-9]*: mv_good: refused (-8 ENOEXEC), decided by vermagic' <<<"$dmesg_part" || true)" 69
expect_eq "log: no line for the load" \
	"$(grep -c 'modverify: seq 1: mv_good: loaded' <<<"$dmesg_part" || true)" 0
# (a fixed string: a release such as 7.2.13+deb14 is no regular expression)
if [[ $dmesg_part == *"module '$bad_vermagic'"* ]]; then
	mv_pass "$T/log: the module's vermagic as modinfo shows it"
else
	mv_fail "$T/log: the module's vermagic as modinfo shows it" "no \"module '$bad_vermagic'\" in the log lines"
fi

# A reader waiting on the stream holds the module, as any open file of it
# does: rmmod says it is in use; once the reader is gone it unloads.
# (delete_module() fails with EAGAIN: busybox says "Resource temporarily
# unavailable", kmod's rmmod "Module modverify is in use")
expect_match "rmmod while a reader waits: refused" "$(sed -n 's/^@@RMMOD_BUSY //p' "$out")" '^[1-9]'
expect_match "rmmod while a reader waits: in use" "$(part BUSY_ERR)" \
	'Resource temporarily unavailable|is in use'
expect_eq "rmmod after the reader quit" "$(sed -n 's/^@@RMMOD //p' "$out")" 0

exit "$mv_checks_failed"
