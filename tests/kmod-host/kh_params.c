// SPDX-License-Identifier: GPL-2.0
/*
 * kmod-host: the kernel functions params.c calls, with the kernel's
 * behaviour: lib/kstrtox.c and lib/cmdline.c next_arg() as
 * userspace/lib/kparam.c repeats them, kernel/params.c's ops and their
 * flags.
 */
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>

#include "kparam.h"

/* Only the addresses and the flags are looked at. */
const struct kernel_param_ops param_ops_byte, param_ops_short, param_ops_ushort,
	param_ops_int, param_ops_uint, param_ops_long, param_ops_ulong, param_ops_ullong,
	param_ops_hexint, param_ops_charp, param_ops_invbool, param_ops_bint, param_ops_string;
const struct kernel_param_ops param_ops_bool = { .flags = KERNEL_PARAM_OPS_FL_NOARG };

/* The kernel's parsing, as userspace/lib/kparam.c repeats it for watch. */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return mv_kstrtoull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	return mv_kstrtoll(s, base, res);
}

/* The narrower types: the wide parse, then a range check. */
#define KH_KSTRTO(name, type, wide, parse)				\
int name(const char *s, unsigned int base, type *res)			\
{									\
	wide v;								\
	int err = parse(s, base, &v);					\
									\
	if (err)							\
		return err;						\
	if ((wide)(type)v != v)						\
		return -ERANGE;						\
	*res = (type)v;							\
	return 0;							\
}
KH_KSTRTO(kstrtoul, unsigned long, unsigned long long, kstrtoull)
KH_KSTRTO(kstrtol, long, long long, kstrtoll)
KH_KSTRTO(kstrtouint, unsigned int, unsigned long long, kstrtoull)
KH_KSTRTO(kstrtoint, int, long long, kstrtoll)
KH_KSTRTO(kstrtou16, u16, unsigned long long, kstrtoull)
KH_KSTRTO(kstrtos16, s16, long long, kstrtoll)
KH_KSTRTO(kstrtou8, u8, unsigned long long, kstrtoull)

int kstrtobool(const char *s, bool *res)
{
	return mv_kstrtobool(s, res);
}

char *skip_spaces(const char *str)
{
	return mv_skip_spaces(str);
}

char *next_arg(char *args, char **param, char **val)
{
	return mv_next_arg(args, param, val);
}
