#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: what watching the module loader costs, measured in one guest
# boot under QEMU -icount (the guest's CPU clock counts instructions, so the
# numbers do not drift with the host).  Builds the workloads and the
# conditions' parts, boots the guest (bench-guest.sh), checks its counts,
# writes the tables (report.sh) into build/bench/REL/results.md and
# docs/performance.md, and prints the summary line last.  Exit status: 0, or
# 1 on any build or setup error or count mismatch.  See docs/performance.md.
#
# BENCH_KERNEL (default: the default kernel), BENCH_ROUNDS (2),
# BENCH_CYCLES_SMALL (10), BENCH_CYCLES_MANY (3), BENCH_REAL_CANDIDATES (120
# modules tried), BENCH_REAL_MAX_KB (32: their closures' size at most),
# BENCH_REAL_MIN (100 that must load),
# BENCH_CONDS ("bare floor ftrace_floor modverify kprobe_events bpf watch"), BENCH_ARGS
# (modverify's module parameters, e.g. skip_probes=check_version; the
# tables in docs/ are only written with none), BENCH_DOC (docs/performance.md;
# empty: write none).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$TOP/tests/bench
# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"

rel=${BENCH_KERNEL:-$(mv_default_kernel)}
rounds=${BENCH_ROUNDS:-2}
conds=${BENCH_CONDS:-bare floor ftrace_floor modverify kprobe_events bpf watch}
doc=${BENCH_DOC-$TOP/docs/performance.md}
work=$TOP/build/bench/$rel
share=$work/share
start=$SECONDS

die()
{
	echo "bench: ERROR: $*" >&2
	exit 1
}

step()
{
	echo "bench: [$((SECONDS - start)) s] $*"
}

[ -n "$rel" ] || die "no kernel to run on (scripts/kenv --list)"
for c in bare floor modverify kprobe_events; do
	[[ " $conds " == *" $c "* ]] || die "BENCH_CONDS must hold $c (the summary line compares them)"
done
rm -rf "$share" "$work/src" "$work/out.txt"
mkdir -p "$share"

step "building for $rel"
make -s -C "$TOP" module-for KERNELS="$rel"
make -s -C "$TOP/tests/tools"
# vm-run puts userspace/modverify into the guest: `modverify watch`.
[[ " $conds " != *" watch "* ]] || make -s -C "$TOP" reader
make -s -C "$HERE" OUT="$work/tools"
# build MODULE SRC_DIR: build SRC_DIR into $work/MODULE, unless its
# sources are those of the last build.
build()
{
	local key

	key=$(cat "$2"/* | sha256sum)
	if [ ! -f "$work/$1/$1.ko" ] || [ "$(cat "$work/$1.key" 2>/dev/null)" != "$key" ]; then
		"$TOP/tests/lib/build-module" "$2" "$rel" "$work/$1" >/dev/null
		echo "$key" > "$work/$1.key"
	fi
	cp "$work/$1/$1.ko" "$share/"
}
for m in "mv_small ${BENCH_SMALL_IMPORTS:-27}" "mv_many ${BENCH_MANY_IMPORTS:-1000}"; do
	# shellcheck disable=SC2086 # name and count, one a word
	set -- $m
	"$HERE/gen-module.sh" "$rel" "$2" "$1" "$work/src/$1"
	build "$1" "$work/src/$1"
done
build mv_floor "$HERE/floor"
build mv_ftrace_floor "$HERE/ftrace-floor"
cp "$TOP/build/tools/loadbench" "$work/tools/finit-time.so" "$HERE/bench-guest.sh" "$HERE/autoload" "$share/"

# check_version() calls per load: the __versions entries (kmod's reading).
versions()
{
	/sbin/modprobe --dump-modversions "$1" | grep -c .
}

# The kprobe_events and BPF rivals read arguments by position and struct
# module's name by offset: both from this kernel's BTF, never assumed.
hdr=$TOP/build/$rel/src/kmod/generated/loader_btf.h
for proto in "load_module info,uargs,flags" "check_version info,symname,mod,crc" \
	     "same_magic amagic,bmagic,has_crcs" "try_to_force_load mod,reason" \
	     "do_init_module mod"; do
	# shellcheck disable=SC2086 # function and parameters, one a word
	set -- $proto
	grep -qx "#define MV_BTF_FUNC_$1 \"$2\"" "$hdr" ||
		die "$1 is not $1($2) in $rel's BTF ($hdr): the rivals' arguments would be wrong"
done
if [ ! -s "$work/mod-name-offset" ]; then
	"$TOP/scripts/extract-vmlinux.sh" "$(mv_image "$rel")" "$work/vmlinux"
	pahole -C module "$work/vmlinux" |
		awk '$1 == "char" && $2 ~ /^name\[/ { print $(NF - 2) }' > "$work/mod-name-offset"
	rm -f "$work/vmlinux"
fi
name_off=$(cat "$work/mod-name-offset")
[[ $name_off =~ ^[0-9]+$ ]] || die "no offset of struct module's name in $rel's BTF"

if [[ " $conds " == *" bpf "* || " $conds " == *" watch "* ]]; then
	if [ "$(mv_kconfig "$rel" CONFIG_BPF_SYSCALL)" != y ] ||
	   [ "$(mv_kconfig "$rel" CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)" != y ]; then
		die "$rel cannot run fentry/fexit programs (BPF_SYSCALL, DYNAMIC_FTRACE_WITH_DIRECT_CALLS): drop bpf and watch from BENCH_CONDS"
	fi
fi
if [[ " $conds " == *" bpf "* ]]; then
	make -s -C "$HERE" OUT="$work/tools" MOD_NAME_OFF="$name_off" bpf
	cp "$work/tools/mvb.bpf.o" "$work/tools/mvbpf" "$share/"
fi

step "choosing the real workload from $rel's module tree"
# Cached while the tree and the script are the same.
candidates="${BENCH_REAL_CANDIDATES:-120} ${BENCH_REAL_MAX_KB:-32}"
key="$(sha256sum "$HERE/pick-modules.sh" | cut -c 1-16) $(stat -c %Y "$(mv_moddir "$rel")/modules.dep") $candidates"
if [ "$(cat "$work/real/key" 2>/dev/null)" != "$key" ]; then
	# shellcheck disable=SC2086 # count and size, one a word
	"$HERE/pick-modules.sh" "$rel" "$work/real" $candidates
	echo "$key" > "$work/real/key"
fi
cp -a "$work/real" "$share/real"

cat > "$share/params" <<EOF
RELEASE=$rel
ROUNDS=$rounds
CONDS="$conds"
CYCLES_SMALL=${BENCH_CYCLES_SMALL:-10}
CYCLES_MANY=${BENCH_CYCLES_MANY:-3}
SMALL_VERSIONS=$(versions "$share/mv_small.ko")
MANY_VERSIONS=$(versions "$share/mv_many.ko")
REAL_MIN=${BENCH_REAL_MIN:-100}
MOD_NAME_OFF=$name_off
MODVERIFY_ARGS="${BENCH_ARGS:-}"
EOF

step "guest: $rounds rounds of: $conds"
rc=0
"$TOP/tests/qemu/vm-run" --kernel "$rel" --timeout 1200 --share "$share" \
	--qemu-args "-icount shift=0,sleep=off" -- sh bench-guest.sh > "$work/out.txt" || rc=$?
if grep '^error ' "$work/out.txt" >&2 || [ "$rc" != 0 ]; then
	die "the guest run failed (status $rc); its output: $work/out.txt"
fi
step "guest done"

"$HERE/report.sh" "$work/out.txt" "$rel" > "$work/results.md"
# docs/performance.md: the part between the markers is this run's tables.
if [ -n "$doc" ] && [ -z "${BENCH_ARGS:-}" ]; then
	if ! grep -q '^<!-- bench:begin' "$doc" || ! grep -q '^<!-- bench:end' "$doc"; then
		die "$doc has no <!-- bench:begin/end --> markers"
	fi
	awk -v res="$work/results.md" '
		/^<!-- bench:end/ { skip = 0 }
		!skip { print }
		/^<!-- bench:begin/ {
			skip = 1
			while ((getline l < res) > 0) {
				if (l ~ /^summary: /) { sub(/^summary: /, "", l); print "The last line of `make bench`:\n\n    bench: " l }
				else print l
			}
		}' "$doc" > "$doc.new"
	mv "$doc.new" "$doc"
fi
grep -v '^summary: ' "$work/results.md"
echo "bench: $((SECONDS - start)) s; output $work/out.txt, tables $work/results.md${doc:+ and $doc}"
sed -n 's/^summary: /bench: /p' "$work/results.md"
