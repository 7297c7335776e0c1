# SPDX-License-Identifier: GPL-2.0
#
# Facts about a kernel and a module that tests compute expected values from,
# each read from the kernel's or the module's own files (the image, the
# headers' .config and Module.symvers, in-tree modules, the .ko's ELF
# sections, modinfo, kmod), never from modverify.  Sourced by bash scripts
# after tests/lib/kernels.sh.  Filters read their input to the end: a reader
# that quits early would kill the writer with SIGPIPE, which pipefail turns
# into a failure.

MV_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# mv_vmlinux REL: REL's uncompressed vmlinux, extracted from its image once
# into build/vmlinux/ (again when the image is newer).
mv_vmlinux()
{
	local img out=$MV_TOP/build/vmlinux/$1

	img=$(mv_image "$1") || return
	if [ ! -s "$out" ] || [ "$img" -nt "$out" ]; then
		mkdir -p "${out%/*}"
		"$MV_TOP/scripts/extract-vmlinux.sh" "$img" "$out.$$" || return
		mv -f "$out.$$" "$out"
	fi
	echo "$out"
}

# mv_kernel_says REL TEXT: REL's image holds TEXT, e.g. the format string
# of a message; what the kernel can print is what it checks.
mv_kernel_says()
{
	local v

	v=$(mv_vmlinux "$1") || return 2
	grep -qaF -- "$2" "$v"
}

# mv_modversions REL: REL was built with CONFIG_MODVERSIONS (CRCs exist).
mv_modversions()
{
	[ "$(mv_kconfig "$1" CONFIG_MODVERSIONS)" = y ]
}

# mv_symvers REL SYMBOL: SYMBOL's CRC in REL's Module.symvers.
mv_symvers()
{
	awk -v s="$2" '$2 == s { print $1; exit }' "$(mv_kdir "$1")/Module.symvers"
}

# mv_ko_section KO NAME: "OFFSET SIZE" (decimal) of the section, or nothing.
mv_ko_section()
{
	readelf -SW "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk -v s="$2" '$1 == s && !n++ { print $4, $5 }' |
		while read -r off size; do
			echo "$((16#$off)) $((16#$size))"
		done
}

# mv_ko_size KO NAME: the section's size in bytes, or nothing.
mv_ko_size()
{
	mv_ko_section "$1" "$2" | cut -d ' ' -f 2
}

# mv_ko_crc KO SYMBOL: the module's CRC for SYMBOL, as kmod reads __versions.
mv_ko_crc()
{
	modprobe --dump-modversions "$1" 2>/dev/null | awk -v s="$2" '$2 == s && !n++ { print $1 }'
}

# mv_kernel_module_size REL: "BYTES FROM": REL's sizeof(struct module), the
# size of .gnu.linkonce.this_module in one of its own modules, or else the
# size of struct module in its BTF (a chroot kernel without its modules).
mv_kernel_module_size()
{
	local ko tmp size v

	ko=$(find "$(mv_moddir "$1")/kernel" -name '*.ko*' -print -quit 2>/dev/null) || true
	if [ -n "$ko" ]; then
		tmp=$(mktemp)
		case $ko in
		*.xz) xz -dc "$ko" ;;
		*.zst) zstd -qdc "$ko" ;;
		*.gz) gzip -dc "$ko" ;;
		*) cat "$ko" ;;
		esac >"$tmp"
		size=$(mv_ko_size "$tmp" .gnu.linkonce.this_module)
		rm -f "$tmp"
		[ -z "$size" ] || { echo "$size ${ko##*/}"; return; }
	fi
	v=$(mv_vmlinux "$1") || return
	size=$("$MV_KENV" "$1" -- bpftool btf dump file "$v" format raw |
		awk '$2 == "STRUCT" && $3 == "\047module\047" && !n++ { sub("size=", "", $4); print $4 }')
	[ -n "$size" ] && echo "$size BTF"
}

# mv_release_compared REL KO: "yes" when REL compares the release word of
# KO's vermagic: same_magic() skips it only when the kernel has modversions
# and the module has a __versions table.
mv_release_compared()
{
	if mv_modversions "$1" && [ -n "$(mv_ko_section "$2" __versions)" ]; then
		echo no
	else
		echo yes
	fi
}

# mv_cross_verdict REL KO KERNEL_MODULE_SIZE KERNEL_VERMAGIC: the check of
# REL that refuses KO, a module built for another kernel, in the order REL's
# loader makes them: the size of struct module (where REL has that check:
# its message is in the image), then the module_layout CRC (modversions on
# both sides), then vermagic (REL's is the one kbuild gives REL's own
# modules).  Prints module_size, module_layout, vermagic or none.
mv_cross_verdict()
{
	local rel=$1 ko=$2 ksize=$3 kv=$4 msize mcrc mv

	msize=$(mv_ko_size "$ko" .gnu.linkonce.this_module)
	if [ "$msize" != "$ksize" ] &&
	   mv_kernel_says "$rel" "section size must match the kernel's built struct module size"; then
		echo module_size
		return
	fi
	mcrc=$(mv_ko_crc "$ko" module_layout)
	if mv_modversions "$rel" && [ -n "$mcrc" ] && [ "$mcrc" != "$(mv_symvers "$rel" module_layout)" ]; then
		echo module_layout
		return
	fi
	mv=$(modinfo -F vermagic "$ko")
	if [ "$(mv_release_compared "$rel" "$ko")" = no ]; then
		mv=${mv#* } kv=${kv#* }
	fi
	if [ "$mv" != "$kv" ]; then
		echo vermagic
	else
		echo none
	fi
}
