#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-core.sh RELEASE: the core scenarios on one kernel, in one guest boot.
#
# A good module, the same module built for another kernel (another ABI of
# the same line, or of an older line; another flavour), a vermagic word
# changed, one imported symbol's CRC changed, the forced loads (and what
# insmod -f hid), more unresolved imports and forced checks than a record
# lists, a module parameter the kernel refuses, who exports a symbol whose
# CRC differs, a module whose BTF is corrupt, and overlapping loads of one
# file.  Every expected
# value is computed here, independently of modverify: CRCs from the
# headers' Module.symvers and from `modprobe --dump-modversions` of the .ko,
# vermagic from `modinfo`, section sizes from `readelf`, which checks the
# kernel has from its .config and the messages in its image, which loader
# functions it has from its /proc/kallsyms, kernel messages from dmesg.
# Scenarios a kernel cannot have (CRCs without CONFIG_MODVERSIONS) print
# SKIP lines.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

NO_MODVERSIONS="kernel built without CONFIG_MODVERSIONS"
# The loader functions modverify probes that the status check looks at.
PROBED="load_module check_version check_modstruct_version same_magic try_to_force_load module_sig_check do_init_module"
# Set by prepare() where the kernel has modversions.
ORIG_CRC="" BAD_CRC="" DUP_FIRST="" DUP_GONE="" DUP_CRC=""
BAD_LAYOUT="" EXPORT_CRC="" BAD_EXPORT_CRC="" EXPORTER=""

build_good()
{
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$1" "$work/mv_good-$1" >/dev/null
	cp "$work/mv_good-$1/mv_good.ko" "$share/$2"
}

# kallsyms NAME: NAME is a function of the running kernel (the guest's
# /proc/kallsyms, read in the first scenario).
kallsyms() { grep -qE "^[0-9a-f]+ [tT] $1\$" "$(res kallsyms out)"; }
kallsyms_clone() { grep -qE "^[0-9a-f]+ [tT] $1\.(constprop|isra|part)\.[0-9]+\$" "$(res kallsyms out)"; }

# The module used in place of one built for another ABI of the line:
# one built for an older line, or, without modversions (where vermagic
# decides), the good module with the release word of its vermagic patched.
cross_abi_module()
{
	local k fake

	k=$(mv_other_kernel "$rel" mv_kabi mv_kflavour)
	if [ -n "$k" ]; then
		build_good "$k" other_abi.ko
		OTHER_ABI_FROM="built against $k's headers"
		return
	fi
	if ! mv_modversions "$rel"; then
		fake=$(sed -E 's/^([0-9]+\.[0-9]+)\.[0-9]+/\1.0/' <<<"$rel")
		[ "$fake" != "$rel" ] || setup_fail "cannot make an older release string from $rel"
		cp "$share/good.ko" "$share/other_abi.ko"
		"$kopatch" vermagic "$share/other_abi.ko" "$fake ${KERNEL_VERMAGIC#* }"
		OTHER_ABI_FROM="good.ko with the release word of its vermagic patched to $fake (no other $(mv_kversion "$rel") headers)"
		return
	fi
	k=$(mv_older_line_kernel "$rel")
	[ -n "$k" ] || setup_fail "need another kernel's headers (make deps)"
	build_good "$k" other_abi.ko
	OTHER_ABI_FROM="built against $k's headers (no other $(mv_kversion "$rel") ABI)"
}

prepare()
{
	local kv flavour kms

	rm -rf "$work"
	mkdir -p "$share"
	make -s -C "$TOP/tests/tools" >/dev/null
	build_good "$rel" good.ko
	KERNEL_VERMAGIC=$(modinfo -F vermagic "$share/good.ko")
	kms=$(mv_kernel_module_size "$rel" 2>"$work/module-size.err") || true
	read -r KERNEL_MODULE_SIZE KERNEL_MODULE_SIZE_FROM <<<"$kms"
	[ -n "$KERNEL_MODULE_SIZE" ] ||
		setup_fail "cannot tell the size of struct module in $rel: $(head -c 300 "$work/module-size.err")"
	echo "# $T: struct module is $KERNEL_MODULE_SIZE bytes ($KERNEL_MODULE_SIZE_FROM)"

	cross_abi_module
	echo "# $T: other ABI: $OTHER_ABI_FROM"
	flavour=$(mv_other_kernel "$rel" mv_kflavour mv_kabi)
	OTHER_FLAVOUR=$flavour
	if [ -n "$flavour" ]; then
		build_good "$flavour" other_flavour.ko
		echo "# $T: other flavour: $flavour"
	fi

	# A module built for a kernel without preemption: one config word off.
	kv=$KERNEL_VERMAGIC
	BAD_VERMAGIC=$(sed -E 's/ preempt[a-z_]* / /' <<<"$kv")
	[ "$BAD_VERMAGIC" != "$kv" ] || setup_fail "no preempt word in vermagic '$kv'"
	cp "$share/good.ko" "$share/vermagic.ko"
	"$kopatch" vermagic "$share/vermagic.ko" "$BAD_VERMAGIC"

	if mv_modversions "$rel"; then
		# One imported symbol's CRC changed, as if its exporter had changed.
		ORIG_CRC=$(mv_ko_crc "$share/good.ko" _printk)
		BAD_CRC=$(printf '0x%08x' $((ORIG_CRC ^ 0xffffffff)))
		cp "$share/good.ko" "$share/crc.ko"
		"$kopatch" crc "$share/crc.ko" _printk "$BAD_CRC"

		# Two __versions entries for one name: a later entry renamed to
		# the import the kernel resolves first.  It takes the first
		# entry, the renamed import has none left.
		DUP_FIRST=$(readelf -sW "$share/good.ko" | awk '$7 == "UND" && $8 != "" && !n++ { print $8 }')
		DUP_GONE=$(modprobe --dump-modversions "$share/good.ko" |
			awk -v a="$DUP_FIRST" '$2 == a { seen = 1; next }
			     seen && $2 != "module_layout" { s = $2 } END { print s }')
		[ -n "$DUP_FIRST" ] && [ -n "$DUP_GONE" ] ||
			setup_fail "no __versions entry after the first import '$DUP_FIRST'"
		DUP_CRC=$(mv_ko_crc "$share/good.ko" "$DUP_FIRST")
		cp "$share/good.ko" "$share/dupver.ko"
		"$kopatch" rename-version "$share/dupver.ko" "$DUP_GONE" "$DUP_FIRST"

		# No __versions at all (what modprobe --force used to strip).
		cp "$share/good.ko" "$share/nover.ko"
		"$kopatch" rename-section "$share/nover.ko" __versions __xersions
	fi

	break_btf "$share/good.ko" "$share/btf.ko"

	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_slow" "$rel" "$work/mv_slow" >/dev/null
	cp "$work/mv_slow/mv_slow.ko" "$share/"
	cp "$TOP/tests/qemu/shared-guest.sh" "$share/"

	# Ten imports nobody exports; a dozen real ones, loaded with force
	# past a vermagic word and a module_layout CRC changed.
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_many" "$rel" "$work/mv_many" >/dev/null
	cp "$work/mv_many/mv_missing.ko" "$share/"
	cp "$work/mv_many/mv_imports.ko" "$share/imports_forced.ko"
	"$kopatch" vermagic "$share/imports_forced.ko" "$BAD_VERMAGIC"
	if mv_modversions "$rel"; then
		BAD_LAYOUT=$(printf '0x%08x' $(($(mv_ko_crc "$share/imports_forced.ko" module_layout) ^ 0xffffffff)))
		"$kopatch" crc "$share/imports_forced.ko" module_layout "$BAD_LAYOUT"

		# An exporter, and a consumer built against another CRC of its
		# export; who exports it is in the build's Module.symvers.
		"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_export" "$rel" "$work/mv_export" >/dev/null
		cp "$work/mv_export/mv_exporter.ko" "$share/"
		cp "$work/mv_export/mv_consumer.ko" "$share/consumer_crc.ko"
		read -r EXPORT_CRC EXPORTER < <(awk '$2 == "mv_export_fn" { n = split($3, p, "/"); print $1, p[n] }' \
			"$work/mv_export/Module.symvers")
		[ -n "$EXPORTER" ] || setup_fail "mv_export_fn is not in mv_export's Module.symvers"
		BAD_EXPORT_CRC=$(printf '0x%08x' $((EXPORT_CRC ^ 0xffffffff)))
		"$kopatch" crc "$share/consumer_crc.ko" mv_export_fn "$BAD_EXPORT_CRC"
	fi

	cp "$TOP/tests/qemu/core-guest.sh" "$share/"
	local extra='/lib/modules/$(uname -r)/extra/mv_good.ko'
	{
		printf 'kallsyms\tgrep -E " [tT] (%s)(\\.(constprop|isra|part)\\.[0-9]+)?$" /proc/kallsyms\n' \
			"$(tr ' ' '|' <<<"$PROBED")"
		printf 'good\tinsmod good.ko & p=$!; wait $p && echo loader_pid=$p && rmmod mv_good\n'
		printf 'other_abi\tinsmod other_abi.ko\n'
		[ -z "$flavour" ] || printf 'other_flavour\tinsmod other_flavour.ko\n'
		printf 'vermagic\tinsmod vermagic.ko\n'
		if mv_modversions "$rel"; then
			printf 'symbol_crc\tinsmod crc.ko\n'
			printf 'duplicate_version\tinsmod dupver.ko && rmmod mv_good\n'
		fi
		printf 'force_vermagic\tcp vermagic.ko %s && depmod && modprobe --force-vermagic mv_good && cat /proc/sys/kernel/tainted && rmmod mv_good\n' "$extra"
		if mv_modversions "$rel"; then
			printf 'force_modversion\tcp nover.ko %s && depmod && modprobe --force-modversion mv_good && rmmod mv_good\n' "$extra"
		fi
		# After force_vermagic: the kernel says "tainted" once, at the first force.
		printf 'forced_total\tinsmod -f imports_forced.ko && cat /proc/sys/kernel/tainted && rmmod mv_imports\n'
		printf 'unresolved_total\tinsmod mv_missing.ko\n'
		if mv_modversions "$rel"; then
			printf 'exporter\tinsmod mv_exporter.ko && grep "^mv_exporter " /proc/modules && { insmod consumer_crc.ko; rc=$?; rmmod mv_exporter; exit $rc; }\n'
		fi
		[ -z "$BTF_SECTION" ] || printf 'btf\tinsmod btf.ko && rmmod mv_good\n'
		printf 'shared\tsh shared-guest.sh\n'
		# After shared, which reads mv_slow's records in the history.
		printf 'parameter\tinsmod mv_slow.ko hold=maybe delay_ms=abc\n'
		printf 'status\tcat /sys/kernel/debug/modverify/status\n'
		printf 'unload\trmmod modverify\n'
	} > "$share/scenarios.core"
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

	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s/crcs" "$NO_MODVERSIONS"
		return
	fi
	while read -r mcrc sym; do
		[ "$verdict" = forced ] && mcrc=-
		expect_line "$s/crc $sym" "$(res "$s" rec)" \
			"$(printf 'crc:\t%s\t%s\t%s\t%s' "$mcrc" "$(mv_symvers "$rel" "$sym")" "$verdict" "$sym")"
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

# vermagic_source: "observed" where the kernel has an out-of-line
# same_magic() to probe, "derived" where it has not.
expected_vermagic_source()
{
	if kallsyms same_magic; then echo observed; else echo derived; fi
}

# check_cross SCENARIO KO: a module built for another kernel, refused by
# the check mv_cross_verdict names from the kernel's and the module's files.
check_cross()
{
	local s=$1 ko=$share/$2 verdict mod ker msize mv

	verdict=$(mv_cross_verdict "$rel" "$ko" "$KERNEL_MODULE_SIZE" "$KERNEL_VERMAGIC")
	echo "# $T: $s: expected to be refused by $verdict"
	expect_match "$s/insmod says" "$(cat "$(res "$s" out)")" 'Invalid module format'
	case $verdict in
	module_size)
		msize=$(mv_ko_size "$ko" .gnu.linkonce.this_module)
		expect_line "$s/dmesg" "$(res "$s" dmesg)" \
			"module mv_good: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time" substring
		expect_outcome "$s" -8 ENOEXEC module_size
		expect_eq "$s/module_size" "$(field "$s" module_size)" "$msize $KERNEL_MODULE_SIZE"
		expect_match "$s/reader headline" "$(head -n1 "$(res "$s" text)")" 'struct module|module_size|size'
		;;
	module_layout)
		mod=$(mv_ko_crc "$ko" module_layout)
		ker=$(mv_symvers "$rel" module_layout)
		expect_outcome "$s" -8 ENOEXEC module_layout
		expect_line "$s/crc module_layout" "$(res "$s" rec)" \
			"$(printf 'crc:\t%s\t%s\tmismatch\tmodule_layout' "$mod" "$ker")"
		expect_eq "$s/crc_total" "$(field "$s" crc_total)" 1
		expect_eq "$s/vermagic_module" "$(field "$s" vermagic_module)" \
			"'$(modinfo -F vermagic "$ko")'"
		expect_eq "$s/vermagic_verdict" "$(field "$s" vermagic_verdict)" not_checked
		expect_line "$s/dmesg" "$(res "$s" dmesg)" \
			'mv_good: disagrees about version of symbol module_layout' substring
		expect_json "$s" ".decided_by == \"module_layout\" and .result.errno == 8 and
			(.crcs[0] | .symbol == \"module_layout\" and .module_crc == \"$mod\" and
			 .kernel_crc == \"$ker\" and .verdict == \"mismatch\")"
		expect_match "$s/reader headline" "$(head -n1 "$(res "$s" text)")" 'module_layout'
		;;
	vermagic)
		mv=$(modinfo -F vermagic "$ko")
		expect_line "$s/dmesg" "$(res "$s" dmesg)" \
			"mv_good: version magic '$mv' should be '$KERNEL_VERMAGIC'" substring
		expect_outcome "$s" -8 ENOEXEC vermagic
		expect_eq "$s/vermagic_module" "$(field "$s" vermagic_module)" "'$mv'"
		expect_eq "$s/vermagic_kernel" "$(field "$s" vermagic_kernel)" "'$KERNEL_VERMAGIC'"
		expect_eq "$s/vermagic_verdict" "$(field "$s" vermagic_verdict)" mismatch
		expect_eq "$s/vermagic_source" "$(field "$s" vermagic_source)" "$(expected_vermagic_source)"
		expect_eq "$s/vermagic_release_compared" "$(field "$s" vermagic_release_compared)" \
			"$(mv_release_compared "$rel" "$ko")"
		if [ "${mv#* }" = "${KERNEL_VERMAGIC#* }" ]; then
			expect_eq "$s/vermagic_differs" "$(field "$s" vermagic_differs)" release
		fi
		expect_match "$s/reader headline" "$(head -n1 "$(res "$s" text)")" 'vermagic'
		;;
	*)
		mv_fail "$T/$s/setup" "no check of $rel should accept $2, yet its files say none refuses it"
		;;
	esac
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
	expect_eq "$s/vermagic_source" "$(field $s vermagic_source)" "$(expected_vermagic_source)"
	expect_eq "$s/release compared" "$(field $s vermagic_release_compared)" \
		"$(mv_release_compared "$rel" "$share/vermagic.ko")"
	expect_line "$s/dmesg" "$(res $s dmesg)" \
		"mv_good: version magic '$BAD_VERMAGIC' should be '$KERNEL_VERMAGIC'" substring
	expect_json "$s" '.decided_by == "vermagic" and (.vermagic.differs | index("preempt") != null)'
	expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" 'vermagic'
}

check_symbol_crc()
{
	local s=symbol_crc ker

	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s" "$NO_MODVERSIONS"
		return
	fi
	ker=$(mv_symvers "$rel" _printk)
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
	# _printk is the kernel's own: its Module.symvers line says vmlinux.
	expect_line "$s/crc_exporter" "$(res $s rec)" \
		"$(printf 'crc_exporter:\t_printk\t%s\t-' "$(awk '$2 == "_printk" { print $3; exit }' \
			"$(mv_kdir "$rel")/Module.symvers")")"
}

# The first of two entries for a name counts, as in check_version().  A
# symbol without an entry is accepted with a warning upstream; Debian's
# kernels refuse it (their patch "module: Disable matching missing version
# CRC"), which their headers tell by naming the package.
check_duplicate_version()
{
	local s=duplicate_version a=$DUP_FIRST b=$DUP_GONE

	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s" "$NO_MODVERSIONS"
		return
	fi
	expect_line "$s/crc $a from the first entry" "$(res $s rec)" \
		"$(printf 'crc:\t%s\t%s\tmatch\t%s' "$DUP_CRC" "$(mv_symvers "$rel" "$a")" "$a")"
	expect_line "$s/dmesg" "$(res $s dmesg)" "mv_good: no symbol version for $b" substring
	if grep -qs '^#define LINUX_PACKAGE_ID ".*Debian' \
		"$(mv_kdir "$rel")/include/generated/package.h"; then
		expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid parameters'
		expect_outcome $s -22 EINVAL symbol_crc
		expect_line "$s/crc $b" "$(res $s rec)" \
			"$(printf 'crc:\t-\t%s\tmissing_refused\t%s' "$(mv_symvers "$rel" "$b")" "$b")"
		expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" \
			"symbol $b has no CRC in the module"
	else
		expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
		expect_outcome $s 0 OK loaded
		expect_line "$s/crc $b" "$(res $s rec)" \
			"$(printf 'crc:\t-\t%s\tmissing_in_module\t%s' "$(mv_symvers "$rel" "$b")" "$b")"
	fi
}

check_force_vermagic()
{
	local s=force_vermagic tainted

	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x2 IGNORE_VERMAGIC"
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" forced
	expect_line "$s/forced line" "$(res $s rec)" "$(printf 'forced:\tok\tbad vermagic')"
	expect_all_crcs $s match
	# The kernel's own taint mask after the load: F (bit 1) is set.
	tainted=$(tail -n 1 "$(res $s out)")
	expect_eq "$s/kernel tainted F" "$(( (${tainted:-0} >> 1) & 1 ))" 1
	expect_match "$s/taint F added" "$(field $s taint_added)" '^0x[0-9a-f]*[2367abef] [A-Z]*F'
	expect_match "$s/module_taint F" "$(field $s module_taint)" 'F'
	expect_line "$s/dmesg" "$(res $s dmesg)" 'mv_good: bad vermagic: kernel tainted.' substring
	expect_json "$s" '.decided_by == "forced" and .result.errno == 0 and
		(.taint.added | tostring | test("F"))'
}

check_force_modversion()
{
	local s=force_modversion

	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s" "$NO_MODVERSIONS"
		return
	fi
	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x1 IGNORE_MODVERSIONS"
	expect_all_crcs $s forced
	expect_eq "$s/release compared" "$(field $s vermagic_release_compared)" yes
	expect_eq "$s/vermagic_verdict" "$(field $s vermagic_verdict)" match
	expect_match "$s/module_taint F" "$(field $s module_taint)" 'F'
	expect_json "$s" '.decided_by == "forced" and ([.crcs[].verdict] | unique == ["forced"])'
}

# insmod -f (IGNORE_MODVERSIONS and IGNORE_VERMAGIC) of a module with
# __versions: every check_version() is a forced check, more than a record
# lists; what the force hid is the module's own module_layout CRC, as its
# __versions has it, against the kernel's Module.symvers, and its vermagic.
check_forced_total()
{
	local s=forced_total ko=$share/imports_forced.ko n tainted

	expect_eq "$s/rc" "$(cat "$(res $s rc)")" 0
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x3 IGNORE_MODVERSIONS IGNORE_VERMAGIC"
	tainted=$(grep -E '^[0-9]+$' "$(res $s out)" | tail -n 1)
	expect_eq "$s/kernel tainted F" "$(( (${tainted:-0} >> 1) & 1 ))" 1
	expect_match "$s/reader: the vermagic the force skipped" "$(cat "$(res $s text)")" \
		"past .*a vermagic mismatch"
	expect_line "$s/reader: both vermagics" "$(res $s text)" "'$BAD_VERMAGIC'" substring
	if ! mv_modversions "$rel"; then
		# Only the vermagic was forced: there are no CRCs to force.
		expect_eq "$s/forced_total" "$(field $s forced_total)" 1
		mv_skip "$T/$s/crcs" "$NO_MODVERSIONS: no __versions, no CRC the force could hide"
		return
	fi
	# One forced check per __versions entry (module_layout included), and
	# the vermagic's.
	n=$(($(modprobe --dump-modversions "$ko" | wc -l) + 1))
	expect_eq "$s/forced_total" "$(field $s forced_total)" "$n"
	expect_eq "$s/forced lines listed" "$(grep -c '^forced:' "$(res $s rec)")" 8
	expect_json "$s" ".forced_total == $n and (.forced | length) == 8" "json forced_total"
	expect_line "$s/reader: the rest counted" "$(res $s text)" "... and $((n - 8)) more ($n forced checks, 8 listed)" substring
	expect_line "$s/crc module_layout" "$(res $s rec)" \
		"$(printf 'crc:\t%s\t%s\tforced\tmodule_layout' "$(mv_ko_crc "$ko" module_layout)" \
			"$(mv_symvers "$rel" module_layout)")"
	expect_line "$s/crc_exporter module_layout" "$(res $s rec)" \
		"$(printf 'crc_exporter:\tmodule_layout\t%s\t-' "$(awk '$2 == "module_layout" { print $3; exit }' \
			"$(mv_kdir "$rel")/Module.symvers")")"
	expect_match "$s/reader: the mismatch the force hid" "$(cat "$(res $s text)")" \
		"past a module_layout CRC mismatch"
	expect_line "$s/reader: the module's CRC" "$(res $s text)" "$(mv_ko_crc "$ko" module_layout)" substring
}

# Ten imports nobody exports: dmesg names each, the record lists 8 and
# counts them all.
check_unresolved_total()
{
	local s=unresolved_total n

	n=$(grep -c 'mv_missing: Unknown symbol mv_missing_[0-9] (err -2)' "$(res $s dmesg)")
	expect_eq "$s/dmesg names the ten" "$n" "$(readelf -sW "$share/mv_missing.ko" |
		awk '$7 == "UND" && $8 ~ /^mv_missing_/' | wc -l)"
	expect_outcome $s -2 ENOENT unknown_symbol
	expect_eq "$s/unresolved_total" "$(field $s unresolved_total)" "$n"
	expect_eq "$s/unresolved listed" "$(grep -c '^unresolved:' "$(res $s rec)")" 8
	expect_json "$s" ".unresolved_total == $n and (.unresolved | length) == 8" "json unresolved_total"
	expect_headline $s "and $((n - 1)) more"
	expect_line "$s/reader: the rest counted" "$(res $s text)" \
		"... and $((n - 8)) more ($n unresolved imports, 8 listed)" substring
}

# A bool given "maybe", a uint given "abc": parse_args() refuses both (a
# dmesg line each), goes on, and returns the last error; init never runs.
check_parameter()
{
	local s=parameter name

	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid parameters'
	expect_line "$s/dmesg hold" "$(res $s dmesg)" "mv_slow: \`maybe' invalid for parameter \`hold'" substring
	name=$(kernel_refused_param $s mv_slow)
	expect_outcome $s -22 EINVAL parameter
	expect_eq "$s/parameter_rejected is dmesg's last" "$(field $s parameter_rejected)" "$name"
	expect_eq "$s/parameters" "$(field $s parameters)" "'hold=maybe delay_ms=abc'"
	expect_eq "$s/init did not run" "$(grep -c 'mv_slow: init' "$(res $s dmesg)")" 0
	expect_json "$s" ".parameter_rejected == \"$name\" and .parameters == \"hold=maybe delay_ms=abc\"" \
		"json parameter"
	expect_headline $s "parameter $name"
}

# An exporter (out of tree: /proc/modules shows its taint) and a consumer
# whose CRC of its export is not the exporter's Module.symvers'.
check_exporter()
{
	local s=exporter taint

	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s" "$NO_MODVERSIONS"
		return
	fi
	taint=$(sed -n 's/^mv_exporter .*(\([A-Z]*\))$/\1/p' "$(res $s out)")
	[ -n "$taint" ] || mv_fail "$T/$s/setup" "no taint on mv_exporter's /proc/modules line"
	expect_line "$s/dmesg" "$(res $s dmesg)" \
		'mv_consumer: disagrees about version of symbol mv_export_fn' substring
	expect_outcome $s -22 EINVAL symbol_crc
	expect_line "$s/crc mv_export_fn" "$(res $s rec)" \
		"$(printf 'crc:\t%s\t%s\tmismatch\tmv_export_fn' "$BAD_EXPORT_CRC" "$EXPORT_CRC")"
	expect_line "$s/crc_exporter" "$(res $s rec)" \
		"$(printf 'crc_exporter:\tmv_export_fn\t%s\t%s' "$EXPORTER" "$taint")"
	expect_json "$s" "[.crcs[] | select(.symbol == \"mv_export_fn\") | .exporter] ==
		[{\"name\": \"$EXPORTER\", \"taint\": \"$taint\"}]" "json exporter"
	expect_line "$s/reader" "$(res $s text)" "exported by $EXPORTER ($taint)" substring
}

# A module whose .BTF does not parse: refused where the kernel is built
# without CONFIG_MODULE_ALLOW_BTF_MISMATCH (Debian's 7.x), loaded with a
# warning where it allows the mismatch.
check_btf()
{
	local s=btf

	expect_btf_said $s || return 0
	if [ "$BTF_REFUSED" = no ]; then
		expect_outcome $s 0 OK loaded
		# The notifier returns 0 then: the errno is not seen.
		expect_eq "$s/btf" "$(field $s btf)" "mismatch_allowed -"
	else
		expect_outcome $s -22 EINVAL btf
		expect_eq "$s/btf" "$(field $s btf)" "invalid -22"
		expect_match "$s/reader headline" "$(head -n1 "$(res $s text)")" 'BTF'
	fi
}

# Three overlapping loads of one file (shared-guest.sh), against the
# history's records of mv_slow.
check_shared()
{
	local hist=$work/shared-history.txt

	sed -n '/^@@@HISTORY$/,$p' "$(res shared out)" | awk '/^modverify_record:/ { r = "" } { r = r $0 "\n" }
		/^end:/ && r ~ /\nmodule: mv_slow\n/ { printf "%s", r }' > "$hist"
	expect_shared shared "$hist" shared
}

check_status()
{
	local s=status out probe state

	out=$(res $s out)
	for probe in $PROBED; do
		if kallsyms "$probe"; then
			state=attached
		elif kallsyms_clone "$probe"; then
			state=clone_stage_only
		else
			state=not_present
		fi
		expect_line "$s/$probe $state" "$out" "probe: $probe	k[a-z]*probe	$state" regex
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
check_cross other_abi other_abi.ko
if [ -n "$OTHER_FLAVOUR" ]; then
	check_cross other_flavour other_flavour.ko
else
	mv_skip "$T/other_flavour" "no other flavour of $(mv_kversion "$rel") has headers here"
fi
check_vermagic
check_symbol_crc
check_duplicate_version
check_force_vermagic
check_force_modversion
check_forced_total
check_unresolved_total
check_parameter
check_exporter
check_btf
check_shared
check_status
# Without an out-of-line same_magic() every vermagic verdict of the main boot
# was derived already, and checked as such.
if kallsyms same_magic; then
	boot derived --modverify-args "skip_probes=same_magic" && check_derived
else
	mv_skip "$T/derived" "same_magic is not a function of this kernel: the first boot's vermagic verdicts were derived"
fi
[ "$mv_checks_failed" = 0 ]
