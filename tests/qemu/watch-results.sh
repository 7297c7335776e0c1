# SPDX-License-Identifier: GPL-2.0
#
# The records of `modverify watch` beside modverify.ko's, from boots of
# watch-guest.sh (two watch processes, the default set of programs and the
# kprobe set, then modverify.ko, then core-guest.sh's scenarios).  Sourced
# by test-watch.sh and test-coverage.sh after setup.sh.

# Keys both backends observe (or derive by the same rule) on every kernel;
# the others differ by design (docs/record-format.md, "modverify watch").
SAME_KEYS="kernel pid comm module srcversion image_size module_size flags state result
decided_by signature sig_verified sig_enforced sig_reason vermagic_module
vermagic_kernel vermagic_release_compared vermagic_verdict vermagic_differs
crc_total crc_omitted taint_before taint_after taint_added module_taint init_result btf btf_log
parameters parameter_rejected refused_at lsm"

# prepare_watch_share: the guest scripts in $share, and one module of the
# kernel's own tree, which watch-guest.sh installs as on a real machine:
# where no same_magic() shows the kernel's vermagic, watch takes it from
# there.
prepare_watch_share()
{
	local intree

	intree=$(find "$(mv_moddir "$rel")/kernel" -name '*.ko*' -print -quit 2>/dev/null)
	[ -n "$intree" ] || setup_fail "no module in $(mv_moddir "$rel")/kernel"
	mkdir -p "$share/intree"
	cp "$intree" "$share/intree/"
	cp "$TOP/tests/qemu/core-guest.sh" "$TOP/tests/qemu/watch-guest.sh" "$share/"
}

# watch_boot NAME [vm-run options]: watch-guest.sh over scenarios.NAME;
# core-guest.sh's results in $RES, each watch's records in $RES/watch/ and
# $RES/watch-kp/.  Both watch processes attached, lost nothing and left
# nothing attached; their records are the same (check_kprobe_set).
watch_boot()
{
	local name=$1

	shift
	RES=$work/res-$name
	if ! "$TOP/tests/qemu/vm-run" --kernel "$rel" --no-modverify --share "$share" \
		--timeout 300 "$@" -- sh watch-guest.sh "scenarios.$name" \
		> "$work/$name.out" 2> "$work/$name.err"; then
		mv_fail "$T/$name/boot" "vm-run failed: $(tail -n 3 "$work/$name.err")"
		return 1
	fi
	mv_pass "$T/$name/boot"
	split_results "$work/$name.out" "$RES"
	split_records "$name" WATCHREC WATCHOUT watch
	split_records "$name" KPWATCHREC KPWATCHEND watch-kp
	marker() { sed -n "s/^@@$1 //p" "$work/$name.out"; }
	expect_eq "$name/watch started" "$(marker WATCHSTART)" ok
	expect_eq "$name/watch exit on SIGINT" "$(marker WATCHRC)" 0
	expect_eq "$name/kprobe watch started" "$(marker KPWATCHSTART)" ok
	expect_eq "$name/kprobe watch exit on SIGINT" "$(marker KPWATCHRC)" 0
	# The default set: fentry/fexit (BPF trampolines), but on PREEMPT_RT,
	# where those programs run preemptibly and miss overlapping loads.
	if [ "$(mv_kconfig "$rel" CONFIG_PREEMPT_RT)" = y ]; then
		expect_match "$name/watch attached kprobes on PREEMPT_RT" \
			"$(sed -n '/^@@WATCHERR$/,/^@@WATCHREC$/p' "$work/$name.out")" \
			'\(kprobe/kretprobe, [0-9]+ programs attached\)'
		expect_eq "$name/no trampoline while attached" "$(marker TRAMPS_ATTACHED)" 0
	else
		expect_match "$name/watch attached fentry/fexit" \
			"$(sed -n '/^@@WATCHERR$/,/^@@WATCHREC$/p' "$work/$name.out")" \
			'\(fentry/fexit, [0-9]+ programs attached\)'
		expect_match "$name/trampolines while attached" "$(marker TRAMPS_ATTACHED)" '^[1-9][0-9]*$'
	fi
	expect_eq "$name/no trampoline after exit" "$(marker TRAMPS_AFTER)" 0
	expect_match "$name/nothing lost" \
		"$(sed -n '/^@@WATCHERR$/,/^@@WATCHREC$/p' "$work/$name.out")" \
		' 0 events lost, 0 attempts left incomplete, 0 still open$'
	expect_match "$name/kprobe watch attached as" \
		"$(sed -n '/^@@KPWATCHERR$/,/^@@KPWATCHREC$/p' "$work/$name.out")" \
		'\(kprobe/kretprobe, [0-9]+ programs attached\)'
	expect_match "$name/kprobe watch lost nothing" \
		"$(sed -n '/^@@KPWATCHERR$/,/^@@KPWATCHREC$/p' "$work/$name.out")" \
		' 0 events lost, 0 attempts left incomplete, 0 still open$'
	check_kprobe_set "$name"
}

# split_records BOOT FROM TO DIR: the records between @@FROM and @@TO of
# BOOT's output, into $RES/DIR.rec, and the last record of each loading pid
# into $RES/DIR/PID.rec.
split_records()
{
	mkdir -p "$RES/$4"
	sed -n "/^@@$2\$/,/^@@$3\$/p" "$work/$1.out" | sed '1d;$d' > "$RES/$4.rec"
	awk -v dir="$RES/$4" '
		{ rec = rec $0 "\n" }
		/^pid: / { pid = $2 }
		/^end: / { f = dir "/" pid ".rec"; printf "%s", rec > f; close(f); rec = "" }
	' "$RES/$4.rec"
}

# Both sets of programs watched the same attempts: the kprobe set's records
# are the fentry set's but for the times (taken at other instants).
check_kprobe_set()
{
	local f n=0 untimed='^(timestamp|boottime): '

	for f in "$RES"/watch/*.rec; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		expect_eq "$1/kprobe set's record of pid ${f##*/}" \
			"$(grep -Ev "$untimed" "$RES/watch-kp/${f##*/}" 2>/dev/null)" \
			"$(grep -Ev "$untimed" "$f")"
	done
	expect_match "$1/records to compare the kprobe set's with" "$n" '^[1-9][0-9]*$'
}

# wrec SCENARIO: watch's record of the scenario's attempt (the last one of
# the pid modverify.ko recorded); wfield SCENARIO KEY: KEY in it.
wrec() { echo "$RES/watch/$(field "$1" pid).rec"; }
wfield() { rfield "$(wrec "$1")" "$2"; }
# rfield RECORD_FILE KEY; module_rec MODULE: watch's record of MODULE
rfield() { sed -n "s/^$2: //p" "$1" 2>/dev/null | head -n 1; }
module_rec() { grep -l "^module: $1\$" "$RES"/watch/*.rec 2>/dev/null | head -n 1; }

# check_watched SCENARIO: watch recorded the scenario's attempt, whole, and
# every key both backends observe, and the crc, forced, unresolved and
# relocation lines, are modverify.ko's.  Returns 1 without a record.
check_watched()
{
	local s=$1 key

	if [ ! -f "$(wrec "$s")" ]; then
		mv_fail "$T/$s/watch record" "no record of pid $(field "$s" pid) in watch's output"
		return 1
	fi
	mv_pass "$T/$s/watch record"
	expect_eq "$s/watch backend" "$(wfield "$s" backend)" bpf
	expect_eq "$s/watch lost no event" "$(wfield "$s" events_lost)" 0
	for key in $SAME_KEYS; do
		expect_eq "$s/same $key" "$(wfield "$s" "$key")" "$(field "$s" "$key")"
	done
	for key in crc forced unresolved relocation; do
		expect_eq "$s/same $key lines" "$(grep "^$key:" "$(wrec "$s")" || true)" \
			"$(grep "^$key:" "$(res "$s" rec)" || true)"
	done
}
