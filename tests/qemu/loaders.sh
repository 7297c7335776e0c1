# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # rel, share, work, kopatch: setup.sh; loaders, attempts: the test
#
# Concurrent loaders (stress-guest.sh loader), shared by test-stress.sh
# (modverify.ko's history) and test-watch.sh (modverify watch's records):
# the test modules each loader loads, what the kernel must answer for each
# (the oracle: insmod's status and words), and the check that every attempt
# has exactly one record of its own.  Sourced after setup.sh; uses $loaders.

# The module name each file loads as, and the check that must refuse it
# (filled in by prepare_loaders: the bad modules depend on what the kernel
# checks).
declare -A module_of=() decided_of=()
# kmod's insmod exits 1 on any failure; the errno it got shows in its text.
# The bad modules share one name: a loader can find another's attempt under
# way and get EBUSY (or EEXIST), which the duplicate check decides.
declare -A errno_of=()
for e in ENOEXEC:-8 EINVAL:-22 EBUSY:-16 EEXIST:-17 ENOENT:-2; do
	errno_of[$(mv_insmod_text "${e%:*}")]=${e#*:}
done
# Each file's CRC lines as the kernel compares them ("MODULE KERNEL
# VERDICT SYMBOL", from `modprobe --dump-modversions` of the file and the
# headers' Module.symvers) and its vermagic (modinfo).
declare -A crcs_of=() vermagic_of=()

# ko_facts FILE: crcs_of and vermagic_of for share/FILE.
ko_facts()
{
	local f=$share/$1 mcrc sym kcrc v lines=""

	vermagic_of[$1]=$(modinfo -F vermagic "$f")
	while read -r mcrc sym; do
		kcrc=$(awk -v s="$sym" '$2 == s { print $1 }' "$(mv_kdir "$rel")/Module.symvers")
		# 0x0000abcd as kmod prints it, compared as numbers
		if [ "$mcrc" = "$kcrc" ]; then v=match; else v=mismatch; fi
		lines+="$mcrc $kcrc $v $sym"$'\n'
	done < <(modprobe --dump-modversions "$f")
	crcs_of[$1]=$(sort <<<"$lines" | sed '/^$/d')
}

# variants DIR NAME N: N copies of tests/modules/NAME's source named NAME1
# .. NAMEN, in DIR (one Kbuild, built at once).
variants()
{
	local i

	for i in $(seq 1 "$3"); do
		sed "s/$2/$2$i/g" "$TOP/tests/modules/$2/$2.c" > "$1/$2$i.c"
		echo "obj-m += $2$i.o" >> "$1/Kbuild"
	done
}

# prepare_loaders [BAD3_EACH] [VARIANTS...]: the loaders' modules in
# $share, built in $work (which must exist).  Each loader ID loads
# good<ID>.ko (a name of its own), bad1-<ID>.ko (an imported symbol's CRC
# changed to a value of its own; without modversions, an import nothing
# exports), bad2-<ID>.ko (one vermagic word off and a word of its own
# added), all three loading as mv_good but the first, and bad3.ko, built
# for another kernel and refused by the check the kernel's files say
# (tests/lib/kfacts.sh).  With BAD3_EACH=each, every loader gets its own
# copy, bad3-<ID>.ko (another inode: from 6.5 the kernel makes overlapping
# loads of one file a single load_module()).  The VARIANTS (NAME:N) are
# built along with the good ones.
prepare_loaders()
{
	local i other kv ksize each=${1:-} v

	shift || true
	mkdir -p "$work/src"
	variants "$work/src" mv_good "$loaders"
	for v in "$@"; do
		variants "$work/src" "${v%:*}" "${v#*:}"
	done
	"$TOP/tests/lib/build-module" "$work/src" "$rel" "$work/variants" >/dev/null
	for i in $(seq 1 "$loaders"); do
		cp "$work/variants/mv_good$i.ko" "$share/good$i.ko"
		module_of[good$i.ko]=mv_good$i
		decided_of[good$i.ko]=loaded
	done
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$rel" "$work/mv_good" >/dev/null
	kv=$(modinfo -F vermagic "$work/mv_good/mv_good.ko")

	[ "$loaders" -le 9 ] || setup_fail "more than 9 loaders: the vermagic variants would not fit"
	if ! mv_modversions "$rel"; then
		"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_unknown" "$rel" \
			"$work/mv_unknown" >/dev/null
	fi
	for i in $(seq 1 "$loaders"); do
		if mv_modversions "$rel"; then
			cp "$work/mv_good/mv_good.ko" "$share/bad1-$i.ko"
			"$kopatch" crc "$share/bad1-$i.ko" _printk "$(printf '0x%08x' "$i")"
			module_of[bad1-$i.ko]=mv_good decided_of[bad1-$i.ko]=symbol_crc
		else
			cp "$work/mv_unknown/mv_unknown.ko" "$share/bad1-$i.ko"
			module_of[bad1-$i.ko]=mv_unknown decided_of[bad1-$i.ko]=unknown_symbol
		fi
		cp "$work/mv_good/mv_good.ko" "$share/bad2-$i.ko"
		"$kopatch" vermagic "$share/bad2-$i.ko" "$(sed -E "s/ preempt[a-z_]* / /; s/\$/v$i /" <<<"$kv")"
		module_of[bad2-$i.ko]=mv_good decided_of[bad2-$i.ko]=vermagic
	done
	other=$(mv_other_kernel "$rel" mv_kabi mv_kflavour)
	[ -n "$other" ] || other=$(mv_older_line_kernel "$rel")
	[ -n "$other" ] || setup_fail "no other kernel's headers (make deps)"
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/mv_good" "$other" "$work/other" >/dev/null
	cp "$work/other/mv_good.ko" "$share/bad3.ko"
	ksize=$(mv_kernel_module_size "$rel" 2>"$work/module-size.err") ||
		setup_fail "cannot tell the size of struct module in $rel: $(head -c 300 "$work/module-size.err")"
	module_of[bad3.ko]=mv_good
	decided_of[bad3.ko]=$(mv_cross_verdict "$rel" "$share/bad3.ko" "${ksize%% *}" "$kv")
	[ "${decided_of[bad3.ko]}" != none ] || setup_fail "$rel would load a module built for $other"
	if [ "$each" = each ]; then
		for i in $(seq 1 "$loaders"); do
			cp "$share/bad3.ko" "$share/bad3-$i.ko"
			module_of[bad3-$i.ko]=mv_good decided_of[bad3-$i.ko]=${decided_of[bad3.ko]}
		done
	fi
	for f in "${!module_of[@]}"; do
		ko_facts "$f"
	done
	# Distinct builds: each loader's bad1 has CRCs, its bad2 a vermagic
	# of its own.
	[ "$(for i in $(seq 1 "$loaders"); do echo "${vermagic_of[bad2-$i.ko]}"; done |
		sort -u | wc -l)" = "$loaders" ] || setup_fail "two bad2 builds have one vermagic"
	if mv_modversions "$rel"; then
		[ "$(for i in $(seq 1 "$loaders"); do echo "${crcs_of[bad1-$i.ko]}" | md5sum; done |
			sort -u | wc -l)" = "$loaders" ] || setup_fail "two bad1 builds have the same CRCs"
	fi
	echo "# $T: bad1 ${decided_of[bad1-1.ko]}, bad2 vermagic, bad3 (built for $other) ${decided_of[bad3.ko]}; one bad1 and bad2 build per loader"
	cp "$TOP/tests/qemu/stress-guest.sh" "$share/"
}

# records HISTORY: one line per record, "rec seq pid module decided_by
# errno shared_with crc_total events_lost 'vermagic_module'" (events_lost
# 0 where the record has none), then its CRC lines as "crc seq MODULE
# KERNEL VERDICT SYMBOL".
records()
{
	awk '/^modverify_record:/ { h = "-"; n = 0; v = ""; l = 0 }
	     /^events_lost: / { l = $2 }
	     /^seq: / { s = $2 } /^pid: / { p = $2 } /^module: / { m = $2 }
	     /^decided_by: / { d = $2 } /^result: / { e = $2 } /^shared_with: / { h = $2 }
	     /^crc_total: / { t = $2 } /^vermagic_module: / { sub(/^vermagic_module: /, ""); v = $0 }
	     /^crc:\t/ { split($0, c, "\t"); crc[n++] = c[2] " " c[3] " " c[4] " " c[5] }
	     /^end: / { print "rec", s, p, m, d, e, h, t, l, v
			for (i = 0; i < n; i++) print "crc", s, crc[i] }' "$1"
}

# check_loaders NAME RECORDS ATTEMPTS [LOST]: every attempt a loader saw
# (the "attempt ..." lines of ATTEMPTS) has exactly one record in RECORDS, with
# its pid, module, verdict and errno, the vermagic of the file it loaded
# and the CRC lines of that file (every one where the kernel checked every
# import); no record is of another pid.  A record that shares another's
# load (6.5+: overlapping loads of one file make one load) has the
# loader's errno, and the load it names has the verdict.  With LOST (the
# events the recorder says it lost), attempts with no record at all are
# allowed, no more of them than LOST, and so are records that say events
# were lost while their attempt was under way (events_lost, a bound: at
# most 2 x LOADERS for each event lost, none when none was); every other
# record must be right.
check_loaders()
{
	local name=$1 recs=$2 out=$3 lost=${4:-}
	local id k pid file rc text err decided n=0 bad=0 none=0 crcbad=0 vmbad=0 got want
	local seq module shared total vm kind line elost flagged=0

	# pid -> "module decided_by errno" for every record;
	# a sharing record's verdict is its leader's, its errno its own.
	declare -A rec_of=() count_of=() by_seq=() seq_of=() vm_of=() total_of=() crcs=() elost_of=()
	while read -r kind seq line; do
		if [ "$kind" = crc ]; then
			crcs[$seq]+="$line"$'\n'
			continue
		fi
		read -r pid module decided err shared total elost vm <<<"$line"
		by_seq[$seq]="$module $decided $err"
		count_of[$pid]=$((${count_of[$pid]:-0} + 1))
		rec_of[$pid]="$module $decided $err $shared"
		seq_of[$pid]=$seq vm_of[$pid]=$vm total_of[$pid]=$total elost_of[$pid]=$elost
	done < <(records "$recs")
	for pid in "${!rec_of[@]}"; do
		read -r module decided err shared <<<"${rec_of[$pid]}"
		if [ "$shared" != - ]; then
			read -r _ decided _ <<<"${by_seq[$shared]:-? ? ?}"
		fi
		rec_of[$pid]="$module $decided $err"
	done

	while read -r _ id k pid file rc text; do
		n=$((n + 1))
		rc=${rc%:}
		[ "$rc" = 0 ] && err=0 || err=${errno_of[$text]:-"?($text)"}
		decided=${decided_of[$file]}
		case $err in -16|-17) decided=duplicate ;; esac
		want="${module_of[$file]} $decided $err"
		got=${rec_of[$pid]:-none}
		if [ -n "$lost" ] && [ "${elost_of[$pid]:-0}" != 0 ] && [ "${count_of[$pid]:-0}" = 1 ]; then
			# it may lack facts, and says so
			flagged=$((flagged + 1))
			continue
		fi
		if [ "$got" != "$want" ] || [ "${count_of[$pid]:-0}" != 1 ]; then
			[ "$bad" -ge 5 ] || echo "# $name: loader $id attempt $k pid $pid $file: record '$got' (${count_of[$pid]:-0}), want '$want'"
			bad=$((bad + 1))
			[ "$got" != none ] || none=$((none + 1))
			continue
		fi
		# The record is of this file: its vermagic and its CRCs.
		if [ "${vm_of[$pid]}" != "'${vermagic_of[$file]}'" ]; then
			[ "$vmbad" -ge 5 ] || echo "# $name: pid $pid $file: vermagic_module ${vm_of[$pid]}, the file's '${vermagic_of[$file]}'"
			vmbad=$((vmbad + 1))
		fi
		got=$(sed '/^$/d' <<<"${crcs[${seq_of[$pid]}]:-}" | sort)
		case $decided in
		loaded|symbol_crc)
			# simplify_symbols() checks every import: every line
			[ "$got" = "${crcs_of[$file]}" ] && [ "${total_of[$pid]}" = "$(grep -c . <<<"${crcs_of[$file]}")" ]
			;;
		*)
			# refused earlier: the lines there are, each the file's
			[ -z "$got" ] || ! grep -vxF -f <(echo "${crcs_of[$file]}") <<<"$got" >/dev/null
			;;
		esac || {
			[ "$crcbad" -ge 5 ] || echo "# $name: pid $pid $file ($decided): CRC lines '$(tr '\n' ';' <<<"$got")', the file's '$(tr '\n' ';' <<<"${crcs_of[$file]}")'"
			crcbad=$((crcbad + 1))
		}
	done < <(grep '^attempt ' "$out")
	expect_eq "$name/attempts run" "$n" $((loaders * attempts))
	[ "$bad" = 0 ] || echo "# $name: $bad attempts without their record: $none have none at all, $((bad - none)) another verdict"
	if [ -n "$lost" ]; then
		echo "# $name: $none attempts have no record, $lost events lost"
		if [ "$none" -le "$lost" ]; then
			mv_pass "$T/$name/attempts without a record are counted as lost"
		else
			mv_fail "$T/$name/attempts without a record are counted as lost" "$none attempts have no record, $lost events lost"
		fi
		bad=$((bad - none))
		n=$((n - none))
		echo "# $name: $flagged records say events were lost while they were under way"
		if [ "$flagged" -le $((2 * loaders * lost)) ]; then
			mv_pass "$T/$name/records that may lack facts are few"
		else
			mv_fail "$T/$name/records that may lack facts are few" "$flagged records say events were lost, $lost events lost"
		fi
	fi
	expect_eq "$name/records match their loader" "$bad" 0
	expect_eq "$name/records have their file's vermagic" "$vmbad" 0
	if mv_modversions "$rel"; then
		expect_eq "$name/records have their file's CRCs" "$crcbad" 0
	else
		mv_skip "$T/$name/records have their file's CRCs" "kernel built without CONFIG_MODVERSIONS"
	fi
	expect_eq "$name/records" "$(grep -c '^modverify_record: ' "$recs")" "$n"
}
