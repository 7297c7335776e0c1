// SPDX-License-Identifier: GPL-2.0
/*
 * The module parameter rules (kparam.h).  parse_args() goes on past a
 * refused parameter and returns the last error, so the parameters are
 * split again the way the kernel split them (next_arg()), each value is
 * checked by the rule of its parameter's setter (the kernel's kstrto*()
 * with base 0 for numbers and booleans, the length limits of charp and
 * string), and the last one refused with the returned errno is named, as
 * kmod/params.c does in the kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <modverify/params.h>

#include "kparam.h"

#define ARGS_MAX	1024	/* parse_args()'s arguments looked at */
#define CHARP_MAX	1024	/* param_set_charp()'s limit */
#define NOT_CHECKED	1	/* the setter is not one repeated here */

const char *mv_kparam_type_name(enum mv_kparam_type t)
{
	switch (t) {
#define MV_KPARAM_CASE(e, s) case MV_KPARAM_##e: return s;
	MV_KPARAM_TYPES(MV_KPARAM_CASE)
#undef MV_KPARAM_CASE
	default:
		return NULL;
	}
}

/* The kernel's isspace(): its ctype table counts 0xa0 as a space too. */
static bool k_isspace(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

char *mv_skip_spaces(const char *s)
{
	while (k_isspace(*s))
		s++;
	return (char *)s;
}

char *mv_next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (k_isspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* Don't include quotes in value. */
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
	return mv_skip_spaces(args);
}

static bool is_xdigit(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* _kstrtoull(): base 0 takes the radix from the prefix; no sign. */
static int kstrtoull_unsigned(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long r = 0;
	unsigned int n = 0;
	bool overflow = false;

	if (base == 0)
		base = s[0] != '0' ? 10 : (s[1] | 0x20) == 'x' && is_xdigit(s[2]) ? 16 : 8;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (;; s++, n++) {
		unsigned int v;
		char c = *s;

		if (c >= '0' && c <= '9')
			v = (unsigned int)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = (unsigned int)((c | 0x20) - 'a' + 10);
		else
			break;
		if (v >= base)
			break;
		if (r > (ULLONG_MAX - v) / base)
			overflow = true;
		r = r * base + v;
	}
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

int mv_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_unsigned(s, base, res);
}

int mv_kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long t;
	int rv;

	if (s[0] == '-') {
		rv = kstrtoull_unsigned(s + 1, base, &t);
		if (rv < 0)
			return rv;
		if (t > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = t ? -(long long)(t - 1) - 1 : 0;
		return 0;
	}
	rv = mv_kstrtoull(s, base, &t);
	if (rv < 0)
		return rv;
	if (t > LLONG_MAX)
		return -ERANGE;
	*res = (long long)t;
	return 0;
}

/* kstrtou8(), kstrtouint() ...: kstrtoull() and the type's range. */
static int kstrtou_max(const char *s, unsigned long long max)
{
	unsigned long long v;
	int rv = mv_kstrtoull(s, 0, &v);

	return rv < 0 ? rv : v > max ? -ERANGE : 0;
}

static int kstrtos_range(const char *s, long long min, long long max)
{
	long long v;
	int rv = mv_kstrtoll(s, 0, &v);

	return rv < 0 ? rv : v < min || v > max ? -ERANGE : 0;
}

/* The first character, two for on/off; t and f too (added in 2022, before 6.1). */
int mv_kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if ((s[1] | 0x20) == 'n' || (s[1] | 0x20) == 'f') {
			*res = (s[1] | 0x20) == 'n';
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/* What @kp's setter returns for @val: 0, an errno, or NOT_CHECKED. */
static int param_check(const struct mv_kparam *kp, const char *val)
{
	/* parse_one(): only a NOARG setter is called without a value. */
	if (!val && !kp->noarg)
		return -EINVAL;
	/* param_check_unsafe(): lockdown may refuse hardware parameters. */
	if (kp->hwparam)
		return NOT_CHECKED;
	switch (kp->type) {
	case MV_KPARAM_BOOL:
	case MV_KPARAM_INVBOOL:
	case MV_KPARAM_BINT: {
		bool b;

		return mv_kstrtobool(val ? val : "1", &b);
	}
	default:
		break;
	}
	if (!val)
		return NOT_CHECKED;
	switch (kp->type) {
	case MV_KPARAM_BYTE:
		return kstrtou_max(val, UINT8_MAX);
	case MV_KPARAM_SHORT:
		return kstrtos_range(val, INT16_MIN, INT16_MAX);
	case MV_KPARAM_USHORT:
		return kstrtou_max(val, UINT16_MAX);
	case MV_KPARAM_INT:
		return kstrtos_range(val, INT_MIN, INT_MAX);
	case MV_KPARAM_UINT:
	case MV_KPARAM_HEXINT:
		return kstrtou_max(val, UINT_MAX);
	case MV_KPARAM_LONG:
		return kstrtos_range(val, LLONG_MIN, LLONG_MAX);
	case MV_KPARAM_ULONG:
	case MV_KPARAM_ULLONG:
		return kstrtou_max(val, ULLONG_MAX);
	case MV_KPARAM_CHARP:
		return strnlen(val, CHARP_MAX + 1) > CHARP_MAX ? -ENOSPC : 0;
	case MV_KPARAM_STRING:
		return strlen(val) + 1 > kp->maxlen ? -ENOSPC : 0;
	default:
		return NOT_CHECKED;
	}
}

bool mv_kparam_rejected(const char *args, bool cut, const struct mv_kparam *params,
			size_t n, int err, char *name, size_t size)
{
	char buf[ARGS_MAX];
	char *next, *param, *val;
	bool found = false;
	size_t i;

	if (!size)
		return false;
	strncpy(buf, args, sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	next = mv_skip_spaces(buf);
	while (*next) {
		next = mv_next_arg(next, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;	/* the rest is for the module's init */
		if (cut && !*next)
			break;
		for (i = 0; i < n; i++) {
			if (!params[i].name || !mv_param_eq(param, params[i].name))
				continue;
			if (param_check(&params[i], val) == err) {
				strncpy(name, param, size - 1);
				name[size - 1] = '\0';
				found = true;
			}
			break;
		}
	}
	return found;
}
