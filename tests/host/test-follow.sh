#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-follow.sh: --follow prints each new record once, as text or one JSON
# object per line, and exits 0 when interrupted.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

finish
