#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-sources.sh: where records come from: standard input, a saved file,
# a debugfs-like directory (MODVERIFY_DEBUGFS), its history, and each way
# the real debugfs file can be unreadable, with the fix the reader offers.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

# A live record over a minute old (the fixture's timestamp is of 2025) may
# not be the user's last load: the reader says what a later one missed.
n=source/debugfs-old-record
run MODVERIFY_DEBUGFS="$dfs"
expect_fixed "$n/says-old" "If you loaded a module since, nothing of it reached the kernel's loader"
# kmod's insmod (tools/insmod.c, v30 to v34.2): "could not load module" when
# it cannot open the file, before finit_module(); modprobe's "Module %s not
# found in directory %s" before it too (tools/modprobe.c)
expect_fixed "$n/wrong-path" "could not load module X"
expect_fixed "$n/not-found" "Module X not found in directory"
expect_fixed "$n/loaded-after" "modverify was loaded after the attempt"
sed "s/^timestamp: .*/timestamp: $(date +%s).000000000/" "$FIX/module-layout.rec" \
	> "$dfs/modverify/last"
run MODVERIFY_DEBUGFS="$dfs"
expect_rc "$n/fresh-exit" 1
expect_no_grep "$n/fresh-not-old" "reached the kernel's loader"
run --file "$FIX/module-layout.rec"
expect_no_grep "$n/saved-file-not-old" "reached the kernel's loader"
cp "$FIX/module-layout.rec" "$dfs/modverify/last"
run MODVERIFY_DEBUGFS="$dfs" -- --json
expect_jq "$n/json-unchanged" '.module == "hello"'

n=source/debugfs-no-attempt-yet
: > "$dfs/modverify/last"
run MODVERIFY_DEBUGFS="$dfs"
expect_rc "$n/exit" 3
expect_grep "$n/message" "nothing reached the kernel's loader since modverify was loaded" "$W/err"
expect_fixed "$n/wrong-path" "could not load module X" "$W/err"
expect_fixed "$n/loaded-after" "modverify was loaded after the attempt" "$W/err"
expect_no_grep "$n/nothing-on-stdout" . "$W/out"
run MODVERIFY_DEBUGFS="$dfs" -- --json
expect_jq "$n/json" '(.error | test("nothing reached the kernel.s loader")) and .fix == "modverify --follow"'
: > "$dfs/modverify/history"
run MODVERIFY_DEBUGFS="$dfs" -- --history
expect_rc "$n/history-exit" 3
expect_grep "$n/history-message" "nothing reached the kernel's loader" "$W/err"

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
# --history is one JSON array however many records it holds
cp "$FIX/symbol-crc.rec" "$dfs/modverify/history"
run MODVERIFY_DEBUGFS="$dfs" -- --history --json
expect_rc "$n/one-exit" 1
expect_jq "$n/one-json-array" 'type == "array" and ([.[].seq] == [5])'
run MODVERIFY_DEBUGFS="$dfs" -- --all --pretty
expect_jq "$n/one-pretty-array" 'type == "array" and length == 1'
# a saved file of one record stays one object
run --file "$dfs/modverify/history" --json
expect_jq "$n/file-one-object" 'type == "object" and .seq == 5'
cat "$FIX/module-layout.rec" "$FIX/symbol-crc.rec" "$FIX/loaded-clean.rec" \
	> "$dfs/modverify/history"
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

finish
