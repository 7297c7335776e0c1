#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh - check the QEMU test bed itself: vm-run and guest-init,
# scripts/kenv, the test modules, build-module and kopatch.  Prints one line per check,
# "PASS: name", "FAIL: name: why" or "SKIP: name: why", and exits 1 if a
# check failed.  Timings and progress go to stderr.  Modules are loaded
# only inside QEMU guests, never on the host.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM_RUN=$TOP/tests/qemu/vm-run
KENV=$TOP/scripts/kenv
BUILD_MODULE=$TOP/tests/lib/build-module
KOPATCH=$TOP/build/tools/kopatch

# shellcheck source=tests/lib/kernels.sh
. "$TOP/tests/lib/kernels.sh"
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"

mkdir -p "$TOP/build"
WORK=$(mktemp -d "$TOP/build/selftest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

DEFAULT=$(mv_default_kernel)
# Another cloud ABI of the default's line, for the cross-ABI load.
OLD=
for k in $(mv_kernels); do
	if [ "$k" != "$DEFAULT" ] && [ "$(mv_kflavour "$k")" = cloud-amd64 ] &&
	   [ "$(mv_kversion "$k")" = "$(mv_kversion "$DEFAULT")" ]; then
		OLD=$k
	fi
done

note()
{
	echo "selftest: $*" >&2
}

# Run vm-run with ARGS: its stdout and stderr go to $WORK/out and
# $WORK/err, its status to $rc and its wall time to $secs.
vm()
{
	local start

	start=$(date +%s.%N)
	rc=0
	"$VM_RUN" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

# Print the serial log that the failed run's error message names.
kept_log()
{
	sed -n 's/.*serial log kept: //p' "$WORK/err"
}

# Check that the last run failed with STATUS, kept its serial log and that
# the log contains TEXT; then delete the log.
check_kept_failure()
{
	local name=$1 status=$2 text=$3 log

	log=$(kept_log)
	if [ "$rc" != "$status" ]; then
		mv_fail "$name" "exit status $rc, not $status: $(head -c 300 "$WORK/err")"
	elif [ -z "$log" ] || [ ! -f "$log" ]; then
		mv_fail "$name" "no kept serial log named: $(head -c 300 "$WORK/err")"
	elif ! grep -qF -- "$text" "$log"; then
		mv_fail "$name" "'$text' is not in $log"
	else
		mv_pass "$name"
	fi
	if [ -n "$log" ]; then
		rm -rf "$(dirname "$log")"
	fi
}

check_output_and_status()
{
	local expected=$WORK/expected

	mkdir -p "$WORK/share1" "$WORK/share2/sub"
	printf 'line one\n\tquotes " '"'"' and \\ backslash\n' >"$WORK/share1/data"
	printf 'nested\n' >"$WORK/share2/sub/file"
	{
		cat "$WORK/share1/data" "$WORK/share2/sub/file"
		printf 'to stderr\nno newline'
	} >"$expected"

	vm --no-modverify --share "$WORK/share1" --share "$WORK/share2" -- \
		'cat data sub/file; echo to stderr >&2; printf "no newline"; exit 3'
	if cmp -s "$expected" "$WORK/out"; then
		mv_pass "vm-run passes the command's output back exactly"
	else
		mv_fail "vm-run passes the command's output back exactly" \
			"got $(od -c "$WORK/out" | head -n 5 | tr '\n' ' ')"
	fi
	if [ "$rc" = 3 ]; then
		mv_pass "vm-run exits with the command's status"
	else
		mv_fail "vm-run exits with the command's status" "3 expected, got $rc: $(head -c 300 "$WORK/err")"
	fi
	if grep -q '^nested$' "$WORK/out" && grep -q '^line one$' "$WORK/out"; then
		mv_pass "vm-run --share files are in /share"
	else
		mv_fail "vm-run --share files are in /share" "shared files not read back"
	fi

	vm --no-modverify --share "$WORK/share1" --share "$WORK/share1" -- true
	if [ "$rc" = 125 ] && grep -q "'data' is in more than one" "$WORK/err"; then
		mv_pass "vm-run refuses colliding --share entries"
	else
		mv_fail "vm-run refuses colliding --share entries" "status $rc: $(head -c 300 "$WORK/err")"
	fi
}

check_failures()
{
	vm --no-modverify -- 'echo c >/proc/sysrq-trigger'
	check_kept_failure "vm-run fails on a kernel panic" 125 "sysrq triggered crash"

	vm --no-modverify -- "echo 'WARNING: selftest' >/dev/kmsg"
	check_kept_failure "vm-run fails on a WARNING in the kernel log" 125 "WARNING: selftest"

	vm --no-modverify --timeout 5 -- 'sleep 1000'
	note "timeout run took ${secs}s"
	check_kept_failure "vm-run fails on a timeout" 124 "Linux version"

	# A taint the kernel log does not show: root may add taint flags
	# through the sysctl (proc_taint() calls add_taint(), as WARN() and
	# oops_end() do), and that prints none of BAD_LOG_RE's messages.
	check_taint W 512
	check_taint D 128
}

# check_taint LETTER MASK: a run that ends with the kernel tainted LETTER
# (and nothing in its log) fails, and says so.
check_taint()
{
	local name="vm-run fails a run that ends tainted $1" log

	vm --no-modverify -- "echo $2 > /proc/sys/kernel/tainted"
	log=$(kept_log)
	if [ "$rc" != 125 ]; then
		mv_fail "$name" "exit status $rc, not 125: $(head -c 300 "$WORK/err")"
	elif ! grep -q "kernel tainted $1 at the end of the run" "$WORK/err"; then
		mv_fail "$name" "the error does not name the taint: $(head -c 300 "$WORK/err")"
	elif [ -z "$log" ] || [ ! -f "$log" ]; then
		mv_fail "$name" "no kept serial log named: $(head -c 300 "$WORK/err")"
	elif grep -qaE 'BUG:|WARNING:|Oops|Call Trace|general protection fault|Kernel panic|possible circular locking|inconsistent lock state|INFO: ' "$log"; then
		mv_fail "$name" "the kernel log has a failure message too: it did not test the taint check"
	else
		mv_pass "$name"
	fi
	if [ -n "$log" ]; then
		rm -rf "$(dirname "$log")"
	fi
}

# scripts/kenv: each release's environment runs a command where it was
# started, passes its status back, and sees the project and /tmp.
check_kenv()
{
	local rel where got

	if [ "$("$KENV" --kdir 0.0.0-none 2>&1 >/dev/null; echo "rc=$?")" = \
	     "$(printf 'kenv: ERROR: %s\nrc=125' "no headers for 0.0.0-none: neither /usr/src/linux-headers-0.0.0-none nor a chroot under ${MODVERIFY_CHROOTS:-/var/lib/modverify/chroots} has them; run 'make deps' (scripts/deps.sh), or install linux-headers-0.0.0-none")" ]; then
		mv_pass "kenv: an unknown release is an error (125) that says what to do"
	else
		mv_fail "kenv: an unknown release is an error (125) that says what to do" \
			"$("$KENV" --kdir 0.0.0-none 2>&1)"
	fi
	echo "kenv probe" >"$WORK/kenv-probe"
	for rel in $(mv_kernels); do
		where=host
		[ "$(mv_kdir "$rel")" = "/usr/src/linux-headers-$rel" ] || where=chroot
		got=$(cd "$WORK" && "$KENV" "$rel" -- sh -c \
			'pwd; cat kenv-probe; test -f "$1/Makefile" && echo headers; exit 3' \
			sh "$(mv_env_kdir "$rel")" 2>&1; echo "rc=$?")
		if [ "$got" = "$(printf '%s\nkenv probe\nheaders\nrc=3' "$(cd "$WORK" && pwd -P)")" ]; then
			mv_pass "kenv: $rel ($where): command runs in place, sees its headers, status passed back"
		else
			mv_fail "kenv: $rel ($where): command runs in place, sees its headers, status passed back" \
				"$(tr '\n' ' ' <<<"$got")"
		fi
		if [ -r "$(mv_image "$rel")" ]; then
			mv_pass "kenv: $rel ($where): --image"
		else
			mv_fail "kenv: $rel ($where): --image" "'$(mv_image "$rel" 2>&1)' is not readable"
		fi
	done
}

check_kernels()
{
	local rel ko

	for rel in $(mv_kernels); do
		vm --kernel "$rel" --no-modverify -- 'uname -r; grep -m1 "^flags" /proc/cpuinfo'
		note "boot $rel: ${secs}s"
		if [ "$rc" = 0 ] && [ "$(head -n 1 "$WORK/out")" = "$rel" ]; then
			mv_pass "$rel boots"
		else
			mv_fail "$rel boots" "status $rc, output '$(head -c 100 "$WORK/out")': $(head -c 300 "$WORK/err")"
		fi
		# QEMU 7.2's TCG cmpxchg16b crashes 6.12+ guests: vm-run hides CX16.
		if [ "$rc" = 0 ] && [ "$(cat "$TOP/build/kvm-probe" 2>/dev/null || echo tcg)" = tcg ]; then
			if mv_kver_ge "$rel" 6.12; then
				if grep -qw cx16 "$WORK/out"; then
					mv_fail "$rel: TCG guest without cx16" "the guest's CPU has cx16"
				else
					mv_pass "$rel: TCG guest without cx16"
				fi
			elif grep -qw cx16 "$WORK/out"; then
				mv_pass "$rel: TCG guest CPU unchanged (cx16)"
			else
				mv_fail "$rel: TCG guest CPU unchanged (cx16)" "the guest's CPU lacks cx16"
			fi
		fi

		ko=$TOP/build/$rel/modverify.ko
		if [ ! -f "$ko" ]; then
			mv_skip "$rel boots with modverify" "build/$rel/modverify.ko is not built"
			continue
		fi
		vm --kernel "$rel" --smp 2 -- 'test -d /sys/module/modverify &&
			test -e /sys/kernel/debug/modverify/last &&
			cat /sys/devices/system/cpu/online && dmesg'
		note "boot $rel with modverify, 2 CPUs: ${secs}s"
		if [ "$rc" = 0 ] && [ "$(head -n 1 "$WORK/out")" = 0-1 ]; then
			mv_pass "$rel boots with modverify, 2 CPUs online"
		else
			mv_fail "$rel boots with modverify, 2 CPUs online" \
				"status $rc, CPUs '$(head -n 1 "$WORK/out")': $(head -c 300 "$WORK/err")"
		fi
		# Under multi-threaded TCG the second CPU comes up after
		# modverify's probes are armed: the kernel's own messages.
		if [ "$rc" = 0 ] && [ "$(cat "$TOP/build/kvm-probe" 2>/dev/null || echo tcg)" = tcg ]; then
			if awk '/modverify/ && !m { m = NR } /Booting Node 0 Processor 1/ { c = NR }
				END { exit !(m && c > m) }' "$WORK/out"; then
				mv_pass "$rel: second CPU online after modverify loaded"
			else
				mv_fail "$rel: second CPU online after modverify loaded" \
					"$(grep -m 2 -E 'modverify|Booting Node' "$WORK/out" | tr '\n' ';')"
			fi
		fi
	done
}

# Build the test modules into $WORK/mods/: NAME.ko for the default kernel,
# mv_good-old.ko for the other cloud ABI.
check_builds()
{
	local name ko

	mkdir -p "$WORK/mods"
	for name in mv_good mv_initfail mv_unknown mv_oops; do
		if ko=$("$BUILD_MODULE" "$TOP/tests/modules/$name" "$DEFAULT" \
			"$WORK/build/$name" 2>"$WORK/err"); then
			cp "$ko" "$WORK/mods/"
			mv_pass "build-module builds $name"
		else
			mv_fail "build-module builds $name" "$(tail -n 5 "$WORK/err")"
		fi
	done
	if [ -n "$OLD" ] &&
	   ko=$("$BUILD_MODULE" "$TOP/tests/modules/mv_good" \
		"$OLD" "$WORK/build/mv_good-old" 2>"$WORK/err"); then
		cp "$ko" "$WORK/mods/mv_good-old.ko"
	fi

	mkdir -p "$WORK/notmine"
	if ! "$BUILD_MODULE" "$TOP/tests/modules/mv_good" "$DEFAULT" "$WORK/notmine" \
		>/dev/null 2>&1 && [ -d "$WORK/notmine" ]; then
		mv_pass "build-module refuses to empty a directory it did not make"
	else
		mv_fail "build-module refuses to empty a directory it did not make" "it did"
	fi
}

# The CRC lines of kopatch show, which must match kmod's.
kopatch_crcs()
{
	"$KOPATCH" show "$1" | grep '^0x'
}

# Make the broken copies of mv_good.ko in $WORK/mods/ and check them with
# the host's kmod, which only reads the files.
check_kopatch()
{
	local good=$WORK/mods/mv_good.ko copy magic bad

	if ! make -s -C "$TOP/tests/tools" >"$WORK/err" 2>&1; then
		mv_fail "kopatch builds" "$(tail -n 5 "$WORK/err")"
		return
	fi
	mv_pass "kopatch builds"
	if [ ! -f "$good" ]; then
		mv_fail "kopatch" "mv_good.ko was not built"
		return
	fi

	magic=$(modinfo -F vermagic "$good")
	if [ "$(kopatch_crcs "$good")" = "$(modprobe --dump-modversions "$good")" ] &&
	   [ "$("$KOPATCH" show "$good" | grep '^vermagic=')" = "vermagic=$magic" ]; then
		mv_pass "kopatch show agrees with modinfo and modprobe --dump-modversions"
	else
		mv_fail "kopatch show agrees with modinfo and modprobe --dump-modversions" \
			"$("$KOPATCH" show "$good" | head -n 3 | tr '\n' ' ')"
	fi

	# The release word is not compared when the module has CRCs: change
	# a flag, as the kernel prints it.
	copy=$WORK/mods/mv_good-vermagic.ko
	bad=${magic/modversions/MODVERSIONS}
	cp "$good" "$copy"
	if "$KOPATCH" vermagic "$copy" "$bad" && [ "$(modinfo -F vermagic "$copy")" = "$bad" ] &&
	   [ "$(kopatch_crcs "$copy")" = "$(kopatch_crcs "$good")" ]; then
		mv_pass "kopatch vermagic"
	else
		mv_fail "kopatch vermagic" "modinfo shows '$(modinfo -F vermagic "$copy")'"
	fi

	cp "$good" "$WORK/copy.ko"
	if ! "$KOPATCH" vermagic "$WORK/copy.ko" "$magic-longer" 2>"$WORK/err" &&
	   grep -q '^kopatch: ERROR: ' "$WORK/err" && cmp -s "$good" "$WORK/copy.ko"; then
		mv_pass "kopatch vermagic refuses a longer value"
	else
		mv_fail "kopatch vermagic refuses a longer value" "file changed or no error"
	fi

	copy=$WORK/mods/mv_good-crc.ko
	cp "$good" "$copy"
	if "$KOPATCH" crc "$copy" module_layout 0x12345678 &&
	   [ "$(modprobe --dump-modversions "$copy" | grep -c -x '0x12345678	module_layout')" = 1 ] &&
	   [ "$(modprobe --dump-modversions "$copy" | grep -v module_layout)" = \
	     "$(modprobe --dump-modversions "$good" | grep -v module_layout)" ]; then
		mv_pass "kopatch crc"
	else
		mv_fail "kopatch crc" "$(modprobe --dump-modversions "$copy" | tr '\n' ' ')"
	fi

	copy=$WORK/mods/mv_good-nover.ko
	cp "$good" "$copy"
	if "$KOPATCH" rename-section "$copy" __versions __xersions &&
	   [ -z "$(modprobe --dump-modversions "$copy" 2>/dev/null)" ] &&
	   [ -z "$(kopatch_crcs "$copy")" ] &&
	   [ "$(modinfo -F vermagic "$copy")" = "$magic" ]; then
		mv_pass "kopatch rename-section"
	else
		mv_fail "kopatch rename-section" "__versions still read"
	fi
}

# Load the test modules and the broken copies in a guest, and check what
# kmod's insmod and the kernel said.
check_guest_loads()
{
	local name=$1 pattern=$2

	if grep -qF -- "$pattern" "$WORK/out"; then
		mv_pass "guest: $name"
	else
		mv_fail "guest: $name" "no '$pattern' in: $(grep -F "${pattern%%:*}:" "$WORK/out" | head -n 3 | tr '\n' ' ')"
	fi
}

check_guest()
{
	local mod

	for mod in mv_good mv_initfail mv_unknown mv_good-vermagic mv_good-crc mv_good-nover; do
		if [ ! -f "$WORK/mods/$mod.ko" ]; then
			mv_fail "guest loads" "$mod.ko was not made"
			return
		fi
	done
	cat >"$WORK/mods/load.sh" <<'EOF'
# Try to load KO; print "NAME: loaded" or "NAME: failed: MESSAGE", then
# the kernel's new lines as "NAME: dmesg: LINE".
try()
{
	dmesg -c >/dev/null
	if msg=$(insmod "$2" 2>&1); then
		echo "$1: loaded"
	else
		echo "$1: failed: $msg"
	fi
	dmesg -c | sed "s/^\[[ 0-9.]*\] /$1: dmesg: /"
}

try good mv_good.ko
rmmod mv_good && echo "good: removed"
try vermagic mv_good-vermagic.ko
try crc mv_good-crc.ko
try nover mv_good-nover.ko
echo "nover: taint $(cat /sys/module/mv_good/taint)"
rmmod mv_good
try initfail mv_initfail.ko
try unknown mv_unknown.ko
if [ -e mv_good-old.ko ]; then
	try old mv_good-old.ko
fi
exit 0
EOF
	vm --kernel "$DEFAULT" --no-modverify --share "$WORK/mods" -- sh load.sh
	if [ "$rc" != 0 ]; then
		mv_fail "guest loads" "status $rc: $(head -c 300 "$WORK/err")"
		return
	fi
	check_guest_loads "mv_good loads" "good: loaded"
	check_guest_loads "mv_good unloads" "good: removed"
	check_guest_loads "mv_initfail fails with ENODEV" \
		"initfail: failed: insmod: ERROR: could not insert module mv_initfail.ko: No such device"
	check_guest_loads "mv_unknown fails with Unknown symbol" \
		"unknown: failed: insmod: ERROR: could not insert module mv_unknown.ko: Unknown symbol in module"
	check_guest_loads "mv_unknown: kernel names the symbol" \
		"unknown: dmesg: mv_unknown: Unknown symbol mv_no_such_symbol (err -2)"
	check_guest_loads "kopatch'd vermagic is refused" \
		"vermagic: dmesg: mv_good: version magic '$(modinfo -F vermagic "$WORK/mods/mv_good-vermagic.ko")' should be '$(modinfo -F vermagic "$WORK/mods/mv_good.ko")'"
	check_guest_loads "kopatch'd module_layout CRC is refused" \
		"crc: dmesg: mv_good: disagrees about version of symbol module_layout"
	check_guest_loads "module without __versions loads" "nover: loaded"
	check_guest_loads "module without __versions is tainted F" "nover: taint FOE"
	if [ -z "$OLD" ]; then
		mv_skip "guest: mv_good built for another cloud ABI" "only one $(mv_kversion "$DEFAULT") cloud kernel with headers installed"
	elif [ ! -f "$WORK/mods/mv_good-old.ko" ]; then
		mv_fail "guest: mv_good built for $OLD" "build against $OLD failed"
	else
		check_guest_loads "mv_good built for $OLD fails with Invalid module format" \
			"old: failed: insmod: ERROR: could not insert module mv_good-old.ko: Invalid module format"
		check_guest_loads "mv_good built for $OLD disagrees about module_layout" \
			"old: dmesg: mv_good: disagrees about version of symbol module_layout"
	fi
}

# --expect-oops allows one oops in the function named, and nothing else:
# an oops elsewhere, or another report beside it, still fails the run.
check_expect_oops()
{
	local load='echo 0 >/proc/sys/kernel/panic_on_oops; insmod mv_oops.ko'

	if [ ! -f "$WORK/mods/mv_oops.ko" ]; then
		mv_fail "vm-run --expect-oops" "mv_oops.ko was not made"
		return
	fi
	vm --kernel "$DEFAULT" --no-modverify --share "$WORK/mods" \
		--expect-oops mv_good_init -- "$load; true"
	check_kept_failure "vm-run --expect-oops fails on an oops in another function" 125 \
		"RIP: "
	if grep -q "the oops is not in mv_good_init" "$WORK/err"; then
		mv_pass "vm-run --expect-oops names where the oops was"
	else
		mv_fail "vm-run --expect-oops names where the oops was" "$(head -c 300 "$WORK/err")"
	fi
	vm --kernel "$DEFAULT" --no-modverify --share "$WORK/mods" \
		--expect-oops mv_oops_init -- "$load; echo 'WARNING: selftest' >/dev/kmsg; true"
	check_kept_failure "vm-run --expect-oops fails on a report beside the oops" 125 \
		"WARNING: selftest"
}

if [ -z "$DEFAULT" ]; then
	mv_fail "kernels" "no $MV_DEFAULT_LINE *-cloud-amd64 kernel with image and headers (scripts/deps.sh)"
	exit 1
fi
note "default kernel $DEFAULT, other cloud ABI ${OLD:-none}"
check_output_and_status
check_failures
check_kenv
check_kernels
check_builds
check_kopatch
check_guest
check_expect_oops
[ "$mv_checks_failed" = 0 ]
