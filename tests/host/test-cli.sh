#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-cli.sh: the command line: the commands (show, check, help, version),
# global options before or after the command, usage errors (exit 2, also
# as JSON with -j), --pretty, and the colour rules on and off a terminal.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

# the commands: help [COMMAND] and version, like -h and -V
n=cli/help-command
run help
expect_rc "$n/exit" 0
expect_grep "$n/usage" '^Usage: modverify'
for c in show check help version; do
	expect_grep "$n/lists-$c" "^  $c +[a-z]"
done
run help check
expect_rc "$n/check-exit" 0
expect_grep "$n/check-usage" '^Usage: modverify check '
run help no-such-command
expect_rc "$n/unknown-command" 2
expect_grep "$n/unknown-command-message" "^modverify: ERROR: unknown command 'no-such-command'" "$W/err"

n=cli/version-command
run version
expect_rc "$n/exit" 0
expect_grep "$n/text" '^modverify version [0-9]'
run -j version
expect_jq "$n/json" '.record_version == 1 and (.version | type == "string")'
run version extra
expect_rc "$n/operand" 2

# show is the default command, and can be named
n=cli/show-command
run show --file "$FIX/module-layout.rec" --color=never
expect_rc "$n/exit" 1
expect_headline "$n/headline" '^hello: rejected'
# a global option before the command, a command's own option after it
run --json show --file "$FIX/module-layout.rec"
expect_jq "$n/json-before" '.seq == 3'
# an option of another command is unknown to this one
run check -a x.ko
expect_rc "$n/foreign-option" 2
expect_grep "$n/foreign-option-message" "^modverify: ERROR: unknown option '-a'; see 'modverify check --help'" "$W/err"

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
# (--follow --file - reads a stream from standard input: test-follow.sh)
run --follow --history
expect_rc "$n/follow-history" 2
expect_grep "$n/follow-history-message" 'does not go with --file or --follow' "$W/err"

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

finish
