# SPDX-License-Identifier: GPL-2.0
#
# What kmod's insmod tells of a load the kernel refused: it exits 1 and
# prints "insmod: ERROR: could not insert module FILE: TEXT", TEXT being its
# own words for the errno finit_module() returned (kmod's mod_strerror(),
# v30 to v34.2: four errnos have their own, the others strerror()'s).  Tests read the
# kernel's verdict from that text, independently of modverify.  Sourced by
# bash scripts.

# mv_insmod_text ERRNO_NAME: the TEXT insmod prints for that errno.
mv_insmod_text()
{
	case $1 in
	ENOEXEC) echo "Invalid module format" ;;
	EINVAL) echo "Invalid parameters" ;;
	ENOENT) echo "Unknown symbol in module" ;;
	ESRCH) echo "Module has wrong symbol version" ;;
	*) perl -MErrno -e "\$! = Errno::$1(); print \"\$!\\n\"" 2>/dev/null || echo "?$1" ;;
	esac
}

# mv_insmod_said FILE: the TEXT of insmod's error line in FILE (its
# captured output), or nothing when it printed none.
mv_insmod_said()
{
	sed -n 's/^insmod: ERROR: could not insert module .*: //p' "$1" | tail -n 1
}
