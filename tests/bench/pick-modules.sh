#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pick-modules.sh RELEASE OUT COUNT MAX_KB: choose the `real` workload of `make bench`
# from RELEASE's own module tree, and stage it in OUT:
#	OUT/tree/lib/modules/RELEASE/	the chosen modules and everything
#					they depend on, and depmod's indexes
#	OUT/candidates			module names, one a line: the roots
#	OUT/versions			"NAME ENTRIES" per staged module: its
#					__versions entries (check_version()
#					calls a load makes), read by modprobe
#					--dump-modversions, not by modverify
#
# Candidates are the modules under fs/, crypto/, lib/, net/ and
# arch/x86/crypto/ (no device drivers: the guest has no hardware), that
# can be unloaded again (none in its dependency closure has an init and no
# exit, which makes a module permanent) and that no other candidate
# depends on (a dependency is loaded by modprobe on the way, as at boot),
# whose closure's files total at most MAX_KB (the time budget of `make
# bench`: under -icount a modprobe of nfs and its six dependencies runs 2
# billion guest instructions, of an nls table 11 million); COUNT of them,
# spread evenly over the tree's order.  The guest tries
# each; those that load without hardware are the workload.
set -euo pipefail

rel=$1 out=$2 count=$3 max_kb=$4
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/kernels.sh
. "$top/tests/lib/kernels.sh"
moddir=$(mv_moddir "$rel")

die()
{
	echo "pick-modules: ERROR: $*" >&2
	exit 1
}

[ -f "$moddir/modules.dep" ] || die "no module tree for $rel at $moddir"
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$out/tree/lib/modules/$rel
mkdir -p "$stage"

# Excluded by name, each for a reason a script cannot see:
#	tcrypt: a test harness whose init fails on purpose (-EAGAIN).
exclude='^(tcrypt)$'

# modules.dep: "path: dep dep ..." (paths relative to the tree).
awk -F': *' -v ex="$exclude" '
	{ path = $1; n = split(path, p, "/"); name = p[n]; sub(/\.ko(\.[a-z]+)?$/, "", name)
	  gsub("-", "_", name) }
	path ~ /^kernel\/(fs|crypto|lib|net|arch\/x86\/crypto)\// && name !~ ex {
		print path "\t" $2 }' "$moddir/modules.dep" > "$out/dep"

# One readelf over the whole closure: each module's __versions entries
# (64 bytes each: the check_version() calls a load makes) and whether it is
# permanent (an init without an exit).
cut -f 1,2 "$out/dep" | tr -s '\t ' '\n' | sed '/^$/d' | sort -u > "$out/closure-paths"
(cd "$moddir" && xargs readelf -SsW < "$out/closure-paths") | awk '
	function hex(s,    v, i) {
		for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function done() { if (f != "") print f, vers / 64, (init && !exit_) }
	/^File: / { done(); f = $2; vers = 0; init = 0; exit_ = 0; next }
	/ __versions / { for (i = 1; i <= NF; i++) if ($i == "__versions") vers = hex($(i + 4)) }
	$8 == "init_module" { init = 1 }
	$8 == "cleanup_module" { exit_ = 1 }
	END { done() }' > "$out/elf"
awk '$3 { print $1 }' "$out/elf" > "$out/permanent"
(cd "$moddir" && xargs stat -c $'%n\t%s' < "$out/closure-paths") > "$out/sizes"

# Roots: no permanent module in the closure, not a dependency of another.
# Printed as "root<TAB>its closure".
awk -F'\t' -v max_kb="$max_kb" '
	FILENAME == ARGV[1] { size[$1] = $2; next }
	FILENAME == ARGV[2] { perm[$1] = 1; next }
	{ n_all++; path[n_all] = $1; deps[n_all] = $2; n = split($2, d, " ")
	  for (i = 1; i <= n; i++) isdep[d[i]] = 1 }
	END {
		for (r = 1; r <= n_all; r++) {
			if ((path[r] in isdep) || (path[r] in perm)) continue
			bad = 0; bytes = size[path[r]]; n = split(deps[r], d, " ")
			for (i = 1; i <= n; i++) { if (d[i] in perm) bad = 1; bytes += size[d[i]] }
			if (!bad && bytes <= max_kb * 1024) print path[r] "\t" deps[r]
		}
	}' "$out/sizes" "$out/permanent" "$out/dep" > "$out/all-roots"
awk -v n="$count" -v total="$(wc -l < "$out/all-roots")" \
	'int((NR - 1) * n / total) != int(NR * n / total)' "$out/all-roots" > "$out/roots"
[ "$(wc -l < "$out/roots")" = "$count" ] || die "fewer than $count candidates"

# Stage the roots' closures, then index them with the host's depmod (it
# only reads files: nothing is loaded).
tr -s '\t ' '\n' < "$out/roots" | sed '/^$/d' | sort -u > "$out/staged-paths"
while read -r path; do
	install -D -m 0644 "$moddir/$path" "$stage/$path"
done < "$out/staged-paths"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$moddir/$f" "$stage/"
done
/sbin/depmod -b "$out/tree" "$rel" || die "depmod of the staged tree failed"

awk 'FILENAME == ARGV[1] { staged[$1] = 1; next }
     $1 in staged { n = split($1, p, "/"); name = p[n]; sub(/\.ko.*/, "", name)
		    gsub("-", "_", name); print name, $2 }' "$out/staged-paths" "$out/elf" > "$out/versions"
cut -f 1 "$out/roots" | sed 's|.*/||; s|\.ko.*||; s|-|_|g' | sort > "$out/candidates"
rm -f "$out/dep" "$out/closure-paths" "$out/sizes" "$out/all-roots" "$out/roots" "$out/staged-paths" "$out/elf"
echo "pick-modules: $(wc -l < "$out/candidates") candidates," \
	"$(wc -l < "$out/versions") modules staged, $(wc -l < "$out/permanent") permanent excluded" >&2
