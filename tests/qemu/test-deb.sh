#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-deb.sh [INSTALL_RELEASE]: the Debian packages in a real Debian 12
# system: the root file system of scripts/deps-rootfs.sh (debootstrap,
# systemd as PID 1, dkms, gcc, the images and headers of every kernel DKMS
# can build for there), booted in QEMU from a copy-on-write overlay once per
# kernel and once more to install (deb-guest.sh runs in the guest):
#
#   install  on INSTALL_RELEASE (default: the default test kernel), with
#            no network.  First the reader alone, as on a Secure Boot
#            machine (`apt-get install --no-install-recommends
#            ./modverify_*.deb`): modverify-dkms is not installed, both units
#            are skipped, not failed, and `modverify watch` records the
#            kernel's refusal of a module as the kernel's own message says
#            it refused it.  Then `apt-get install ./modverify-dkms_*.deb
#            ./modverify_*.deb`: DKMS builds and installs modverify.ko for the
#            running kernel and for the newest one, and for each other
#            kernel when its kernel hook runs (what apt does when a kernel
#            is installed later); each compressed as the kernel's config
#            says (modverify.ko.xz on 6.12); both units, skipped before,
#            are started, the module is loaded
#   boot     on each kernel of the root, the newest last: the module DKMS
#            built for that kernel is the one modverify.service loaded,
#            before systemd-modules-load started; the module that
#            systemd-modules-load loaded and the kernel refused (built for
#            that kernel, one vermagic word off) is in the journal, as the
#            kernel's own message says it was refused
#   purge    after the last boot's checks, `apt-get purge` of both leaves
#            no file behind that was not there before the install (but
#            logs, caches and apt's, dpkg's and systemd's state), and no file
#            named *modverify* anywhere: the modules of every kernel included
#
# The packages come from `make deb` (rebuilt when a source is newer).
# Only kernels DKMS can build for in Debian 12 can be in the root: 7.x
# cannot (its headers need gcc-16 and glibc >= 2.38).  Under TCG, one DKMS
# build takes about 2 minutes, a boot under one: 17 minutes in all for five
# kernels.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"
# shellcheck source=tests/qemu/results.sh
. "$TOP/tests/qemu/results.sh"

T=deb
rootfs=${MODVERIFY_ROOTFS:-/var/lib/modverify/rootfs}
work=$TOP/build/test-deb/qemu
share=$work/share
kopatch=$TOP/build/tools/kopatch
ID_RECORD=a0273e7664c94469a4b87c99af2882c4
# vm-run's list of kernel messages that fail a boot (a BUG, WARNING, oops...).
BAD_LOG_RE=$(sed -n "s/^BAD_LOG_RE='\(.*\)'$/\1/p" "$TOP/tests/qemu/vm-run")
# What may change between the file lists before the install and after the
# purge without being left by the packages: logs, caches, apt's and dpkg's
# state, systemd's (journal, timers, random seed), and DKMS's signing key
# (Debian's DKMS makes it at its first build, for every module it signs).
NOISE='^/var/(log|cache|lib/apt|lib/dpkg|lib/systemd|tmp)/|^/var/lib/dkms/mok\.(key|pub)$|^/etc/ld\.so\.cache$'

setup_fail()
{
	mv_fail "$T/setup" "$1"
	exit 1
}

[ -f "$rootfs/bookworm.img" ] || setup_fail "no $rootfs/bookworm.img: run scripts/deps-rootfs.sh (make check-deb does)"
mapfile -t kernels < <(find "$rootfs/boot" -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V)
[ ${#kernels[@]} != 0 ] || setup_fail "no kernel in $rootfs/boot: run scripts/deps-rootfs.sh"
newest=${kernels[-1]}
irel=${1:-$(mv_default_kernel)}
grep -qxF "$irel" < <(printf '%s\n' "${kernels[@]}") ||
	setup_fail "$irel is not in the root file system (${kernels[*]}); scripts/deps-rootfs.sh RELEASE... adds it"
# DKMS's postinst builds for the running kernel and the newest one; the
# others' builds come from their kernel hook.
later=()
for rel in "${kernels[@]}"; do
	[ "$rel" = "$irel" ] || [ "$rel" = "$newest" ] || later+=("$rel")
done
# Boots: every kernel in that order, the newest last (it purges).
echo "# deb: install on $irel, boots on ${kernels[*]}"
for tool in qemu-system-x86_64 qemu-img mkfs.ext4 jq; do
	command -v "$tool" >/dev/null || setup_fail "$tool is not installed (scripts/deps.sh)"
done

# ---- the packages and the test module -------------------------------------

version=$(make -s --no-print-directory -C "$TOP" version)
debs=("$TOP/build/deb/modverify-dkms_${version}_all.deb"
      "$TOP/build/deb/modverify_${version}_$(dpkg --print-architecture).deb")
# Rebuilt unless both are newer than every source file.
stale=$(find "$TOP" \( -path "$TOP/build" -o -path "$TOP/.git" \) -prune -o -type f \
	-newer "${debs[0]}" -print 2>/dev/null | head -n 1)
if [ ! -f "${debs[0]}" ] || [ ! -f "${debs[1]}" ] || [ -n "$stale" ]; then
	mkdir -p "$TOP/build"
	make -s -C "$TOP" deb >"$TOP/build/make-deb.log" 2>&1 ||
		setup_fail "make deb failed: $(tail -n 3 "$TOP/build/make-deb.log" | tr '\n' ' ')"
fi
rm -rf "$work"
mkdir -p "$share"
cp "${debs[@]}" "$TOP/tests/qemu/deb-guest.sh" "$share/"
mv "$share/deb-guest.sh" "$share/guest.sh"
make -s -C "$TOP/tests/tools" >/dev/null || setup_fail "cannot build tests/tools"
printf '%s\n' "${later[@]}" >"$share/later-releases"
printf '%s\n' "${kernels[@]}" >"$share/boot-releases"
echo "$newest" >"$share/purge-release"
# For each kernel, mv_good built for it with its vermagic's preempt word
# dropped: what the kernel refuses at that kernel's boot.
declare -A vermagic
for rel in "${kernels[@]}"; do
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" "$work/mv_good-$rel" >/dev/null ||
		setup_fail "cannot build mv_good for $rel"
	vm=$(modinfo -F vermagic "$work/mv_good-$rel/mv_good.ko")
	vermagic[$rel]=$(sed -E 's/ preempt[a-z_]* / /' <<<"$vm")
	[ "${vermagic[$rel]}" != "$vm" ] || setup_fail "no preempt word in $rel's vermagic '$vm'"
	cp "$work/mv_good-$rel/mv_good.ko" "$share/mv_vermagic-$rel.ko"
	"$kopatch" vermagic "$share/mv_vermagic-$rel.ko" "${vermagic[$rel]}" ||
		setup_fail "kopatch vermagic failed for $rel"
done
mkfs.ext4 -q -L mvshare -d "$share" "$work/share.img" 128M >/dev/null || setup_fail "mkfs.ext4 of the share disk failed"
qemu-img create -q -f qcow2 -F raw -b "$rootfs/bookworm.img" "$work/root.qcow2" ||
	setup_fail "qemu-img create of the overlay failed"

# ---- boots ------------------------------------------------------------------

# boot_root NAME RELEASE SECONDS: boot the overlay on RELEASE for at most
# SECONDS; the guest's output goes to $work/NAME.out, the sections to
# $work/NAME/.  Fails the check NAME/boot when QEMU fails or times out, the kernel log has a BUG, WARNING, oops or
# the like, or the guest sends no clean exit status.
boot_root()
{
	local name=$1 rel=$2 secs=$3 dir rc=0 kargs="" problem status taint
	local -a cpu=()

	dir=$work/$name
	mkdir -p "$dir"
	[ "$(mv_kconfig "$rel" CONFIG_PREEMPT_RT)" != y ] || kargs=noirqdebug
	# As vm-run: QEMU 7.2's TCG cmpxchg16b crashes 6.12+ guests at random.
	! mv_kver_ge "$rel" 6.12 || cpu=(-cpu "qemu64,-cx16")
	# One TCG thread: systemd and apt load modverify.ko (arming its
	# probes) while the other CPU runs, and multi-threaded TCG can run a
	# stale translation of the patched text (docs/troubleshooting.md).
	timeout -k 5 "$secs" qemu-system-x86_64 -m 1536M -smp 2 -accel tcg,thread=single "${cpu[@]}" \
		-display none -nodefaults -no-reboot -monitor none \
		-serial "file:$dir/serial.log" -serial "file:$dir/output.log" \
		-serial "file:$dir/status.log" \
		-kernel "$rootfs/boot/vmlinuz-$rel" -initrd "$rootfs/boot/initrd.img-$rel" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 oops=panic $kargs" \
		-drive "file=$work/root.qcow2,if=virtio,format=qcow2" \
		-drive "file=$work/share.img,if=virtio,format=raw,readonly=on" \
		</dev/null >"$dir/qemu.log" 2>&1 || rc=$?
	tr -d '\r' <"$dir/output.log" >"$work/$name.out"
	status=$(tr -d '\r' <"$dir/status.log" | sed -n 's/^vm-run-status: //p' | tail -n 1)
	taint=$(tr -d '\r' <"$dir/status.log" | sed -n 's/^vm-run-tainted: //p' | tail -n 1)
	problem=$(grep -a -m 1 -E "$BAD_LOG_RE" "$dir/serial.log" | tr -d '\r') || true
	if [ -n "$problem" ]; then
		mv_fail "$T/$name/boot" "kernel log: '$problem' (build/test-deb/qemu/$name/serial.log)"
		return 1
	elif [ "$rc" != 0 ]; then
		mv_fail "$T/$name/boot" "qemu exited $rc (124: timed out); build/test-deb/qemu/$name/serial.log"
		return 1
	elif [ "$status" != "exit 0" ]; then
		mv_fail "$T/$name/boot" "guest status '$status'; build/test-deb/qemu/$name/serial.log"
		return 1
	elif ! [[ $taint =~ ^[0-9]+$ ]] || (( (taint >> 7) & 1 || (taint >> 9) & 1 )); then
		mv_fail "$T/$name/boot" "kernel tainted D or W: '$taint'"
		return 1
	fi
	mv_pass "$T/$name/boot"
	awk -v dir="$dir" '/^@@[A-Z_]+$/ { f = dir "/" tolower(substr($1, 3)); printf "" > f; next }
			   f { print >> f }' "$work/$name.out"
}

# sec NAME PART: a section of a boot's output.
sec()
{
	cat "$work/$1/$2" 2>/dev/null
}

# ko REL: the name kbuild (and so DKMS) gives the installed module on REL.
ko()
{
	local comp name=modverify.ko

	for comp in GZIP:.gz XZ:.xz ZSTD:.zst; do
		[ "$(mv_kconfig "$1" CONFIG_MODULE_COMPRESS_ALL)" != y ] ||
			[ "$(mv_kconfig "$1" "CONFIG_MODULE_COMPRESS_${comp%%:*}")" != y ] ||
			name=$name${comp#*:}
	done
	echo "$name"
}

check_install()
{
	local s=install rel

	expect_eq "$s/phase" "$(sec $s phase)" "install $irel"
	expect_line "$s/apt-get install" "$work/$s/apt" "apt-rc: 0"
	# DKMS's postinst builds for the running kernel and the newest one,
	# its kernel hook for each other kernel.
	for rel in "${kernels[@]}"; do
		if [ "$rel" = "$irel" ] || [ "$rel" = "$newest" ]; then
			expect_line "$s/$rel/dkms built it at install" "$work/$s/apt" \
				"Building initial module for $rel"
		else
			expect_line "$s/$rel/dkms kernel hook" "$work/$s/later" "$rel 0"
		fi
		expect_line "$s/$rel/dkms status" "$work/$s/dkms" "modverify/$version, $rel, x86_64: installed"
		expect_line "$s/$rel/installed as $(ko "$rel")" "$work/$s/ko" \
			"/lib/modules/$rel/updates/dkms/$(ko "$rel")"
	done
	expect_eq "$s/one module per kernel" "$(wc -l <"$work/$s/ko")" "${#kernels[@]}"
	expect_line "$s/modverify.service enabled, started" "$work/$s/units" \
		"modverify.service enabled active"
	expect_line "$s/modverify-journal.service enabled, started" "$work/$s/units" \
		"modverify-journal.service enabled active"
	expect_eq "$s/module loaded" "$(sec $s loaded)" "modverify "
	expect_eq "$s/reader version" "$(sec $s version)" "modverify version $version"
}

# check_reader: the reader installed alone, before modverify-dkms.
check_reader()
{
	local s=install/reader

	expect_line "$s/apt-get install --no-install-recommends" "$work/install/reader_apt" "apt-rc: 0"
	expect_line "$s/modverify installed" "$work/install/reader_dpkg" "modverify ii " substring
	expect_eq "$s/modverify-dkms not installed" \
		"$(grep -c '^modverify-dkms ii' "$work/install/reader_dpkg")" 0
	expect_eq "$s/no module loaded" "$(sec install reader_loaded)" ""
	# Enabled, and skipped: neither active nor failed.
	for u in modverify.service modverify-journal.service; do
		expect_eq "$s/$u enabled" "$(unit install/reader_units $u UnitFileState)" enabled
		expect_eq "$s/$u skipped" "$(unit install/reader_units $u ActiveState)" inactive
	done
	expect_eq "$s/modverify.service skipped by its condition" \
		"$(unit install/reader_units modverify.service Result)" exec-condition
	expect_eq "$s/modverify-journal.service skipped by its condition" \
		"$(unit install/reader_units modverify-journal.service ConditionResult)" no
	# The kernel refused the module (insmod's exit and text, dmesg), and
	# watch's record says why.
	expect_line "$s/insmod refused" "$work/install/reader_watch" "insmod-rc: 1"
	expect_line "$s/insmod: Invalid module format" "$work/install/reader_watch" \
		"Invalid module format" substring
	expect_line "$s/kernel: version magic" "$work/install/reader_dmesg" \
		"mv_good: version magic '${vermagic[$irel]}' should be" substring
	expect_line "$s/watch exited 0" "$work/install/reader_watch" "watch-rc: 0"
	expect_eq "$s/one record" "$(grep -c '^module: ' "$work/install/reader_records")" 1
	expect_eq "$s/record" \
		"$(sed -n 's/^\(backend\|module\|decided_by\|vermagic_module\): //p' "$work/install/reader_records" | tr '\n' ' ')" \
		"bpf mv_good vermagic '${vermagic[$irel]}' "
}

# unit SECTION NAME PROPERTY: PROPERTY of unit NAME as systemctl show
# printed it in the section (boot/REL/units, install/reader_units).
unit()
{
	awk -v RS= -v id="Id=$2" -v p="$3=" '$0 ~ "(^|\n)" id "(\n|$)" {
		n = split($0, l, "\n"); for (i = 1; i <= n; i++) if (index(l[i], p) == 1) print substr(l[i], length(p) + 1) }' \
		"$work/$1"
}

# check_boot RELEASE PHASE: the boot on RELEASE (phase boot or purge).
check_boot()
{
	local rel=$1 s=boot/$1 exited started j

	expect_eq "$s/phase" "$(sec "$s" phase)" "$2 $rel"
	expect_eq "$s/modverify.service active" "$(unit "$s/units" modverify.service ActiveState)" active
	expect_eq "$s/modverify-journal.service active" \
		"$(unit "$s/units" modverify-journal.service ActiveState)" active
	exited=$(unit "$s/units" modverify.service ExecMainExitTimestampMonotonic)
	started=$(unit "$s/units" systemd-modules-load.service ExecMainStartTimestampMonotonic)
	if [[ $exited =~ ^[0-9]+$ ]] && [[ $started =~ ^[0-9]+$ ]] && [ "$exited" -gt 0 ] &&
	   [ "$exited" -le "$started" ]; then
		mv_pass "$T/$s/modverify loaded before systemd-modules-load"
	else
		mv_fail "$T/$s/modverify loaded before systemd-modules-load" \
			"modverify.service exited at '$exited', systemd-modules-load started at '$started'"
	fi
	expect_eq "$s/module from DKMS" "$(sec "$s" module)" "/lib/modules/$rel/updates/dkms/$(ko "$rel")"
	# The kernel's own word that it refused the module, and systemd's.
	expect_line "$s/kernel refused the module" "$work/$s/dmesg" \
		"mv_good: version magic '${vermagic[$rel]}' should be" substring
	expect_line "$s/systemd-modules-load failed it" "$work/$s/modules_load" \
		"Failed to insert module 'mv_vermagic': Exec format error" substring
	j=$(jq -c --arg id "$ID_RECORD" 'select(.MESSAGE_ID == $id)' "$work/$s/journal" 2>/dev/null | head -n 1)
	expect_eq "$s/journal: the refused load" \
		"$(jq -r '[.MODVERIFY_MODULE, .MODVERIFY_DECIDED_BY, .MODVERIFY_ERRNO_NAME, .MODVERIFY_VERMAGIC_MODULE] | join(" ")' <<<"$j" 2>/dev/null)" \
		"mv_good vermagic ENOEXEC '${vermagic[$rel]}'"
}

check_purge()
{
	local s=boot/$newest left

	expect_line "purge/apt-get purge" "$work/$s/purge" "purge-rc: 0"
	# dpkg's status of each: not installed, no config files (or unknown).
	expect_eq "purge/packages gone" "$(grep -cE '^modverify(-dkms)? .[^n]' "$work/$s/dpkg")" 0
	left=$(grep -vE "$NOISE" "$work/$s/new" | tr '\n' ' ')
	expect_eq "purge/no file left behind" "$left" ""
	expect_eq "purge/nothing named modverify" "$(sec "$s" named | tr '\n' ' ')" ""
}

# The install boot: about 2 minutes per DKMS build under TCG, one per
# kernel; a host busy with other guests takes longer.
boot_root install "$irel" $((600 + 420 * ${#kernels[@]})) && { check_reader; check_install; }
if grep -qx 'apt-rc: 0' "$work/install/apt" 2>/dev/null; then
	for rel in "${kernels[@]}"; do
		phase=boot
		[ "$rel" != "$newest" ] || phase=purge
		if boot_root "boot/$rel" "$rel" 900; then
			check_boot "$rel" "$phase"
			[ "$phase" != purge ] || check_purge
		elif [ "$phase" = purge ]; then
			mv_fail "$T/purge" "not run: the boot on $rel failed"
		fi
	done
else
	mv_fail "$T/boots" "not run: the packages did not install"
fi
[ "$mv_checks_failed" = 0 ]
