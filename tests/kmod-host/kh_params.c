// SPDX-License-Identifier: GPL-2.0
/*
 * kmod-host: the kernel functions params.c calls, with the kernel's
 * behaviour (lib/kstrtox.c, lib/cmdline.c next_arg(), kernel/params.c's
 * ops and their flags).
 */
#include <ctype.h>
#include <limits.h>

#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>

/* Only the addresses and the flags are looked at. */
const struct kernel_param_ops param_ops_byte, param_ops_short, param_ops_ushort,
	param_ops_int, param_ops_uint, param_ops_long, param_ops_ulong, param_ops_ullong,
	param_ops_hexint, param_ops_charp, param_ops_invbool, param_ops_bint, param_ops_string;
const struct kernel_param_ops param_ops_bool = { .flags = KERNEL_PARAM_OPS_FL_NOARG };

/* Digits of @s in base @base (0: by its prefix), no sign, one trailing newline. */
static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	unsigned int digits = 0;

	if (!base)
		base = s[0] != '0' ? 10 : (tolower(s[1]) == 'x' && isxdigit(s[2])) ? 16 : 8;
	if (base == 16 && s[0] == '0' && tolower(s[1]) == 'x')
		s += 2;
	for (; *s; s++, digits++) {
		unsigned int d = isdigit(*s) ? (unsigned int)(*s - '0') :
				 isalpha(*s) ? (unsigned int)(tolower(*s) - 'a' + 10) : 99;

		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return parse_ull(s[0] == '+' ? s + 1 : s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = parse_ull(s + 1, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
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

/* y/Y/t/T/1/on: true; n/N/f/F/0/off: false. */
int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower(s[1]) == 'n' || tolower(s[1]) == 'f') {
			*res = tolower(s[1]) == 'n';
			return 0;
		}
		break;
	}
	return -EINVAL;
}

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		str++;
	return (char *)str;
}

/*
 * One "param=val" (or "param") of @args, split in place: double quotes
 * group spaces, a value's quotes are dropped.  Returns the next one.
 */
char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}
