/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: struct kernel_param and the standard parameter ops, as in
 * include/linux/moduleparam.h (6.1 to 7.2); the ops are defined in
 * kh_params.c, only their addresses matter.  next_arg() and skip_spaces()
 * (lib/cmdline.c, lib/string.c) split parameters as the kernel does.
 */
#ifndef _KH_LINUX_MODULEPARAM_H
#define _KH_LINUX_MODULEPARAM_H

#include <linux/types.h>

struct module;
struct kernel_param;

enum {
	KERNEL_PARAM_OPS_FL_NOARG = (1 << 0)
};

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

enum {
	KERNEL_PARAM_FL_UNSAFE	= (1 << 0),
	KERNEL_PARAM_FL_HWPARAM	= (1 << 1),
};

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
	};
};

extern const struct kernel_param_ops param_ops_byte, param_ops_short, param_ops_ushort,
	param_ops_int, param_ops_uint, param_ops_long, param_ops_ulong, param_ops_ullong,
	param_ops_hexint, param_ops_charp, param_ops_bool, param_ops_invbool, param_ops_bint,
	param_ops_string;

char *next_arg(char *args, char **param, char **val);
char *skip_spaces(const char *str);

#endif
