#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-install.sh [RELEASE]: the ways modverify gets installed, checked on
# the host without loading anything (docs/install.md):
#
#   dkms      `make dkms-source`, then dkms build, install, autoinstall for
#             another kernel and remove, in private DKMS, source and module
#             trees (the system's /var/lib/dkms and /lib/modules are not
#             touched), signed with a test key as Debian's DKMS signs
#   install   `make install` and `make uninstall` into a staging directory
#   units     systemd-analyze verify of the installed units
#   sign      `make sign`, twice with two keys: one signature, the second
#   journal   the journal export's entries for fixture records
#
# RELEASE defaults to the default test kernel.  Needs root (dkms), dkms,
# systemd (systemd-analyze), openssl and jq.  Prints PASS:/FAIL:/SKIP: lines.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

rel=${1:-$(mv_default_kernel)}
kdir=/usr/src/linux-headers-$rel
work=$TOP/build/test-install/host
T=install
version=$(sed -n '1s/^[^ ]* .\([^ ]*\). .*/\1/p' "$TOP/debian/changelog")
ko_name=modverify.ko

export LC_ALL=C

# expect NAME GOT WANT
expect()
{
	if [ "$2" = "$3" ]; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "got '$2', want '$3'"
	fi
}

# expect_file NAME PATH: PATH is a regular file.
expect_file()
{
	if [ -f "$2" ]; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "no file ${2#"$work"/}"
	fi
}

# expect_grep NAME FILE ERE
expect_grep()
{
	if grep -qE -- "$3" "$2" 2>/dev/null; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "no line matching /$3/ in ${2#"$work"/}"
	fi
}

first_word() { modinfo -F vermagic "$1" 2>/dev/null | cut -d ' ' -f 1; }

# newkey NAME CN: a self-signed signing key pair, as for MOK (docs/install.md).
newkey()
{
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=$2/" \
		-keyout "$work/$1.priv" -outform DER -out "$work/$1.der" 2>/dev/null
}

setup()
{
	local tool

	if [ -z "$rel" ] || [ ! -f "$kdir/Makefile" ]; then
		mv_fail "$T/setup" "no kernel headers for '$rel' (make deps)"
		exit 1
	fi
	for tool in dkms systemd-analyze openssl jq; do
		command -v "$tool" >/dev/null || {
			mv_fail "$T/setup" "$tool is not installed (scripts/deps.sh)"
			exit 1
		}
	done
	rm -rf "$work"
	mkdir -p "$work"
	newkey dkms "modverify dkms test key"
	newkey one "modverify test key one"
	newkey two "modverify test key two"
	expect version "$version" "$(make -s --no-print-directory -C "$TOP" version)"
}

# ---- DKMS -------------------------------------------------------------

dk=$work/dkms

# dkms_run ARGS...: dkms on the private trees, signing with the test key
# (Debian's DKMS signs every module it builds; its own key would be
# /var/lib/dkms/mok.key).  The output goes to $dk/log.
dkms_run()
{
	echo "+ dkms $*" >>"$dk/log"
	mok_signing_key=$work/dkms.priv mok_certificate=$work/dkms.der \
		dkms "$@" --dkmstree "$dk/tree" --sourcetree "$dk/src" \
		--installtree "$dk/root/lib/modules" >>"$dk/log" 2>&1
}

# dkms_status ARGS...: `dkms status` of the private trees.
dkms_status()
{
	dkms status "$@" --dkmstree "$dk/tree" --sourcetree "$dk/src" \
		--installtree "$dk/root/lib/modules" 2>/dev/null
}

dkms_fail()
{
	mv_fail "$T/$1" "$2: $(tail -n 5 "$dk/log" | tr '\n' ' ')"
}

# dkms_installed NAME REL: DKMS built and installed modverify for REL.
# The name kbuild gives an installed module on kernel REL: compressed as
# its config says (6.12's Debian kernels: CONFIG_MODULE_COMPRESS_XZ).
installed_ko()
{
	local config=/usr/src/linux-headers-$1/.config

	if grep -qx 'CONFIG_MODULE_COMPRESS_XZ=y' "$config"; then
		echo "$ko_name.xz"
	elif grep -qx 'CONFIG_MODULE_COMPRESS_ZSTD=y' "$config"; then
		echo "$ko_name.zst"
	elif grep -qx 'CONFIG_MODULE_COMPRESS_GZIP=y' "$config"; then
		echo "$ko_name.gz"
	else
		echo "$ko_name"
	fi
}

dkms_installed()
{
	local name=$1 r=$2 built installed

	built=$dk/tree/modverify/$version/$r/$(uname -m)/module/$(installed_ko "$r")
	installed=$dk/root/lib/modules/$r/updates/dkms/$(installed_ko "$r")
	expect_file "$name/built" "$built"
	expect "$name/vermagic release" "$(first_word "$built")" "$r"
	expect "$name/module name" "$(modinfo -F name "$built" 2>/dev/null)" modverify
	expect "$name/signed by the DKMS key" "$(modinfo -F signer "$built" 2>/dev/null)" \
		"modverify dkms test key"
	expect_file "$name/installed in updates/dkms" "$installed"
	expect "$name/status" "$(dkms_status modverify -k "$r" | sed 's/.*: //')" installed
	# What modprobe would find once depmod has indexed it.
	depmod -b "$dk/root" "$r" 2>/dev/null
	expect "$name/modprobe finds it" \
		"$(modinfo -b "$dk/root" -k "$r" -F filename modverify 2>/dev/null)" "$installed"
}

test_dkms()
{
	local src=$dk/src/modverify-$version other

	mkdir -p "$dk/tree" "$dk/root/lib/modules/$rel"
	: >"$dk/log"
	if ! make -s -C "$TOP" dkms-source DESTDIR="$dk/src" DKMS_SRCDIR="/modverify-$version" \
		>>"$dk/log" 2>&1; then
		dkms_fail dkms/source "make dkms-source failed"
		return
	fi
	expect_file dkms/source/dkms.conf "$src/dkms.conf"
	expect dkms/source/version "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/dkms.conf")" \
		"$version"
	expect_file dkms/source/btf-offsets.sh "$src/scripts/btf-offsets.sh"
	expect "dkms/source/no build products" \
		"$(find "$src" -name '*.o' -o -name '*.ko' -o -name generated | wc -l)" 0

	if dkms_run build "modverify/$version" -k "$rel"; then
		mv_pass "$T/dkms/build"
	else
		dkms_fail dkms/build "dkms build -k $rel failed"
		return
	fi
	# --no-depmod: the module tree is private; depmod -b indexes it below.
	if dkms_run install "modverify/$version" -k "$rel" --no-depmod; then
		mv_pass "$T/dkms/install"
	else
		dkms_fail dkms/install "dkms install -k $rel failed"
		return
	fi
	dkms_installed dkms "$rel"

	# AUTOINSTALL: what the kernel's postinst hook runs for a new kernel.
	# This host's DKMS builds with this host's toolchain: a kernel whose
	# headers are installed here (not one of a chroot's, scripts/kenv).
	other=$(mv_kernels | grep -vx "$rel" | while read -r k; do
		[ -f "/usr/src/linux-headers-$k/Makefile" ] && echo "$k"
	done | tail -n 1)
	if [ -z "$other" ]; then
		mv_skip "$T/dkms/autoinstall" "no second kernel with headers installed"
	else
		mkdir -p "$dk/root/lib/modules/$other"
		if dkms_run autoinstall -k "$other" --no-depmod; then
			mv_pass "$T/dkms/autoinstall"
			dkms_installed "dkms/autoinstall" "$other"
		else
			dkms_fail dkms/autoinstall "dkms autoinstall -k $other failed"
		fi
	fi

	if dkms_run remove "modverify/$version" --all; then
		mv_pass "$T/dkms/remove"
	else
		dkms_fail dkms/remove "dkms remove --all failed"
	fi
	expect "dkms/remove/no module left" \
		"$(find "$dk/root" -name "$ko_name" | wc -l)" 0
	expect "dkms/remove/status" "$(dkms_status modverify)" ""
}

# ---- make install / uninstall -------------------------------------------

test_install()
{
	local stage=$work/stage p=$work/stage/usr/local mod unit
	local left

	mod=$stage/lib/modules/$rel/extra/$ko_name
	if make -s -C "$TOP" install DESTDIR="$stage" KDIR="$kdir" >"$work/install.log" 2>&1; then
		mv_pass "$T/install"
	else
		mv_fail "$T/install" "make install failed: $(tail -n 5 "$work/install.log" | tr '\n' ' ')"
		return
	fi
	expect_file install/module "$mod"
	expect "install/module release" "$(first_word "$mod")" "$rel"
	expect_grep install/modules.dep "$stage/lib/modules/$rel/modules.dep" "^extra/$ko_name:"
	expect_file install/reader "$p/bin/modverify"
	if "$p/bin/modverify" --version >/dev/null 2>&1; then
		mv_pass "$T/install/reader runs"
	else
		mv_fail "$T/install/reader runs" "$p/bin/modverify --version failed"
	fi
	expect_file install/man "$p/share/man/man8/modverify.8"
	expect_file install/completion "$p/share/bash-completion/completions/modverify"
	expect_file install/journal-export "$p/libexec/modverify/modverify-journal"
	expect_grep "install/journal-export reader path" "$p/libexec/modverify/modverify-journal" \
		'^MODVERIFY_DEFAULT=/usr/local/bin/modverify$'
	if sh -n "$p/libexec/modverify/modverify-journal" && [ -x "$p/libexec/modverify/modverify-journal" ]; then
		mv_pass "$T/install/journal-export runs"
	else
		mv_fail "$T/install/journal-export runs" "not an executable sh script"
	fi
	unit=$p/lib/systemd/system
	expect_file install/modverify.service "$unit/modverify.service"
	expect_file install/modverify-journal.service "$unit/modverify-journal.service"
	expect_grep "install/journal unit path" "$unit/modverify-journal.service" \
		'^ExecStart=/usr/local/libexec/modverify/modverify-journal$'
	# The boot-time ordering docs/install.md promises.
	expect_grep "units/early: no default dependencies" "$unit/modverify.service" \
		'^DefaultDependencies=no$'
	expect_grep "units/early: before systemd-modules-load" "$unit/modverify.service" \
		'^Before=.*systemd-modules-load\.service'
	expect_grep "units/early: before systemd-udevd" "$unit/modverify.service" \
		'^Before=.*systemd-udevd\.service'
	expect_grep "units/early: modprobe" "$unit/modverify.service" \
		'^ExecStart=/sbin/modprobe modverify( |$)'
	expect_grep "units/early: sysinit" "$unit/modverify.service" '^WantedBy=sysinit\.target$'
	expect_grep "units/journal: after modverify" "$unit/modverify-journal.service" \
		'^After=.*modverify\.service'

	if make -s -C "$TOP" uninstall DESTDIR="$stage" KDIR="$kdir" >"$work/uninstall.log" 2>&1; then
		mv_pass "$T/uninstall"
	else
		mv_fail "$T/uninstall" "make uninstall failed: $(tail -n 5 "$work/uninstall.log" | tr '\n' ' ')"
	fi
	# Only depmod's index files may remain.
	left=$(cd "$stage" && find . -type f ! -name 'modules.*' | sort | tr '\n' ' ')
	expect "uninstall/nothing left" "$left" ""
	expect "uninstall/modules.dep" "$(grep -c modverify "$stage/lib/modules/$rel/modules.dep")" 0

	# After DKMS: everything but the module.
	if make -s -C "$TOP" install INSTALL_MODULE=no DESTDIR="$work/stage-nomod" KDIR="$kdir" \
		>"$work/install-nomod.log" 2>&1; then
		mv_pass "$T/install INSTALL_MODULE=no"
	else
		mv_fail "$T/install INSTALL_MODULE=no" "$(tail -n 3 "$work/install-nomod.log" | tr '\n' ' ')"
	fi
	expect "install INSTALL_MODULE=no/no module" \
		"$(find "$work/stage-nomod" -name '*.ko' | wc -l)" 0
	expect_file "install INSTALL_MODULE=no/units" \
		"$work/stage-nomod/usr/local/lib/systemd/system/modverify.service"
}

# systemd-analyze verify checks each unit's syntax, its dependencies against
# the host's units, and that ExecStart's program exists: so the units are
# installed where their paths resolve on this host.
test_units()
{
	local root=$work/root p=$work/root/usr/local out

	if ! make -s -C "$TOP" install PREFIX="$p" INSTALL_MOD_PATH="$root" KDIR="$kdir" \
		>"$work/install-root.log" 2>&1; then
		mv_fail "$T/units/install" "make install PREFIX=... failed: $(tail -n 3 "$work/install-root.log" | tr '\n' ' ')"
		return
	fi
	if out=$(MANPATH=$p/share/man systemd-analyze verify \
		"$p/lib/systemd/system/modverify.service" \
		"$p/lib/systemd/system/modverify-journal.service" 2>&1) && [ -z "$out" ]; then
		mv_pass "$T/units/systemd-analyze verify"
	else
		mv_fail "$T/units/systemd-analyze verify" "$(tr '\n' ' ' <<<"$out")"
	fi
}

# ---- make sign ------------------------------------------------------------

signers() { modinfo -F signer "$1" 2>/dev/null; }

# sign_with NAME KEY KO: make sign KO with test key KEY (one, two); the
# check NAME passes or fails with it.
sign_with()
{
	if make -s -C "$TOP" sign KDIR="$kdir" KO="$3" KEY="$work/$2.priv" \
		CERT="$work/$2.der" >>"$work/sign.log" 2>&1; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "$(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
		return 1
	fi
}

test_sign()
{
	local ko=$work/sign/mv_good.ko unsigned hash

	# A fresh build, surely unsigned (the tree's modverify.ko may have been
	# signed already); make sign works on any module (KO=).
	if ! "$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$kdir" \
		"$work/sign" >"$work/sign.log" 2>&1; then
		mv_fail "$T/sign/build" "$(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
		return
	fi
	cp "$ko" "$work/unsigned.ko"
	unsigned=$(stat -c %s "$ko")

	if make -s -C "$TOP" sign KDIR="$kdir" KO="$ko" >>"$work/sign.log" 2>&1; then
		mv_fail "$T/sign/needs a key" "make sign without KEY= and CERT= succeeded"
	else
		mv_pass "$T/sign/needs a key"
	fi
	sign_with sign one "$ko" || return
	expect sign/signer "$(signers "$ko")" "modverify test key one"
	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
	expect sign/hash "$(modinfo -F sig_hashalgo "$ko" 2>/dev/null)" "${hash:-sha256}"

	# Signing again replaces the signature instead of stacking a second one.
	sign_with sign/again two "$ko" || return
	expect sign/again/signer "$(signers "$ko")" "modverify test key two"
	expect "sign/again/one signature" "$(grep -ac '~Module signature appended~' "$ko")" 1
	if cmp -s -n "$unsigned" "$ko" "$work/unsigned.ko"; then
		mv_pass "$T/sign/again/module unchanged"
	else
		mv_fail "$T/sign/again/module unchanged" "the bytes before the signature differ"
	fi
}

# ---- journal export ------------------------------------------------------

# entry FILE SEQ: the entry with MODVERIFY_SEQ=SEQ from an --output file.
entry()
{
	awk -v s="MODVERIFY_SEQ=$2" '$0 == s { on = 1 } on && /^$/ { exit } on' "$1"
}

test_journal()
{
	local fix=$TOP/tests/host/fixtures dbg=$work/debugfs out=$work/journal.out
	local reader=$TOP/userspace/modverify e bad

	[ -x "$reader" ] || make -s -C "$TOP" reader >/dev/null 2>&1
	mkdir -p "$dbg/modverify"
	cat "$fix/module-layout.rec" "$fix/vermagic-flags.rec" >"$dbg/modverify/history"
	cp "$fix/vermagic-flags.rec" "$dbg/modverify/last"
	if MODVERIFY=$reader MODVERIFY_DEBUGFS=$dbg "$TOP/packaging/modverify-journal" \
		--once --output "$out" --state "$work/journal.state" 2>"$work/journal.err"; then
		mv_pass "$T/journal/export"
	else
		mv_fail "$T/journal/export" "$(head -n 3 "$work/journal.err")"
		return
	fi
	# Valid journal field names only: upper case, digits, underscores.
	bad=$(grep -vE '^([A-Z0-9][A-Z0-9_]*=.*)?$' "$out" | head -n 1)
	expect "journal/field names" "$bad" ""
	expect "journal/entries" "$(grep -c '^$' "$out")" 3
	# The history starts at seq 3: seq 1 and 2 are reported lost.
	expect_grep "journal/lost" "$out" '^MODVERIFY_LOST=2$'
	e=$(entry "$out" 4)
	expect "journal/module" "$(sed -n 's/^MODVERIFY_MODULE=//p' <<<"$e")" hello
	expect "journal/decided_by" "$(sed -n 's/^MODVERIFY_DECIDED_BY=//p' <<<"$e")" vermagic
	expect "journal/errno" "$(sed -n 's/^MODVERIFY_ERRNO=//p' <<<"$e")" 8
	expect "journal/errno name" "$(sed -n 's/^MODVERIFY_ERRNO_NAME=//p' <<<"$e")" ENOEXEC
	expect "journal/priority" "$(sed -n 's/^PRIORITY=//p' <<<"$e")" 3
	expect "journal/vermagic_differs" \
		"$(sed -n 's/^MODVERIFY_VERMAGIC_DIFFERS=//p' <<<"$e")" \
		"$(sed -n 's/^vermagic_differs: //p' "$fix/vermagic-flags.rec")"
	expect "journal/message is the headline" "$(sed -n 's/^MESSAGE=//p' <<<"$e")" \
		"$("$reader" --file "$fix/vermagic-flags.rec" --json | jq -r .headline)"
	expect "journal/record" \
		"$(sed -n 's/^MODVERIFY_RECORD=//p' <<<"$e" | jq -r '.seq, .decided_by' | tr '\n' ' ')" \
		"4 vermagic "
	# The state remembers seq 4: a second run exports nothing.
	MODVERIFY=$reader MODVERIFY_DEBUGFS=$dbg "$TOP/packaging/modverify-journal" \
		--once --output "$work/journal.again" --state "$work/journal.state" 2>/dev/null
	expect "journal/not twice" "$(cat "$work/journal.again" 2>/dev/null)" ""
}

setup
test_dkms
test_install
test_units
test_sign
test_journal
[ "$mv_checks_failed" = 0 ]
