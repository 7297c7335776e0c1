#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-probes.sh RELEASE: modverify probes the kernel's own loader functions,
# never a module's function of the same name.
#
# A kprobe's name lookup falls back to modules' symbols: on a kernel
# without check_version() (no MODVERSIONS) a module's static function
# called check_version would be found.  mv_decoy has such functions
# (check_version, same_magic); it is loaded first, then modverify.  The
# guest's /proc/kallsyms is the oracle: a name the kernel itself has must
# be probed there (attached, or a clone), a name only mv_decoy has must
# be reported as only_in_module, and nothing may be armed in mv_decoy.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

out=$work/out

rm -rf "$work"
mkdir -p "$share"
if ! "$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_decoy" "$rel" \
	"$work/mv_decoy" >/dev/null 2>"$work/build.err"; then
	mv_fail "$T/setup" "building mv_decoy: $(tail -n 3 "$work/build.err" | tr '\n' ' ')"
	exit 1
fi
cp "$work/mv_decoy/mv_decoy.ko" "$share/"
cp "$TOP/build/$rel/modverify.ko" "$share/" || {
	mv_fail "$T/setup" "no build/$rel/modverify.ko (make module-for KERNELS=$rel)"
	exit 1
}

# kallsyms first (mv_decoy loaded, modverify not yet; only the two names:
# the whole table through the serial console makes the rt kernel's threaded
# 8250 interrupt fall behind, "irq 3: nobody cared"), then modverify, then
# the kernel's own list of armed kprobes.
if ! "$TOP/tests/qemu/vm-run" --kernel "$rel" --no-modverify --timeout 300 \
	--share "$share" -- \
	'insmod mv_decoy.ko && echo @@KALLSYMS &&
	 grep -E " (check_version|same_magic)(\$|	)" /proc/kallsyms &&
	 insmod modverify.ko && echo @@STATUS && cat /sys/kernel/debug/modverify/status &&
	 echo @@KPROBES && cat /sys/kernel/debug/kprobes/list' \
	>"$out" 2>"$work/vm.err"; then
	mv_fail "$T/boot" "vm-run failed: $(tail -n 3 "$work/vm.err" | tr '\n' ' ')"
	exit 1
fi
mv_pass "$T/boot"

part() { awk -v p="@@$1" '/^@@/ { on = $0 == p; next } on' "$out"; }

# where NAME: "kernel" (vmlinux has it), "module" (only a module), "none"
where()
{
	part KALLSYMS | awk -v n="$1" '$3 == n { if ($4 == "") k = 1; else m = 1 }
		END { print k ? "kernel" : m ? "module" : "none" }'
}

for fn in check_version same_magic; do
	w=$(where "$fn")
	s=$(part STATUS | awk -v n="$fn" '$1 == "probe:" && $2 == n { print $4 }')
	case $w:$s in
	kernel:attached|kernel:clone_stage_only|module:only_in_module)
		mv_pass "$T/$fn ($w's): $s" ;;
	none:*)
		mv_fail "$T/$fn" "mv_decoy's $fn is not in kallsyms: the decoy did not load as meant" ;;
	*)
		mv_fail "$T/$fn ($w's)" "status says '$s'" ;;
	esac
done

# kprobes/list: "ADDR  r  check_version+0x0  mv_decoy [FTRACE]"
armed=$(part KPROBES | awk '$4 == "mv_decoy"')
if [ -z "$armed" ]; then
	mv_pass "$T/no kprobe armed in mv_decoy"
else
	mv_fail "$T/no kprobe armed in mv_decoy" "$(head -n 2 <<<"$armed" | tr '\n' ' ')"
fi

exit "$mv_checks_failed"
