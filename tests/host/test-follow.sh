#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-follow.sh: --follow reads the stream file (MODVERIFY_DEBUGFS points
# the reader at a directory whose modverify/stream is a FIFO this test
# writes, as the kernel writes the real one): each record is printed as it
# arrives, in order, a "lost: N" line in its place (text line, JSON
# {"lost": N}), a record that arrives in pieces once whole; the reader
# blocks without polling, exits 0 when interrupted or when the stream ends.
# The expected values are the fixtures' own fields and what the test wrote.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DBG=$W/debugfs
STREAM=$DBG/modverify/stream
mkdir -p "$DBG/modverify"
mkfifo "$STREAM"

# wait_for FILE ERE: until a line of FILE matches (5 s at most)
wait_for()
{
	local _

	for _ in $(seq 50); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# follow_stream ARGS...: the reader follows $STREAM; the test writes
# loaded-clean.rec, "lost: 2", module-layout.rec in two pieces; then the
# reader is interrupted.  Output in $W/out, $W/err, status in $rc.
follow_stream()
{
	local pid

	MODVERIFY_DEBUGFS=$DBG "$MV" --follow "$@" >"$W/out" 2>"$W/err" &
	pid=$!
	exec 3>"$STREAM"
	cat "$FIX/loaded-clean.rec" >&3
	wait_for "$W/out" "$(field "$FIX/loaded-clean.rec" module)" ||
		mv_fail "$n/first-record-before-the-next" "nothing printed for the first record"
	echo 'lost: 2' >&3
	head -n 10 "$FIX/module-layout.rec" >&3
	sleep 0.3
	if grep -q "$(field "$FIX/module-layout.rec" module)" "$W/out"; then
		mv_fail "$n/half-a-record-waits" "printed before the record was whole"
	else
		mv_pass "$n/half-a-record-waits"
	fi
	tail -n +11 "$FIX/module-layout.rec" >&3
	wait_for "$W/out" "$(field "$FIX/module-layout.rec" module)" ||
		mv_fail "$n/second-record" "not printed"
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	exec 3>&-
}

n=follow/stream-text
follow_stream --color=never
expect_rc "$n/exit-on-interrupt" 0
got=$(grep -E '^([a-z0-9_]+: (loaded|rejected)|lost: )' "$W/out" | cut -d' ' -f1-2 | tr '\n' '|')
want="$(field "$FIX/loaded-clean.rec" module): loaded:|lost: 2|$(field "$FIX/module-layout.rec" module): rejected|"
expect_eq "$n/records-and-lost-in-order" "$got" "$want"
expect_no_grep "$n/nothing-on-stderr" . "$W/err"

n=follow/stream-json
follow_stream --json
expect_rc "$n/exit-on-interrupt" 0
if [ -n "$JQ" ]; then
	expect_eq "$n/seq-lost-seq" "$(jq -c 'if has("lost") then {lost} else .seq end' "$W/out" | tr '\n' ' ')" \
		"$(field "$FIX/loaded-clean.rec" seq) {\"lost\":2} $(field "$FIX/module-layout.rec" seq) "
else
	mv_skip "$n/seq-lost-seq" "jq is not installed"
fi
if [ "$(wc -l < "$W/out")" = 3 ]; then
	mv_pass "$n/one-line-each"
else
	mv_fail "$n/one-line-each" "$(wc -l < "$W/out") lines"
fi

# The writer closes the stream (the kernel does when modverify.ko unloads):
# the reader prints what it got and ends by itself.
n=follow/stream-end
MODVERIFY_DEBUGFS=$DBG "$MV" --follow -j >"$W/out" 2>"$W/err" &
pid=$!
cat "$FIX/running.rec" "$FIX/task-exited-init.rec" >"$STREAM"
if timeout 5 tail --pid="$pid" -f /dev/null; then
	wait "$pid"
	rc=$?
	expect_rc "$n/exit-0" 0
	expect_jq "$n/both" '.state' "$W/out"
	expect_eq "$n/states" "$(grep -o '"state":"[a-z_]*"' "$W/out" | tr '\n' ' ')" \
		"\"state\":\"$(field "$FIX/running.rec" state)\" \"state\":\"$(field "$FIX/task-exited-init.rec" state)\" "
	expect_grep "$n/says-it-ended" 'WARNING: .*stream ended' "$W/err"
else
	kill "$pid"
	mv_fail "$n/ends" "the reader did not end with the stream"
fi

# Nothing arrives: the reader sleeps in the kernel (here in pselect), and a
# signal still ends it at once.
n=follow/interrupt-while-waiting
MODVERIFY_DEBUGFS=$DBG "$MV" --follow >"$W/out" 2>"$W/err" &
pid=$!
exec 3>"$STREAM"
sleep 0.5
kill -TERM "$pid"
if timeout 3 tail --pid="$pid" -f /dev/null; then
	wait "$pid"
	rc=$?
	expect_rc "$n/exit-0" 0
else
	kill -KILL "$pid"
	mv_fail "$n/ends" "still waiting 3 s after SIGTERM"
fi
exec 3>&-

# A saved stream, and standard input: read to the end, lost lines included.
n=follow/file
{ cat "$FIX/symbol-crc.rec"; echo 'lost: 5'; cat "$FIX/init-failure.rec"; } >"$W/saved"
run --follow --file "$W/saved" --color=never
expect_rc "$n/exit-0" 0
expect_eq "$n/order" "$(grep -oE '^([a-z0-9_]+: (rejected|init failed)|lost: 5)' "$W/out" | tr '\n' '|')" \
	"$(field "$FIX/symbol-crc.rec" module): rejected|lost: 5|$(field "$FIX/init-failure.rec" module): init failed|"
"$MV" --follow --file - -j <"$W/saved" >"$W/out" 2>"$W/err"
rc=$?
expect_rc "$n/stdin-exit-0" 0
expect_eq "$n/stdin-three-lines" "$(wc -l < "$W/out")" 3

# A bad record in the stream is reported with its line, and following goes on.
n=follow/bad-record
{ cat "$FIX/bad-garbage.rec"; cat "$FIX/loaded-clean.rec"; } >"$W/saved"
run --follow --file "$W/saved"
expect_rc "$n/exit-0" 0
expect_grep "$n/error-names-line" "^modverify: ERROR: .*saved: line 1: not a modverify record" "$W/err"
expect_grep "$n/next-record-shown" "^$(field "$FIX/loaded-clean.rec" module): loaded"

n=follow/usage
run --from 3
expect_rc "$n/from-needs-follow" 2
run --follow --from 3 --file "$W/saved"
expect_rc "$n/from-not-with-file" 2
run --follow --from x
expect_rc "$n/from-number" 2

# No polling: the reader never sleeps on a timer.
n=follow/no-polling
if grep -nE '\b(nanosleep|usleep|sleep|alarm|timerfd_create)\s*\(' "$TOP"/userspace/*.c "$TOP"/userspace/lib/*.c >"$W/grep"; then
	mv_fail "$n/no-timer" "$(head -n 2 "$W/grep")"
else
	mv_pass "$n/no-timer"
fi

# ---- the journal exporter follows the stream ---------------------------------

# packaging/modverify-journal exports the history, then follows the stream
# from the next seq.  A FIFO cannot seek, so the reader it runs is wrapped:
# the wrapper notes its arguments and follows without --from.  The
# history holds seq 3, 4 and a running record; the stream then brings seq
# 4 again, "lost: 3" and seq 8.
n=follow/journal
if [ -z "$JQ" ]; then
	mv_skip "$n/export" "jq is not installed"
else
	cat "$FIX/module-layout.rec" "$FIX/vermagic-flags.rec" "$FIX/running.rec" \
		>"$DBG/modverify/history"
	cat >"$W/reader" <<-EOF
	#!/bin/sh
	case "\$*" in
	*--follow*) echo "\$*" >"$W/reader.args"; exec "$MV" --follow --json ;;
	*) exec "$MV" "\$@" ;;
	esac
	EOF
	chmod +x "$W/reader"
	MODVERIFY=$W/reader MODVERIFY_DEBUGFS=$DBG "$TOP/packaging/modverify-journal" \
		--output "$W/journal" --state "$W/journal.state" 2>"$W/journal.err" &
	pid=$!
	{ cat "$FIX/vermagic-flags.rec"; echo 'lost: 3'; cat "$FIX/init-failure.rec"; } >"$STREAM"
	if timeout 10 tail --pid="$pid" -f /dev/null; then
		wait "$pid"
		expect_eq "$n/exit" "$?" 0
	else
		kill "$pid"
		mv_fail "$n/exit" "the exporter did not end with the stream"
	fi
	expect_eq "$n/follows-from-the-next" "$(cat "$W/reader.args" 2>/dev/null)" "--follow --json --from 5"
	expect_eq "$n/entries" "$(grep -E '^MODVERIFY_(SEQ|LOST)=' "$W/journal" | tr '\n' ' ')" \
		"MODVERIFY_LOST=2 MODVERIFY_SEQ=3 MODVERIFY_SEQ=4 MODVERIFY_LOST=3 MODVERIFY_SEQ=8 "
	expect_grep "$n/lost-range" '^MESSAGE=modverify-journal: 3 load attempt records \(seq 5 to 7\)' "$W/journal"
	expect_eq "$n/state" "$(cut -d' ' -f1 "$W/journal.state")" 8
	expect_no_grep "$n/no-errors" ERROR "$W/journal.err"
fi

finish
