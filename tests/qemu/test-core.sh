#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-core.sh RELEASE: the core scenarios on one kernel, in one guest boot.
#
# A good module, the same module built against another kernel ABI and
# against another flavour (real module_layout mismatches), a vermagic word
# changed, one imported symbol's CRC changed, and the forced loads.  Every
# expected value is computed here, independently of modverify: CRCs from
# the headers' Module.symvers and from `modprobe --dump-modversions` of the
# .ko, vermagic from `modinfo`, kernel messages from dmesg.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"
# shellcheck source=tests/qemu/results.sh
. "$TOP/tests/qemu/results.sh"

rel=$1
work=$TOP/build/test-core/$rel
share=$work/share
kopatch=$TOP/build/tools/kopatch
T="core/$rel"

flavour_of() { sed 's/^[0-9.]*-[0-9]*-//' <<<"$1"; }
abi_of() { sed 's/^\([0-9.]*-[0-9]*\)-.*/\1/' <<<"$1"; }

# other_kernel DIFFER SAME: an installed kernel whose DIFFER part (abi_of or
# flavour_of) differs from $rel's, one whose SAME part matches preferred,
# oldest first: a real module_layout mismatch either way.
other_kernel()
{
	local k pick=""

	for k in $(mv_kernels); do
		[ "$("$1" "$k")" != "$("$1" "$rel")" ] || continue
		if [ "$("$2" "$k")" = "$("$2" "$rel")" ]; then
			echo "$k"
			return
		fi
		[ -n "$pick" ] || pick=$k
	done
	echo "$pick"
}

build_good()
{
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" \
		"/usr/src/linux-headers-$1" "$work/mv_good-$1" >/dev/null
	cp "$work/mv_good-$1/mv_good.ko" "$share/$2"
}

symvers() { awk -v s="$2" '$2 == s { print $1; exit }' "/usr/src/linux-headers-$1/Module.symvers"; }
modcrc() { modprobe --dump-modversions "$1" | awk -v s="$2" '$2 == s { print $1; exit }'; }

prepare()
{
	local abi flavour kv

	abi=$(other_kernel abi_of flavour_of)
	flavour=$(other_kernel flavour_of abi_of)
	[ -n "$abi" ] && [ -n "$flavour" ] || {
		mv_fail "$T/setup" "need another ABI and another flavour installed (make deps)"
		exit 1
	}
	echo "# $T: other ABI $abi, other flavour $flavour"
	OTHER_ABI=$abi OTHER_FLAVOUR=$flavour

	rm -rf "$work"
	mkdir -p "$share"
	make -s -C "$TOP/tests/tools" >/dev/null
	build_good "$rel" good.ko
	build_good "$abi" other_abi.ko
	build_good "$flavour" other_flavour.ko

	# A module built for a kernel without preemption: one config word off.
	kv=$(modinfo -F vermagic "$share/good.ko")
	KERNEL_VERMAGIC=$kv
	BAD_VERMAGIC=${kv/ preempt / }
	cp "$share/good.ko" "$share/vermagic.ko"
	"$kopatch" vermagic "$share/vermagic.ko" "$BAD_VERMAGIC"

	# One imported symbol's CRC changed, as if its exporter had changed.
	ORIG_CRC=$(modcrc "$share/good.ko" _printk)
	BAD_CRC=$(printf '0x%08x' $((ORIG_CRC ^ 0xffffffff)))
	cp "$share/good.ko" "$share/crc.ko"
	"$kopatch" crc "$share/crc.ko" _printk "$BAD_CRC"

	# Two __versions entries for _printk: strscpy's entry renamed, after
	# the real one.  The kernel takes the first, strscpy has none left.
	cp "$share/good.ko" "$share/dupver.ko"
	"$kopatch" rename-version "$share/dupver.ko" strscpy _printk

	# No __versions at all (what modprobe --force used to strip).
	cp "$share/good.ko" "$share/nover.ko"
	"$kopatch" rename-section "$share/nover.ko" __versions __xersions

	cp "$TOP/tests/qemu/core-guest.sh" "$share/"
	local extra='/lib/modules/$(uname -r)/extra/mv_good.ko'
	cat > "$share/scenarios.core" <<-EOF
	good	insmod good.ko & p=\$!; wait \$p && echo loader_pid=\$p && rmmod mv_good
	other_abi	insmod other_abi.ko
	other_flavour	insmod other_flavour.ko
	vermagic	insmod vermagic.ko
	symbol_crc	insmod crc.ko
	duplicate_version	insmod dupver.ko && rmmod mv_good
	force_vermagic	cp vermagic.ko $extra && depmod && modprobe --force-vermagic mv_good && rmmod mv_good
	force_modversion	cp nover.ko $extra && depmod && modprobe --force-modversion mv_good && rmmod mv_good
	status	cat /sys/kernel/debug/modverify/status
	unload	rmmod modverify
	EOF
	# The same_magic() probe left out: the vermagic verdict must be derived.
	cat > "$share/scenarios.derived" <<-EOF
	vermagic	insmod vermagic.ko
	good	insmod good.ko
	status	cat /sys/kernel/debug/modverify/status
	EOF
}

# Every import of the good module, with the kernel's and the module's CRC.
expect_all_crcs()
{
	local s=$1 verdict=$2 sym mcrc n=0

	while read -r mcrc sym; do
		[ "$verdict" = forced ] && mcrc=-
		expect_line "$s/crc $sym" "$(res "$s" rec)" \
			"$(printf 'crc:\t%s\t%s\t%s\t%s' "$mcrc" "$(symvers "$rel" "$sym")" "$verdict" "$sym")"
		n=$((n + 1))
	done < <(modprobe --dump-modversions "$share/good.ko")
	expect_eq "$s/crc_total" "$(field "$s" crc_total)" "$n"
}

check_good()
{
	local s=good

	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK loaded
	expect_eq "$s/module" "$(field $s module)" mv_good
	expect_eq "$s/loader pid" "$(field $s pid)" \
		"$(sed -n 's/^loader_pid=//p' "$(res $s out)")"
	expect_eq "$s/loader comm" "$(field $s comm)" insmod
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" match
	expect_eq "$s/vermagic_kernel" "$(field $s vermagic_kernel)" "'$KERNEL_VERMAGIC'"
	expect_all_crcs $s match
	expect_match "$s/module_taint unsigned out-of-tree" "$(field $s module_taint)" '^[A-Z]*O[A-Z]*E'
	expect_eq "$s/init_result" "$(field $s init_result)" "0 OK"
	expect_json "$s" '.decided_by == "loaded" and .result.errno == 0 and .module == "mv_good"'
}

# A module built against headers REL2: the struct-layout CRC differs.
check_layout()
{
	local s=$1 other=$2 ko=$3 mod ker

	mod=$(symvers "$other" module_layout)
	ker=$(symvers "$rel" module_layout)
	expect_match "$s/insmod says" "$(cat "$(res "$s" out)")" 'Invalid module format'
	expect_outcome "$s" -8 ENOEXEC module_layout
	expect_line "$s/crc module_layout" "$(res "$s" rec)" \
		"$(printf 'crc:\t%s\t%s\tmismatch\tmodule_layout' "$mod" "$ker")"
	expect_eq "$s/crc_total" "$(field "$s" crc_total)" 1
	expect_eq "$s/vermagic_module" "$(field "$s" vermagic_module)" \
		"'$(modinfo -F vermagic "$share/$ko")'"
	expect_eq "$s/vermagic_verdict" "$(field "$s" vermagic_verdict)" not_checked
	expect_line "$s/dmesg" "$(res "$s" dmesg)" \
		'mv_good: disagrees about version of symbol module_layout' substring
	expect_json "$s" ".decided_by == \"module_layout\" and .result.errno == 8 and
		(.crcs[0] | .symbol == \"module_layout\" and .module_crc == \"$mod\" and
		 .kernel_crc == \"$ker\" and .verdict == \"mismatch\")"
	expect_match "$s/reader headline" "$(head -n1 "$(res "$s" text)")" 'module_layout'
}

check_vermagic()
{
	local s=vermagic

	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid module format'
	expect_outcome $s -8 ENOEXEC vermagic
	expect_eq "$s/vermagic_module" "$(field $s vermagic_module)" "'$BAD_VERMAGIC'"
	expect_eq "$s/vermagic_kernel" "$(field $s vermagic_kernel)" "'$KERNEL_VERMAGIC'"
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" mismatch
	expect_eq "$s/vermagic_differs" "$(field $s vermagic_differs)" preempt
	expect_eq "$s/release not compared" "$(field $s vermagic_release_compared)" no
	expect_line "$s/dmesg" "$(res $s dmesg)" \
		"mv_good: version magic '$BAD_VERMAGIC' should be '$KERNEL_VERMAGIC'" substring
	expect_json "$s" '.decided_by == "vermagic" and (.vermagic.differs | index("preempt") != null)'
	expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" 'vermagic'
}

check_symbol_crc()
{
	local s=symbol_crc ker

	ker=$(symvers "$rel" _printk)
	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid parameters'
	expect_outcome $s -22 EINVAL symbol_crc
	expect_line "$s/crc _printk" "$(res $s rec)" \
		"$(printf 'crc:\t%s\t%s\tmismatch\t_printk' "$BAD_CRC" "$ker")"
	expect_eq "$s/one mismatch" "$(grep -c "	mismatch	" "$(res $s rec)")" 1
	expect_eq "$s/others match" "$(grep -c "	match	" "$(res $s rec)")" \
		$(($(modprobe --dump-modversions "$share/good.ko" | wc -l) - 1))
	expect_line "$s/dmesg" "$(res $s dmesg)" \
		'mv_good: disagrees about version of symbol _printk' substring
	expect_json "$s" ".decided_by == \"symbol_crc\" and .result.errno == 22 and
		([.crcs[] | select(.verdict == \"mismatch\") | .symbol] == [\"_printk\"])"
	expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" '_printk'
}

# The first of two entries for a name counts, as in check_version().  A
# symbol without an entry is accepted with a warning upstream; Debian's
# kernels refuse it (their patch "module: Disable matching missing version
# CRC"), which their headers tell by naming the package.
check_duplicate_version()
{
	local s=duplicate_version

	expect_line "$s/crc _printk from the first entry" "$(res $s rec)" \
		"$(printf 'crc:\t%s\t%s\tmatch\t_printk' "$ORIG_CRC" "$(symvers "$rel" _printk)")"
	expect_line "$s/dmesg" "$(res $s dmesg)" 'mv_good: no symbol version for strscpy' substring
	if grep -qs '^#define LINUX_PACKAGE_ID ".*Debian' \
		"/usr/src/linux-headers-$rel/include/generated/package.h"; then
		expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid parameters'
		expect_outcome $s -22 EINVAL symbol_crc
		expect_line "$s/crc strscpy" "$(res $s rec)" \
			"$(printf 'crc:\t-\t%s\tmissing_refused\tstrscpy' "$(symvers "$rel" strscpy)")"
		expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" \
			'symbol strscpy has no CRC in the module'
	else
		expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
		expect_outcome $s 0 OK loaded
		expect_line "$s/crc strscpy" "$(res $s rec)" \
			"$(printf 'crc:\t-\t%s\tmissing_in_module\tstrscpy' "$(symvers "$rel" strscpy)")"
	fi
}

check_force_vermagic()
{
	local s=force_vermagic

	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x2 IGNORE_VERMAGIC"
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" forced
	expect_line "$s/forced line" "$(res $s rec)" "$(printf 'forced:\tok\tbad vermagic')"
	expect_all_crcs $s match
	expect_match "$s/taint F added" "$(field $s taint_added)" '^0x[0-9a-f]*[2367abef] [A-Z]*F'
	expect_match "$s/module_taint F" "$(field $s module_taint)" 'F'
	expect_line "$s/dmesg" "$(res $s dmesg)" 'mv_good: bad vermagic: kernel tainted.' substring
	expect_json "$s" '.decided_by == "forced" and .result.errno == 0 and
		(.taint.added | tostring | test("F"))'
}

check_force_modversion()
{
	local s=force_modversion

	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x1 IGNORE_MODVERSIONS"
	expect_all_crcs $s forced
	expect_eq "$s/release compared" "$(field $s vermagic_release_compared)" yes
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" match
	expect_match "$s/module_taint F" "$(field $s module_taint)" 'F'
	expect_json "$s" '.decided_by == "forced" and ([.crcs[].verdict] | unique == ["forced"])'
}

check_status()
{
	local s=status out probe

	out=$(res $s out)
	for probe in load_module check_version check_modstruct_version same_magic \
		     try_to_force_load module_sig_check do_init_module; do
		expect_line "$s/$probe attached" "$out" "probe: $probe	k[a-z]*probe	attached" regex
	done
	expect_eq "$s/nothing missed" "$(grep -c 'attached.*nmissed=[1-9]' "$out")" 0
	expect_line "$s/records counted" "$out" 'records: ([0-9]+)' regex
	expect_eq "$s/none dropped" "$(sed -n 's/^records_dropped: //p' "$out")" 0
	expect_eq unload/rc "$(cat "$(res unload rc)")" 0
}

check_derived()
{
	local s=vermagic

	expect_eq "derived/$s/source" "$(field $s vermagic_source)" derived
	expect_eq "derived/$s/decided_by" "$(field $s decided_by)" vermagic
	expect_eq "derived/$s/verdict" "$(field $s vermagic_verdict)" mismatch
	expect_eq "derived/$s/differs" "$(field $s vermagic_differs)" preempt
	expect_eq "derived/$s/module" "$(field $s vermagic_module)" "'$BAD_VERMAGIC'"
	expect_eq "derived/$s/kernel" "$(field $s vermagic_kernel)" "'$KERNEL_VERMAGIC'"
	expect_eq "derived/good/source" "$(field good vermagic_source)" derived
	expect_eq "derived/good/verdict" "$(field good vermagic_verdict)" match
	expect_eq "derived/good/decided_by" "$(field good decided_by)" loaded
	expect_line "derived/same_magic skipped" "$(res status out)" \
		"probe: same_magic	kretprobe	skipped" substring
}

prepare
boot core || exit 1
check_good
check_layout other_abi "$OTHER_ABI" other_abi.ko
check_layout other_flavour "$OTHER_FLAVOUR" other_flavour.ko
check_vermagic
check_symbol_crc
check_duplicate_version
check_force_vermagic
check_force_modversion
check_status
boot derived --modverify-args "skip_probes=same_magic" && check_derived
[ "$mv_checks_failed" = 0 ]
