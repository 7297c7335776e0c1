#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-modconf.sh: `modverify check` reports what modprobe's configuration
# says about a module (blacklist, install, options, softdep, aliases),
# read from a modprobe.d directory made here (--modprobe-config DIR).
#
# The oracle is kmod's own tool on the same directory: `modprobe -C DIR -c`
# (the configuration as modprobe parsed it) and `modprobe -C DIR -d ROOT
# --show-depends` (what modprobe would run: an install command, insmod
# lines with options, softdeps first, nothing for a blacklisted alias),
# over a fake /lib/modules made with depmod.  modinfo gives the aliases.
# Nothing is loaded.
set -uo pipefail
# shellcheck source=tests/host/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! "$MV" check --help | grep -q -- --modprobe-config; then
	mv_fail modconf/option "check --help has no --modprobe-config"
	finish
fi
first_tree_and_good modconf || finish

# the build without libkmod (test-build.sh's): said in the output, null in JSON
nolibs=$BUILD/host-nolibs/modverify
if [ -x "$nolibs" ]; then
	"$nolibs" check "$good" --kdir "$tree" --json > "$W/out" 2> "$W/err"
	expect_jq modconf/without-libkmod/json '.modprobe_config == null'
	"$nolibs" check "$good" --kdir "$tree" > "$W/out" 2> "$W/err"
	expect_fixed modconf/without-libkmod/text "modprobe config: not read: this modverify was built without libkmod (libkmod-dev)"
else
	mv_skip modconf/without-libkmod "no $nolibs: test-build.sh makes it"
fi
if ! grep -q -- '-DMV_HAVE_LIBKMOD' <(make -s -C "$TOP/userspace" print-cppflags); then
	mv_skip modconf "the reader is built without libkmod (libkmod-dev: make deps)"
	finish
fi

for tool in modprobe depmod modinfo; do
	command -v "$tool" >/dev/null || PATH=$PATH:/sbin:/usr/sbin
done

# A fake /lib/modules/REL: mv_good, and a module of the kernel with
# aliases and no dependencies (its name has a '-' when one is found, which
# kmod spells '_'), for softdep and a blacklist through a .modinfo alias.
root=$W/root
mods=$root/lib/modules/$rel
mkdir -p "$mods/extra"
cp "$good" "$mods/extra/"
dep=
if [ -f "/lib/modules/$rel/modules.dep" ]; then
	while read -r path; do
		[ -n "$(modinfo -F alias "/lib/modules/$rel/$path" 2>/dev/null)" ] || continue
		dep=$path
		[[ $(basename "$path") == *-* ]] && break
	done < <(awk -F: '$2 == "" { print $1 }' "/lib/modules/$rel/modules.dep" | head -n 300)
fi
if [ -z "$dep" ]; then
	mv_skip modconf/softdep "no module of $rel with aliases and no dependencies under /lib/modules/$rel"
else
	mkdir -p "$mods/$(dirname "$dep")"
	cp "/lib/modules/$rel/$dep" "$mods/$dep"
	depname=$(basename "$dep")
	depname=${depname%%.ko*}
	depname=${depname//-/_}
fi
if ! depmod -b "$root" "$rel" 2> "$W/depmod.err"; then
	mv_fail modconf/setup/depmod "$(head -c 300 "$W/depmod.err")"
	finish
fi

# conf NAME LINE...: a modprobe.d directory $W/NAME holding the lines
conf()
{
	local d=$W/$1

	shift
	mkdir -p "$d"
	printf '%s\n' "$@" > "$d/test.conf"
}

# kmod_c DIR KIND: the rest of modprobe -c's "KIND mv_good ..." line
kmod_c()
{
	modprobe -C "$1" -c | sed -n "s/^$2 mv_good //p" | head -n1
}

# show_depends DIR NAME: modprobe's plan for NAME, nothing loaded
show_depends()
{
	modprobe -C "$1" -d "$root" -S "$rel" --show-depends "$2" 2>&1
}

# check_conf DIR ARGS...: modverify check of mv_good with the configuration
check_conf()
{
	local dir=$1

	shift
	run MODVERIFY_ROOT="$root" -- check "$good" --kdir "$tree" \
		--modprobe-config "$dir" "$@"
}

# ---- install /bin/false: modprobe runs it, nothing is loaded ----------------------

conf all "blacklist mv_good" "install mv_good /bin/false" "options mv_good a=1" \
	"alias mvfoo mv_good"
n=modconf/install
check_conf "$W/all" --json
expect_rc "$n/exit" 0
expect_jq "$n/install-is-kmod's" ".modprobe_config.install == \"$(kmod_c "$W/all" install)\" and
	.modprobe_config.install_ignored == false"
expect_jq "$n/options-are-kmod's" ".modprobe_config.options == \"$(kmod_c "$W/all" options)\""
if modprobe -C "$W/all" -c | grep -qx 'blacklist mv_good'; then
	expect_jq "$n/blacklisted" '.modprobe_config.blacklisted == true'
else
	mv_fail "$n/blacklisted" "modprobe -c has no 'blacklist mv_good'"
fi
want=$(modprobe -C "$W/all" -c | awk '$1 == "alias" && $3 == "mv_good" { print $2 }')
expect_jq "$n/config-aliases-are-kmod's" "(.modprobe_config.config_aliases | join(\" \")) == \"$want\""
expect_jq "$n/modinfo-aliases" "(.modprobe_config.modinfo_aliases | join(\" \")) == \"$(modinfo -F alias "$good" | paste -sd' ')\""
# modprobe's plan: the install command with the options, and nothing else
# (its lines end with a space)
show_depends "$W/all" mv_good > "$W/plan"
expect_jq "$n/plan-is-the-install-command" \
	"\"install \" + .modprobe_config.install + \" \" + .modprobe_config.options == \"$(sed 's/ *$//' "$W/plan")\""
check_conf "$W/all" --color=never
expect_fixed "$n/text-install" "  install:      /bin/false"
expect_fixed "$n/text-says-nothing-loads" "'modprobe mv_good' runs it instead of loading the module"

# ---- install and a softdep: libkmod loads the module, the command is not run -------

if [ -n "$dep" ]; then
	n=modconf/install-softdep
	conf softdep "install mv_good /bin/false" "softdep mv_good pre: $depname"
	check_conf "$W/softdep" --json
	expect_jq "$n/softdep-is-kmod's" ".modprobe_config.softdep == \"$(kmod_c "$W/softdep" softdep)\""
	show_depends "$W/softdep" mv_good > "$W/plan"
	if grep -q '^install ' "$W/plan"; then
		expect_jq "$n/install-not-ignored-as-kmod" '.modprobe_config.install_ignored == false'
	else
		expect_jq "$n/install-ignored-as-kmod" '.modprobe_config.install_ignored == true'
	fi
	check_conf "$W/softdep" --color=never
	expect_fixed "$n/text" "ignored: a softdep names installed modules"
fi

# ---- no install: softdep first, the options; a blacklisted alias skips it ---------

conf noinstall "blacklist mv_good" "options mv_good a=1 b=2" \
	${dep:+"softdep mv_good pre: $depname"} "alias mvfoo mv_good"
n=modconf/noinstall
check_conf "$W/noinstall" --json
expect_jq "$n/no-install" '.modprobe_config.install == null'
show_depends "$W/noinstall" mv_good > "$W/plan"
expect_grep "$n/kmod-inserts-by-name" "^insmod $mods/extra/mv_good\\.ko a=1 b=2 *\$" "$W/plan"
expect_jq "$n/options-are-kmod's" ".modprobe_config.options == \"a=1 b=2\""
if [ -n "$dep" ]; then
	if [ "$(head -n1 "$W/plan")" = "insmod $mods/$dep " ]; then
		expect_jq "$n/softdep-pre-first" ".modprobe_config.softdep == \"pre: $depname\""
	else
		mv_fail "$n/softdep-pre-first" "modprobe's plan does not load $depname first: $(tr '\n' '|' < "$W/plan")"
	fi
fi
# the blacklist: modprobe skips the module through the configuration's alias
show_depends "$W/noinstall" mvfoo > "$W/plan"
if [ -s "$W/plan" ]; then
	mv_fail "$n/blacklisted-alias" "modprobe would load mvfoo: $(tr '\n' '|' < "$W/plan")"
else
	expect_jq "$n/blacklisted-alias" '.modprobe_config.blacklisted == true and
		.modprobe_config.config_aliases == ["mvfoo"]'
fi
conf noblacklist "alias mvfoo mv_good"
show_depends "$W/noblacklist" mvfoo > "$W/plan"
check_conf "$W/noblacklist" --json
if grep -q "^insmod $mods/extra/mv_good\\.ko" "$W/plan"; then
	expect_jq modconf/noblacklist/alias-loads '.modprobe_config.blacklisted == false and
		.modprobe_config.install == null and .modprobe_config.options == null and
		.modprobe_config.softdep == null'
else
	mv_fail modconf/noblacklist/alias-loads "modprobe would not load mvfoo: $(tr '\n' '|' < "$W/plan")"
fi
check_conf "$W/noblacklist" --color=never
expect_fixed modconf/noblacklist/text-nothing "  nothing:      no install, blacklist, options or softdep line names it"

# ---- a kernel module: its .modinfo aliases, a blacklist spelt with '-' -----------

if [ -n "$dep" ]; then
	n=modconf/$depname
	conf dep "blacklist $(basename "${dep%%.ko*}")"
	first_alias=$(modinfo -F alias "$mods/$dep" | head -n1)
	show_depends "$W/dep" "$first_alias" > "$W/plan"
	run MODVERIFY_ROOT="$root" -- check "$mods/$dep" --kdir "$tree" \
		--modprobe-config "$W/dep" --json
	expect_jq "$n/modinfo-aliases" "(.modprobe_config.modinfo_aliases | join(\" \")) == \"$(modinfo -F alias "$mods/$dep" | paste -sd' ')\""
	expect_jq "$n/name-as-kmod-spells-it" ".modprobe_config.name == \"$depname\""
	if [ -s "$W/plan" ]; then
		mv_fail "$n/blacklisted-through-modinfo-alias" "modprobe would load $first_alias: $(tr '\n' '|' < "$W/plan")"
	else
		expect_jq "$n/blacklisted-through-modinfo-alias" '.modprobe_config.blacklisted == true'
	fi
fi

finish
