/* SPDX-License-Identifier: GPL-2.0 */
/*
 * errno names and the texts people see for them.  A record carries both the
 * number and the name the kernel used; texts are looked up by name so that a
 * record from another architecture (whose numbers may differ) reads right.
 */
#ifndef MODVERIFY_ERRNAMES_H
#define MODVERIFY_ERRNAMES_H

struct mv_errno_info {
	int number;		/* asm-generic numbering */
	const char *name;	/* "ENOEXEC" */
	const char *text;	/* "Exec format error", as strerror() says it */
};

/* NULL when unknown.  Aliases (EWOULDBLOCK, ENOTSUP, ...) are accepted. */
const struct mv_errno_info *mv_errno_by_name(const char *name);
const struct mv_errno_info *mv_errno_by_number(int number);

/*
 * The strerror()-style text for a result, the text kmod's insmod prints
 * for it (tools/insmod.c mod_strerror(), which rewords four errnos) and the
 * one kmod's modprobe prints (tools/modprobe.c, which rewords ENOENT and
 * EEXIST).  name may be NULL; value is 0 or a negative errno.  Never NULL:
 * unknown errnos read "error N".
 */
const char *mv_errno_text(const char *name, long long value);
/* name, or when the record could not spell it, the name of the number */
const char *mv_errno_name(const char *name, long long value);
const char *mv_insmod_text(const char *name, long long value);
const char *mv_modprobe_text(const char *name, long long value);

/* The loading tool, told by the record's comm: kmod's two, or another. */
enum mv_load_tool {
	MV_TOOL_UNKNOWN,	/* systemd-udevd, systemd-modules-load, ... */
	MV_TOOL_INSMOD,
	MV_TOOL_MODPROBE,
};

enum mv_load_tool mv_load_tool(const char *comm);
/* What that tool printed for the result; NULL for another tool. */
const char *mv_tool_text(enum mv_load_tool tool, const char *name,
			 long long value);

#endif /* MODVERIFY_ERRNAMES_H */
