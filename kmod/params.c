// SPDX-License-Identifier: GPL-2.0
/*
 * Which module parameter parse_args() refused.  parse_args() goes on past
 * a refused parameter (each one logs "`val' invalid for parameter `name'")
 * and returns the last error; parse_one() and the setter it calls are not
 * probed (parse_one() is inlined, a setter is any function).  So the
 * parameters passed, as copied at parse_args() entry, are split again the
 * way the kernel split them, and each value is checked by the rule of its
 * kernel_param_ops: the kernel's own kstrto*() for the standard ones, the
 * same length limits for strings.  The last one refused with the errno
 * parse_args() returned is the one named.  A parameter whose setter is not
 * one of those (module_param_cb(), arrays) cannot be checked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include <modverify/params.h>

#include "modverify.h"

#define MV_PARAM_UNKNOWN	1	/* the setter is not one modverify repeats */
#define MV_MAX_KPARAMS		1024	/* params[] entries looked at: bounded work */
#define MV_CHARP_MAX		1024	/* param_set_charp()'s limit */

/* What @kp's setter returns for @val: 0, an errno, or MV_PARAM_UNKNOWN. */
static int param_check(const struct kernel_param *kp, const char *val)
{
	const struct kernel_param_ops *ops = kp->ops;
	union {
		bool b;
		u8 u8;
		s16 s16;
		u16 u16;
		int i;
		unsigned int ui;
		long l;
		unsigned long ul;
		unsigned long long ull;
	} v;

	/* parse_one(): only a NOARG setter is called without a value. */
	if (!val && !(ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
		return -EINVAL;
	/* param_check_unsafe(): lockdown may refuse hardware parameters. */
	if (kp->flags & KERNEL_PARAM_FL_HWPARAM)
		return MV_PARAM_UNKNOWN;
	/* param_set_bool(), which invbool's and bint's setters call. */
	if (ops == &param_ops_bool || ops == &param_ops_invbool || ops == &param_ops_bint)
		return kstrtobool(val ? val : "1", &v.b);
	if (!val)
		return MV_PARAM_UNKNOWN;
	/* STANDARD_PARAM_DEF(): kstrto*(val, 0, ...); hexint's is uint's. */
	if (ops == &param_ops_byte)
		return kstrtou8(val, 0, &v.u8);
	if (ops == &param_ops_short)
		return kstrtos16(val, 0, &v.s16);
	if (ops == &param_ops_ushort)
		return kstrtou16(val, 0, &v.u16);
	if (ops == &param_ops_int)
		return kstrtoint(val, 0, &v.i);
	if (ops == &param_ops_uint || ops == &param_ops_hexint)
		return kstrtouint(val, 0, &v.ui);
	if (ops == &param_ops_long)
		return kstrtol(val, 0, &v.l);
	if (ops == &param_ops_ulong)
		return kstrtoul(val, 0, &v.ul);
	if (ops == &param_ops_ullong)
		return kstrtoull(val, 0, &v.ull);
	if (ops == &param_ops_charp)
		return strnlen(val, MV_CHARP_MAX + 1) > MV_CHARP_MAX ? -ENOSPC : 0;
	if (ops == &param_ops_string)
		return strlen(val) + 1 > kp->str->maxlen ? -ENOSPC : 0;
	return MV_PARAM_UNKNOWN;
}

/**
 * mv_param_rejected() - name the parameter parse_args() refused
 * @args: the parameters passed, as copied at parse_args() entry
 * @params: the module's kernel_param array (parse_args()'s own)
 * @num: its entries
 * @cut: @args is cut short: its last parameter is not checked
 * @err: parse_args()'s error (negative)
 * @name: where the name is written, as it was passed
 * @size: room in @name
 *
 * Return: true if a parameter refused with @err was found; the last one.
 */
bool mv_param_rejected(const char *args, bool cut, const struct kernel_param *params,
		       unsigned int num, int err, char *name, size_t size)
{
	char buf[MV_PARAMS_LEN];
	char *next, *param, *val;
	bool found = false;
	unsigned int i;

	strscpy(buf, args, sizeof(buf));
	num = min_t(unsigned int, num, MV_MAX_KPARAMS);
	next = skip_spaces(buf);
	while (*next) {
		next = next_arg(next, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;	/* the rest is for the module's init */
		if (cut && !*next)
			break;
		for (i = 0; i < num; i++) {
			if (!mv_param_eq(param, params[i].name))
				continue;
			if (param_check(&params[i], val) == err) {
				strscpy(name, param, size);
				found = true;
			}
			break;
		}
	}
	return found;
}
