#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-check.sh: `modverify check`, predictions from module files.
#
# Real fixture modules are built against every installed headers tree and
# broken with kopatch; ELF32, big-endian and 6.14 extended-modversions
# images, which no local kernel builds, are written by mkko against fake
# build trees made here.  Expected values come from the trees'
# Module.symvers, from `modprobe --dump-modversions` and `modinfo` of the
# modules, and from the kernel's rules; never from modverify's output.
# The modules stay in build/host-check/, the seeds of test-fuzz.sh.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CK=$CHECK_DIR
rm -rf "$CK"
mkdir -p "$CK"
KOPATCH=$TOP/build/tools/kopatch
# mkko under the sanitizers, built here: build/tools/ has the plain build.
SAN_TOOLS=$CK/tools
MKKO=$SAN_TOOLS/mkko

# trees with what `check` reads: Module.symvers and a prepared config
check_trees=()
for d in /usr/src/linux-headers-*; do
	[ -f "$d/Module.symvers" ] && [ -f "$d/include/config/auto.conf" ] &&
		[ -f "$d/include/generated/utsrelease.h" ] && check_trees+=("$d")
done

release_of() { sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$1/include/generated/utsrelease.h"; }
# symvers TREE SYMBOL: the kernel's CRC of SYMBOL
symvers() { awk -v s="$2" '$2 == s { print $1; exit }' "$1/Module.symvers"; }
# modcrc KO SYMBOL: the module's CRC of SYMBOL (kmod's reading of __versions)
modcrc() { modprobe --dump-modversions "$1" | awk -v s="$2" '$2 == s { print $1; exit }'; }
config_y() { grep -qx "$2=y" "$1/include/config/auto.conf"; }

# this_module_size KO: the size of .gnu.linkonce.this_module (objdump's)
this_module_size()
{
	local ko=$1 hex

	case $ko in
	*.xz) xz -dc "$ko" > "$CK/objdump.ko"; ko=$CK/objdump.ko ;;
	*.zst) zstd -q -dc "$ko" > "$CK/objdump.ko"; ko=$CK/objdump.ko ;;
	*.gz) gzip -dc "$ko" > "$CK/objdump.ko"; ko=$CK/objdump.ko ;;
	esac
	hex=$(objdump -h "$ko" | awk '$2 == ".gnu.linkonce.this_module" { print $3; exit }')
	[ -n "$hex" ] && echo $((16#$hex))
}
# kernel_struct_size REL: sizeof(struct module) of kernel REL, which every
# module built for it has as this_module's size: one of its own modules'
kernel_struct_size()
{
	local ko

	ko=$(find "/lib/modules/$1/kernel" -name '*.ko*' 2>/dev/null | sort | head -n1)
	[ -n "$ko" ] && this_module_size "$ko"
}
# btf_struct_size VMLINUX: the size of struct module in its BTF (bpftool's)
btf_struct_size()
{
	bpftool btf dump file "$1" format raw 2>/dev/null |
		sed -n "s/^\[[0-9]*\] STRUCT 'module' size=\([0-9]*\) .*/\1/p" | head -n1
}
# size_checked REL: the kernel compares the struct module size (6.4+)
size_checked()
{
	local v=${1%%.*} p=${1#*.}

	p=${p%%.*}
	[ "$v" -gt 6 ] || { [ "$v" = 6 ] && [ "$p" -ge 4 ]; }
}
# has_btf KO: the module has a .BTF section
has_btf() { objdump -h "$1" | awk '$2 == ".BTF" { found = 1 } END { exit !found }'; }

# check_run NAME WANT_RC ARGS...: run `modverify check ARGS`, check the status
check_run()
{
	local name=$1 want=$2

	shift 2
	run check "$@"
	expect_rc "$name/exit" "$want"
}

# same_json NAME A B: two JSON files are the same prediction
same_json()
{
	if cmp -s "$2" "$3"; then
		mv_pass "$1"
	else
		mv_fail "$1" "$(diff "$2" "$3" | head -c 300 | tr '\n' '|')"
	fi
}

# ---- tools --------------------------------------------------------------------

if ! make -s -C "$TOP/tests/tools" "$KOPATCH" > "$W/tools.log" 2>&1; then
	mv_fail check/setup/kopatch "$(head -c 300 "$W/tools.log")"
fi
if ! make -s -C "$TOP/tests/tools" out="$SAN_TOOLS" CFLAGS="-O1 -g $SAN" LDFLAGS="$SAN" \
	"$MKKO" > "$W/mkko.log" 2>&1; then
	mv_fail check/setup/mkko "$(head -c 300 "$W/mkko.log")"
fi

# ---- real modules, against every installed tree ---------------------------------

# build_fixture SRC TREE OUT: the .ko, or nothing after a FAIL line
build_fixture()
{
	if "$TOP/tests/lib/build-module" "$1" "$2" "$3" > "$W/bm.log" 2>&1; then
		tail -n1 "$W/bm.log"
	else
		mv_fail "check/setup/build $(basename "$1") for $(basename "$2")" \
			"$(tail -c 300 "$W/bm.log")"
	fi
}

# the good module's every import, each with the tree's and the module's CRC
expect_all_match()
{
	local n=$1 tree=$2 ko=$3 mcrc sym total=0 want

	while read -r mcrc sym; do
		total=$((total + 1))
		want=$(symvers "$tree" "$sym")
		expect_jq "$n/crc $sym" "[.crcs[] | select(.symbol == \"$sym\")] ==
			[{symbol: \"$sym\", module_crc: \"$mcrc\", kernel_crc: \"$want\", verdict: \"match\"}]"
	done < <(modprobe --dump-modversions "$ko")
	expect_jq "$n/crc_total" ".crc_total == $total"
}

check_tree()
{
	local tree=$1 rel n good unknown kv bad crc bad_crc

	rel=$(release_of "$tree")
	n=check/$rel
	good=$(build_fixture "$TOP/tests/modules/mv_good" "$tree" "$CK/$rel/mv_good")
	unknown=$(build_fixture "$TOP/tests/modules/mv_unknown" "$tree" "$CK/$rel/mv_unknown")
	[ -n "$good" ] && [ -n "$unknown" ] || return
	GOOD[$rel]=$good

	check_run "$n/good" 0 "$good" --kdir "$tree" --color=never
	expect_headline "$n/good/headline" '^mv_good: loaded: '
	expect_grep "$n/good/marked" '^prediction: +from the kernel'"'"'s build tree'
	check_run "$n/good/json" 0 "$good" --kdir "$tree" --json
	expect_json_valid "$n/good/json-valid"
	expect_jq "$n/good/json" '.prediction == true and .decided_by == "loaded" and
		.result.errno == 0 and .loaded and .module == "mv_good" and
		.kernel == "'"$rel"'" and .vermagic.verdict == "match" and
		.vermagic.release_compared == false'
	expect_jq "$n/good/vermagic" ".vermagic.kernel == \"$(modinfo -F vermagic "$good")\""
	expect_all_match "$n/good" "$tree" "$good"
	cp "$W/out" "$CK/$rel/good.json"
	run check "$good" --kernel "$rel" --json
	same_json "$n/good/--kernel same as --kdir" "$CK/$rel/good.json" "$W/out"

	# the predicted record, in the debugfs format, read back by the reader
	check_run "$n/good/record" 0 "$good" --kdir "$tree" --record
	expect_grep "$n/record/first-line" '^modverify_record: 1$'
	expect_grep "$n/record/prediction" '^prediction: yes$'
	cp "$W/out" "$CK/$rel/good.rec"
	run --file "$CK/$rel/good.rec" --json
	expect_rc "$n/record/reader-reads-it" 0
	# check adds where the kernel's facts came from and modprobe's
	# configuration about the module; the record has neither
	jq -c 'del(.kernel_files, .modprobe_config)' "$CK/$rel/good.json" > "$CK/$rel/good-record.json"
	same_json "$n/record/reader-same-json" "$CK/$rel/good-record.json" "$W/out"

	# one vermagic word changed: no preemption
	kv=$(modinfo -F vermagic "$good")
	bad=${kv/ preempt / }
	if [ "$bad" != "$kv" ]; then
		cp "$good" "$CK/$rel/vermagic.ko"
		"$KOPATCH" vermagic "$CK/$rel/vermagic.ko" "$bad"
		check_run "$n/vermagic" 1 "$CK/$rel/vermagic.ko" --kdir "$tree" --json
		expect_jq "$n/vermagic/json" '.decided_by == "vermagic" and
			.result.errno == 8 and .vermagic.differs == ["preempt"] and
			.vermagic.verdict == "mismatch" and .vermagic.module == "'"$bad"'" and
			(.crcs | length) == 1 and .crcs[0].symbol == "module_layout"'
		run check "$CK/$rel/vermagic.ko" --kdir "$tree" --color=never
		expect_headline "$n/vermagic/headline" 'vermagic differs in preempt'
	else
		mv_skip "$n/vermagic" "$rel has no preempt word"
	fi

	# one import's CRC changed
	crc=$(modcrc "$good" _printk)
	bad_crc=$(printf '0x%08x' $((crc ^ 0xffffffff)))
	cp "$good" "$CK/$rel/crc.ko"
	"$KOPATCH" crc "$CK/$rel/crc.ko" _printk "$bad_crc"
	check_run "$n/symbol-crc" 1 "$CK/$rel/crc.ko" --kdir "$tree" --json
	expect_jq "$n/symbol-crc/json" '.decided_by == "symbol_crc" and
		.result.errno == 22 and .crc_mismatches == 1 and
		([.crcs[] | select(.verdict == "mismatch")] ==
		 [{symbol: "_printk", module_crc: "'"$bad_crc"'",
		   kernel_crc: "'"$(symvers "$tree" _printk)"'", verdict: "mismatch"}])'

	# no __versions: the kernel forces every check, or refuses to
	cp "$good" "$CK/$rel/nover.ko"
	"$KOPATCH" rename-section "$CK/$rel/nover.ko" __versions __xersions
	if config_y "$tree" CONFIG_MODULE_FORCE_LOAD; then
		check_run "$n/nover" 0 "$CK/$rel/nover.ko" --kdir "$tree" --json
		expect_jq "$n/nover/json" '.decided_by == "forced" and .outcome == "forced" and
			([.crcs[].verdict] | unique) == ["forced"] and
			.crcs[0] == {symbol: "module_layout", module_crc: null,
				     kernel_crc: "'"$(symvers "$tree" module_layout)"'", verdict: "forced"} and
			.forced[0] == {ok: true, reason: "module_layout"} and
			.vermagic.release_compared == true and
			(.module_taint | test("F"))'
	else
		check_run "$n/nover" 1 "$CK/$rel/nover.ko" --kdir "$tree" --json
		expect_jq "$n/nover/json" '.decided_by == "force_refused" and .result.errno == 8'
	fi

	check_run "$n/unknown-symbol" 1 "$unknown" --kdir "$tree" --json
	expect_jq "$n/unknown-symbol/json" '.decided_by == "unknown_symbol" and
		.result.errno == 2 and .unresolved == ["mv_no_such_symbol"] and
		.crc_mismatches == 0'

	# compressed: the same prediction as the plain file
	for z in "xz -c" "zstd -q -c" "gzip -c"; do
		local ext=${z%% *}
		[ "$ext" = zstd ] && ext=zst
		[ "$ext" = gzip ] && ext=gz
		if ! command -v "${z%% *}" >/dev/null; then
			mv_skip "$n/compressed-$ext" "${z%% *} is not installed"
			continue
		fi
		for f in good crc; do
			local plain=$CK/$rel/$f.ko
			[ "$f" = good ] && plain=$good
			# shellcheck disable=SC2086 # the command and its options
			$z "$plain" > "$CK/$rel/$f.ko.$ext"
			run check "$plain" --kdir "$tree" --json
			cp "$W/out" "$CK/plain.json"
			check_run "$n/compressed-$ext/$f" "$([ $f = good ] && echo 0 || echo 1)" \
				"$CK/$rel/$f.ko.$ext" --kdir "$tree" --json
			same_json "$n/compressed-$ext/$f/same" "$CK/plain.json" "$W/out"
		done
	done
}

declare -A GOOD
for tree in "${check_trees[@]}"; do
	check_tree "$tree"
done
[ ${#check_trees[@]} -gt 0 ] ||
	mv_skip check/real-modules "no kernel headers installed (make deps)"

# The kernel's own modules, against their own tree: all of them load.
for tree in "${check_trees[@]}"; do
	rel=$(release_of "$tree")
	[ -d "/lib/modules/$rel/kernel" ] || continue
	mapfile -t kos < <(find "/lib/modules/$rel/kernel" -name '*.ko*' | sort |
		awk 'NR % 50 == 1')
	refused=()
	for ko in "${kos[@]}"; do
		run check "$ko" --kdir "$tree" --record
		[ "$rc" = 0 ] && ! sanitizer_report || refused+=("$(basename "$ko") ($rc)")
	done
	if [ ${#refused[@]} = 0 ]; then
		mv_pass "check/$rel/own-modules"
	else
		mv_fail "check/$rel/own-modules" "not predicted to load: ${refused[*]:0:5}"
	fi
done

# Another ABI: a module built against tree A, checked against tree B.
for a in "${check_trees[@]}"; do
	for b in "${check_trees[@]}"; do
		ra=$(release_of "$a")
		rb=$(release_of "$b")
		mod=$(symvers "$a" module_layout)
		ker=$(symvers "$b" module_layout)
		if [ "$a" = "$b" ] || [ "$mod" = "$ker" ] || [ -z "${GOOD[$ra]:-}" ]; then
			continue
		fi
		n=check/other-abi/$ra-on-$rb
		msize=$(this_module_size "${GOOD[$ra]}")
		ksize=$(kernel_struct_size "$rb")
		if size_checked "$rb" && [ -z "$ksize" ]; then
			mv_skip "$n" "no module of $rb installed to read its struct module size from"
			continue
		fi
		# 6.4+ compares the struct module sizes first
		if size_checked "$rb" && [ "$msize" != "$ksize" ]; then
			check_run "$n" 1 "${GOOD[$ra]}" --kdir "$b" --json
			expect_jq "$n/json" '.decided_by == "module_size" and .result.errno == 8 and
				.module_size == {module: '"$msize"', kernel: '"$ksize"'} and
				.crcs == [] and .vermagic.verdict == "not_checked"'
			run check "${GOOD[$ra]}" --kdir "$b" --color=never
			expect_headline "$n/headline" "struct module is $msize bytes, the kernel's $ksize"
			continue
		fi
		check_run "$n" 1 "${GOOD[$ra]}" --kdir "$b" --json
		expect_jq "$n/json" '.decided_by == "module_layout" and .result.errno == 8 and
			.crcs == [{symbol: "module_layout", module_crc: "'"$mod"'",
				   kernel_crc: "'"$ker"'", verdict: "mismatch"}] and
			.vermagic.verdict == "not_checked" and .crc_total == 1'
		if ! size_checked "$rb"; then
			expect_jq "$n/json-no-size-check" '.module_size == null'
		fi
		run check "${GOOD[$ra]}" --kdir "$b" --color=never
		expect_headline "$n/headline" 'module_layout differs'
	done
done

# The struct module size check (6.4+): a module built against a 6.1 tree,
# checked against a 6.4+ tree with its vmlinux.  The module's size is its
# section's, objdump's reading; the kernel's, that of one of its own modules
# under /lib/modules, and what bpftool reads in the tree's vmlinux BTF.
old_tree=
new_tree=
for tree in "${check_trees[@]}"; do
	rel=$(release_of "$tree")
	if size_checked "$rel"; then
		[ -z "$new_tree" ] && [ -f "$tree/vmlinux" ] && new_tree=$tree
	elif [ -z "$old_tree" ] && [ -n "${GOOD[$rel]:-}" ]; then
		old_tree=$tree
	fi
done
if [ -n "$old_tree" ] && [ -n "$new_tree" ]; then
	rold=$(release_of "$old_tree")
	rnew=$(release_of "$new_tree")
	ko=${GOOD[$rold]}
	msize=$(this_module_size "$ko")
	ksize=$(kernel_struct_size "$rnew")
	bsize=$(btf_struct_size "$new_tree/vmlinux")
	n=check/module-size/$rold-on-$rnew
	want_btf=null
	has_btf "$ko" || want_btf='"absent"'
	if [ -z "$msize" ] || [ -z "$ksize" ] || [ "$msize" = "$ksize" ]; then
		mv_fail "$n/setup" "sizes '$msize' and '$ksize' (objdump) do not differ"
	elif [ -n "$bsize" ] && [ "$bsize" != "$ksize" ]; then
		mv_fail "$n/setup" "vmlinux BTF says $bsize bytes, $rnew's modules $ksize"
	else
		check_run "$n" 1 "$ko" --kdir "$new_tree" --json
		expect_jq "$n/json" '.decided_by == "module_size" and .result.errno == 8 and
			.result.name == "ENOEXEC" and .module_size == {module: '"$msize"', kernel: '"$ksize"'} and
			.crcs == [] and .vermagic.verdict == "not_checked" and
			.btf.state == '"$want_btf"' and .shared_with == null'
		run check "$ko" --kdir "$new_tree" --color=never
		expect_headline "$n/headline" "^mv_good: rejected \(ENOEXEC, \"Invalid module format\"\): its struct module is $msize bytes, the kernel's $ksize - built against another kernel's headers\$"
		expect_grep "$n/sizes-line" "^module size: +$msize bytes \(\.gnu\.linkonce\.this_module\); the kernel's struct module: $ksize bytes - differ\$"
		# shellcheck disable=SC2016 # the command is printed, not expanded
		expect_fixed "$n/rebuild" 'make -C /lib/modules/$(uname -r)/build M=$PWD'
		check_run "$n/record" 1 "$ko" --kdir "$new_tree" --record
		expect_grep "$n/record/line" "^module_size: $msize $ksize\$"

		# the same module against its own 6.1 tree: no size check at all
		check_run "$n/own-tree" 0 "$ko" --kdir "$old_tree" --json
		expect_jq "$n/own-tree/json" '.decided_by == "loaded" and .module_size == null'
		check_run "$n/own-tree/record" 0 "$ko" --kdir "$old_tree" --record
		expect_grep "$n/own-tree/record-line" '^module_size: -$'

		# a copy of the tree without vmlinux: the size from its modules
		copy=$CK/tree-no-vmlinux
		rm -rf "$copy"
		mkdir -p "$copy/include/generated" "$copy/include/config"
		cp "$new_tree/Makefile" "$new_tree/Module.symvers" "$copy/"
		cp "$new_tree/include/generated/utsrelease.h" "$copy/include/generated/"
		cp "$new_tree/include/config/auto.conf" "$copy/include/config/"
		check_run "$n/from-modules" 1 "$ko" --kdir "$copy" --json
		expect_jq "$n/from-modules/json" '.decided_by == "module_size" and
			.module_size == {module: '"$msize"', kernel: '"$ksize"'}'

		# another release, whose modules are not installed: only the BTF
		sed -i 's/^#define UTS_RELEASE ".*"/#define UTS_RELEASE "'"$rnew"'-mv-nomods"/' \
			"$copy/include/generated/utsrelease.h"
		if [ -d "/lib/modules/$rnew-mv-nomods" ]; then
			mv_fail "$n/setup" "/lib/modules/$rnew-mv-nomods exists"
		fi
		check_run "$n/not-predicted" 1 "$ko" --kdir "$copy" --json
		expect_jq "$n/not-predicted/json" '.decided_by == "module_layout" and
			.module_size == {module: '"$msize"', kernel: null}'
		expect_grep "$n/not-predicted/warning" \
			'^modverify: WARNING: .*struct module size check of 6\.4\+ kernels is not predicted' "$W/err"
		run check "$ko" --kdir "$copy" --color=never
		expect_grep "$n/not-predicted/text" "^module size: +$msize bytes .*: unknown, the size check is not predicted\$"
		if [ -n "$bsize" ]; then
			ln -s "$new_tree/vmlinux" "$copy/vmlinux"
			check_run "$n/from-btf" 1 "$ko" --kdir "$copy" --json
			expect_jq "$n/from-btf/json" '.decided_by == "module_size" and
				.module_size == {module: '"$msize"', kernel: '"$bsize"'}'
		else
			mv_skip "$n/from-btf" "bpftool cannot read $new_tree/vmlinux"
		fi

		# a module built for the new tree has the size and loads, its .BTF
		# not predicted
		newko=${GOOD[$rnew]:-}
		if [ -n "$newko" ] && has_btf "$newko"; then
			check_run "$n/same-size" 0 "$newko" --kdir "$new_tree" --json
			expect_jq "$n/same-size/json" '.decided_by == "loaded" and
				.module_size == {module: '"$ksize"', kernel: '"$ksize"'} and
				.btf == {state: null, errno: null, log: null}'
			run check "$newko" --kdir "$new_tree" --color=never
			expect_grep "$n/same-size/btf-not-predicted" '^btf: +not predicted'
		fi
	fi
else
	mv_skip check/module-size "needs a 6.1 tree with a fixture module and a 6.4+ tree with vmlinux"
fi

# --with-modules: an exporter installed in a modules directory, not in
# Module.symvers; its CRC comes from its own Module.symvers.  mv_user is
# mv_unknown built against that Module.symvers, so it carries the CRC.
if [ ${#check_trees[@]} -gt 0 ]; then
	tree=${check_trees[0]}
	rel=$(release_of "$tree")
	n=check/with-modules
	mkdir -p "$CK/exporter-src" "$CK/user-src" "$CK/modules/extra"
	cat > "$CK/exporter-src/mv_exporter.c" <<-'EOF'
	// SPDX-License-Identifier: GPL-2.0
	#include <linux/module.h>
	void mv_no_such_symbol(void) { }
	EXPORT_SYMBOL_GPL(mv_no_such_symbol);
	MODULE_LICENSE("GPL");
	EOF
	echo 'obj-m := mv_exporter.o' > "$CK/exporter-src/Kbuild"
	exporter=$(build_fixture "$CK/exporter-src" "$tree" "$CK/exporter")
	sed 's/mv_unknown/mv_user/g' "$TOP/tests/modules/mv_unknown/mv_unknown.c" \
		> "$CK/user-src/mv_user.c"
	echo 'obj-m := mv_user.o' > "$CK/user-src/Kbuild"
	user=$(KBUILD_EXTRA_SYMBOLS=$CK/exporter/Module.symvers \
		build_fixture "$CK/user-src" "$tree" "$CK/user")
	unknown=$CK/$rel/mv_unknown/mv_unknown.ko
	if [ -n "$exporter" ] && [ -n "$user" ] && [ -f "$unknown" ]; then
		xz -c "$exporter" > "$CK/modules/extra/mv_exporter.ko.xz"
		want=$(symvers "$CK/exporter" mv_no_such_symbol)
		check_run "$n" 0 "$user" --kdir "$tree" --with-modules="$CK/modules" --json
		expect_jq "$n/json" '.decided_by == "loaded" and .unresolved == [] and
			([.crcs[] | select(.symbol == "mv_no_such_symbol")] ==
			 [{symbol: "mv_no_such_symbol", module_crc: "'"$want"'", kernel_crc: "'"$want"'",
			   verdict: "match"}])'
		run check "$user" --kdir "$tree" --with-modules="$CK/modules" --color=never
		expect_grep "$n/depends" '^Depends on mv_exporter \(mv_no_such_symbol\)'
		check_run "$n/without" 1 "$user" --kdir "$tree" --json

		# mv_unknown was built without the exporter: its __versions lacks
		# the symbol.  Debian's kernels refuse that (their headers name
		# the package in include/generated/package.h); upstream accepts it
		# with a warning: the same tree without package.h stands for one.
		upstream=$CK/upstream-tree
		mkdir -p "$upstream/include/generated" "$upstream/include/config"
		cp "$tree/Makefile" "$tree/Module.symvers" "$upstream/"
		cp "$tree/include/generated/utsrelease.h" "$upstream/include/generated/"
		cp "$tree/include/config/auto.conf" "$upstream/include/config/"
		missing() {
			echo "[.crcs[] | select(.symbol == \"mv_no_such_symbol\")] ==
			 [{symbol: \"mv_no_such_symbol\", module_crc: null, kernel_crc: \"$want\",
			   verdict: \"$1\"}]"
		}
		if grep -q '^#define LINUX_PACKAGE_ID ".*Debian' \
			"$tree/include/generated/package.h" 2>/dev/null; then
			check_run "$n/unversioned/debian" 1 "$unknown" --kdir "$tree" \
				--with-modules="$CK/modules" --json
			expect_jq "$n/unversioned/debian/json" \
				".decided_by == \"symbol_crc\" and .result.errno == 22 and
				 ($(missing missing_refused))"
		fi
		check_run "$n/unversioned/upstream" 0 "$unknown" --kdir "$upstream" \
			--with-modules="$CK/modules" --json
		expect_jq "$n/unversioned/upstream/json" \
			".decided_by == \"loaded\" and ($(missing missing_in_module))"
	fi
fi

# ---- fake build trees: what no local kernel has ---------------------------------

# fake_tree DIR VERSION PATCHLEVEL RELEASE CONFIG...: a minimal build tree;
# Module.symvers lines are appended by the caller.
fake_tree()
{
	local dir=$1 v=$2 p=$3 rel=$4

	shift 4
	rm -rf "$dir"
	mkdir -p "$dir/include/generated" "$dir/include/config"
	printf 'VERSION = %s\nPATCHLEVEL = %s\nSUBLEVEL = 0\n' "$v" "$p" > "$dir/Makefile"
	printf '#define UTS_RELEASE "%s"\n' "$rel" > "$dir/include/generated/utsrelease.h"
	printf '%s=y\n' "$@" > "$dir/include/config/auto.conf"
	: > "$dir/Module.symvers"
}

# symvers_line TREE CRC SYMBOL [TYPE [NAMESPACE]]
symvers_line()
{
	printf '%s\t%s\tvmlinux\t%s\t%s\n' "$2" "$3" "${4:-EXPORT_SYMBOL}" "${5:-}" >> "$1/Module.symvers"
}

X86="CONFIG_X86_64 CONFIG_64BIT CONFIG_SMP CONFIG_PREEMPT_BUILD CONFIG_MODULE_UNLOAD CONFIG_MODVERSIONS"
VM614='6.14.0-test SMP preempt mod_unload modversions '
LONG=mv_rust_core_fmt_a_symbol_name_much_longer_than_fifty_five_bytes
[ ${#LONG} -gt 55 ] || mv_fail check/setup/long "the long name has ${#LONG} bytes"

# Extended modversions (6.14): a long name only the extended tables carry.
# shellcheck disable=SC2086 # word lists
fake_tree "$CK/t614" 6 14 6.14.0-test $X86 CONFIG_MODULE_FORCE_LOAD
symvers_line "$CK/t614" 0x11111111 module_layout
symvers_line "$CK/t614" 0x22222222 short_sym
symvers_line "$CK/t614" 0x44444444 "$LONG" EXPORT_SYMBOL_GPL
ext=(--modinfo "vermagic=$VM614" --modinfo license=GPL
     --version module_layout=0x11111111 --version short_sym=0x22222222
     --ext module_layout=0x11111111 --ext short_sym=0x22222222
     --undef short_sym --undef "$LONG")
"$MKKO" "$CK/ext-match.ko" "${ext[@]}" --ext "$LONG=0x44444444"
"$MKKO" "$CK/ext-mismatch.ko" "${ext[@]}" --ext "$LONG=0x33333333"
"$MKKO" "$CK/ext-bad.ko" "${ext[@]}" --ext "$LONG=0x44444444" --ext-crc 0x55555555

n=check/ext-6.14
check_run "$n/match" 0 "$CK/ext-match.ko" --kdir "$CK/t614" --json
expect_jq "$n/match/json" '.decided_by == "loaded" and .crc_total == 3 and
	([.crcs[] | select(.symbol == "'"$LONG"'")] ==
	 [{symbol: "'"$LONG"'", module_crc: "0x44444444", kernel_crc: "0x44444444", verdict: "match"}])'
check_run "$n/mismatch" 1 "$CK/ext-mismatch.ko" --kdir "$CK/t614" --json
expect_jq "$n/mismatch/json" '.decided_by == "symbol_crc" and .result.errno == 22 and
	([.crcs[] | select(.verdict == "mismatch")] ==
	 [{symbol: "'"$LONG"'", module_crc: "0x33333333", kernel_crc: "0x44444444", verdict: "mismatch"}])'
check_run "$n/bad-tables" 1 "$CK/ext-bad.ko" --kdir "$CK/t614" --json
expect_jq "$n/bad-tables/json" '.decided_by == "elf" and .result.errno == 8 and
	.image_check == "more extended version crcs than names"'

# 6.13 has no extended tables: only __versions counts, which lacks the name
sed -i 's/^PATCHLEVEL = 14/PATCHLEVEL = 13/' "$CK/t614/Makefile"
n=check/ext-6.13
check_run "$n/mismatch-ignored" 0 "$CK/ext-mismatch.ko" --kdir "$CK/t614" --json
expect_jq "$n/mismatch-ignored/json" '.decided_by == "loaded" and
	([.crcs[] | select(.symbol == "'"$LONG"'")] ==
	 [{symbol: "'"$LONG"'", module_crc: null, kernel_crc: "0x44444444", verdict: "missing_in_module"}])'
check_run "$n/bad-tables-ignored" 0 "$CK/ext-bad.ko" --kdir "$CK/t614" --json

# ELF32 little-endian (32-bit RISC-V): 4-byte CRCs in __versions
VMRV='6.6.0-rv SMP mod_unload modversions riscv'
# shellcheck disable=SC2086
fake_tree "$CK/rv32" 6 6 6.6.0-rv CONFIG_RISCV CONFIG_SMP CONFIG_MODULE_UNLOAD CONFIG_MODVERSIONS
symvers_line "$CK/rv32" 0x0badcafe module_layout
symvers_line "$CK/rv32" 0x01020304 printk
rv=(--class 32 --machine 243 --modinfo "vermagic=$VMRV" --modinfo license=GPL
    --version printk=0x01020304 --undef printk)
"$MKKO" "$CK/rv32-good.ko" "${rv[@]}" --version module_layout=0x0badcafe
"$MKKO" "$CK/rv32-abi.ko" "${rv[@]}" --version module_layout=0x0badcaff
n=check/elf32-le
check_run "$n/good" 0 "$CK/rv32-good.ko" --kdir "$CK/rv32" --json
expect_jq "$n/good/json" '.decided_by == "loaded" and .vermagic.kernel == "'"$VMRV"'" and
	[.crcs[].verdict] == ["match", "match"]'
check_run "$n/module-layout" 1 "$CK/rv32-abi.ko" --kdir "$CK/rv32" --json
expect_jq "$n/module-layout/json" '.decided_by == "module_layout" and
	.crcs == [{symbol: "module_layout", module_crc: "0x0badcaff", kernel_crc: "0x0badcafe", verdict: "mismatch"}]'
check_run "$n/machine" 1 "$CK/rv32-good.ko" --kdir "$CK/t614" --json
expect_jq "$n/machine/json" '.decided_by == "elf" and .image_check == "e_machine 243, this kernel'"'"'s is 62"'
"$MKKO" "$CK/x86-32.ko" "${rv[@]}" --machine 62 --version module_layout=0x11111111
check_run "$n/class" 1 "$CK/x86-32.ko" --kdir "$CK/t614" --json
expect_jq "$n/class/json" '.decided_by == "elf" and (.image_check | test("ELF32"))'

# ELF32 big-endian (32-bit PowerPC), and --vermagic over a tree's own
VMPPC='6.1.0-ppc mod_unload modversions '
fake_tree "$CK/ppc32" 6 1 6.1.0-ppc CONFIG_PPC32 CONFIG_MODULE_UNLOAD CONFIG_MODVERSIONS
symvers_line "$CK/ppc32" 0xa1b2c3d4 module_layout
symvers_line "$CK/ppc32" 0x00c0ffee memcpy
ppc=(--class 32 --be --machine 20 --modinfo "vermagic=$VMPPC" --modinfo license=GPL
     --version module_layout=0xa1b2c3d4 --undef memcpy)
"$MKKO" "$CK/ppc32-good.ko" "${ppc[@]}" --version memcpy=0x00c0ffee
"$MKKO" "$CK/ppc32-crc.ko" "${ppc[@]}" --version memcpy=0xffc0ffee
n=check/elf32-be
check_run "$n/good" 0 "$CK/ppc32-good.ko" --kdir "$CK/ppc32" --vermagic "$VMPPC" --json
expect_jq "$n/good/json" '.decided_by == "loaded" and .crcs[1] ==
	{symbol: "memcpy", module_crc: "0x00c0ffee", kernel_crc: "0x00c0ffee", verdict: "match"}'
check_run "$n/symbol-crc" 1 "$CK/ppc32-crc.ko" --kdir "$CK/ppc32" --vermagic "$VMPPC" --json
expect_jq "$n/symbol-crc/json" '.decided_by == "symbol_crc" and .crcs[1] ==
	{symbol: "memcpy", module_crc: "0xffc0ffee", kernel_crc: "0x00c0ffee", verdict: "mismatch"}'
# no tree at all: the kernel given by its Module.symvers and vermagic
check_run "$n/symvers-vermagic" 0 "$CK/ppc32-good.ko" \
	--symvers "$CK/ppc32/Module.symvers" --vermagic "$VMPPC" --json
expect_jq "$n/symvers-vermagic/json" '.decided_by == "loaded" and .kernel == "6.1.0-ppc"'

# ELF64 big-endian (s390x)
VMS390='6.1.0-s390 SMP mod_unload modversions '
fake_tree "$CK/s390" 6 1 6.1.0-s390 CONFIG_S390 CONFIG_64BIT CONFIG_SMP CONFIG_MODULE_UNLOAD CONFIG_MODVERSIONS
symvers_line "$CK/s390" 0x12345678 module_layout
s390=(--be --machine 22 --modinfo "vermagic=$VMS390" --modinfo license=GPL)
"$MKKO" "$CK/s390-good.ko" "${s390[@]}" --version module_layout=0x12345678
"$MKKO" "$CK/s390-abi.ko" "${s390[@]}" --version module_layout=0x12345679
n=check/elf64-be
check_run "$n/good" 0 "$CK/s390-good.ko" --kdir "$CK/s390" --json
expect_jq "$n/good/json" '.decided_by == "loaded" and .vermagic.kernel == "'"$VMS390"'"'
check_run "$n/module-layout" 1 "$CK/s390-abi.ko" --kdir "$CK/s390" --json
expect_jq "$n/module-layout/json" '.crcs == [{symbol: "module_layout",
	module_crc: "0x12345679", kernel_crc: "0x12345678", verdict: "mismatch"}]'
"$MKKO" "$CK/s390-le.ko" --machine 22 --modinfo "vermagic=$VMS390" --version module_layout=0x12345678
check_run "$n/byte-order" 1 "$CK/s390-le.ko" --kdir "$CK/s390" --json
expect_jq "$n/byte-order/json" '.decided_by == "elf" and (.image_check | test("little-endian"))'

# VERMAGIC_STRING as include/linux/vermagic.h composes it, per version
# vermagic_of NAME WANT VERSION PATCHLEVEL CONFIG...: the composed string
vermagic_of()
{
	local name=$1 want=$2 v=$3 p=$4

	shift 4
	fake_tree "$CK/vm" "$v" "$p" "$v.$p.0-vm" "$@"
	[ -n "${SEED:-}" ] && printf '#define RANDSTRUCT_HASHED_SEED "%s"\n' "$SEED" > "$CK/vm/include/generated/$SEED_HEADER"
	symvers_line "$CK/vm" 0x1 module_layout
	run check "$CK/vm.ko" --kdir "$CK/vm" --record
	expect_grep "check/vermagic-compose/$name" "^vermagic_kernel: '$want'\$"
}
"$MKKO" "$CK/vm.ko" --modinfo "vermagic=x" --modinfo license=GPL
vermagic_of preempt-rt '6.1.0-vm SMP preempt_rt mod_unload ' 6 1 \
	CONFIG_X86_64 CONFIG_SMP CONFIG_PREEMPT_RT CONFIG_MODULE_UNLOAD
vermagic_of preempt-dynamic '6.1.0-vm preempt modversions ' 6 1 \
	CONFIG_X86_64 CONFIG_PREEMPT_BUILD CONFIG_PREEMPT_DYNAMIC CONFIG_MODVERSIONS
# before 5.16 CONFIG_PREEMPT, not PREEMPT_BUILD, makes the word
vermagic_of preempt-5.15 '5.15.0-vm SMP preempt mod_unload ' 5 15 \
	CONFIG_X86_64 CONFIG_SMP CONFIG_PREEMPT CONFIG_PREEMPT_BUILD CONFIG_MODULE_UNLOAD
vermagic_of none '6.1.0-vm ' 6 1 CONFIG_X86_64
vermagic_of arm64 '6.12.0-vm SMP preempt mod_unload modversions aarch64' 6 12 \
	CONFIG_ARM64 CONFIG_64BIT CONFIG_SMP CONFIG_PREEMPT_BUILD CONFIG_MODULE_UNLOAD CONFIG_MODVERSIONS
SEED=0123abcd SEED_HEADER=randstruct_hash.h \
	vermagic_of randstruct '6.1.0-vm SMP RANDSTRUCT_0123abcd' 6 1 CONFIG_X86_64 CONFIG_SMP CONFIG_RANDSTRUCT
SEED=4567ef SEED_HEADER=randomize_layout_hash.h \
	vermagic_of randstruct-plugin '5.10.0-vm SMP RANDSTRUCT_PLUGIN_4567ef' 5 10 \
	CONFIG_X86_64 CONFIG_SMP CONFIG_GCC_PLUGIN_RANDSTRUCT
# The version from the Makefile, not the release (which need not start
# with it); Debian's flavour Makefile only includes the common one.
fake_tree "$CK/vm" 0 0 custom-release CONFIG_X86_64 CONFIG_MODVERSIONS
printf 'include %s\n' "$CK/vm-common.mk" > "$CK/vm/Makefile"
symvers_line "$CK/vm" 0x11111111 module_layout
symvers_line "$CK/vm" 0x22222222 short_sym
symvers_line "$CK/vm" 0x44444444 "$LONG"
for pl in 14 13; do
	printf 'VERSION = 6\nPATCHLEVEL = %s\n' "$pl" > "$CK/vm-common.mk"
	run check "$CK/ext-mismatch.ko" --kdir "$CK/vm" --vermagic "$VM614" --json
	expect_jq "check/version/makefile-include/6.$pl" ".decided_by == \"$([ "$pl" = 14 ] &&
		echo symbol_crc || echo loaded)\""
done

# The other rules, on x86_64 trees of one kernel version.
VM61='6.1.0-x SMP preempt mod_unload modversions '
base=(--modinfo "vermagic=$VM61" --version module_layout=0x11111111)
x86_tree()	# x86_tree DIR CONFIG...: a 6.1 x86_64 tree exporting a few symbols
{
	local dir=$1

	shift
	# shellcheck disable=SC2086
	fake_tree "$dir" 6 1 6.1.0-x $X86 "$@"
	symvers_line "$dir" 0x11111111 module_layout
	symvers_line "$dir" 0x22222222 gpl_sym EXPORT_SYMBOL_GPL
	symvers_line "$dir" 0x33333333 ns_sym EXPORT_SYMBOL CRYPTO_INTERNAL
}
x86_tree "$CK/x86" CONFIG_MODULE_SIG CONFIG_MODULE_FORCE_LOAD
x86_tree "$CK/x86-noforce" CONFIG_STRICT_MODULE_RWX
x86_tree "$CK/x86-strict" CONFIG_MODULE_SIG CONFIG_MODULE_SIG_FORCE

n=check/rules
"$MKKO" "$CK/gpl.ko" "${base[@]}" --modinfo license=GPL --version gpl_sym=0x22222222 --undef gpl_sym
"$MKKO" "$CK/prop.ko" "${base[@]}" --modinfo license=Proprietary --version gpl_sym=0x22222222 --undef gpl_sym
check_run "$n/gpl-only/gpl" 0 "$CK/gpl.ko" --kdir "$CK/x86" --json
check_run "$n/gpl-only/proprietary" 1 "$CK/prop.ko" --kdir "$CK/x86" --json
expect_jq "$n/gpl-only/proprietary/json" '.decided_by == "unknown_symbol" and
	.result.errno == 2 and .unresolved == ["gpl_sym"]'

"$MKKO" "$CK/ns.ko" "${base[@]}" --modinfo license=GPL --version ns_sym=0x33333333 --undef ns_sym
"$MKKO" "$CK/ns-import.ko" "${base[@]}" --modinfo license=GPL --modinfo import_ns=CRYPTO_INTERNAL \
	--version ns_sym=0x33333333 --undef ns_sym
check_run "$n/namespace/not-imported" 1 "$CK/ns.ko" --kdir "$CK/x86" --json
expect_jq "$n/namespace/not-imported/json" '.result.errno == 22 and .crc_mismatches == 0'
check_run "$n/namespace/imported" 0 "$CK/ns-import.ko" --kdir "$CK/x86" --json

"$MKKO" "$CK/weak.ko" "${base[@]}" --modinfo license=GPL --weak nobody_exports_this
check_run "$n/weak-import" 0 "$CK/weak.ko" --kdir "$CK/x86" --json

"$MKKO" "$CK/novermagic.ko" --version module_layout=0x11111111 --modinfo license=GPL
check_run "$n/no-vermagic/force-load" 0 "$CK/novermagic.ko" --kdir "$CK/x86" --json
expect_jq "$n/no-vermagic/force-load/json" '.decided_by == "forced" and
	.forced == [{ok: true, reason: "bad vermagic"}] and .vermagic.verdict == "forced"'
check_run "$n/no-vermagic/no-force-load" 1 "$CK/novermagic.ko" --kdir "$CK/x86-noforce" --json
expect_jq "$n/no-vermagic/no-force-load/json" '.decided_by == "force_refused" and
	.result.errno == 8 and .forced == [{ok: false, reason: "bad vermagic"}]'

"$MKKO" "$CK/nover.ko" --modinfo "vermagic=$VM61" --modinfo license=GPL
check_run "$n/no-versions/no-force-load" 1 "$CK/nover.ko" --kdir "$CK/x86-noforce" --json
expect_jq "$n/no-versions/no-force-load/json" '.decided_by == "force_refused" and
	.result.errno == 8 and .crcs == [{symbol: "module_layout", module_crc: null,
	kernel_crc: "0x11111111", verdict: "force_refused"}] and
	.vermagic.release_compared == true'

"$MKKO" "$CK/signed.ko" "${base[@]}" --modinfo license=GPL --sign
"$MKKO" "$CK/badsig.ko" "${base[@]}" --modinfo license=GPL --bad-sign
"$MKKO" "$CK/unsigned.ko" "${base[@]}" --modinfo license=GPL
check_run "$n/signature/enforced-unsigned" 1 "$CK/unsigned.ko" --kdir "$CK/x86-strict" --json
expect_jq "$n/signature/enforced-unsigned/json" '.decided_by == "signature" and
	.result.name == "EKEYREJECTED" and .signature.reason == "unsigned" and
	.signature.enforced == true'
check_run "$n/signature/enforced-signed" 0 "$CK/signed.ko" --kdir "$CK/x86-strict" --json
expect_jq "$n/signature/enforced-signed/json" '.signature.present == true and .signature.reason == null'
check_run "$n/signature/malformed" 1 "$CK/badsig.ko" --kdir "$CK/x86" --json
expect_jq "$n/signature/malformed/json" '.decided_by == "signature" and .result.name == "EBADMSG"'
check_run "$n/signature/unsigned-not-enforced" 0 "$CK/unsigned.ko" --kdir "$CK/x86" --json
expect_jq "$n/signature/unsigned-not-enforced/json" '.module_taint == "OE" and
	.signature.reason == "unsigned"'

"$MKKO" "$CK/wx.ko" "${base[@]}" --modinfo license=GPL --wx-section
check_run "$n/wx-section/strict" 1 "$CK/wx.ko" --kdir "$CK/x86-noforce" --json
expect_jq "$n/wx-section/strict/json" '.decided_by == "loader" and .result.errno == 8'

check_run "$n/wx-section/not-strict" 0 "$CK/wx.ko" --kdir "$CK/x86" --json

"$MKKO" "$CK/nothis.ko" "${base[@]}" --modinfo license=GPL --no-this-module
check_run "$n/no-this-module" 1 "$CK/nothis.ko" --kdir "$CK/x86" --json
expect_jq "$n/no-this-module/json" '.decided_by == "elf" and (.image_check | test("this_module"))'
"$MKKO" "$CK/exec.ko" "${base[@]}" --modinfo license=GPL --type 2
check_run "$n/not-relocatable" 1 "$CK/exec.ko" --kdir "$CK/x86" --json
expect_jq "$n/not-relocatable/json" '.decided_by == "elf" and (.image_check | test("ET_REL"))'

# The size check with synthetic modules: a 6.14 tree whose vmlinux is that
# of a real tree (its BTF gives sizeof(struct module)), and no modules.
if [ -n "${new_tree:-}" ] && [ -n "${bsize:-}" ]; then
	n=check/module-size/synthetic
	# shellcheck disable=SC2086 # word lists
	fake_tree "$CK/tbtf" 6 14 6.14.0-test $X86
	ln -s "$new_tree/vmlinux" "$CK/tbtf/vmlinux"
	symvers_line "$CK/tbtf" 0x11111111 module_layout
	syn=(--modinfo "vermagic=$VM614" --modinfo license=GPL --version module_layout=0x11111111)
	"$MKKO" "$CK/size-small.ko" "${syn[@]}"
	"$MKKO" "$CK/size-right.ko" "${syn[@]}" --this-module-size "$bsize"
	"$MKKO" "$CK/size-right-btf.ko" "${syn[@]}" --this-module-size "$bsize" --btf
	small=$(this_module_size "$CK/size-small.ko")
	check_run "$n/differs" 1 "$CK/size-small.ko" --kdir "$CK/tbtf" --json
	expect_jq "$n/differs/json" '.decided_by == "module_size" and
		.module_size == {module: '"$small"', kernel: '"$bsize"'} and .btf.state == "absent"'
	check_run "$n/same" 0 "$CK/size-right.ko" --kdir "$CK/tbtf" --json
	expect_jq "$n/same/json" '.decided_by == "loaded" and
		.module_size == {module: '"$bsize"', kernel: '"$bsize"'} and .btf.state == "absent"'
	check_run "$n/btf-not-predicted" 0 "$CK/size-right-btf.ko" --kdir "$CK/tbtf" --record
	expect_grep "$n/btf-not-predicted/record" '^btf: -$'
	# 6.3 does not compare them
	sed -i 's/^PATCHLEVEL = 14/PATCHLEVEL = 3/' "$CK/tbtf/Makefile"
	check_run "$n/6.3" 0 "$CK/size-small.ko" --kdir "$CK/tbtf" --json
	expect_jq "$n/6.3/json" '.decided_by == "loaded" and .module_size == null'
fi

# A kernel without CONFIG_MODVERSIONS (Debian's 7.x): vermagic compared
# whole, release included; no CRC is compared.
n=check/no-modversions
fake_tree "$CK/t72" 7 2 7.2.13-test CONFIG_X86_64 CONFIG_64BIT CONFIG_SMP \
	CONFIG_PREEMPT_BUILD CONFIG_MODULE_UNLOAD CONFIG_MODULE_FORCE_LOAD
symvers_line "$CK/t72" 0x00000000 _printk
"$MKKO" "$CK/72-same.ko" --modinfo 'vermagic=7.2.13-test SMP preempt mod_unload ' \
	--modinfo license=GPL --undef _printk
"$MKKO" "$CK/72-other.ko" --modinfo 'vermagic=7.2.12-test SMP preempt mod_unload ' \
	--modinfo license=GPL --undef _printk
check_run "$n/same-release" 0 "$CK/72-same.ko" --kdir "$CK/t72" --json
expect_jq "$n/same-release/json" '.decided_by == "loaded" and .crcs == [] and
	.vermagic.release_compared == true and .vermagic.verdict == "match"'
check_run "$n/other-release" 1 "$CK/72-other.ko" --kdir "$CK/t72" --json
expect_jq "$n/other-release/json" '.decided_by == "vermagic" and .result.errno == 8 and
	.crcs == [] and .vermagic.release_compared == true and
	.vermagic.differs == ["release"] and .vermagic.verdict == "mismatch"'
run check "$CK/72-other.ko" --kdir "$CK/t72" --color=never
expect_fixed "$n/other-release/advice" "the release itself must match"
expect_grep "$n/other-release/compared" '^  release: +compared \(the kernel has no CONFIG_MODVERSIONS'

# ---- bad input: a clear error and status 3, never a crash --------------------------

n=check/bad-input
good=$CK/gpl.ko
for rel in "${!GOOD[@]}"; do
	good=${GOOD[$rel]}	# a real module, larger than what is cut off below
	break
done
bad_input()	# bad_input NAME FILE ERE: status 3, the ERROR line matches ERE
{
	check_run "$n/$1" 3 "$2" --kdir "$CK/x86"
	expect_grep "$n/$1/message" "^modverify: ERROR: .*$3" "$W/err"
}
echo 'not a module' > "$CK/text.ko"
bad_input not-elf "$CK/text.ko" 'not an ELF file'
: > "$CK/empty.ko"
bad_input empty "$CK/empty.ko" 'not an ELF file'
head -c 2000 "$good" > "$CK/truncated.ko"
bad_input truncated "$CK/truncated.ko" 'truncated'
head -c 40 "$good" > "$CK/header-only.ko"
bad_input header-only "$CK/header-only.ko" 'truncated'
cp "$good" "$CK/class.ko"
printf '\003' | dd of="$CK/class.ko" bs=1 seek=4 conv=notrunc status=none
bad_input wrong-class "$CK/class.ko" 'unsupported ELF class 3'
cp "$good" "$CK/nomodinfo.ko"
if [ -x "$KOPATCH" ] && "$KOPATCH" rename-section "$CK/nomodinfo.ko" .modinfo .xodinfo 2>/dev/null; then
	bad_input no-modinfo "$CK/nomodinfo.ko" 'no \.modinfo section'
fi
xz -c "$good" | head -c 3000 > "$CK/cut.ko.xz"
bad_input bad-xz "$CK/cut.ko.xz" 'not a valid xz stream'
if command -v zstd >/dev/null; then
	zstd -q -c "$good" | head -c 3000 > "$CK/cut.ko.zst"
	bad_input bad-zstd "$CK/cut.ko.zst" 'not a valid zstd stream'
fi
gzip -c "$good" | head -c 3000 > "$CK/cut.ko.gz"
bad_input bad-gzip "$CK/cut.ko.gz" 'not a valid gzip stream'
printf '\037\213garbage' > "$CK/garbage.ko.gz"
bad_input garbage-gzip "$CK/garbage.ko.gz" 'not a valid gzip stream'
bad_input missing "$CK/no-such-file.ko" 'cannot open'
bad_input directory "$CK" 'not a regular file'

check_run "$n/kdir-missing" 3 "$CK/gpl.ko" --kdir "$CK/no-such-tree"
expect_grep "$n/kdir-missing/message" 'not a directory' "$W/err"
mkdir -p "$CK/empty-tree"
check_run "$n/kdir-unprepared" 3 "$CK/gpl.ko" --kdir "$CK/empty-tree"
expect_grep "$n/kdir-unprepared/message" 'not a prepared kernel build tree' "$W/err"
check_run "$n/kernel-missing" 3 "$CK/gpl.ko" --kernel 0.0.0-none --json
expect_jq "$n/kernel-missing/json-error" '(.error | test("linux-headers-0.0.0-none")) and
	.fix == "apt-get install linux-headers-0.0.0-none"'
running=$(uname -r)
if [ -d "/lib/modules/$running/build" ]; then
	run check "$CK/gpl.ko"
	expect_grep "$n/default-kernel" '^(mv|mkko)' "$W/out"
else
	check_run "$n/default-kernel-no-headers" 3 "$CK/gpl.ko"
	expect_grep "$n/default-kernel-no-headers/message" "linux-headers-$running" "$W/err"
fi

n=check/usage
check_run "$n/no-module" 2
check_run "$n/two-modules" 2 "$CK/gpl.ko" "$CK/gpl.ko"
check_run "$n/kernel-and-kdir" 2 "$CK/gpl.ko" --kernel x --kdir "$CK/x86"
check_run "$n/symvers-alone" 2 "$CK/gpl.ko" --symvers "$CK/x86/Module.symvers"
check_run "$n/record-and-json" 2 "$CK/gpl.ko" --kdir "$CK/x86" --record --json
check_run "$n/unknown-option" 2 "$CK/gpl.ko" --frobnicate
check_run "$n/help" 0 --help
expect_grep "$n/help/usage" '^Usage: modverify check '
# -j before the command name: the same JSON as --json after it
run check "$CK/gpl.ko" --kdir "$CK/x86" --json
cp "$W/out" "$CK/after.json"
run -j check "$CK/gpl.ko" --kdir "$CK/x86"
expect_rc "$n/json-before-command/exit" 0
expect_jq "$n/json-before-command/json" '.decided_by == "loaded" and .prediction'
same_json "$n/json-before-command/same" "$CK/after.json" "$W/out"
run -j check "$CK/no-such-file.ko" --kdir "$CK/x86"
expect_jq "$n/json-before-command/error" '.error | test("cannot open")'

# a normal user's business: no root, no debugfs
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod a+rx "$W" "$CK" "$(dirname "$MV")"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MV" check "$CK/gpl.ko" --kdir "$CK/x86" --json > "$W/out" 2> "$W/err"
	rc=$?
	expect_rc check/as-nobody/exit 0
	expect_jq check/as-nobody/json '.decided_by == "loaded" and .prediction'
else
	mv_skip check/as-nobody "not root, or no setpriv: already a normal user"
fi

finish
