# SPDX-License-Identifier: GPL-2.0
#
# tests/host/lib.sh: what the host tests of the reader share, sourced by
# each tests/host/test-*.sh.  Sets TOP, FIX (the fixture records), BUILD,
# a scratch directory W (removed on exit), a reproducible environment, and
# MV, the reader built with ASan+UBSan into build/host-asan/ (built here if
# it is not up to date); then the checks: run the reader, and expect its
# exit status, lines, headline or JSON.  The check protocol is
# tests/lib/check.sh's.
#
# shellcheck shell=bash disable=SC2034  # the variables are the test files'

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST=$TOP/tests/host
FIX=$HOST/fixtures
BUILD=$TOP/build
ASAN_DIR=$BUILD/host-asan
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
read -ra SAN_FLAGS <<< "$SAN"
MV=$ASAN_DIR/modverify
# test-check.sh's modules, which test-fuzz.sh also feeds its fuzzer
CHECK_DIR=$BUILD/host-check

# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"

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

# build_reader DIR CC CFLAGS LDFLAGS: a -Werror build of the reader (and
# libmodverify.a) into DIR; the compiler's output in $W/build.log
build_reader()
{
	make -s -C "$TOP/userspace" O="$1" CC="$2" CFLAGS="$3" LDFLAGS="$4" \
		>"$W/build.log" 2>&1
}

# The ASan reader every test runs; test-build.sh reports how it builds.
if ! build_reader "$ASAN_DIR" "$CC" "-O1 -g $SAN" "$SAN"; then
	mv_fail "$(basename "$0" .sh)/build" "the reader does not build: $(head -c 300 "$W/build.log")"
	exit 1
fi

# lib_flags: LIB_CPPFLAGS, LIB_CFLAGS and LIB_LDLIBS, userspace/Makefile's
# flags for a program that links libmodverify.a
lib_flags()
{
	read -ra LIB_CPPFLAGS <<< "$(make -s -C "$TOP/userspace" print-cppflags)"
	read -ra LIB_CFLAGS <<< "$(make -s -C "$TOP/userspace" print-cflags)"
	read -ra LIB_LDLIBS <<< "$(make -s -C "$TOP/userspace" print-ldlibs)"
}

# first_tree_and_good NAME: tree, the first headers tree `check` can read,
# rel its release, and good, mv_good built against it (test-check.sh's when
# it is there, else built here); 1 after a SKIP or FAIL line for NAME
first_tree_and_good()
{
	local d

	tree=
	for d in /usr/src/linux-headers-*; do
		if [ -f "$d/Module.symvers" ] && [ -f "$d/include/config/auto.conf" ] &&
			[ -f "$d/include/generated/utsrelease.h" ]; then
			tree=$d
			break
		fi
	done
	if [ -z "$tree" ]; then
		mv_skip "$1" "no kernel headers installed (make deps)"
		return 1
	fi
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$tree/include/generated/utsrelease.h")
	good=$CHECK_DIR/$rel/mv_good/mv_good.ko
	[ -f "$good" ] && return 0
	if "$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$tree" \
		"$W/mv_good" > "$W/bm.log" 2>&1; then
		good=$(tail -n1 "$W/bm.log")
		return 0
	fi
	mv_fail "$1/setup/build-mv_good" "$(tail -c 300 "$W/bm.log")"
	return 1
}

# finish: the exit status of a test file
finish()
{
	exit $((mv_checks_failed > 0))
}

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

# expect_eq NAME GOT WANT: two strings are equal
expect_eq()
{
	if [ "$2" = "$3" ]; then
		mv_pass "$1"
	else
		mv_fail "$1" "got '$2', want '$3'"
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
