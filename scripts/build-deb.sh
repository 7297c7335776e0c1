#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh: the Debian packages (debian/), as `make deb` makes them:
# dpkg-buildpackage -us -uc -b in a clean copy of the sources (the tracked
# files and new ones git does not ignore; none of the work tree's build
# output), in build/deb/modverify-<version>/.  The .debs, .buildinfo and
# .changes land in build/deb/.  Needs the build dependencies of
# debian/control (scripts/deps.sh installs them).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(make -s --no-print-directory -C "$top" version)
[ -n "$version" ] || { echo "build-deb: ERROR: no version in debian/changelog" >&2; exit 1; }
out=$top/build/deb
src=$out/modverify-$version

rm -rf "$out"
mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Files deleted in the work tree but still in the index are left out.
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$top" --exclude=./build -cf - . | tar -C "$src" -xf -
fi
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 || {
	echo "build-deb: ERROR: dpkg-buildpackage failed; the end of $out/build.log:" >&2
	tail -n 20 "$out/build.log" >&2
	exit 1
}
rm -rf "$src"
ls "$out"/*.deb
