#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh OUT RELEASE: turn the guest's output of `make bench` (OUT, see
# bench-guest.sh) into the Markdown tables of docs/performance.md, and a
# last line "summary: real modverify/bare R, floor/bare F, kprobe_events/bare
# K[, watch/bare W]; small ...; many-imports ..." (medians over rounds).  Fails if a
# condition has no samples.
set -euo pipefail

out=$1 rel=$2

awk -v rel="$rel" '
function sort(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
}
function median(w, c,    n, i, a) {
	n = ns[w, c]
	for (i = 1; i <= n; i++) a[i] = s[w, c, i]
	sort(a, n)
	lo[w, c] = a[1]; hi[w, c] = a[n]
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function fmt(v,    s, neg) {	# 12345678 -> 12,345,678
	v = sprintf("%.0f", v); neg = v < 0; if (neg) v = -v
	s = ""
	while (length(v) > 3) { s = "," substr(v, length(v) - 2) s; v = substr(v, 1, length(v) - 3) }
	return (neg ? "-" : "") v s
}
$1 == "sample" {
	w = $2; c = $3
	if (!((w, c) in ns)) { if (!(c in seen_c)) { seen_c[c] = 1; cond[++nc] = c } }
	s[w, c, ++ns[w, c]] = $5
	if ($4 > rounds) rounds = $4
}
$1 == "count" { loads[$2] = $5; calls[$2] = $6 }
$1 == "count" && $2 == "real" { real_loads = $5; real_calls = $6 }
$1 == "real-selected" { selected = $2 }
$1 == "real-dropped" { dropped++ }
$1 == "info" { info[$2] = $3; if ($2 == "modverify_kb") meminfo = $0 }
END {
	nw = split("real real-finit small many", work, " ")
	for (i = 1; i <= nw; i++)
		for (j = 1; j <= nc; j++) {
			if (!((work[i], cond[j]) in ns)) { print "report: no samples for " work[i] " " cond[j] > "/dev/stderr"; bad = 1; exit 1 }
			med[work[i], cond[j]] = median(work[i], cond[j])
		}
	per_small = calls["small"] / loads["small"]; per_many = calls["many"] / loads["many"]
	printf "Kernel %s, QEMU TCG `-icount shift=0,sleep=off` (1 ns of guest CPU time = 1 guest instruction), %d rounds; conditions interleaved in each round, their order rotated.\n\n", rel, rounds
	printf "- **real**: `modprobe -a` of %d in-tree modules (%d candidates did not load without hardware or asked for another module), %d loads and %d `check_version()` calls per pass; the CPU time of the modprobe process (user + system), and of its `finit_module()` calls alone (real-finit).\n", selected, dropped, real_loads, real_calls
	printf "- **small**: mv_small, %d `check_version()` calls per load; **many**: mv_many, %d. CPU time of each `finit_module()`.\n\n", per_small, per_many
	print "| workload | condition | median | min | max | median / bare |"
	print "|---|---|---:|---:|---:|---:|"
	for (i = 1; i <= nw; i++)
		for (j = 1; j <= nc; j++) {
			w = work[i]; c = cond[j]
			printf "| %s | %s | %s | %s | %s | **%.3f** |\n", w, c, fmt(med[w, c]), fmt(lo[w, c]), fmt(hi[w, c]), med[w, c] / med[w, "bare"]
		}
	print ""
	print "Cost over bare, from small and many (d = fixed + calls x per-call, solved for both):"
	print ""
	print "| condition | fixed per load (instructions) | per `check_version()` call | small: extra per load | many: extra per load |"
	print "|---|---:|---:|---:|---:|"
	for (j = 1; j <= nc; j++) {
		c = cond[j]
		if (c == "bare") continue
		ds = med["small", c] - med["small", "bare"]; dm = med["many", c] - med["many", "bare"]
		pc = (dm - ds) / (per_many - per_small)
		printf "| %s | %s | %s | %s | %s |\n", c, fmt(ds - per_small * pc), fmt(pc), fmt(ds), fmt(dm)
	}
	print ""
	split(meminfo, m, " ")
	printf "Memory of modverify (default parameters), read in the guest around its insmod: **%s KiB resident** (module image %s bytes in /proc/modules, slab +%s KiB, vmalloc +%s KiB; MemFree moved by %s KiB, which per-CPU page lists blur); the history ring is %s bytes of that. A record as text (debugfs `last`): %s bytes for a load of mv_small (30 CRC pairs), %s bytes for the last real module.\n", fmt(info["modverify_module_bytes"] / 1024 + m[6] + m[8]), fmt(info["modverify_module_bytes"]), m[6], m[8], m[4], fmt(info["history_bytes"]), fmt(info["record_bytes_small"]), fmt(info["record_bytes_real_last"])
	line = "summary:"
	nw = split("real small many", work, " ")
	for (i = 1; i <= nw; i++) {
		line = sprintf("%s%s %s modverify/bare %.3f, floor/bare %.3f, kprobe_events/bare %.3f", line, i > 1 ? ";" : "",
			       work[i] == "many" ? "many-imports" : work[i],
			       med[work[i], "modverify"] / med[work[i], "bare"], med[work[i], "floor"] / med[work[i], "bare"],
			       med[work[i], "kprobe_events"] / med[work[i], "bare"])
		if ((work[i], "watch") in med)
			line = sprintf("%s, watch/bare %.3f", line, med[work[i], "watch"] / med[work[i], "bare"])
	}
	print ""
	print line
}' "$out"
