#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/host/run.sh: host tests of the userspace reader, no root or kernel
# needed.  Builds the reader with ASan+UBSan into build/host-asan/, runs it
# on the fixture records and on broken input, checks the unit tests, the
# man page, the bash completion, install/uninstall, and fuzzes the parser
# for a bounded time (MV_FUZZ_SECONDS, default 15).
#
# Prints one line per check: "PASS: name", "FAIL: name: why" or
# "SKIP: name: why"; exits non-zero if any check failed.
#
# The expectations are facts read off the fixtures, the record format
# (docs/record-format.md), kmod's insmod.c texts and the kernel's rules,
# asserted one by one; no output of the reader is stored as "expected".
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST=$TOP/tests/host
FIX=$HOST/fixtures
BUILD=$TOP/build
ASAN_DIR=$BUILD/host-asan
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
read -ra SAN_FLAGS <<< "$SAN"
FUZZ_SECONDS=${MV_FUZZ_SECONDS:-15}
# what userspace/Makefile links for compressed modules (MV_LDLIBS)
LIBS=(-llzma -lzstd -lz)

if [ -f "$TOP/tests/lib/check.sh" ]; then
	# shellcheck source=tests/lib/check.sh
	. "$TOP/tests/lib/check.sh"
else
	mv_checks_failed=0
	mv_pass() { echo "PASS: $1"; }
	mv_fail() { echo "FAIL: $1: $2"; mv_checks_failed=$((mv_checks_failed + 1)); }
	mv_skip() { echo "SKIP: $1: $2"; }
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
TAB=$'\t'
ESC=$'\033'

# Sanitizer reports must not look like the reader's own exit statuses.
export ASAN_OPTIONS=detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
# Reproducible text: C locale, UTC times, no colour unless asked for.
export LC_ALL=C TZ=UTC
unset NO_COLOR MODVERIFY_DEBUGFS

CC=${CC:-gcc}
command -v "$CC" >/dev/null || CC=clang

# ---- build ------------------------------------------------------------

build()	# build NAME DIR CC CFLAGS LDFLAGS: a -Werror build of the reader
{
	local name=$1 dir=$2 cc=$3 cflags=$4 ldflags=$5

	if make -s -C "$TOP/userspace" O="$dir" CC="$cc" CFLAGS="$cflags" \
		LDFLAGS="$ldflags" >"$W/build.log" 2>&1; then
		mv_pass "$name"
		return 0
	fi
	mv_fail "$name" "$(tr '\n' ' ' < "$W/build.log" | cut -c1-400)"
	return 1
}

if ! build build/asan "$ASAN_DIR" "$CC" "-O1 -g $SAN" "$SAN"; then
	echo "FAIL: host: the reader does not build; nothing else can run"
	exit 1
fi
MV=$ASAN_DIR/modverify
build build/gcc-O2 "$BUILD/host-gcc" gcc "-O2 -g" ""
if command -v clang >/dev/null; then
	build build/clang-O2 "$BUILD/host-clang" clang "-O2 -g" ""
else
	mv_skip build/clang-O2 "clang is not installed"
fi

# ---- helpers ------------------------------------------------------------

# run [VAR=value...] [--] ARG...: run the ASan reader; sets $rc and fills
# $W/out and $W/err.
run()
{
	local env=()

	while [ $# -gt 0 ] && [[ $1 == [A-Z_]*=* ]]; do
		env+=("$1")
		shift
	done
	[ "${1-}" = -- ] && shift
	env "${env[@]}" "$MV" "$@" >"$W/out" 2>"$W/err" </dev/null
	rc=$?
}

sanitizer_report()
{
	grep -qE 'Sanitizer|runtime error:' "$W/err"
}

# expect_rc NAME WANT: the exit status, and no sanitizer report
expect_rc()
{
	if sanitizer_report; then
		mv_fail "$1" "sanitizer: $(grep -m1 -E 'Sanitizer|runtime error' "$W/err")"
	elif [ "$rc" = "$2" ]; then
		mv_pass "$1"
	else
		mv_fail "$1" "exit status $rc, want $2; stderr: $(head -c 300 "$W/err")"
	fi
}

# expect_grep NAME ERE [FILE]: some line of FILE (default stdout) matches
expect_grep()
{
	local f=${3:-$W/out}

	if grep -qE -- "$2" "$f"; then
		mv_pass "$1"
	else
		mv_fail "$1" "no line matches /$2/ in $(basename "$f"): $(head -c 200 "$f" | tr '\n' '|')"
	fi
}

# expect_fixed NAME STRING [FILE]: STRING appears in FILE
expect_fixed()
{
	local f=${3:-$W/out}

	if grep -qF -- "$2" "$f"; then
		mv_pass "$1"
	else
		mv_fail "$1" "'$2' not in $(basename "$f")"
	fi
}

# expect_no_grep NAME ERE [FILE]: no line of FILE matches
expect_no_grep()
{
	local f=${3:-$W/out}

	if grep -qE -- "$2" "$f"; then
		mv_fail "$1" "unexpected: $(grep -m1 -E -- "$2" "$f")"
	else
		mv_pass "$1"
	fi
}

# expect_headline NAME ERE: the first line of stdout matches
expect_headline()
{
	local first

	first=$(head -n1 "$W/out")
	if [[ $first =~ $2 ]]; then
		mv_pass "$1"
	else
		mv_fail "$1" "headline '$first' does not match /$2/"
	fi
}

# expect_headline_not NAME ERE: the first line of stdout does not match
expect_headline_not()
{
	local first

	first=$(head -n1 "$W/out")
	if [[ $first =~ $2 ]]; then
		mv_fail "$1" "headline '$first' matches /$2/"
	else
		mv_pass "$1"
	fi
}

# expect_jq NAME EXPR [FILE]: jq EXPR is true for FILE (default stdout)
expect_jq()
{
	local f=${3:-$W/out}

	if [ -z "$JQ" ]; then
		mv_skip "$1" "jq is not installed"
	elif jq -e "$2" "$f" >/dev/null 2>&1; then
		mv_pass "$1"
	else
		mv_fail "$1" "jq '$2' is not true for $(jq -c . "$f" 2>&1 | head -c 300)"
	fi
}

# expect_json_valid NAME [FILE]: a JSON parser other than jq accepts it
expect_json_valid()
{
	local f=${2:-$W/out}

	if [ -n "$PY" ]; then
		if "$PY" -m json.tool "$f" >/dev/null 2>"$W/json.err"; then
			mv_pass "$1"
		else
			mv_fail "$1" "python3 -m json.tool: $(head -c 200 "$W/json.err")"
		fi
	elif [ -n "$JQ" ]; then
		if jq -e . "$f" >/dev/null 2>&1; then
			mv_pass "$1"
		else
			mv_fail "$1" "jq cannot parse it"
		fi
	else
		mv_skip "$1" "neither python3 nor jq is installed"
	fi
}

JQ=$(command -v jq || true)
PY=
if python3 -c 'import json' >/dev/null 2>&1; then
	PY=python3
fi

# The value of KEY in a record file, read with sed, not with the reader.
field()
{
	sed -n "s/^$2: //p" "$1" | head -n1
}

# The exit status a fixture must produce: 0 if its result is "0 OK".
want_status()
{
	case $(field "$1" result) in
	"0 "*) echo 0 ;;
	*) echo 1 ;;
	esac
}

# JSON keys the issue requires, with the types CI relies on.
REQUIRED='has("seq") and has("module") and has("decided_by") and has("flags")
	and (.result | has("errno") and has("name"))
	and (.vermagic | has("module") and has("kernel") and has("match") and has("differs")
		and has("source") and has("release_compared") and has("verdict"))
	and (.crcs | type == "array")
	and ([.crcs[] | has("symbol") and has("module_crc") and has("kernel_crc") and has("verdict")] | all)
	and (.taint | has("before") and has("after") and has("added"))
	and (.loader | has("pid") and has("comm"))
	and (.stages | type == "array") and has("signature") and has("crc_total")
	and has("crc_omitted") and (.forced | type == "array") and has("module_taint")
	and has("init_result") and has("kernel") and has("timestamp") and has("boottime")
	and has("image_check") and has("srcversion") and has("module_size")
	and has("shared_with") and (.btf | has("state") and has("errno") and has("log"))'

# ---- every good fixture: exit status, headline shape, valid JSON ---------

# generic FIXTURE: what holds for any well-formed record
generic()
{
	local f=$FIX/$1.rec n=fixture/$1 mod want seq

	want=$(want_status "$f")
	mod=$(field "$f" module)
	[ "$mod" = - ] && mod="(unknown module)"
	seq=$(field "$f" seq)

	run --file "$f" --color=never
	expect_rc "$n/exit" "$want"
	expect_headline "$n/headline-module" "^${mod//[()\\]/.}: "
	if [ "$want" = 0 ]; then
		expect_headline "$n/headline-loaded" "^[^:]*: loaded"
	else
		expect_headline "$n/headline-not-loaded" "^[^:]*: (rejected|init failed) \\(E[A-Z0-9]+, \"[^\"]+\"\\): "
	fi
	expect_no_grep "$n/no-escapes-when-not-a-tty" "$ESC"

	run --file "$f" --json
	expect_rc "$n/json-exit" "$want"
	expect_json_valid "$n/json-valid"
	expect_jq "$n/json-required-keys" "$REQUIRED"
	expect_jq "$n/json-seq" ".seq == $seq and .record_version == 1"
	expect_jq "$n/json-loaded" ".loaded == $([ "$want" = 0 ] && echo true || echo false)"
	if [ "$(wc -l < "$W/out")" = 1 ]; then
		mv_pass "$n/json-one-line"
	else
		mv_fail "$n/json-one-line" "$(wc -l < "$W/out") lines without --pretty"
	fi
}

for f in "$FIX"/*.rec; do
	name=$(basename "$f" .rec)
	case $name in bad-*) continue ;; esac
	generic "$name"
done

# ---- each scenario's specific facts --------------------------------------

n=fixture/loaded-clean
run --file "$FIX/loaded-clean.rec"
expect_headline "$n/verdict" '^dummy: loaded: '
expect_no_grep "$n/no-match-rows-without-v" "^${TAB}0x[0-9a-f]{8}${TAB}[^${TAB}]+${TAB}match"
run --file "$FIX/loaded-clean.rec" -v
# -v lists every comparison: the fixture has 4 crc lines
if [ "$(grep -cE "^${TAB}0x[0-9a-f]{8}${TAB}[^${TAB}]+${TAB}match" "$W/out")" = \
     "$(grep -c '^crc:' "$FIX/loaded-clean.rec")" ]; then
	mv_pass "$n/all-rows-with-v"
else
	mv_fail "$n/all-rows-with-v" "$(grep -c "${TAB}match" "$W/out") match rows"
fi
expect_fixed "$n/verbose-stages" "check_version*4"
run --file "$FIX/loaded-clean.rec" -j
expect_jq "$n/json" '.outcome == "loaded" and .decided_by == "loaded" and
	.result.errno == 0 and .result.name == "OK" and .crc_mismatches == 0 and
	(.crcs | length) == 4 and .signature.verified == true and
	.signature.present == true and .taint.added.mask == 0 and
	.loader.pid == 198 and .loader.comm == "modprobe"'

n=fixture/loaded-taint-oe
run --file "$FIX/loaded-taint-oe.rec"
expect_headline "$n/loaded-with-taint" '^hello: loaded with taint: '
expect_no_grep "$n/not-a-failure" '(rejected|ERROR|failed)'
# meanings from include/uapi/modverify/record.h MV_TAINTS, bits 12 and 13
expect_fixed "$n/meaning-O" "externally-built (out-of-tree) module was loaded"
expect_fixed "$n/meaning-E" "unsigned module was loaded"
run --file "$FIX/loaded-taint-oe.rec" -j
expect_jq "$n/json" '.outcome == "loaded_with_taint" and .loaded and
	.taint.added.mask == 12288 and .taint.added.letters == "OE" and
	.taint.before.mask == 0 and
	([.taint.added.flags[].bit] == [12, 13]) and .module_taint == "OE"'

n=fixture/module-layout
run --file "$FIX/module-layout.rec"
expect_headline "$n/verdict" '^hello: rejected \(ENOEXEC, "Invalid module format"\): .*module_layout'
expect_headline "$n/names-the-abi" 'ABI'
expect_fixed "$n/module-crc-row" "${TAB}0x82164fbb${TAB}module_layout${TAB}"
expect_fixed "$n/kernel-crc" "0xa351f379"
expect_grep "$n/release-named" '^ +differs: +release'
expect_grep "$n/release-not-compared" 'release: +not compared'
expect_grep "$n/derived" '^vermagic: .*derived'
# shellcheck disable=SC2016 # the command is printed, not expanded
expect_fixed "$n/rebuild" 'make -C /lib/modules/$(uname -r)/build M=$PWD'
expect_fixed "$n/built-for" "6.1.0-50-cloud-amd64"
run --file "$FIX/module-layout.rec" -j
expect_jq "$n/json" '.decided_by == "module_layout" and .result.errno == 8 and
	.result.value == -8 and .result.name == "ENOEXEC" and
	.result.insmod_text == "Invalid module format" and
	.result.text == "Exec format error" and
	(.crcs[0] | .symbol == "module_layout" and .module_crc == "0x82164fbb" and
	 .kernel_crc == "0xa351f379" and .verdict == "mismatch") and
	.vermagic.differs == ["release"] and .vermagic.release_compared == false and
	.vermagic.source == "derived" and .vermagic.verdict == "not_checked"'
# same_magic() skips the release word when the module has CRCs: the two
# strings, which differ only there, pass the kernel's comparison
expect_jq "$n/json-vermagic-match-rule" '.vermagic.match == true'
# shellcheck disable=SC2016 # the command is printed, not expanded
expect_jq "$n/json-advice-command" '[.advice[].command] | index("make -C /lib/modules/$(uname -r)/build M=$PWD") != null'

# an unsigned long CRC with high bits (ELF64): the kernel compares all of
# it with its u32, so it mismatches, and prints all of it
n=fixture/module-layout-high-bits
run --file "$FIX/module-layout-high-bits.rec" -j
expect_jq "$n/json" '.crcs[0].module_crc == "0x1a351f379" and
	.crcs[0].kernel_crc == "0xa351f379" and .decided_by == "module_layout"'
run --file "$FIX/module-layout-high-bits.rec"
expect_fixed "$n/text" "${TAB}0x1a351f379${TAB}module_layout${TAB}mismatch"

n=fixture/vermagic-flags
run --file "$FIX/vermagic-flags.rec"
expect_headline "$n/verdict" '^hello: rejected \(ENOEXEC, "Invalid module format"\): vermagic'
expect_headline "$n/names-modversions" 'modversions'
# the release word was not compared, so it is not what rejected the module
expect_headline_not "$n/release-not-blamed" 'release'
expect_grep "$n/differs-named" '^ +differs: .*modversions.*arch'
expect_grep "$n/release-not-compared" 'release: +not compared'
expect_grep "$n/observed" '^vermagic: +mismatch .*observed'
# the ^ markers sit under MODVERSIONS in the module's line
line=$(grep -n "^  module: .*MODVERSIONS" "$W/out" | cut -d: -f1)
if [ -n "$line" ]; then
	text=$(sed -n "${line}p" "$W/out")
	marks=$(sed -n "$((line + 1))p" "$W/out")
	prefix=${text%%MODVERSIONS*}
	if [ "${marks:${#prefix}:11}" = "^^^^^^^^^^^" ] &&
	   [ "${marks:${#prefix}+11:1}" != "^" ]; then
		mv_pass "$n/marker-under-word"
	else
		mv_fail "$n/marker-under-word" "markers '$marks' not under column ${#prefix}"
	fi
else
	mv_fail "$n/marker-under-word" "no module vermagic line with MODVERSIONS"
fi
run --file "$FIX/vermagic-flags.rec" -j
expect_jq "$n/json" '.decided_by == "vermagic" and .result.errno == 8 and
	.vermagic.differs == ["release", "modversions", "arch"] and
	.vermagic.release_compared == false and .vermagic.verdict == "mismatch" and
	.vermagic.match == false and .vermagic.source == "observed" and
	(.vermagic.differs | index("modversions") != null)'

n=fixture/symbol-crc
run --file "$FIX/symbol-crc.rec"
expect_headline "$n/verdict" '^ksmbd: rejected \(EINVAL, "Invalid parameters"\): .*ib_mr_pool_destroy'
expect_headline "$n/exporter-changed" 'export'
expect_fixed "$n/mismatch-row" "${TAB}0x1f2e3d4c${TAB}ib_mr_pool_destroy${TAB}"
expect_fixed "$n/kernel-crc" "0x7c6b5a49"
rows=$(grep -cE "^${TAB}(0x[0-9a-f]{8}|-)${TAB}" "$W/out")
if [ "$rows" = 1 ]; then
	mv_pass "$n/only-the-mismatch-listed"
else
	mv_fail "$n/only-the-mismatch-listed" "$rows CRC rows without -v"
fi
expect_grep "$n/summary-counts" '^crcs: +6 compared: 1 mismatch, 5 match'
run --file "$FIX/symbol-crc.rec" -j
expect_jq "$n/json" '.decided_by == "symbol_crc" and .result.errno == 22 and
	([.crcs[] | select(.verdict == "mismatch") | .symbol] == ["ib_mr_pool_destroy"]) and
	.crc_mismatches == 1 and (.crcs | length) == 6 and .crc_total == 6'

n=fixture/forced-vermagic
run --file "$FIX/forced-vermagic.rec"
expect_headline "$n/verdict" '^hello: loaded by force: .*IGNORE_VERMAGIC'
expect_grep "$n/flags-line" '^flags: +0x2 IGNORE_VERMAGIC'
expect_fixed "$n/meaning-F" "module was force loaded"
expect_grep "$n/forced-line" '^forced: .*bad vermagic'
run --file "$FIX/forced-vermagic.rec" -j
expect_jq "$n/json" '.outcome == "forced" and .loaded and .decided_by == "forced" and
	.flags.mask == 2 and .flags.names == ["IGNORE_VERMAGIC"] and
	.forced == [{"ok": true, "reason": "bad vermagic"}] and
	.taint.added.letters == "FOE" and .vermagic.verdict == "forced" and
	.signature.reason == "ignored"'

n=fixture/forced-modversions
run --file "$FIX/forced-modversions.rec"
expect_headline "$n/verdict" '^noversions: loaded by force: .*IGNORE_MODVERSIONS'
expect_fixed "$n/no-module-crc-row" "${TAB}-${TAB}module_layout${TAB}forced"
expect_fixed "$n/no-versions-explained" "__versions"
run --file "$FIX/forced-modversions.rec" -j
expect_jq "$n/json" '.outcome == "forced" and .flags.names == ["IGNORE_MODVERSIONS"] and
	([.crcs[].verdict] | unique == ["forced"]) and
	([.crcs[].module_crc] | unique == [null]) and
	.crcs[0].kernel_crc == "0xa351f379" and .vermagic.release_compared == true and
	(.forced | length) == 3'

n=fixture/init-failure
run --file "$FIX/init-failure.rec"
expect_headline "$n/verdict" '^nodev: init failed \(ENODEV, "No such device"\): .*verification passed'
expect_grep "$n/init-result" '^init result: +-19 ENODEV'
run --file "$FIX/init-failure.rec" -j
expect_jq "$n/json" '.outcome == "init_failed" and .decided_by == "init" and
	.result.errno == 19 and .init_result.errno == 19 and
	.init_result.name == "ENODEV" and .crc_mismatches == 0'

n=fixture/unknown-symbol
run --file "$FIX/unknown-symbol.rec"
expect_headline "$n/verdict" '^it87: rejected \(ENOENT, "Unknown symbol in module"\): .*vid_from_reg'
expect_fixed "$n/modprobe" "modprobe it87"
expect_grep "$n/unresolved-line" '^unresolved: +vid_from_reg'
run --file "$FIX/unknown-symbol.rec" -j
expect_jq "$n/json" '.decided_by == "unknown_symbol" and .result.errno == 2 and
	.unresolved == ["vid_from_reg"] and .result.insmod_text == "Unknown symbol in module"'

n=fixture/signature-rejected
run --file "$FIX/signature-rejected.rec"
expect_headline "$n/verdict" '^r8126: rejected \(EKEYREJECTED, "Key was rejected by service"\): .*unsigned'
expect_fixed "$n/sign-file" "scripts/sign-file"
expect_fixed "$n/mokutil" "mokutil --import"
expect_grep "$n/enforced" '^signature: +absent; .*enforced: yes'
run --file "$FIX/signature-rejected.rec" -j
expect_jq "$n/json" '.decided_by == "signature" and .result.errno == 129 and
	.result.name == "EKEYREJECTED" and .signature.enforced == true and
	.signature.present == false and .signature.reason == "unsigned"'

n=fixture/lockdown
run --file "$FIX/lockdown.rec"
expect_headline "$n/verdict" '^zfs: rejected \(EPERM, "Operation not permitted"\): .*lockdown'
expect_fixed "$n/man-page" "kernel_lockdown(7)"

n=fixture/duplicate
run --file "$FIX/duplicate.rec"
expect_headline "$n/verdict" '^hello: rejected \(EEXIST, "File exists"\): .*already loaded'

n=fixture/elf
run --file "$FIX/elf.rec"
expect_headline "$n/verdict" '^\(unknown module\): rejected \(ENOEXEC, "Invalid module format"\): .*e_machine 183'
run --file "$FIX/elf.rec" -j
expect_jq "$n/json" '.module == null and .decided_by == "elf" and
	.image_check == "e_machine 183, this kernel'"'"'s is 62" and .vermagic.module == null'

n=fixture/loader-noname
run --file "$FIX/loader-noname.rec"
# "result: -12 -": the kernel could not spell the errno; 12 is ENOMEM
expect_headline "$n/errno-from-number" '^bigmod: rejected \(ENOMEM, "Cannot allocate memory"\)'
expect_grep "$n/omitted-counted" '527 matching left out'
run --file "$FIX/loader-noname.rec" -j
expect_jq "$n/json" '.result.name == null and .result.errno == 12 and
	.crc_omitted == 527 and .crc_total == 530 and .stages_truncated == true and
	.decided_by == "loader"'

n=fixture/unknown-keys
run --file "$FIX/unknown-keys.rec" -j
expect_jq "$n/ignored" '.seq == 15 and .kernel == "6.1.0-56-cloud-amd64" and
	(has("future_key") | not)'

# ---- newer kernels: struct module size, BTF, shared loads, no MODVERSIONS ----

# 6.12 refuses a module built against 6.1's headers: 896 and 1280 bytes are
# the .gnu.linkonce.this_module sizes of Debian's 6.1 and 6.12 af_key.ko
n=fixture/module-size
run --file "$FIX/module-size.rec"
expect_headline "$n/verdict" '^hello: rejected \(ENOEXEC, "Invalid module format"\): .*896 bytes.*1280.*another kernel'"'"'s headers'
expect_grep "$n/sizes" '^module size: +896 bytes .*struct module: 1280 bytes - differ$'
expect_fixed "$n/kernel-message" "section size must match the kernel's built struct module size at run time"
expect_fixed "$n/built-for" "6.1.0-57-cloud-amd64"
# shellcheck disable=SC2016 # the command is printed, not expanded
expect_fixed "$n/rebuild" 'make -C /lib/modules/$(uname -r)/build M=$PWD'
run --file "$FIX/module-size.rec" -j
expect_jq "$n/json" '.decided_by == "module_size" and .result.errno == 8 and
	.module_size == {module: 896, kernel: 1280} and .crcs == [] and
	.vermagic.verdict == "not_checked" and .shared_with == null and
	.btf == {state: null, errno: null, log: null}'
# shellcheck disable=SC2016 # the command is printed, not expanded
expect_jq "$n/json-advice-command" '[.advice[].command] | index("make -C /lib/modules/$(uname -r)/build M=$PWD") != null'

# Debian 7.x: the module's BTF does not fit vmlinux's, the kernel refuses it
n=fixture/btf-invalid
run --file "$FIX/btf-invalid.rec"
expect_headline "$n/verdict" '^hello: rejected \(EINVAL, "Invalid parameters"\): .*BTF'
expect_grep "$n/btf-line" '^btf: +invalid: -22 EINVAL'
expect_grep "$n/verifier-line" "^  verifier: +'Invalid name_offset:1234'\$"
expect_fixed "$n/dmesg" "failed to validate module [hello] BTF: -22"
expect_fixed "$n/insmod" "Invalid parameters"
expect_fixed "$n/pahole" "pahole"
expect_fixed "$n/strip-btf" "objcopy --remove-section=.BTF --remove-section=.BTF.base hello.ko"
# shellcheck disable=SC2016 # the command is printed, not expanded
expect_fixed "$n/rebuild" 'make -C /lib/modules/$(uname -r)/build M=$PWD'
run --file "$FIX/btf-invalid.rec" -j
expect_jq "$n/json" '.decided_by == "btf" and .result.errno == 22 and
	.btf == {state: "invalid", errno: 22, log: "Invalid name_offset:1234"} and
	.crcs == [] and .crc_total == 0 and .vermagic.release_compared == true and
	.module_size == {module: 1280, kernel: 1280} and .taint.added.letters == "OE"'

# a kernel with CONFIG_MODULE_ALLOW_BTF_MISMATCH loads it without BTF
n=fixture/btf-mismatch-allowed
run --file "$FIX/btf-mismatch-allowed.rec"
expect_headline "$n/verdict" '^hello: loaded: '
expect_grep "$n/btf-line" '^btf: +mismatch allowed: -22 EINVAL'
expect_fixed "$n/advice" "CONFIG_MODULE_ALLOW_BTF_MISMATCH"
run --file "$FIX/btf-mismatch-allowed.rec" -j
expect_jq "$n/json" '.loaded and .decided_by == "loaded" and
	.btf == {state: "mismatch_allowed", errno: 22, log: "Invalid string section"}'

n=fixture/shared-with
run --file "$FIX/shared-with.rec"
expect_grep "$n/shared-line" '^shared: +the result of attempt #41: concurrent loads of the same file share one load \(kernel 6\.5\+\)$'
expect_fixed "$n/advice" "attempt #41"
run --file "$FIX/shared-with.rec" -j
expect_jq "$n/json" '.shared_with == 41 and .loaded and .module_size == null and
	.image_size == null and .stages == []'

# Strings from the module image are escaped by the kernel module (\xHH):
# JSON carries the real bytes, the text shows them escaped again.
n=fixture/escaped
run --file "$FIX/escaped.rec"
expect_headline "$n/text-escaped" '^it\\x0a87\\x5cx: rejected \(ENOENT'
expect_fixed "$n/text-import" 'foo\x09vid_from_reg'
run --file "$FIX/escaped.rec" -j
expect_jq "$n/json-bytes" '.module == "it\n87\\x" and .unresolved == ["foo\tvid_from_reg"] and
	(.vermagic.module | startswith("it'"'"'s ")) and .loader.comm == "ins\u001b[31m"'

# A CRC table that could not be read: the kernel's verdict, no module CRC.
n=fixture/crc-unread
run --file "$FIX/crc-unread.rec" -j
expect_jq "$n/json" '.decided_by == "symbol_crc" and
	([.crcs[] | select(.symbol == "ib_mr_pool_destroy")] ==
	 [{symbol: "ib_mr_pool_destroy", module_crc: null, kernel_crc: "0x7c6b5a49", verdict: "unread_refused"}])'

# An allowed BTF failure: the kernel module does not see its errno.
n=fixture/btf-allowed-noerrno
run --file "$FIX/btf-allowed-noerrno.rec" -j
expect_jq "$n/json" '.btf == {state: "mismatch_allowed", errno: null, log: "Invalid string section"}'

# no CONFIG_MODVERSIONS (Debian 7.x): no crc lines, the release is compared
n=fixture/vermagic-release-nomodversions
run --file "$FIX/vermagic-release-nomodversions.rec"
expect_headline "$n/verdict" '^hello: rejected \(ENOEXEC, "Invalid module format"\): vermagic differs in release'
expect_fixed "$n/release-must-match" "the release itself must match"
expect_fixed "$n/no-modversions" "no CONFIG_MODVERSIONS"
expect_grep "$n/release-compared" '^  release: +compared \(the kernel has no CONFIG_MODVERSIONS'
expect_grep "$n/no-crcs" '^crcs: +0 compared'
run --file "$FIX/vermagic-release-nomodversions.rec" -j
expect_jq "$n/json" '.decided_by == "vermagic" and .crcs == [] and .crc_total == 0 and
	.vermagic.release_compared == true and .vermagic.match == false and
	.vermagic.differs == ["release"] and .vermagic.source == "derived"'
# where the release was not compared, no such claim
run --file "$FIX/module-layout.rec"
expect_no_grep "$n/not-for-modversions-kernels" "release itself must match"

n=fixture/forced-nomodversions
run --file "$FIX/forced-nomodversions.rec"
expect_headline "$n/verdict" '^hello: loaded by force: .*IGNORE_VERMAGIC'
expect_grep "$n/btf-ok" '^btf: +ok'
run --file "$FIX/forced-nomodversions.rec" -j
expect_jq "$n/json" '.outcome == "forced" and .crcs == [] and
	.forced == [{ok: true, reason: "bad vermagic"}] and
	.btf == {state: "ok", errno: null, log: null} and .taint.added.letters == "FOE"'

# a record of an older modverify.ko: none of these keys, all unknown
n=fixture/without-new-keys
if grep -qE '^(module_size|shared_with|btf|btf_log):' "$FIX/module-layout.rec"; then
	mv_fail "$n/setup" "module-layout.rec has the new keys"
fi
run --file "$FIX/module-layout.rec" -j
expect_rc "$n/exit" 1
expect_jq "$n/json" '.module_size == null and .shared_with == null and
	.btf == {state: null, errno: null, log: null}'
run --file "$FIX/module-layout.rec"
expect_no_grep "$n/no-lines" '^(module size|shared|btf):'

# ---- broken records: exit 3, an error naming the line ---------------------

# bad NAME WANT_LINE ERE: the reader refuses fixtures/bad-NAME.rec
bad()
{
	local f=$FIX/bad-$1.rec n=bad/$1 where

	run --file "$f"
	expect_rc "$n/exit" 3
	if [ -s "$W/out" ]; then
		mv_fail "$n/no-stdout" "printed: $(head -c 100 "$W/out")"
	else
		mv_pass "$n/no-stdout"
	fi
	where=": "
	[ "$2" = 0 ] || where=": line $2: "
	expect_grep "$n/message" "^modverify: ERROR: .*bad-$1\\.rec${where}.*$3" "$W/err"
}

bad truncated "$(wc -l < "$FIX/bad-truncated.rec")" 'truncated'
bad truncated-midline "$(($(wc -l < "$FIX/bad-truncated-midline.rec") + 1))" 'truncated'
bad end-mismatch "$(grep -n '^end:' "$FIX/bad-end-mismatch.rec" | cut -d: -f1)" \
	"does not repeat 'seq: 3'"
bad garbage 1 'not a modverify record'
bad version2 1 'version 2 is not supported'
bad empty 0 'empty'
bad duplicate-key "$(grep -n '^module:' "$FIX/bad-duplicate-key.rec" | sed -n 2p | cut -d: -f1)" \
	"duplicate key 'module' \\(first on line $(grep -n '^module:' "$FIX/bad-duplicate-key.rec" | head -n1 | cut -d: -f1)\\)"
bad crc-fields "$(grep -n '^crc:' "$FIX/bad-crc-fields.rec" | cut -d: -f1)" 'tab-separated'
bad crc-value "$(grep -n '^crc:' "$FIX/bad-crc-value.rec" | cut -d: -f1)" '0xZZ164fbb'
bad crc-space "$(grep -n '^crc:' "$FIX/bad-crc-space.rec" | cut -d: -f1)" 'tab'
bad result "$(grep -n '^result:' "$FIX/bad-result.rec" | cut -d: -f1)" 'errno'
bad missing-key "$(wc -l < "$FIX/bad-missing-key.rec")" "no 'decided_by' line"
bad module-size "$(grep -n '^module_size:' "$FIX/bad-module-size.rec" | cut -d: -f1)" "'abc' is not"
bad btf "$(grep -n '^btf:' "$FIX/bad-btf.rec" | cut -d: -f1)" "'weird'"
bad btf-errno "$(grep -n '^btf:' "$FIX/bad-btf-errno.rec" | cut -d: -f1)" 'negative errno'
bad escape "$(grep -n '^module:' "$FIX/bad-escape.rec" | cut -d: -f1)" "bad escape in '.qb'"
bad escape-nul "$(grep -n '^module:' "$FIX/bad-escape-nul.rec" | cut -d: -f1)" "bad escape in '.x00b'"

n=bad/json-error
run --file "$FIX/bad-garbage.rec" --json
expect_rc "$n/exit" 3
expect_json_valid "$n/valid"
expect_jq "$n/error-object" '(.error | test("line 1")) and (keys - ["error", "fix"] == [])'

# A record over 1 MiB: a valid head, 25000 crc lines, a valid tail.
n=bad/oversized-record
{
	sed -n '1,/^crc_omitted:/p' "$FIX/module-layout.rec"
	yes "crc:${TAB}0x82164fbb${TAB}0x82164fbb${TAB}match${TAB}a_symbol_name_of_some_length" |
		head -n 25000
	sed -n '/^taint_before:/,$p' "$FIX/module-layout.rec"
} > "$W/big.rec"
run --file "$W/big.rec"
expect_rc "$n/exit" 3
expect_grep "$n/message" 'larger than 1048576 bytes' "$W/err"

n=bad/oversized-input
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' x > "$W/huge"
run --file "$W/huge"
expect_rc "$n/exit" 3
expect_grep "$n/message" 'larger than 16777216 bytes' "$W/err"

n=bad/nul-byte
printf 'modverify_record: 1\nseq: 1\nmo\0dule: x\n' > "$W/nul.rec"
run --file "$W/nul.rec"
expect_rc "$n/exit" 3
expect_grep "$n/message" 'line 3: NUL' "$W/err"

# ---- untrusted text never reaches the terminal raw ------------------------

n=escape
sed "s/^comm: insmod\$/comm: ev${ESC}[31mil/" "$FIX/module-layout.rec" > "$W/esc.rec"
run --file "$W/esc.rec" --color=never
expect_rc "$n/exit" 1
expect_no_grep "$n/no-raw-escape" "$ESC"
expect_fixed "$n/shown-escaped" 'ev\x1b[31mil'
run --file "$W/esc.rec" -j
expect_json_valid "$n/json-valid"
expect_jq "$n/json-escaped" '.loader.comm == "ev\u001b[31mil"'

# ---- sources: stdin, debugfs, history, missing file --------------------------

n=source/stdin
"$MV" --file - < "$FIX/symbol-crc.rec" > "$W/out" 2> "$W/err"
rc=$?
expect_rc "$n/exit" 1
expect_headline "$n/headline" '^ksmbd: rejected'

n=source/missing-file
run --file "$W/no-such-file"
expect_rc "$n/exit" 3
expect_grep "$n/message" "^modverify: ERROR: cannot open .*no-such-file: No such file or directory" "$W/err"
run --file "$W/no-such-file" -j
expect_jq "$n/json" '.error | test("No such file")'

# MODVERIFY_DEBUGFS points the reader at a directory laid out like debugfs.
dfs=$W/debugfs
mkdir -p "$dfs/modverify"
cp "$FIX/module-layout.rec" "$dfs/modverify/last"
n=source/debugfs
run MODVERIFY_DEBUGFS="$dfs"
expect_rc "$n/exit" 1
expect_headline "$n/headline" '^hello: rejected'

n=source/debugfs-no-attempt-yet
: > "$dfs/modverify/last"
run MODVERIFY_DEBUGFS="$dfs"
expect_rc "$n/exit" 3
expect_grep "$n/message" 'no module load attempt has been recorded' "$W/err"

n=source/history
cat "$FIX/module-layout.rec" "$FIX/symbol-crc.rec" "$FIX/loaded-clean.rec" \
	> "$dfs/modverify/history"
run MODVERIFY_DEBUGFS="$dfs" -- --history --json
expect_rc "$n/exit-of-newest" 0
expect_jq "$n/json-array" 'type == "array" and ([.[].seq] == [3, 5, 1])'
run --file "$dfs/modverify/history"
if [ "$(grep -cE '^[a-z0-9_]+: (loaded|rejected)' "$W/out")" = 3 ]; then
	mv_pass "$n/three-headlines"
else
	mv_fail "$n/three-headlines" "$(grep -cE '^[a-z0-9_]+: (loaded|rejected)' "$W/out") headlines"
fi
printf 'garbage\n' >> "$dfs/modverify/history"
run MODVERIFY_DEBUGFS="$dfs" -- --history
expect_rc "$n/trailing-garbage" 3
expect_grep "$n/trailing-garbage-line" \
	"line $(($(wc -l < "$dfs/modverify/history"))): not a modverify record" "$W/err"

n=source/not-mounted
run MODVERIFY_DEBUGFS="$W/empty-dir"
expect_rc "$n/exit" 3
expect_grep "$n/message" 'debugfs is not mounted' "$W/err"
expect_fixed "$n/fix" "mount -t debugfs none $W/empty-dir" "$W/err"

# /sys/kernel/debug is 0700: a user gets EACCES
n=source/not-root
chmod 700 "$dfs"
if [ "$(id -u)" != 0 ]; then
	mv_skip "$n" "needs root to run the reader as another user"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups "$MV" -V >/dev/null 2>&1; then
	mv_skip "$n" "user nobody cannot run $MV (setpriv missing or $BUILD not readable)"
else
	MODVERIFY_DEBUGFS=$dfs setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MV" > "$W/out" 2> "$W/err"
	rc=$?
	expect_rc "$n/exit" 3
	expect_fixed "$n/fix" 'sudo modverify' "$W/err"
fi

# The real /sys/kernel/debug of this machine.
n=source/this-machine
if [ "$(stat -f -c %T /sys/kernel/debug 2>/dev/null)" != debugfs ]; then
	run
	expect_rc "$n/exit" 3
	expect_grep "$n/not-mounted" 'debugfs is not mounted on /sys/kernel/debug' "$W/err"
elif [ "$(id -u)" != 0 ]; then
	run
	expect_rc "$n/exit" 3
	expect_fixed "$n/not-root" 'sudo modverify' "$W/err"
elif [ ! -e /sys/kernel/debug/modverify ]; then
	run
	expect_rc "$n/exit" 3
	expect_grep "$n/not-loaded" 'modverify kernel module is not loaded' "$W/err"
	expect_fixed "$n/fix" 'insmod modverify.ko' "$W/err"
else
	mv_skip "$n" "modverify.ko is loaded here; the fixtures cover the record"
fi

# ---- options ---------------------------------------------------------------

n=cli/help
run --help
expect_rc "$n/exit" 0
expect_grep "$n/usage" '^Usage: modverify'
for code in 0 1 2 3; do
	expect_grep "$n/exit-status-$code" "^  $code  "
done

n=cli/version
run -V
expect_rc "$n/exit" 0
expect_grep "$n/text" '^modverify version [0-9]'
run -V -j
expect_jq "$n/json" '.record_version == 1 and (.version | type == "string")'

n=cli/bad-option
run --no-such-option
expect_rc "$n/exit" 2
expect_grep "$n/message" "^modverify: ERROR: unknown option '--no-such-option'" "$W/err"
run -x
expect_rc "$n/short-exit" 2
run --json --no-such-option
expect_rc "$n/json-exit" 2
expect_jq "$n/json-error" '.error | test("unknown option")'
run --color=sometimes
expect_rc "$n/color-value" 2
run some-file
expect_rc "$n/positional" 2
expect_fixed "$n/positional-hint" '--file some-file' "$W/err"
run --file
expect_rc "$n/missing-argument" 2
run --follow --file -
expect_rc "$n/follow-stdin" 2

n=cli/pretty
run -p --file "$FIX/module-layout.rec"
expect_rc "$n/exit" 1
expect_json_valid "$n/valid"
if [ "$(wc -l < "$W/out")" -gt 20 ]; then
	mv_pass "$n/indented"
else
	mv_fail "$n/indented" "only $(wc -l < "$W/out") lines"
fi
expect_grep "$n/four-spaces" '^    "seq": 3,$'

# ---- colour rules --------------------------------------------------------

n=color
run --file "$FIX/module-layout.rec" --color=always
expect_fixed "$n/always" "${ESC}["
run NO_COLOR=1 -- --file "$FIX/module-layout.rec"
expect_no_grep "$n/no-color-env-not-a-tty" "$ESC"
run --file "$FIX/module-layout.rec" --color=always --json
expect_no_grep "$n/never-in-json" "$ESC"

# On a terminal (script(1) gives the reader a pty): auto colours unless
# NO_COLOR is set and non-empty, or TERM=dumb.
tty_run()
{
	# script -e passes on the reader's status: 1, a rejected module
	env "$@" script -qec "$MV --file $FIX/module-layout.rec" /dev/null \
		> "$W/out" 2>&1 < /dev/null
	return 0
}
if command -v script >/dev/null && tty_run TERM=xterm && [ -s "$W/out" ]; then
	expect_fixed "$n/auto-on-tty" "${ESC}["
	tty_run TERM=xterm NO_COLOR=1
	expect_no_grep "$n/auto-no-color" "$ESC"
	tty_run TERM=xterm NO_COLOR=
	expect_fixed "$n/auto-empty-no-color-ignored" "${ESC}["
	tty_run TERM=dumb
	expect_no_grep "$n/auto-term-dumb" "$ESC"
	env TERM=xterm NO_COLOR=1 script -qec \
		"$MV --file $FIX/module-layout.rec --color=never" /dev/null > "$W/out" 2>&1 < /dev/null
	expect_no_grep "$n/never-on-tty" "$ESC"
else
	mv_skip "$n/tty" "script(1) cannot provide a pty here"
fi

# ---- follow ------------------------------------------------------------------

# follow ARGS...: follow $W/follow.rec while it changes; output in $W/out
follow()
{
	local f=$W/follow.rec pid

	cp "$FIX/loaded-clean.rec" "$f"
	"$MV" --follow --file "$f" "$@" > "$W/out" 2> "$W/err" &
	pid=$!
	sleep 0.5
	cp "$FIX/module-layout.rec" "$f.new" && mv "$f.new" "$f"
	sleep 0.5
	# same seq again: must not be printed twice
	cp "$FIX/module-layout.rec" "$f.new" && mv "$f.new" "$f"
	sleep 0.5
	kill -INT "$pid"
	wait "$pid"
	rc=$?
}

n=follow/text
follow --color=never
expect_rc "$n/exit-on-interrupt" 0
heads=$(grep -E '^[a-z0-9_]+: (loaded|rejected)' "$W/out" | cut -d: -f1 | tr '\n' ' ')
if [ "$heads" = "dummy hello " ]; then
	mv_pass "$n/each-record-once"
else
	mv_fail "$n/each-record-once" "headlines: '$heads'"
fi

n=follow/json
follow --json
expect_rc "$n/exit-on-interrupt" 0
expect_jq "$n/json-lines" '.seq' "$W/out"
if [ -n "$JQ" ] && [ "$(jq -s -c '[.[].seq]' "$W/out" 2>/dev/null)" = "[1,3]" ]; then
	mv_pass "$n/one-object-per-record"
elif [ -z "$JQ" ]; then
	mv_skip "$n/one-object-per-record" "jq is not installed"
else
	mv_fail "$n/one-object-per-record" "$(head -c 200 "$W/out")"
fi

# ---- unit tests of the pieces -----------------------------------------------

UNIT=$BUILD/host-unit
mkdir -p "$UNIT"
units=()
for c in "$TOP"/userspace/*.c; do
	[ "$(basename "$c")" = modverify.c ] || units+=("$c")
done
if "$CC" -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1 -g "${SAN_FLAGS[@]}" \
	-I"$TOP/include/uapi" -I"$TOP/userspace" "$HOST/unit.c" "${units[@]}" \
	"${LIBS[@]}" -o "$UNIT/unit" > "$W/unit.log" 2>&1; then
	"$UNIT/unit" > "$W/unit.out" 2> "$W/unit.err"
	urc=$?
	cat "$W/unit.out"
	mv_checks_failed=$((mv_checks_failed + $(grep -c '^FAIL: ' "$W/unit.out")))
	if [ -s "$W/unit.err" ]; then
		mv_fail unit/sanitizers "$(head -c 300 "$W/unit.err")"
	elif [ "$urc" != 0 ] && ! grep -q '^FAIL: ' "$W/unit.out"; then
		mv_fail unit/exit "exited $urc without a FAIL line"
	fi
else
	mv_fail unit/build "$(head -c 400 "$W/unit.log")"
fi

# ---- modverify check: predictions from module files ---------------------------

# shellcheck source=tests/host/check.sh
. "$HOST/check.sh"

# ---- man page, --help and completion agree -------------------------------------

MAN=$TOP/userspace/modverify.8
n=manpage
if command -v groff >/dev/null; then
	if groff -man -Tutf8 -ww -z "$MAN" > "$W/groff.err" 2>&1 && [ ! -s "$W/groff.err" ]; then
		mv_pass "$n/groff-no-warnings"
	else
		mv_fail "$n/groff-no-warnings" "$(head -c 300 "$W/groff.err")"
	fi
else
	mv_skip "$n/groff-no-warnings" "groff is not installed"
fi
if command -v man >/dev/null && MANWIDTH=80 man -l "$MAN" > "$W/man.txt" 2> "$W/man.err" &&
   [ -s "$W/man.txt" ]; then
	mv_pass "$n/renders"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO" JSON; do
		expect_grep "$n/section-${s// /-}" "^$s\$" "$W/man.txt"
	done
	for ref in 'dmesg(1)' 'insmod(8)' 'modprobe(8)' 'modinfo(8)' 'kernel_lockdown(7)'; do
		expect_fixed "$n/see-also-$ref" "$ref" "$W/man.txt"
	done
	run --help
	grep -oE -- '--[a-z-]+' "$W/out" > "$W/options"
	run check --help
	grep -oE -- '--[a-z-]+' "$W/out" >> "$W/options"
	sort -u -o "$W/options" "$W/options"
	while read -r opt; do
		expect_fixed "$n/documents$opt" "$opt" "$W/man.txt"
		expect_fixed "completion/offers$opt" "$opt" "$TOP/userspace/modverify.bash-completion"
	done < "$W/options"
else
	mv_skip "$n/renders" "man is not installed"
fi

n=completion
comp=$TOP/userspace/modverify.bash-completion
if bash -n "$comp" 2> "$W/err"; then
	mv_pass "$n/syntax"
else
	mv_fail "$n/syntax" "$(cat "$W/err")"
fi
# complete LINE: what the completion offers for LINE
complete_line()
{
	bash -c '
		. "$1"
		COMP_LINE=$2 COMP_POINT=${#2}
		read -ra COMP_WORDS <<< "$2"
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_modverify
		echo "${COMPREPLY[*]}"' _ "$comp" "$1"
}
# expect_completion NAME LINE WANT
expect_completion()
{
	local got

	got=$(complete_line "$2")
	if [ "$got" = "$3" ]; then
		mv_pass "$1"
	else
		mv_fail "$1" "'$2' completes to '$got', want '$3'"
	fi
}
expect_completion "$n/option" 'modverify --fol' --follow
expect_completion "$n/color-value" 'modverify --color=ne' never
expect_completion "$n/check" 'modverify ch' check
expect_completion "$n/check-option" 'modverify check --ke' --kernel
expect_completion "$n/check-color" 'modverify check m.ko --color=al' always
expect_completion "$n/file" "modverify --file $FIX/loaded-cl" "$FIX/loaded-clean.rec"

if command -v shellcheck >/dev/null; then
	if shellcheck -x -s bash "$HOST/run.sh" "$comp" > "$W/sc" 2>&1; then
		mv_pass shellcheck
	else
		mv_fail shellcheck "$(head -c 300 "$W/sc")"
	fi
else
	mv_skip shellcheck "shellcheck is not installed"
fi

# ---- install, uninstall ----------------------------------------------------

n=install
dest=$W/dest
if make -s -C "$TOP/userspace" O="$BUILD/host-gcc" DESTDIR="$dest" install > "$W/err" 2>&1; then
	for f in usr/local/bin/modverify usr/local/share/man/man8/modverify.8 \
		 usr/local/share/bash-completion/completions/modverify; do
		if [ -f "$dest/$f" ]; then
			mv_pass "$n/$f"
		else
			mv_fail "$n/$f" "not installed"
		fi
	done
	make -s -C "$TOP/userspace" O="$BUILD/host-gcc" DESTDIR="$dest" uninstall > "$W/err" 2>&1
	left=$(find "$dest" -type f | wc -l)
	if [ "$left" = 0 ]; then
		mv_pass "$n/uninstall"
	else
		mv_fail "$n/uninstall" "$left files left"
	fi
else
	mv_fail "$n/make-install" "$(head -c 300 "$W/err")"
fi

# ---- libFuzzer, bounded ------------------------------------------------------

# fuzz NAME HARNESS DIR SEEDS... [-- LIBFUZZER-OPTIONS]: build HARNESS with
# every userspace source but modverify.c, seed DIR/corpus with SEEDS (plus
# what earlier runs found) and run it for MV_FUZZ_SECONDS
fuzz()
{
	local n=$1 harness=$2 dir=$3 bin i seeds=() opts=()

	bin=$W/$(basename "$2" .c)

	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		seeds+=("$1")
		shift
	done
	[ "${1-}" = -- ] && shift
	opts=("$@")
	if ! command -v clang >/dev/null; then
		mv_skip "$n" "clang is not installed"
		return
	fi
	if ! clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$TOP/include/uapi" -I"$TOP/userspace" "$harness" \
		"${units[@]}" "${LIBS[@]}" -o "$bin" > "$W/fuzz.log" 2>&1; then
		if grep -q 'fsanitize=fuzzer\|libclang_rt.fuzzer' "$W/fuzz.log"; then
			mv_skip "$n" "clang has no libFuzzer runtime (libclang-rt-dev)"
		else
			mv_fail "$n/build" "$(head -c 300 "$W/fuzz.log")"
		fi
		return
	fi
	mkdir -p "$dir/corpus" "$dir/artifacts"
	# Numbered: seeds from different kernels' directories share names.
	for i in "${!seeds[@]}"; do
		cp "${seeds[$i]}" "$dir/corpus/seed$i-$(basename "${seeds[$i]}")"
	done
	if (cd "$dir" && "$bin" -max_total_time="$FUZZ_SECONDS" \
		-artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
		"${opts[@]}" corpus > "$W/fuzz.out" 2>&1); then
		mv_pass "$n"
	else
		mv_fail "$n" "crash, input saved in $dir/artifacts: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$W/fuzz.out")"
	fi
}

fuzz fuzz/record-parser "$HOST/fuzz/fuzz_record.c" "$BUILD/host-fuzz" \
	"$FIX"/*.rec -- -dict="$HOST/fuzz/record.dict"
# the ELF parser and the prediction: seeded with the modules `check` was
# tested on (real, broken, compressed, synthetic)
mapfile -t elf_seeds < <(find "$CK" -name '*.ko*' ! -name '*.cmd' -type f -size -2M | head -n 200)
fuzz fuzz/module-parser "$HOST/fuzz/fuzz_elfmod.c" "$BUILD/host-fuzz-elf" \
	"${elf_seeds[@]}" -- -max_len=262144

exit $((mv_checks_failed > 0))
