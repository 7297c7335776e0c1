/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which module parameter the kernel's parse_args() refused, told from the
 * parameters passed and the module's kernel_param table: the rules of
 * kmod/params.c (the kernel module asks the kernel's own kstrto*()), with
 * those kstrto*() and next_arg() repeated here for `modverify watch`.
 */
#ifndef MODVERIFY_KPARAM_H
#define MODVERIFY_KPARAM_H

#include <stdbool.h>
#include <stddef.h>

/* The standard kernel_param_ops whose setters are repeated (param_ops_*). */
#define MV_KPARAM_TYPES(X)						\
	X(BOOL, "bool") X(INVBOOL, "invbool") X(BINT, "bint")		\
	X(BYTE, "byte") X(SHORT, "short") X(USHORT, "ushort")		\
	X(INT, "int") X(UINT, "uint") X(HEXINT, "hexint")		\
	X(LONG, "long") X(ULONG, "ulong") X(ULLONG, "ullong")		\
	X(CHARP, "charp") X(STRING, "string")

enum mv_kparam_type {
	MV_KPARAM_OTHER,	/* a setter of its own: not checked */
#define MV_KPARAM_ENUM(e, s) MV_KPARAM_##e,
	MV_KPARAM_TYPES(MV_KPARAM_ENUM)
#undef MV_KPARAM_ENUM
	MV_KPARAM_TYPE_COUNT
};

/* "int" for MV_KPARAM_INT: the name after param_ops_ in the kernel. */
const char *mv_kparam_type_name(enum mv_kparam_type t);

/* One entry of a module's kernel_param table, as much as the rules need. */
struct mv_kparam {
	const char *name;
	enum mv_kparam_type type;
	bool noarg;		/* ops->flags & KERNEL_PARAM_OPS_FL_NOARG */
	bool hwparam;		/* flags & KERNEL_PARAM_FL_HWPARAM */
	unsigned int maxlen;	/* a string's room (kparam_string.maxlen) */
};

/*
 * The kernel's own parsing, repeated (also for tests/kmod-host, which runs
 * the kernel module's code in userspace): lib/kstrtox.c kstrtoull(),
 * kstrtoll() (0, -EINVAL or -ERANGE) and kstrtobool(); lib/cmdline.c
 * next_arg() and lib/string.c skip_spaces(), with the kernel's isspace().
 */
int mv_kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int mv_kstrtoll(const char *s, unsigned int base, long long *res);
int mv_kstrtobool(const char *s, bool *res);
char *mv_skip_spaces(const char *s);
char *mv_next_arg(char *args, char **param, char **val);

/*
 * mv_kparam_rejected() - the parameter parse_args() refused with err
 * @args: the parameters passed, as parse_args() got them
 * @cut: @args is only their start: its last parameter is not checked
 * @params: the module's table, @n entries
 * @err: parse_args()'s error (negative)
 * @name: where the parameter's name is written, as it was passed
 * @size: room in @name
 *
 * Return: true if a parameter refused with @err was found: the last one.
 */
bool mv_kparam_rejected(const char *args, bool cut, const struct mv_kparam *params,
			size_t n, int err, char *name, size_t size);

#endif /* MODVERIFY_KPARAM_H */
