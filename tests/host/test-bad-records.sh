#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-bad-records.sh: broken, oversized and hostile records.  The reader
# refuses what does not parse (exit 3, an error naming the line, nothing on
# stdout), and never sends a record's bytes to the terminal raw.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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
bad crc-exporter "$(grep -n '^crc_exporter:' "$FIX/bad-crc-exporter.rec" | cut -d: -f1)" \
	"'oe' is not taint letters"
bad crc-value "$(grep -n '^crc:' "$FIX/bad-crc-value.rec" | cut -d: -f1)" '0xZZ164fbb'
bad crc-space "$(grep -n '^crc:' "$FIX/bad-crc-space.rec" | cut -d: -f1)" 'tab'
bad result "$(grep -n '^result:' "$FIX/bad-result.rec" | cut -d: -f1)" 'errno'
bad missing-key "$(wc -l < "$FIX/bad-missing-key.rec")" "no 'decided_by' line"
bad module-size "$(grep -n '^module_size:' "$FIX/bad-module-size.rec" | cut -d: -f1)" "'abc' is not"
bad btf "$(grep -n '^btf:' "$FIX/bad-btf.rec" | cut -d: -f1)" "'weird'"
bad btf-errno "$(grep -n '^btf:' "$FIX/bad-btf-errno.rec" | cut -d: -f1)" 'negative errno'
bad escape "$(grep -n '^module:' "$FIX/bad-escape.rec" | cut -d: -f1)" "bad escape in '.qb'"
bad escape-nul "$(grep -n '^module:' "$FIX/bad-escape-nul.rec" | cut -d: -f1)" "bad escape in '.x00b'"
# the state and the keys that depend on it (docs/record-format.md: a
# running record has seq, end and result "-" and decided_by pending; only
# a returned record has a result); the line named is the key's own
at() { grep -n "^$2:" "$FIX/bad-$1.rec" | cut -d: -f1; }
bad state "$(at state state)" "state: 'oopsed' is not"
bad seq-none-returned "$(at seq-none-returned seq)" "'seq: -' is only for a running record"
bad running-seq "$(at running-seq seq)" 'running record has no seq'
bad running-result "$(at running-result result)" 'running record has no result'
bad running-decided "$(at running-decided decided_by)" "decided by 'pending', not 'init'"
bad pending-returned "$(at pending-returned decided_by)" "'decided_by: pending' is only for a running record"
bad task-exited-result "$(at task-exited-result result)" 'task_exited record has no result'
bad result-none "$(at result-none result)" 'result of the attempt is required'
bad end-none "$(at end-none end)" "'end: -' does not repeat 'seq: 8'"
bad relocation "$(at relocation relocation)" "offset '54' is not 0x"

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

finish
