# SPDX-License-Identifier: GPL-2.0
#
# Reading and asserting what a guest script printed between @@ markers (see
# core-guest.sh).  Sourced by bash test scripts after tests/lib/check.sh;
# check names are prefixed with $T, results are read from $RES.

# split_results OUT DIR: DIR/<scenario>.<part> for each part of each scenario
# (rc, out, dmesg, rec, json, jsonrc, text, textrc).
split_results()
{
	rm -rf "$2"
	mkdir -p "$2"
	awk -v dir="$2" '
	/^@@BEGIN / { name = $2; part = ""; next }
	/^@@END /   { name = ""; next }
	/^@@(RC|JSONRC|TEXTRC) / {
		f = dir "/" name "." tolower(substr($1, 3))
		print $2 > f; close(f); next
	}
	/^@@[A-Z]+$/ { part = tolower(substr($1, 3)); f = dir "/" name "." part
		       printf "" > f; next }
	name != "" && part != "" { print >> (dir "/" name "." part) }
	' "$1"
}

# res SCENARIO PART: the file holding that part (it may not exist).
res()
{
	echo "$RES/$1.$2"
}

# field SCENARIO KEY: the value of KEY in the scenario's record.
field()
{
	sed -n "s/^$2: //p" "$(res "$1" rec)" 2>/dev/null | head -n 1
}

expect_eq()
{
	if [ "$2" = "$3" ]; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "got '$2', want '$3'"
	fi
}

# expect_match NAME STRING ERE
expect_match()
{
	if grep -qE -- "$3" <<<"$2"; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "'$2' does not match /$3/"
	fi
}

# expect_line NAME FILE LINE [substring|regex]: FILE has a line equal to
# LINE (or containing it, or matching the ERE).
expect_line()
{
	local opt=-qxF

	case "${4:-}" in
	substring) opt=-qF ;;
	regex) opt=-qE ;;
	esac
	if [ -f "$2" ] && grep $opt -- "$3" "$2"; then
		mv_pass "$T/$1"
	else
		mv_fail "$T/$1" "no line '$3' in $(basename "$2")"
	fi
}

# expect_json SCENARIO JQ_EXPR [NAME]: the reader's JSON is valid and EXPR
# is true.
expect_json()
{
	local f name="$T/$1/${3:-json}"

	f=$(res "$1" json)
	if [ -s "$f" ] && jq -e "$2" "$f" >/dev/null 2>&1; then
		mv_pass "$name"
	else
		mv_fail "$name" "$(jq -c . "$f" 2>&1 | head -c 300) fails: $2"
	fi
}

# expect_headline SCENARIO ERE: the reader's first line names the cause.
expect_headline()
{
	expect_match "$1/reader headline" "$(head -n 1 "$(res "$1" text)")" "$2"
}

# expect_outcome SCENARIO ERRNO NAME DECIDED_BY: the record's result and
# deciding check, the reader's JSON for them and its exit status.
expect_outcome()
{
	local s=$1

	expect_eq "$s/result" "$(field "$s" result)" "$2 $3"
	expect_eq "$s/decided_by" "$(field "$s" decided_by)" "$4"
	expect_json "$s" ".decided_by == \"$4\" and .result.errno == ${2#-}" "json outcome"
	if [ "$2" = 0 ]; then
		expect_eq "$s/reader exit" "$(cat "$(res "$s" jsonrc)")" 0
	else
		expect_eq "$s/reader exit" "$(cat "$(res "$s" jsonrc)")" 1
	fi
}

# kernel_refused_param SCENARIO MODULE: the parameter the scenario's dmesg
# last says MODULE refused ("MODULE: `VAL' invalid for parameter `NAME'").
kernel_refused_param()
{
	sed -n "s/.*$2: \`[^']*' invalid for parameter \`\([^']*\)'.*/\1/p" "$(res "$1" dmesg)" |
		tail -n 1
}

# expect_reloc_said NAME DMESG: the kernel's words on spoil_reloc's entry,
# in the dmesg text DMESG: its type (6.1: "... nonzero for type 4, loc ...";
# 7.x: "... nonzero for sec 11, idx 2, type 4, ...") and, where they say
# it, its index.
expect_reloc_said()
{
	local idx

	expect_match "$1/dmesg names the type" "$2" \
		"existing value is nonzero for (sec [0-9]+, idx [0-9]+, )?type $RELOC_TYPE_NR,"
	idx=$(sed -n 's/.*nonzero for sec [0-9]*, idx \([0-9]*\),.*/\1/p' <<<"$2")
	if [ -n "$idx" ]; then
		expect_eq "$1/dmesg names readelf's entry" "$idx" "$RELOC_N"
	fi
}

# expect_shared SCENARIO RECORDS NAME: three overlapping loads of one file
# (shared-guest.sh, run as SCENARIO) against RECORDS, a backend's records of
# them; checks named NAME/...  What the kernel did is read from the
# loaders' exit statuses and its messages: from 6.5 on it runs one load and
# every loader gets its result (all succeed, one init ran); before, each
# loader loads, and the late ones find the module there (EEXIST).
expect_shared()
{
	local s=$1 hist=$2 n=$3 out pids ok inits leader p

	out=$(res "$s" out)
	pids=$(awk '$1 == "loader" { print $2 }' "$out" | sort | tr '\n' ' ')
	ok=$(awk '$1 == "loader" && $3 == 0' "$out" | wc -l)
	inits=$(grep -c 'mv_slow: init done' "$(res "$s" dmesg)" || true)
	expect_eq "$n/loaders" "$(awk '$1 == "loader"' "$out" | wc -l)" 3
	expect_eq "$n/one record per loader" "$(grep -c '^modverify_record: ' "$hist" || true)" 3
	expect_eq "$n/records' pids are the loaders'" \
		"$(sed -n 's/^pid: //p' "$hist" | sort | tr '\n' ' ')" "$pids"
	if [ "$ok" = 3 ] && [ "$inits" = 1 ]; then
		echo "# $T: $n: the kernel ran one load for the three loaders"
		leader=$(awk '/^modverify_record:/ { sh = 0; s = "" } /^seq: / { s = $2 }
			      /^shared_with: [0-9]/ { sh = 1 } /^end:/ && !sh { print s }' "$hist")
		expect_eq "$n/one leader" "$(wc -w <<<"$leader")" 1
		expect_eq "$n/followers share the leader's load" \
			"$(sed -n 's/^shared_with: \([0-9]\)/\1/p' "$hist" | tr '\n' ' ')" "$leader $leader "
		expect_eq "$n/every result is the leader's" \
			"$(sed -n 's/^result: //p' "$hist" | sort -u)" "0 OK"
		expect_eq "$n/leader decided_by" "$(awk -v l="$leader" '/^seq: / { s = $2 }
			/^decided_by: / && s == l { print $2 }' "$hist")" loaded
	elif [ "$ok" = 1 ] && [ "$inits" = 1 ]; then
		echo "# $T: $n: each loader made its own load (no shared loads in this kernel)"
		expect_eq "$n/no record shares a load" "$(grep -c '^shared_with: [0-9]' "$hist" || true)" 0
		expect_eq "$n/the late loaders' records" \
			"$(sed -n 's/^decided_by: //p' "$hist" | sort | tr '\n' ' ')" "duplicate duplicate loaded "
		for p in $(awk '$1 == "loader" && $3 != 0 { print $2 }' "$out"); do
			expect_line "$n/loader $p: File exists" "$out" "loader $p 1 insmod: ERROR: could not insert module mv_slow.ko: File exists"
		done
	else
		mv_fail "$T/$n/kernel outcome" "$ok of 3 loaders succeeded, the init ran $inits times: neither shared nor separate loads"
	fi
}

# expect_btf_said SCENARIO: the kernel's own words on the scenario's
# mv_good whose .BTF does not parse (break_btf): loaded with a warning where
# $rel allows a BTF mismatch (CONFIG_MODULE_ALLOW_BTF_MISMATCH; BTF_REFUSED
# is then no), refused with EINVAL otherwise (Debian's 7.x; yes).  Returns
# 1, the scenario skipped, when the module has no .BTF to break.
expect_btf_said()
{
	local s=$1 refused='failed to validate module [mv_good] BTF: -22'

	if [ -z "$BTF_SECTION" ]; then
		mv_skip "$T/$s" "the module has no .BTF section (the headers have no vmlinux)"
		return 1
	fi
	BTF_REFUSED=yes
	if [ "$(mv_kconfig "$rel" CONFIG_MODULE_ALLOW_BTF_MISMATCH)" = y ]; then
		BTF_REFUSED=no
		expect_eq "$s/rc" "$(cat "$(res "$s" rc)")" 0
		# 6.1 prints its own warning; later kernels print the refusal's
		# words and load the module all the same.
		if mv_kernel_says "$rel" "Kernel module BTF mismatch detected"; then
			expect_line "$s/dmesg" "$(res "$s" dmesg)" 'Kernel module BTF mismatch detected' substring
		else
			expect_line "$s/dmesg" "$(res "$s" dmesg)" "$refused" substring
		fi
	else
		expect_match "$s/insmod says" "$(cat "$(res "$s" out)")" 'Invalid parameters'
		expect_line "$s/dmesg" "$(res "$s" dmesg)" "$refused" substring
	fi
}

# boot NAME [vm-run options]: boot $rel once and run the scenarios listed in
# $share/scenarios.NAME with core-guest.sh; results go to $work/res-NAME.
boot()
{
	local name=$1

	shift
	RES=$work/res-$name
	if ! "$TOP/tests/qemu/vm-run" --kernel "$rel" --share "$share" "$@" -- \
		sh core-guest.sh "scenarios.$name" > "$work/$name.out" 2> "$work/$name.err"; then
		mv_fail "$T/$name/boot" "vm-run failed: $(tail -n 3 "$work/$name.err")"
		return 1
	fi
	mv_pass "$T/$name/boot"
	split_results "$work/$name.out" "$RES"
}
