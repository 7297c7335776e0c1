#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-symvers.sh: `modverify check` with a compressed symvers file (as
# Fedora, RHEL and openEuler ship /boot/symvers-REL.gz), given with
# --symvers or found by --kernel under a fake root (MODVERIFY_ROOT) when no
# build tree is installed.
#
# The symvers files are a real headers tree's Module.symvers compressed
# with gzip, xz and zstd; one copy has _printk's CRC changed, so that a
# prediction can only be right if that file was read.  Expected CRCs come
# from the files themselves (decompressed by gzip/xz/zstd), the module's
# from `modprobe --dump-modversions`, its vermagic from `modinfo`.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

first_tree_and_good symvers || finish
modprobe --dump-modversions "$good" > "$W/modcrcs"
if ! grep -q $'^0x[0-9a-f]*\t_printk$' "$W/modcrcs"; then
	mv_fail symvers/setup/modversions "mv_good has no _printk CRC: $(head -c 200 "$W/modcrcs")"
	finish
fi
kvermagic=$(modinfo -F vermagic "$good")

# decompress FILE: its text, by the format's own tool
decompress()
{
	case $1 in
	*.gz) gzip -dc "$1" ;;
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -q -dc "$1" ;;
	esac
}

# expect_crcs NAME FILE: each import's kernel_crc is FILE's, its verdict
# whether that equals the module's CRC; one jq comparison of them all
expect_crcs()
{
	local mcrc sym kcrc verdict want=

	decompress "$2" > "$W/symvers.txt"
	while read -r mcrc sym; do
		kcrc=$(awk -v s="$sym" '$2 == s { print $1; exit }' "$W/symvers.txt")
		verdict=match
		[ "$kcrc" = "$mcrc" ] || verdict=mismatch
		want+="${want:+,}{\"symbol\":\"$sym\",\"module_crc\":\"$mcrc\",\"kernel_crc\":\"$kcrc\",\"verdict\":\"$verdict\"}"
	done < "$W/modcrcs"
	expect_jq "$1/crcs-are-the-file's" "(.crcs | sort_by(.symbol)) == ([$want] | sort_by(.symbol)) and
		.crc_total == $(wc -l < "$W/modcrcs")"
}

# ---- the files ------------------------------------------------------------------

# the real one, and one whose _printk CRC is not the module's
cp "$tree/Module.symvers" "$W/real"
crc=$(awk '$2 == "_printk" { print $1; exit }' "$tree/Module.symvers")
awk -F'\t' -v OFS='\t' -v c="$(printf '0x%08x' $((crc ^ 0xffffffff)))" \
	'$2 == "_printk" { $1 = c } 1' "$tree/Module.symvers" > "$W/changed"
if cmp -s "$W/real" "$W/changed"; then
	mv_fail symvers/setup/changed "the _printk line of $tree/Module.symvers was not changed"
fi
formats=()
for z in gz xz zst; do
	case $z in
	gz) tool=gzip ;;
	xz) tool=xz ;;
	zst) tool=zstd ;;
	esac
	if ! command -v "$tool" >/dev/null; then
		mv_skip "symvers/$z" "$tool is not installed"
		continue
	fi
	for f in real changed; do
		"$tool" -q -c "$W/$f" > "$W/$f.$z"
	done
	formats+=("$z")
done

# ---- --symvers FILE.{gz,xz,zst} ---------------------------------------------------

for z in "${formats[@]}"; do
	n=symvers/$z
	run check "$good" --kernel "$rel" --symvers "$W/real.$z" --json
	expect_rc "$n/real/exit" 0
	expect_jq "$n/real/loaded" '.decided_by == "loaded" and .vermagic.kernel == "'"$kvermagic"'"'
	expect_crcs "$n/real" "$W/real.$z"
	want=$z
	[ "$z" = gz ] && want=gzip
	[ "$z" = zst ] && want=zstd
	expect_jq "$n/real/source" '.kernel_files.symvers == "'"$W/real.$z"'" and
		.kernel_files.symvers_compression == "'"$want"'"'

	run check "$good" --kernel "$rel" --symvers "$W/changed.$z" --json
	expect_rc "$n/changed/exit" 1
	expect_jq "$n/changed/decided" '.decided_by == "symbol_crc" and .crc_mismatches == 1'
	expect_crcs "$n/changed" "$W/changed.$z"
done

# a damaged file is refused with the decoder's reason, not read as text
if [[ " ${formats[*]} " == *" gz "* ]]; then
	head -c 4000 "$W/real.gz" > "$W/cut.gz"
	run check "$good" --kernel "$rel" --symvers "$W/cut.gz"
	expect_rc symvers/truncated-gzip/exit 3
	expect_grep symvers/truncated-gzip/says '^modverify: ERROR: .*cut\.gz: not a valid gzip stream \(truncated\)' "$W/err"
fi

# ---- --kernel REL without a build tree: the installed symvers and config ------------

if [[ " ${formats[*]} " == *" gz "* ]]; then
	for where in "boot/symvers-$rel.gz" "lib/modules/$rel/symvers.gz" \
		"usr/lib/modules/$rel/symvers.gz"; do
		n=symvers/kernel-lookup/$(dirname "$where" | tr / -)
		n=${n%-"$rel"}
		root=$W/root
		rm -rf "$root"
		mkdir -p "$root/boot" "$root/$(dirname "$where")"
		cp "$W/changed.gz" "$root/$where"
		# a .config: the lines auto.conf is made of
		cp "$tree/include/config/auto.conf" "$root/boot/config-$rel"
		run MODVERIFY_ROOT="$root" -- check "$good" --kernel "$rel" --json
		expect_rc "$n/exit" 1
		expect_jq "$n/decided" '.decided_by == "symbol_crc" and .vermagic.verdict == "match" and
			.vermagic.kernel == "'"$kvermagic"'"'
		expect_crcs "$n" "$root/$where"
		expect_jq "$n/source" '.kernel_files == {build_tree: null,
			symvers: "'"$root/$where"'", symvers_compression: "gzip",
			config: "'"$root/boot/config-$rel"'"}'
		run MODVERIFY_ROOT="$root" -- check "$good" --kernel "$rel" --color=never
		expect_fixed "$n/text-names-the-file" "  crcs from:    $root/$where (gzip-compressed)"
	done

	# the configuration from /lib/modules/REL/config, as Fedora also ships it
	rm -f "$root/boot/config-$rel"
	mkdir -p "$root/lib/modules/$rel"
	cp "$tree/include/config/auto.conf" "$root/lib/modules/$rel/config"
	run MODVERIFY_ROOT="$root" -- check "$good" --kernel "$rel" --json
	expect_rc symvers/kernel-lookup/config-in-lib-modules/exit 1
	expect_jq symvers/kernel-lookup/config-in-lib-modules/source \
		'.kernel_files.config == "'"$root/lib/modules/$rel/config"'" and .vermagic.verdict == "match"'

	# nothing installed: the error says what was looked for
	rm -rf "$root"
	mkdir -p "$root"
	run MODVERIFY_ROOT="$root" -- check "$good" --kernel "$rel"
	expect_rc symvers/kernel-lookup/none/exit 3
	expect_fixed symvers/kernel-lookup/none/says "no symvers file $root/boot/symvers-$rel.gz" "$W/err"
else
	mv_skip symvers/kernel-lookup "gzip is not installed"
fi

finish
