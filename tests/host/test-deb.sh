#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-deb.sh: the Debian packages, on the host (docs/install.md):
#
#   build     `make deb` makes modverify-dkms_<version>_all.deb and
#             modverify_<version>_<arch>.deb, <version> as dpkg-parsechangelog
#             reads debian/changelog
#   lintian   no error; every warning's tag is listed in docs/install.md
#   contents  dpkg-deb -c of each package is what `make install
#             INSTALL_MODULE=no` (modverify) and `make dkms-source`
#             (modverify-dkms) install with Debian's paths, plus the files
#             debhelper adds (copyright, changelog.gz, man pages gzipped);
#             file for file the same bytes, the stripped reader excepted
#   depends   modverify depends on the package of every library its binary
#             needs (readelf's NEEDED, dpkg -S), on jq and kmod, and
#             recommends (not depends on: `modverify watch` needs no module)
#             the same version of modverify-dkms; modverify-dkms depends on
#             dkms and bpftool
#   version   the packaged dkms.conf and the reader's --version say the
#             package's version
#
# Needs dpkg-dev, debhelper, dh-dkms and lintian (scripts/deps.sh).  Takes
# about a minute and a half (the package build, then lintian).  Prints
# PASS:/FAIL:/SKIP: lines.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
# shellcheck source=tests/qemu/results.sh
. "$TOP/tests/qemu/results.sh"

T=deb
work=$TOP/build/test-deb/host
out=$TOP/build/deb
# The paths debian/rules installs to.
PATHS=(PREFIX=/usr LIBEXECDIR=/usr/libexec/modverify UNITDIR=/lib/systemd/system)

export LC_ALL=C

setup_fail()
{
	mv_fail "$T/setup" "$1"
	exit 1
}

for tool in dpkg-buildpackage dpkg-parsechangelog dh_dkms lintian readelf; do
	command -v "$tool" >/dev/null || setup_fail "$tool is not installed (scripts/deps.sh)"
done
rm -rf "$work"
mkdir -p "$work"
version=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version) ||
	setup_fail "dpkg-parsechangelog cannot read debian/changelog"
arch=$(dpkg --print-architecture)
dkms_deb=$out/modverify-dkms_${version}_all.deb
reader_deb=$out/modverify_${version}_${arch}.deb

# ---- build --------------------------------------------------------------

if make -s -C "$TOP" deb >"$work/build.log" 2>&1; then
	mv_pass "$T/build"
else
	mv_fail "$T/build" "make deb failed: $(tail -n 5 "$work/build.log" | tr '\n' ' ')"
	exit 1
fi
for deb in "$dkms_deb" "$reader_deb"; do
	if [ -f "$deb" ]; then
		mv_pass "$T/build/${deb##*/}"
	else
		mv_fail "$T/build/${deb##*/}" "not in build/deb: $(cd "$out" && find . -name "*.deb" | tr '\n' ' ')"
		exit 1
	fi
done
expect_eq "build/modverify-dkms version" "$(dpkg-deb -f "$dkms_deb" Version)" "$version"
expect_eq "build/modverify-dkms architecture" "$(dpkg-deb -f "$dkms_deb" Architecture)" all

# ---- lintian --------------------------------------------------------------

# Tags and their reasons are listed in docs/install.md as "`tag`".
lintian --tag-display-limit 0 "$dkms_deb" "$reader_deb" >"$work/lintian.out" 2>"$work/lintian.err"
expect_eq "lintian/errors" "$(grep -c '^E: ' "$work/lintian.out")" 0
undocumented=$(sed -n 's/^W: [^ ]*: \([^ ]*\).*/\1/p' "$work/lintian.out" | sort -u |
	while read -r tag; do grep -qF "\`$tag\`" "$TOP/docs/install.md" || echo "$tag"; done |
	tr '\n' ' ')
expect_eq "lintian/every warning documented" "$undocumented" ""
if [ -s "$work/lintian.err" ] && grep -qv 'running with root privileges' "$work/lintian.err"; then
	mv_fail "$T/lintian/ran" "$(head -n 3 "$work/lintian.err" | tr '\n' ' ')"
else
	mv_pass "$T/lintian/ran"
fi

# ---- contents -----------------------------------------------------------

# files DEB: the package's files and symbolic links, one path a line.
files()
{
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | sort
}

# staged DIR PKG: the files under DIR as debhelper packs them for PKG: man
# pages gzipped, the copyright and the gzipped changelog added.
staged()
{
	(cd "$1" && find . ! -type d | sed 's|^\./||
		s|^\(usr/share/man/.*\)$|\1.gz|')
	printf 'usr/share/doc/%s/copyright\nusr/share/doc/%s/changelog.gz\n' "$2" "$2"
}

# same_files NAME STAGE UNPACKED: every staged file has the same bytes in the
# package (a man page once gunzipped), but ELF files (dh_strip strips them).
same_files()
{
	local name=$1 stage=$2 pkg=$3 f differ=""

	while read -r f; do
		if [ "$(head -c 4 "$stage/$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			continue
		fi
		case $f in
		usr/share/man/*) gzip -dc "$pkg/$f.gz" | cmp -s - "$stage/$f" ;;
		*) cmp -s "$pkg/$f" "$stage/$f" ;;
		esac || differ="$differ $f"
	done < <(cd "$stage" && find . ! -type d | sed 's|^\./||')
	expect_eq "$name/same bytes" "$differ" ""
}

# modes DEB STAGE: "mode path" of each staged file, in the package and staged.
modes()
{
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $1, $6 }' |
		grep -v ' usr/share/\(doc\|man\)/' | sort
}

stage_modes()
{
	(cd "$1" && find . ! -type d -printf '%M %P\n' | grep -v ' usr/share/man/' | sort)
}

stage=$work/reader
if make -s -C "$TOP" install INSTALL_MODULE=no DESTDIR="$stage" "${PATHS[@]}" \
	>"$work/install.log" 2>&1; then
	expect_eq "contents/modverify files" "$(files "$reader_deb" | tr '\n' ' ')" \
		"$(staged "$stage" modverify | sort | tr '\n' ' ')"
	expect_eq "contents/modverify modes" "$(modes "$reader_deb" | tr '\n' ' ')" \
		"$(stage_modes "$stage" | tr '\n' ' ')"
	dpkg-deb -x "$reader_deb" "$work/reader-deb"
	same_files contents/modverify "$stage" "$work/reader-deb"
else
	mv_fail "$T/contents/modverify" "make install failed: $(tail -n 3 "$work/install.log" | tr '\n' ' ')"
fi

stage=$work/dkms
if make -s -C "$TOP" dkms-source DESTDIR="$stage" >"$work/dkms-source.log" 2>&1; then
	expect_eq "contents/modverify-dkms files" "$(files "$dkms_deb" | tr '\n' ' ')" \
		"$(staged "$stage" modverify-dkms | sort | tr '\n' ' ')"
	expect_eq "contents/modverify-dkms modes" "$(modes "$dkms_deb" | tr '\n' ' ')" \
		"$(stage_modes "$stage" | tr '\n' ' ')"
	dpkg-deb -x "$dkms_deb" "$work/dkms-deb"
	same_files contents/modverify-dkms "$stage" "$work/dkms-deb"
else
	mv_fail "$T/contents/modverify-dkms" "make dkms-source failed: $(tail -n 3 "$work/dkms-source.log" | tr '\n' ' ')"
fi

# ---- depends --------------------------------------------------------------

# depends DEB: the package names in its Depends, one a line.
depends()
{
	dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (].*//' | sort -u
}

# depends_on NAME DEB PACKAGE...: DEB depends on each PACKAGE.
depends_on()
{
	local name=$1 deb=$2 p missing=""

	shift 2
	for p in "$@"; do
		depends "$deb" | grep -qx "$p" || missing="$missing $p"
	done
	expect_eq "$name" "$missing" ""
}

bin=$work/reader-deb/usr/bin/modverify
if [ -x "$bin" ]; then
	# The package of each library the binary needs, as this host has it.
	libpkgs=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r lib; do
		path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
		[ -n "$path" ] && dpkg -S "$(readlink -f "$path")" 2>/dev/null | cut -d: -f1 | head -n 1
	done | sort -u)
	if [ -n "$libpkgs" ]; then
		# shellcheck disable=SC2086 # a list of package names
		depends_on "depends/modverify: the binary's libraries" "$reader_deb" $libpkgs
	else
		mv_fail "$T/depends/modverify: the binary's libraries" "no NEEDED library found by readelf"
	fi
	expect_eq "version/reader" "$("$bin" --version | head -n 1)" "modverify version $version"
	# watch built in (Build-Depends): the binary embeds the BPF object.
	if grep -aq 'fentry/load_module' "$bin"; then
		mv_pass "$T/contents/modverify watch built in"
	else
		mv_fail "$T/contents/modverify watch built in" "no BPF programs in usr/bin/modverify"
	fi
else
	mv_fail "$T/depends/modverify" "no usr/bin/modverify in the package"
fi
depends_on "depends/modverify: the journal export and the unit's tools" "$reader_deb" jq kmod
expect_eq "depends/modverify: recommends modverify-dkms of its version" \
	"$(dpkg-deb -f "$reader_deb" Recommends | tr ',' '\n' | sed -n 's/^ *modverify-dkms //p')" \
	"(= $version)"
expect_eq "depends/modverify: does not depend on modverify-dkms" \
	"$(depends "$reader_deb" | grep -cx modverify-dkms)" 0
depends_on "depends/modverify-dkms" "$dkms_deb" dkms bpftool
expect_eq "version/dkms.conf" \
	"$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$work/dkms-deb/usr/src/modverify-$version/dkms.conf" 2>/dev/null)" \
	"$version"

[ "$mv_checks_failed" = 0 ]
