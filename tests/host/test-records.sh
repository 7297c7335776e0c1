#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-records.sh: the reader on the fixture records (tests/host/fixtures,
# one per scenario the kernel module records): exit status, headline,
# valid JSON with the keys CI relies on, and each scenario's own facts.
#
# The expectations are facts read off the fixtures, the record format
# (docs/record-format.md), kmod's insmod.c texts and the kernel's rules,
# asserted one by one; no output of the reader is stored as "expected".
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# JSON keys the issue requires, with the types CI relies on.
REQUIRED='has("seq") and has("module") and has("decided_by") and has("flags")
	and (.result == null or (.result | has("errno") and has("name")))
	and (.state | IN("returned", "running", "task_exited")) and has("relocation")
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
	local f=$FIX/$1.rec n=fixture/$1 mod want seq state

	want=$(want_status "$f")
	mod=$(field "$f" module)
	[ "$mod" = - ] && mod="(unknown module)"
	# refused before load_module(): no module was read
	[ "$mod" = "(unknown module)" ] && [ "$(field "$f" refused_at)" != - ] &&
		[ -n "$(field "$f" refused_at)" ] && mod="(module name not read)"
	seq=$(field "$f" seq)
	state=$(field "$f" state)
	# docs/record-format.md: a record without state is returned; a
	# running one has no seq; modverify(8): exit 4 while init runs
	[ -n "$state" ] || state=returned
	[ "$state" = running ] && want=4 seq=null

	run --file "$f" --color=never
	expect_rc "$n/exit" "$want"
	expect_headline "$n/headline-module" "^${mod//[()\\]/.}: "
	if [ "$state" = running ]; then
		expect_headline "$n/headline-running" "^[^:]*: init running \\(not returned yet\\)"
	elif [ "$state" = task_exited ]; then
		expect_headline "$n/headline-task-died" "^[^:]*: the loading task died (in the module's init|inside the loader) \\(an oops: see dmesg\\)$"
	elif [ "$want" = 0 ]; then
		expect_headline "$n/headline-loaded" "^[^:]*: loaded"
	else
		expect_headline "$n/headline-not-loaded" "^[^:]*: (rejected|init failed) \\(E[A-Z0-9]+, \"[^\"]+\"\\): "
	fi
	expect_no_grep "$n/no-escapes-when-not-a-tty" "$ESC"

	run --file "$f" --json
	expect_rc "$n/json-exit" "$want"
	expect_json_valid "$n/json-valid"
	expect_jq "$n/json-required-keys" "$REQUIRED"
	expect_jq "$n/json-seq" ".seq == $seq and .record_version == 1 and .state == \"$state\""
	expect_jq "$n/json-loaded" ".loaded == $([ "$want" = 0 ] && echo true || echo false)"
	if [ "$(wc -l < "$W/out")" = 1 ]; then
		mv_pass "$n/json-one-line"
	else
		mv_fail "$n/json-one-line" "$(wc -l < "$W/out") lines without --pretty"
	fi
	taint_letters "$f" "$n"
}

# taint_letters FIXTURE NAME: every taint-letter field of the JSON says "no
# letters" as "" and "unknown" as null (docs/record-format.md), never "-":
# taint.*.letters are the record's letters; module_taint the record's
# letters, or for "-" "" when the loader read the module's taints (it
# reached btf_module_notify or do_init_module) and they added nothing
taint_letters()
{
	local f=$1 n=$2 k v letters mt want stages

	for k in before after added; do
		v=$(field "$f" "taint_$k")
		if [ "$v" = - ]; then
			expect_jq "$n/taint-$k-unknown" ".taint.$k == null"
			continue
		fi
		letters=${v#* }
		[ "$letters" = - ] && letters=
		expect_jq "$n/taint-$k-letters" ".taint.$k.letters == \"$letters\""
	done
	mt=$(field "$f" module_taint)
	stages=" $(field "$f" stages | sed 's/\*[0-9]*//g') "
	if [ "$mt" != - ]; then
		want="\"$mt\""
	elif [[ $stages == *" do_init_module "* || $stages == *" btf_module_notify "* ]] &&
		[ "$(field "$f" taint_added)" = "0x0 -" ]; then
		want='""'
	else
		want=null
	fi
	expect_jq "$n/module-taint" ".module_taint == $want"
}

for f in "$FIX"/*.rec; do
	name=$(basename "$f" .rec)
	case $name in bad-*) continue ;; esac
	generic "$name"
done

# ---- the JSON keys in jq's shorthand {key} --------------------------------
# jq 1.6 (Debian 12's) takes `module` for its keyword in {module}
# (jqlang/jq#1664, the same for `end`): the key stays, and the record
# format and the man page give the spellings that work.  Any other key
# jq cannot take in that form fails here, with the installed jq as judge.
n=json/jq-shorthand
if [ -z "$JQ" ]; then
	mv_skip "$n" "jq is not installed"
else
	for f in "$FIX"/*.rec; do
		case $(basename "$f") in bad-*) continue ;; esac
		"$MV" --file "$f" --json 2>/dev/null
	done | jq -r '[paths | .[] | strings] | .[]' | sort -u > "$W/keys"
	bad=
	while read -r k; do
		jq -n "{\"$k\": 1} | {$k}" >/dev/null 2>&1 || bad="$bad $k"
	done < "$W/keys"
	expect_eq "$n/keywords-among-keys" "${bad# }" "module"
	run --file "$FIX/module-layout.rec" --json
	mod=$(field "$FIX/module-layout.rec" module)
	for spelling in '{module: .module}' '{"module"}' '.module'; do
		want="{\"module\":\"$mod\"}"
		[ "$spelling" = .module ] && want="\"$mod\""
		expect_eq "$n/works: $spelling" "$(jq -c "$spelling" "$W/out" 2>&1)" "$want"
		expect_fixed "$n/record-format-gives: $spelling" "\`$spelling\`" "$TOP/docs/record-format.md"
	done
	expect_fixed "$n/man-page-gives" '{module: .module}' "$TOP/userspace/modverify.8"
fi

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

# a watch record made while events were lost says so (record-format.md)
n=fixture/watch-events-lost
run --file "$FIX/watch-events-lost.rec"
expect_fixed "$n/events lost" "2 while this load was under way (by any loader): this record may lack facts"
run --file "$FIX/symbol-crc.rec"
expect_no_grep "$n/none in a module's record" '^events lost:'
run --file "$FIX/watch-events-lost.rec" -j
expect_jq "$n/json" '.backend == "bpf" and .events_lost == 2'
run --file "$FIX/symbol-crc.rec" -j
expect_jq "$n/json null in a module's record" '.backend == "kmod" and .events_lost == null'

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
# loaded by modprobe, which says strerror()'s "Invalid argument" for EINVAL
# (namjaejeon/ksmbd#485: "modprobe: ERROR: could not insert 'ksmbd': Invalid argument")
expect_headline "$n/verdict" '^ksmbd: rejected \(EINVAL, "Invalid argument"\): .*ib_mr_pool_destroy'
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

# ---- what the loading tool printed, by the record's comm -------------------
# kmod's own words, v30 (Debian 12) to v34.2, identical in each: insmod's
# tools/insmod.c mod_strerror() and modprobe's tools/modprobe.c (insmod(),
# insmod_insert() since v32) "could not insert '%s': ..." for ENOENT and
# EEXIST; strerror() for the rest.
INSMOD_ENOENT="Unknown symbol in module"
MODPROBE_ENOENT="Unknown symbol in module, or unknown parameter (see dmesg)"
MODPROBE_EEXIST="Module already in kernel"
kmod_bin=$(readlink -f "$(command -v modprobe || echo /sbin/modprobe)" 2>/dev/null)
for t in "$INSMOD_ENOENT" "$MODPROBE_ENOENT" "$MODPROBE_EEXIST"; do
	if [ ! -f "$kmod_bin" ]; then
		mv_skip "tool-text/kmod-binary-has '$t'" "no kmod binary (modprobe) on this host"
	elif grep -qaF -- "$t" "$kmod_bin"; then
		mv_pass "tool-text/kmod-binary-has '$t'"
	else
		mv_fail "tool-text/kmod-binary-has '$t'" "not in $kmod_bin"
	fi
done
# libc's own text for an errno, as another loader (systemd's %m) prints it
strerror() { perl -MErrno -e "\$! = Errno::$1(); print \"\$!\n\""; }

# as_tool FIXTURE COMM: the fixture, loaded by another task
as_tool()
{
	sed "s/^comm: .*/comm: $2/" "$FIX/$1.rec" > "$W/$1-$2.rec"
	echo "$W/$1-$2.rec"
}

n=tool-text/insmod-enoent
run --file "$FIX/unknown-symbol.rec"
expect_grep "$n/result" "^result: +-2 ENOENT \(insmod: \"$INSMOD_ENOENT\"\)$"
n=tool-text/modprobe-enoent
run --file "$(as_tool unknown-symbol modprobe)"
expect_headline "$n/headline" "^it87: rejected \(ENOENT, \"${MODPROBE_ENOENT//[().]/.}\"\): "
expect_fixed "$n/result" "(modprobe: \"$MODPROBE_ENOENT\")"
expect_no_grep "$n/not-strerror" "No such file or directory"
run --file "$W/unknown-symbol-modprobe.rec" -j
expect_jq "$n/json" ".result.modprobe_text == \"$MODPROBE_ENOENT\" and
	.result.insmod_text == \"$INSMOD_ENOENT\" and .loader.comm == \"modprobe\""
n=tool-text/other-loader-enoent
run --file "$(as_tool unknown-symbol systemd-udevd)"
expect_fixed "$n/both" "(insmod: \"$INSMOD_ENOENT\", modprobe: \"$MODPROBE_ENOENT\")"
expect_headline "$n/headline-strerror" "^it87: rejected \(ENOENT, \"$(strerror ENOENT)\"\): "
# insmod's EEXIST is strerror()'s (tests/qemu/test-core.sh saw "insmod: ERROR:
# could not insert module mv_slow.ko: File exists")
n=tool-text/insmod-eexist
run --file "$FIX/duplicate.rec"
expect_fixed "$n/result" "(insmod: \"$(strerror EEXIST)\")"
n=tool-text/modprobe-eexist
run --file "$(as_tool duplicate modprobe)"
expect_headline "$n/headline" "^hello: rejected \(EEXIST, \"$MODPROBE_EEXIST\"\): "
# libkmod's kmod_module_probe_insert_module() takes EEXIST for success
# unless KMOD_PROBE_FAIL_ON_LOADED (modprobe --first-time)
expect_fixed "$n/silent-without-first-time" "printed nothing and exited 0, unless run with --first-time"
run --file "$FIX/duplicate.rec"
expect_no_grep "$n/insmod-not-told" "first-time"
n=tool-text/btf-advice
run --file "$FIX/btf-invalid.rec"
expect_fixed "$n/insmod" "insmod says 'Invalid parameters'"
run --file "$(as_tool btf-invalid modprobe)"
expect_fixed "$n/modprobe" "modprobe says '$(strerror EINVAL)'"

# ---- no cap on advice: every item the record calls for is shown -----------

# 20 unresolved imports (a prediction lists them all): the advice that fixes
# it, modprobe, is there, and the text lists as many items as the JSON
n=advice/many-unresolved
awk -v tab="$TAB" '/^unresolved:/ { for (i = 1; i <= 20; i++) printf "unresolved:%smv_sym_%02d\n", tab, i; next } 1' \
	"$FIX/unknown-symbol.rec" > "$W/many-unresolved.rec"
run --file "$W/many-unresolved.rec"
for i in 01 10 20; do
	expect_fixed "$n/symbol-$i" "mv_sym_$i"
done
text_items=$(grep -cE '^  [0-9]+\. ' "$W/out")
run --file "$W/many-unresolved.rec" -j
expect_jq "$n/modprobe" '[.advice[] | select(.command == "modprobe it87")] | length == 1'
expect_jq "$n/text-and-json-agree" "(.advice | length) == $text_items"
# a module that set 18 taint flags: one item per letter the record names,
# then that nothing needs fixing
n=advice/many-taints
letters=PSRMBUDAWCIOELKXTN
sed -e "s/^taint_after: .*/taint_after: 0x7fffd $letters/" \
	-e "s/^taint_added: .*/taint_added: 0x7fffd $letters/" \
	-e "s/^module_taint: .*/module_taint: $letters/" \
	"$FIX/loaded-taint-oe.rec" > "$W/many-taints.rec"
run --file "$W/many-taints.rec" -j
for ((i = 0; i < ${#letters}; i++)); do
	l=${letters:i:1}
	expect_jq "$n/letter-$l" "[.advice[].text | select(startswith(\"$l (\"))] | length == 1"
done
expect_jq "$n/nothing-to-fix-last" '.advice[-1].text == "Nothing to fix: the module is loaded."'

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

# Another kernel build's in-tree module (the fixture's values are modinfo's
# of Debian's 6.1.0-50-cloud isofs.ko): signed by that build's own key,
# which nothing can enrol; the fix is the running kernel's copy.
n=fixture/signature-build-key
run --file "$FIX/signature-build-key.rec"
expect_grep "$n/signer" '^signer: +Build time autogenerated kernel key; key: 0F:03:AA:1A:7A:5C:EA:CD:46:05:41:BA:84:27:7A:99:B3:91:ED:F0; hash: sha256; in the kernel.s keyrings: no'
expect_grep "$n/modinfo" '^modinfo: +in-tree: yes; license: GPL; depends: cdrom'
expect_fixed "$n/mokutil cannot help" "Enrolling a certificate with mokutil cannot make this kernel accept it."
expect_no_grep "$n/no mokutil --import" 'mokutil --import'
expect_fixed "$n/module_layout next" "the kernel would compare its struct-layout CRC (module_layout) next"
expect_fixed "$n/own copy" "modprobe isofs"
expect_fixed "$n/or its kernel" "Or boot the kernel it was built for (6.1.0-50-cloud-amd64)"
expect_no_grep "$n/no rebuild command" '^ +make -C'
run --file "$FIX/signature-build-key.rec" -j
expect_jq "$n/json" '.signature.sig_id == "PKCS#7" and
	.signature.signer == "Build time autogenerated kernel key" and
	.signature.sig_key == "0F:03:AA:1A:7A:5C:EA:CD:46:05:41:BA:84:27:7A:99:B3:91:ED:F0" and
	.signature.sig_hashalgo == "sha256" and .signature.key_trusted == false and
	.modinfo == {"intree": "Y", "retpoline": "Y", "license": "GPL", "depends": "cdrom"}'

# The same isofs into 6.1.0-57-rt (a record of test-coverage's boot): the
# vermagic's preempt word differs too, but the struct-layout CRC is compared
# first (check_modstruct_version() before check_modinfo(); the boot's
# unenforced load of that file was refused by module_layout).
n=fixture/signature-build-key-rt
run --file "$FIX/signature-build-key-rt.rec"
expect_fixed "$n/module_layout first" "the struct-layout CRC check (module_layout) would most likely refuse it next, and the vermagic check for certain after it"
expect_no_grep "$n/not vermagic next" 'the vermagic check would refuse it next'

# Unresolved imports of a module whose depends= names their exporter: one
# remedy, not one line per symbol.
n=fixture/unknown-symbol-depends
run --file "$FIX/unknown-symbol-depends.rec"
expect_grep "$n/one remedy" '^  1\. It depends on cdrom .*load cdrom first, or load this one with modprobe'
expect_fixed "$n/modprobe" "modprobe isofs"
expect_no_grep "$n/no line per symbol" 'is exported by no loaded module'
expect_no_grep "$n/only one item" '^  2\. '

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

# ---- attempts that did not return, relocations ---------------------------

# An older modverify.ko writes no state line: such a record is returned.
n=fixture/no-state
if grep -q '^state:' "$FIX/init-failure.rec"; then
	mv_fail "$n/fixture" "init-failure.rec has a state line"
else
	run --file "$FIX/init-failure.rec" -j
	expect_jq "$n/returned" '.state == "returned" and .relocation == null and .seq == 8'
	run --file "$FIX/init-failure.rec"
	expect_no_grep "$n/no-state-line" '^state:'
fi

n=fixture/running
run --file "$FIX/running.rec"
expect_rc "$n/exit-4" 4
expect_headline "$n/since" "^mv_slow: init running \\(not returned yet\\) since dmesg \\[  416\\.000000\\]$"
expect_grep "$n/state-line" '^state: +running - '
expect_grep "$n/no-number" '^attempt: +\(no number'
expect_no_grep "$n/no-refusal-words" '(rejected|refused|ERROR|failed)'
expect_fixed "$n/stack" "cat /proc/$(field "$FIX/running.rec" pid)/stack"
run --file "$FIX/running.rec" -j
expect_jq "$n/json" '.seq == null and .state == "running" and .outcome == "running" and
	.loaded == false and .result == null and .init_result == null and
	.decided_by == "pending" and .relocation == null'

# task_exited: the loading task died; decided_by tells where (init or unknown)
for t in init:"in the module's init" loader:"inside the loader"; do
	f=$FIX/task-exited-${t%%:*}.rec
	n=fixture/task-exited-${t%%:*}
	run --file "$f"
	expect_rc "$n/exit-1" 1
	expect_headline "$n/headline" "^$(field "$f" module): the loading task died ${t#*:} \\(an oops: see dmesg\\)$"
	expect_grep "$n/state-line" '^state: +task_exited - '
	expect_fixed "$n/dmesg-advice" "dmesg | grep -E -A 25 'BUG:|Oops:'"
	expect_grep "$n/oops-names-function" 'names the function'
	run --file "$f" -j
	expect_jq "$n/json" ".seq == $(field "$f" seq) and .state == \"task_exited\" and
		.outcome == \"task_exited\" and .loaded == false and .result == null and
		.decided_by == \"$(field "$f" decided_by)\" and (.taint.after.letters | test(\"D\"))"
done
run --file "$FIX/task-exited-init.rec"
expect_fixed "fixture/task-exited-init/module-buggy" "The module's init is buggy"

# relocations: the record's TAB-separated fields, read here with awk
for r in target-nonzero overflow unknown-type failed; do
	f=$FIX/relocation-$r.rec
	n=fixture/relocation-$r
	IFS=$TAB read -r _ reason type section offset symbol < <(grep "^relocation:$TAB" "$f")
	run --file "$f"
	expect_rc "$n/exit" 1
	expect_headline "$n/errno" '^[a-z_]+: rejected \(ENOEXEC, "Invalid module format"\): the loader refused '
	expect_fixed "$n/readelf" "readelf -rW $(field "$f" module).ko"
	expect_no_grep "$n/not-the-vermagic" '^  [0-9]+\. .*(vermagic (differs|mismatch)|built for another kernel release)'
	expect_grep "$n/decided-by" '^decided by: +relocation - '
	expect_grep "$n/line" "^relocation: +$reason: type $type, $section"
	if [ "$type" != - ]; then
		expect_headline "$n/names-type" "relocation (type )?$type"
	fi
	if [ "$symbol" != - ]; then
		expect_headline "$n/names-symbol" " of ${symbol//./\\.} in ${section//./\\.}\\+$offset"
	fi
	run --file "$f" -j
	jnull() { [ "$1" = - ] && echo null || echo "\"$1\""; }
	expect_jq "$n/json" ".decided_by == \"relocation\" and .state == \"returned\" and
		.relocation == {reason: \"$reason\", type: $(jnull "$type"), section: $(jnull "$section"),
		offset: $(jnull "$offset"), symbol: $(jnull "$symbol")}"
done
# the headline troubleshooting.md gives for it
expect_fixed "fixture/relocation-target-nonzero/troubleshooting-headline" \
	"$(run --file "$FIX/relocation-target-nonzero.rec"; head -n1 "$W/out" | sed 's/^[^:]*: [^:]*: //')" \
	"$TOP/docs/troubleshooting.md"
run --file "$FIX/relocation-target-nonzero.rec"
expect_fixed "fixture/relocation-target-nonzero/place-held-value" "its place already held a value"
run --file "$FIX/relocation-overflow.rec"
expect_fixed "fixture/relocation-overflow/mcmodel" "-mcmodel=kernel"
run --file "$FIX/relocation-unknown-type.rec"
expect_headline "fixture/relocation-unknown-type/number" 'relocation type 9 of '
run --file "$FIX/relocation-failed.rec"
expect_headline "fixture/relocation-failed/unidentified" 'refused a relocation in \.text: the entry could not be identified$'

# Refused before load_module() (preload-*.rec; -busy and -lsm-unknown are
# -lsm-ima with the result, step and LSM changed): no module, none of the
# loader's checks, the step and the security module as the record has them.
for f in "$FIX"/preload-*.rec; do
	n=fixture/$(basename "$f" .rec)
	d=$(field "$f" decided_by)
	at=$(field "$f" refused_at)
	lsm=$(field "$f" lsm)
	run --file "$f" --color=never
	expect_rc "$n/exit" 1
	expect_grep "$n/decided-by" "^decided by: +$d - "
	expect_grep "$n/refused-at" "^refused at: +$at, before load_module\(\)$"
	expect_no_grep "$n/no-loader-checks" '^(vermagic|crcs|signature): '
	if [ "$lsm" = - ]; then
		expect_no_grep "$n/no-lsm-line" '^lsm: '
	else
		expect_grep "$n/lsm-line" "^lsm: +$lsm$"
	fi
	run --file "$f" -j
	expect_jq "$n/json" ".decided_by == \"$d\" and .refused_at == \"$at\" and
		.lsm == $([ "$lsm" = - ] && echo null || echo "\"$lsm\"") and .module == null and
		.outcome == \"rejected\" and .loaded == false"
done
n=fixture/preload-capability
run --file "$FIX/preload-capability.rec"
expect_headline "$n/cause" ': the loading process lacks CAP_SYS_MODULE$'
expect_fixed "$n/container" "--cap-add SYS_MODULE"
n=fixture/preload-modules-disabled
run --file "$FIX/preload-modules-disabled.rec"
expect_headline "$n/cause" ': module loading is disabled \(kernel\.modules_disabled = 1\) until the next boot$'
expect_fixed "$n/irreversible" "cannot be set back to 0"
n=fixture/preload-lsm-ima
run --file "$FIX/preload-lsm-ima.rec"
expect_headline "$n/cause" ': ima refused the module file \(security_kernel_post_read_file\)$'
expect_fixed "$n/sign" "evmctl ima_sign"
expect_fixed "$n/policy" "cat /sys/kernel/security/ima/policy"
run --file "$FIX/preload-lsm-ima-load-data.rec"
expect_headline "fixture/preload-lsm-ima-load-data/image" ': ima refused the module image \(security_kernel_load_data\)$'
run --file "$FIX/preload-lsm-unknown.rec"
expect_headline "fixture/preload-lsm-unknown/cause" ': a security module refused the module file \(kernel_read_file\)$'
expect_fixed "fixture/preload-lsm-unknown/which" "cat /sys/kernel/security/lsm"
run --file "$FIX/preload-file-unsupported.rec"
expect_headline "fixture/preload-file-unsupported/cause" '^\(module name not read\): rejected \(EOPNOTSUPP, "Operation not supported"\): the kernel could not decompress the module file$'
expect_fixed "fixture/preload-file-unsupported/no-decompressor" "has no module decompressor"
run --file "$FIX/preload-file-busy.rec"
expect_headline "fixture/preload-file-busy/cause" ': the kernel could not read the module file$'
expect_fixed "fixture/preload-file-busy/writer" "open for writing"
# insmod -f of a module with __versions: the module's own CRCs (from its
# image) against the kernel's, the vermagic the force skipped, the forced
# checks counted past the 8 listed.
n=fixture/forced-hidden
run --file "$FIX/forced-hidden.rec"
expect_headline "$n/headline" 'past a module_layout CRC mismatch and a vermagic mismatch; the kernel is tainted F$'
expect_fixed "$n/hidden crc" "its __versions has CRC 0x82164fbb for module_layout, the running kernel 0xa351f379"
expect_fixed "$n/exporter" "module_layout	forced, kernel has 0xa351f379, exported by vmlinux"
expect_fixed "$n/release not compared" "not compared (IGNORE_VERMAGIC"
expect_fixed "$n/forced counted" "... and 4 more (12 forced checks, 8 listed)"
if grep -qF "has no symbol versions" "$W/out"; then
	mv_fail "$n/versions present" "advises a missing __versions for a module that has one"
else
	mv_pass "$n/versions present"
fi
run --file "$FIX/forced-hidden.rec" -j
expect_jq "$n/json" '.forced_total == 12 and (.forced | length) == 8 and
	.crcs[0] == {symbol: "module_layout", module_crc: "0x82164fbb", kernel_crc: "0xa351f379",
		     verdict: "forced", exporter: {name: "vmlinux", taint: null}}'

# More unresolved imports than the record lists: the headline counts all.
n=fixture/unresolved-total
run --file "$FIX/unresolved-total.rec"
expect_headline "$n/headline" 'it imports video_sym0 \(and 17 more\), which no loaded module exports$'
expect_fixed "$n/left out" "... and 10 more (18 unresolved imports, 8 listed)"
run --file "$FIX/unresolved-total.rec" -j
expect_jq "$n/json" '.unresolved_total == 18 and (.unresolved | length) == 8 and
	.headline == "v4l2loopback: rejected (ENOENT, \"Unknown symbol in module\"): it imports video_sym0 (and 17 more), which no loaded module exports"'
# An older record, without the totals: what it lists.
run --file "$FIX/unknown-symbol.rec" -j
expect_jq "fixture/unknown-symbol/unresolved_total" '.unresolved_total == (.unresolved | length) and .forced_total == 0'

# parse_args() refused a parameter's value.
n=fixture/parameter
run --file "$FIX/parameter.rec"
expect_headline "$n/headline" '^cdrom: rejected \(EINVAL, "Invalid parameters"\): the kernel refused the value of parameter autoclose$'
expect_fixed "$n/parameters" "parameters:     'debug=1 autoclose=xyz lock='n''"
expect_fixed "$n/modinfo" "modinfo -p cdrom"
run --file "$FIX/parameter.rec" -j
expect_jq "$n/json" '.decided_by == "parameter" and .parameter_rejected == "autoclose" and
	.parameters == "debug=1 autoclose=xyz lock='"'"'n'"'"'" and .parameters_cut == false'
run --file "$FIX/parameter-unnamed.rec" -j
expect_jq "fixture/parameter-unnamed/json" '.parameter_rejected == null and .parameters == "cb=1" and
	.parameters_cut == true'
run --file "$FIX/parameter-unnamed.rec"
expect_headline "fixture/parameter-unnamed/headline" "the kernel refused a module parameter's value$"

# Who exports the symbol whose CRC differs: a loaded out-of-tree module.
n=fixture/symbol-crc-exporter
run --file "$FIX/symbol-crc-exporter.rec"
expect_fixed "$n/crc line" "mismatch, kernel has 0x7c6b5a49, exported by ib_core (OE)"
expect_fixed "$n/advice" "ib_mr_pool_destroy is exported by the loaded module ib_core (taint OE)"
run --file "$FIX/symbol-crc-exporter.rec" -j
expect_jq "$n/json" '[.crcs[] | select(.exporter)] == [{symbol: "ib_mr_pool_destroy",
	module_crc: "0x1f2e3d4c", kernel_crc: "0x7c6b5a49", verdict: "mismatch",
	exporter: {name: "ib_core", taint: "OE"}}]'

finish
