#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-install.sh RELEASE: the installed forms of modverify, loaded for real
# in guest boots of one kernel (docs/install.md):
#
#   uninstall  (host only) `make modules_install` installs the module the
#            way the kernel's config says (compressed on 6.12+), and
#            `make uninstall` removes it, whatever its form
#   dkms     the module DKMS builds and signs (private DKMS trees, a test
#            key) loads, and records a load
#   signed   build/RELEASE/modverify.ko signed by `make sign` loads; a
#            module signed with the same key is recorded as signed by a key
#            the kernel does not have (the guest cannot trust the key: it
#            has no MOK), and is rejected once signatures are enforced
#   journal  the journal export (packaging/modverify-journal) under a real
#            systemd-journald, after real failed loads (journal-guest.sh)
#   boot     systemd as PID 1 (boot-guest.sh) with modverify installed as
#            docs/install.md says: the DKMS-built, signed module, the rest
#            by `make install`, both units enabled by `systemctl enable`.
#            systemd-modules-load loads a broken and a good module at boot:
#            modverify records both, and the journal has them
#
# Every expectation comes from the test's inputs (keys, vermagic strings),
# from the kernel's own messages and config, or from the record modverify
# wrote.  DKMS, kbuild and sign-file run in the kernel's build environment
# (scripts/kenv: this host, or the chroot of a newer kernel).
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

kdir=$(mv_kdir "$rel")
envkdir=$(mv_env_kdir "$rel")
version=$(make -s --no-print-directory -C "$TOP" version)
ID_RECORD=a0273e7664c94469a4b87c99af2882c4
DKMS_CN="modverify dkms test key"
SIGN_CN="modverify test signing key"

newkey()
{
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=$2/" \
		-keyout "$work/$1.priv" -outform DER -out "$work/$1.der" 2>/dev/null
}

# decompress KO OUT: the uncompressed module (.ko, .ko.xz, .ko.zst, .ko.gz).
decompress()
{
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac >"$2"
}

# The module DKMS builds for $rel, from `make dkms-source`, in private trees,
# in $rel's build environment.  DKMS_KO: the file DKMS installed (it
# compresses as the kernel's config says); share/dkms/modverify.ko: that
# module uncompressed.
dkms_module()
{
	local dk=$work/dkms

	mkdir -p "$dk/tree" "$dk/root/lib/modules/$rel"
	# Newer DKMS (sid's 3.2) looks for the headers, and sign-file, below
	# the install tree, as <tree>/<release>/build.
	ln -sfn "$envkdir" "$dk/root/lib/modules/$rel/build"
	make -s -C "$TOP" dkms-source DESTDIR="$dk/src" DKMS_SRCDIR="/modverify-$version" \
		>"$dk/log" 2>&1 || setup_fail "make dkms-source failed: $(tail -n 3 "$dk/log")"
	mok_signing_key=$work/dkms.priv mok_certificate=$work/dkms.der \
		"$MV_KENV" "$rel" -- dkms install "modverify/$version" -k "$rel" --no-depmod \
		--dkmstree "$dk/tree" --sourcetree "$dk/src" \
		--installtree "$dk/root/lib/modules" >>"$dk/log" 2>&1 ||
		setup_fail "dkms install failed: $(tail -n 5 "$dk/log" | tr '\n' ' ')"
	DKMS_KO=$(find "$dk/root/lib/modules/$rel/updates/dkms" -name 'modverify.ko*' | head -n 1)
	[ -n "$DKMS_KO" ] || setup_fail "dkms installed no modverify.ko*: $(tail -n 5 "$dk/log" | tr '\n' ' ')"
	mkdir -p "$share/dkms"
	decompress "$DKMS_KO" "$share/dkms/modverify.ko"
}

# sign KO: `make sign` with the test key, in $rel's build environment
# (sign-file is built for it).
sign()
{
	"$MV_KENV" "$rel" -- make -s -C "$TOP" sign KDIR="$envkdir" KO="$1" \
		KEY="$work/sign.priv" CERT="$work/sign.der"
}

# Copy the programs and their libraries into DIR, at their own paths.
sysroot()
{
	local dir=$1 bin lib

	shift
	for bin in "$@"; do
		install -D -m 0755 "$bin" "$dir$bin"
		for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
					     $1 ~ /^\// { print $1 }'); do
			install -D -m 0755 "$lib" "$dir$lib"
		done
	done
}

prepare()
{
	local tool vm

	for tool in dkms openssl jq logger journalctl /lib/systemd/systemd-journald; do
		command -v "$tool" >/dev/null || setup_fail "$tool is not installed (scripts/deps.sh)"
	done
	rm -rf "$work"
	mkdir -p "$share/signed"
	[ -f "$TOP/build/$rel/modverify.ko" ] || "$TOP/scripts/build-for.sh" "$rel" ||
		setup_fail "cannot build build/$rel/modverify.ko"
	make -s -C "$TOP/tests/tools" >/dev/null
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" "$work/mv_good" >/dev/null
	cp "$work/mv_good/mv_good.ko" "$share/"
	newkey dkms "$DKMS_CN"
	newkey sign "$SIGN_CN"

	dkms_module

	# make sign, on a copy of the module the other tests load.
	cp "$TOP/build/$rel/modverify.ko" "$share/signed/"
	sign "$share/signed/modverify.ko" >"$work/sign.log" 2>&1 ||
		setup_fail "make sign failed: $(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
	cp "$share/mv_good.ko" "$share/signed/mv_good.ko"
	sign "$share/signed/mv_good.ko" >>"$work/sign.log" 2>&1 ||
		setup_fail "make sign of mv_good.ko failed"

	# One config word off: a real vermagic mismatch (as in test-core.sh).
	vm=$(modinfo -F vermagic "$share/mv_good.ko")
	VERMAGIC_MODULE=$(sed -E 's/ preempt[a-z_]* / /' <<<"$vm")
	[ "$VERMAGIC_MODULE" != "$vm" ] || setup_fail "no preempt word in vermagic '$vm'"
	cp "$share/mv_good.ko" "$share/vermagic.ko"
	"$kopatch" vermagic "$share/vermagic.ko" "$VERMAGIC_MODULE"

	cp "$TOP/tests/qemu/core-guest.sh" "$share/"
	cat >"$share/scenarios.dkms" <<-'EOF'
	load_dkms	insmod dkms/modverify.ko && modinfo -F signer dkms/modverify.ko && cat /sys/kernel/debug/modverify/status
	good	insmod mv_good.ko
	EOF
	cat >"$share/scenarios.signed" <<-'EOF'
	load_signed	insmod signed/modverify.ko && modinfo -F signer signed/modverify.ko && cat /proc/sys/kernel/tainted
	signed_good	modinfo -F signer signed/mv_good.ko && insmod signed/mv_good.ko && rmmod mv_good
	enforced	echo 1 > /sys/module/module/parameters/sig_enforce && insmod signed/mv_good.ko
	EOF

	# The journal export, and what it needs in the guest.
	mkdir -p "$work/share-journal"
	sysroot "$work/share-journal/sysroot" /lib/systemd/systemd-journald \
		"$(command -v journalctl)" "$(command -v logger)" "$(command -v jq)"
	cp "$TOP/packaging/modverify-journal" "$TOP/tests/qemu/journal-guest.sh" \
		"$share/vermagic.ko" "$share/mv_good.ko" "$work/share-journal/"
}

# The root file system of the boot test: modverify installed, a few of
# Debian's own units and the programs they run.
prepare_boot()
{
	local b=$work/share-boot root=$work/share-boot/root unit u
	local mods=$work/share-boot/root/lib/modules/$rel

	mkdir -p "$root"
	# The module as DKMS installs it, the rest by make install INSTALL_MODULE=no.
	install -D -m 0644 "$DKMS_KO" "$mods/updates/dkms/${DKMS_KO##*/}"
	make -s -C "$TOP" install INSTALL_MODULE=no DESTDIR="$root" KDIR="$kdir" \
		>"$work/install.log" 2>&1 ||
		setup_fail "make install failed: $(tail -n 3 "$work/install.log" | tr '\n' ' ')"
	# A broken and a good module for systemd-modules-load to load at boot.
	install -D -m 0644 "$share/vermagic.ko" "$mods/extra/mv_vermagic.ko"
	install -D -m 0644 "$share/mv_good.ko" "$mods/extra/mv_good.ko"
	depmod -b "$root" "$rel" 2>/dev/null
	mkdir -p "$root/etc/modules-load.d"
	printf 'mv_vermagic\nmv_good\n' >"$root/etc/modules-load.d/modverify-test.conf"
	systemctl --root="$root" enable modverify.service modverify-journal.service \
		>"$work/enable.log" 2>&1 ||
		setup_fail "systemctl enable failed: $(cat "$work/enable.log")"

	sysroot "$root" /lib/systemd/systemd /lib/systemd/systemd-journald \
		/lib/systemd/systemd-modules-load "$(command -v systemctl)" \
		"$(command -v journalctl)" "$(command -v logger)" "$(command -v jq)"
	unit=$root/lib/systemd/system
	mkdir -p "$unit/sysinit.target.wants" "$unit/sockets.target.wants"
	for u in sysinit.target basic.target multi-user.target sockets.target paths.target \
		timers.target slices.target local-fs.target local-fs-pre.target swap.target \
		shutdown.target sys-kernel-debug.mount systemd-modules-load.service \
		systemd-journald.service systemd-journald.socket \
		systemd-journald-dev-log.socket systemd-journald-audit.socket; do
		cp "/lib/systemd/system/$u" "$unit/"
	done
	for u in sys-kernel-debug.mount systemd-modules-load.service systemd-journald.service; do
		ln -s "../$u" "$unit/sysinit.target.wants/$u"
	done
	for u in systemd-journald.socket systemd-journald-dev-log.socket; do
		ln -s "../$u" "$unit/sockets.target.wants/$u"
	done
	mkdir -p "$root/etc/systemd/system"
	cat >"$root/etc/systemd/system/mv-boot.target" <<-'EOF'
	[Unit]
	Description=modverify boot test
	Requires=multi-user.target
	After=multi-user.target
	Wants=mv-boot-check.service
	EOF
	cat >"$root/etc/systemd/system/mv-boot-check.service" <<-'EOF'
	[Unit]
	Description=modverify boot test: report
	After=multi-user.target modverify-journal.service systemd-modules-load.service

	[Service]
	Type=oneshot
	ExecStart=/bin/sh /share/boot-guest.sh check
	EOF
	# A tar file keeps the symbolic links (the units' enablement) as they are.
	tar -C "$root" -cf "$b/root.tar" .
	rm -rf "$root"
	cp "$TOP/tests/qemu/boot-guest.sh" "$b/"
}

check_dkms()
{
	local s=load_dkms

	expect_eq "dkms/$s/rc" "$(cat "$(res $s rc)")" 0
	expect_line "dkms/$s/signer" "$(res $s out)" "$DKMS_CN"
	expect_line "dkms/$s/btf offsets in use" "$(res $s out)" "load_info_btf: $rel (in use)"
	expect_line "dkms/$s/load_module probed" "$(res $s out)" \
		"$(printf 'probe: load_module\tkretprobe\tattached')" substring
	s=good
	expect_eq "dkms/$s/result" "$(field $s result)" "0 OK"
	expect_eq "dkms/$s/module" "$(field $s module)" mv_good
	expect_eq "dkms/$s/decided_by" "$(field $s decided_by)" loaded
	expect_eq "dkms/$s/seq" "$(field $s seq)" 1
}

check_signed()
{
	local s=load_signed tainted

	expect_eq "signed/$s/rc" "$(cat "$(res $s rc)")" 0
	expect_line "signed/$s/signer" "$(res $s out)" "$SIGN_CN"
	# The guest kernel has no MOK: it cannot verify the key, loads the
	# module anyway (signatures not enforced) and taints itself E.
	tainted=$(tail -n 1 "$(res $s out)")
	expect_eq "signed/$s/taint E" "$(( (tainted >> 13) & 1 ))" 1

	s=signed_good
	expect_line "signed/$s/same signer" "$(res $s out)" "$SIGN_CN"
	expect_eq "signed/$s/result" "$(field $s result)" "0 OK"
	expect_eq "signed/$s/signature" "$(field $s signature)" present
	expect_eq "signed/$s/sig_verified" "$(field $s sig_verified)" no
	expect_eq "signed/$s/sig_reason" "$(field $s sig_reason)" unavailable_key
	expect_eq "signed/$s/sig_enforced" "$(field $s sig_enforced)" no

	s=enforced
	expect_eq "signed/$s/result" "$(field $s result)" "-129 EKEYREJECTED"
	expect_eq "signed/$s/decided_by" "$(field $s decided_by)" signature
	expect_eq "signed/$s/sig_reason" "$(field $s sig_reason)" unavailable_key
	expect_eq "signed/$s/sig_enforced" "$(field $s sig_enforced)" yes
	expect_line "signed/$s/dmesg" "$(res $s dmesg)" \
		'Loading of module with unavailable key is rejected' substring
}

# section NAME: the lines of the journal run's output between @@NAME and
# the next marker.
section()
{
	awk -v m="@@$1" '/^@@/ { on = ($0 == m); next } on' "$work/journal.out"
}

# jfield SEQ FIELD [INSTANCE]: FIELD of the record entry for SEQ of the
# first (or second) modverify instance.
jfield()
{
	jq -r --arg s "$1" --arg f "$2" --arg id "$ID_RECORD" \
		'select(.MESSAGE_ID == $id and .MODVERIFY_SEQ == $s) | .[$f]' \
		"$work/journal-${3:-1}.json" | head -n 1
}

check_journal()
{
	local seqs hist rec fail

	if fail=$(grep '^@@FAIL' "$work/journal.out"); then
		mv_fail "$T/journal/guest" "${fail#@@FAIL }"
		return
	fi
	# The entries of the first instance come before the lost-records
	# notice of the second.
	section JOURNAL | jq -c 'select(.MODVERIFY_LOST == null)' |
		awk -v dir="$work" '{ print > (dir "/journal-" (n ? 2 : 1) ".json") }
				    /"MODVERIFY_SEQ":"7"/ && !n { n = 1 }'
	section JOURNAL | jq -c 'select(.MODVERIFY_LOST != null)' >"$work/journal-lost.json"

	seqs=$(jq -r .MODVERIFY_SEQ "$work/journal-1.json" | tr '\n' ' ')
	expect_eq "journal/every record once, in order" "$seqs" "1 2 3 4 5 6 7 "
	expect_eq "journal/state" "$(section STATE | cut -d ' ' -f 1)" 7

	# seq 1: the vermagic mismatch made before the export started.
	expect_eq "journal/1/module" "$(jfield 1 MODVERIFY_MODULE)" mv_good
	expect_eq "journal/1/decided_by" "$(jfield 1 MODVERIFY_DECIDED_BY)" vermagic
	expect_eq "journal/1/errno" "$(jfield 1 MODVERIFY_ERRNO)" 8
	expect_eq "journal/1/errno name" "$(jfield 1 MODVERIFY_ERRNO_NAME)" ENOEXEC
	expect_eq "journal/1/result" "$(jfield 1 MODVERIFY_RESULT)" -8
	expect_eq "journal/1/vermagic_differs" "$(jfield 1 MODVERIFY_VERMAGIC_DIFFERS)" preempt
	expect_eq "journal/1/vermagic_module" "$(jfield 1 MODVERIFY_VERMAGIC_MODULE)" \
		"'$VERMAGIC_MODULE'"
	expect_eq "journal/1/loader" "$(jfield 1 MODVERIFY_LOADER_COMM)" insmod
	expect_eq "journal/1/priority" "$(jfield 1 PRIORITY)" 3
	expect_eq "journal/1/identifier" "$(jfield 1 SYSLOG_IDENTIFIER)" modverify
	expect_eq "journal/1/message is the headline" "$(jfield 1 MESSAGE)" \
		"$(jfield 1 MODVERIFY_RECORD | jq -r .headline)"
	section DMESG >"$work/dmesg.txt"
	expect_line "journal/1/dmesg" "$work/dmesg.txt" \
		"mv_good: version magic '$VERMAGIC_MODULE' should be" substring
	# The entry says what the kernel's record says.
	hist=$work/history.txt
	section HISTORY >"$hist"
	rec=$(awk '/^modverify_record:/ { n++ } n == 1' "$hist")
	expect_eq "journal/1/as recorded" \
		"$(jfield 1 MODVERIFY_RESULT) $(jfield 1 MODVERIFY_ERRNO_NAME) $(jfield 1 MODVERIFY_DECIDED_BY)" \
		"$(sed -n 's/^result: //p' <<<"$rec") $(sed -n 's/^decided_by: //p' <<<"$rec")"

	# seq 2: the good module.
	expect_eq "journal/2/outcome" "$(jfield 2 MODVERIFY_OUTCOME)" \
		"$(jfield 2 MODVERIFY_RECORD | jq -r .outcome)"
	expect_eq "journal/2/decided_by" "$(jfield 2 MODVERIFY_DECIDED_BY)" loaded
	expect_eq "journal/2/errno" "$(jfield 2 MODVERIFY_ERRNO)" 0
	expect_match "journal/2/priority" "$(jfield 2 PRIORITY)" '^[56]$'

	# The documented query: journalctl MODVERIFY_DECIDED_BY=vermagic.
	expect_eq "journal/query decided_by=vermagic" \
		"$(section VERMAGIC | jq -r .MODVERIFY_SEQ | tr '\n' ' ')" "1 3 4 5 6 7 3 4 "

	# The second instance (history=2, four loads before the export).
	expect_eq "journal/reload/lost" "$(jq -r .MODVERIFY_LOST "$work/journal-lost.json")" 2
	expect_eq "journal/reload/lost priority" "$(jq -r .PRIORITY "$work/journal-lost.json")" 4
	expect_eq "journal/reload/exported" \
		"$(jq -r .MODVERIFY_SEQ "$work/journal-2.json" 2>/dev/null | tr '\n' ' ')" "3 4 "
}

# modules_install puts the module where and how the kernel's config says;
# make uninstall removes it whatever its form, and depmod forgets it.
check_uninstall()
{
	local stage=$work/uninstall mods ext="" comp got

	mods=$stage/lib/modules/$rel
	if [ "$(mv_kconfig "$rel" CONFIG_MODULE_COMPRESS_ALL)" = y ]; then
		for comp in GZIP:.gz XZ:.xz ZSTD:.zst; do
			[ "$(mv_kconfig "$rel" "CONFIG_MODULE_COMPRESS_${comp%%:*}")" != y ] || ext=${comp#*:}
		done
	fi
	# As `make install` does it, in the tree build-for.sh built.
	if ! "$MV_KENV" "$rel" -- make -s -f "$TOP/Makefile" -C "$TOP/build/$rel/src" \
		modules_install KDIR="$envkdir" INSTALL_MOD_PATH="$stage" CONFIG_MODULE_SIG_ALL= \
		>"$work/modules_install.log" 2>&1 || ! depmod -b "$stage" "$rel" 2>/dev/null; then
		mv_fail "$T/uninstall/modules_install" "$(tail -n 3 "$work/modules_install.log" | tr '\n' ' ')"
		return
	fi
	got=$(cd "$mods" && find . -name 'modverify.ko*' | sed 's|^\./||')
	expect_eq "uninstall/installed as modverify.ko$ext" "$got" "extra/modverify.ko$ext"
	expect_eq "uninstall/depmod lists it" "$(grep -c "^extra/modverify.ko$ext:" "$mods/modules.dep")" 1
	# Against the build tree's module as modules_install left it: kbuild
	# rebuilds it when the flags differ from the last build's (check-build's
	# KCFLAGS=-Werror), and pahole -j before 1.26 (no reproducible_build)
	# may lay out the .BTF of two builds differently.
	if [ -n "$got" ] && decompress "$mods/$got" "$work/installed.ko" &&
	   cmp -s "$work/installed.ko" "$TOP/build/$rel/src/modverify.ko"; then
		mv_pass "$T/uninstall/the installed module is the one built"
	else
		mv_fail "$T/uninstall/the installed module is the one built" "$got differs from build/$rel/src/modverify.ko"
	fi
	if ! make -s -C "$TOP" uninstall DESTDIR="$stage" KDIR="$kdir" >"$work/uninstall.log" 2>&1; then
		mv_fail "$T/uninstall" "make uninstall failed: $(tail -n 3 "$work/uninstall.log" | tr '\n' ' ')"
		return
	fi
	expect_eq "uninstall/no module left" "$(find "$stage" -name 'modverify.ko*' | wc -l)" 0
	expect_eq "uninstall/depmod forgot it" "$(grep -c modverify "$mods/modules.dep")" 0
}

# bsection NAME: a section of the boot test's output.
bsection()
{
	awk -v m="@@$1" '/^@@/ { on = ($0 == m); next } on' "$work/boot.out"
}

check_boot()
{
	local order exit_mv start_ml hist rec seqs n

	bsection UNITS >"$work/boot-units.txt"
	expect_line boot/modverify.service "$work/boot-units.txt" "modverify.service active"
	expect_line boot/modverify-journal.service "$work/boot-units.txt" \
		"modverify-journal.service active"
	# One of the modules it was told to load was refused: it says so.
	expect_line boot/systemd-modules-load.service "$work/boot-units.txt" \
		"systemd-modules-load.service failed"
	order=$(bsection ORDER)
	exit_mv=$(sed -n 1p <<<"$order")
	start_ml=$(sed -n 2p <<<"$order")
	if [ -n "$exit_mv" ] && [ -n "$start_ml" ] && [ "$exit_mv" -gt 0 ] &&
	   [ "$exit_mv" -le "$start_ml" ]; then
		mv_pass "$T/boot/modverify loaded before systemd-modules-load started"
	else
		mv_fail "$T/boot/modverify loaded before systemd-modules-load started" \
			"modverify.service exited at $exit_mv us, systemd-modules-load started at $start_ml us"
	fi
	bsection MODULE >"$work/boot-module.txt"
	expect_eq "boot/module is DKMS's" "$(sed -n 1p "$work/boot-module.txt")" \
		"/lib/modules/$rel/updates/dkms/${DKMS_KO##*/}"
	expect_eq "boot/module signer" "$(sed -n 2p "$work/boot-module.txt")" "$DKMS_CN"
	expect_eq "boot/history= from the unit" "$(sed -n 3p "$work/boot-module.txt")" 256

	# The records of systemd-modules-load's two loads (comm is cut at 15).
	hist=$work/boot-history.txt
	bsection HISTORY >"$hist"
	rec=$(awk '/^modverify_record:/ { r = "" } { r = r $0 "\n" }
		   /^end:/ && r ~ /\ncomm: systemd-modules\n/ { printf "%s", r }' "$hist")
	expect_eq "boot/records by systemd-modules-load" \
		"$(sed -n 's/^result: //p' <<<"$rec" | tr '\n' ' ')" "-8 ENOEXEC 0 OK "
	expect_eq "boot/vermagic record" \
		"$(awk '/^modverify_record:/ { n++ } n == 1' <<<"$rec" | sed -n 's/^decided_by: //p')" vermagic

	# The journal: journalctl MODVERIFY_DECIDED_BY=vermagic finds it.
	bsection VERMAGIC >"$work/boot-vermagic.json"
	expect_eq "boot/journal/vermagic entries" "$(jq -s length "$work/boot-vermagic.json")" 1
	expect_eq "boot/journal/vermagic entry" \
		"$(jq -r '[.MODVERIFY_MODULE, .MODVERIFY_ERRNO_NAME, .MODVERIFY_LOADER_COMM, .MODVERIFY_VERMAGIC_DIFFERS] | join(" ")' \
			"$work/boot-vermagic.json")" "mv_good ENOEXEC systemd-modules preempt"
	# Every record of the boot is in the journal, once.
	seqs=$(sed -n 's/^seq: //p' "$hist" | tr '\n' ' ')
	n=$(bsection JOURNAL | jq -r 'select(.MESSAGE_ID == "'"$ID_RECORD"'") | .MODVERIFY_SEQ' | tr '\n' ' ')
	expect_eq "boot/journal/every record once" "$n" "$seqs"
}

prepare
prepare_boot
check_uninstall
if boot dkms --no-modverify; then
	check_dkms
fi
if boot signed --no-modverify; then
	check_signed
fi
if "$TOP/tests/qemu/vm-run" --kernel "$rel" --share "$work/share-journal" --timeout 180 -- \
	sh journal-guest.sh >"$work/journal.out" 2>"$work/journal.err"; then
	mv_pass "$T/journal/boot"
	check_journal
else
	mv_fail "$T/journal/boot" "vm-run failed: $(tail -n 3 "$work/journal.err" | tr '\n' ' ')"
fi
if "$TOP/tests/qemu/vm-run" --kernel "$rel" --share "$work/share-boot" --no-modverify \
	--timeout 180 --append "rdinit=/share/boot-guest.sh systemd.unit=mv-boot.target" -- true \
	>"$work/boot.out" 2>"$work/boot.err"; then
	mv_pass "$T/boot/boot"
	check_boot
else
	mv_fail "$T/boot/boot" "vm-run failed: $(tail -n 3 "$work/boot.err" | tr '\n' ' ')"
fi
[ "$mv_checks_failed" = 0 ]
