/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: the kernel's strict string-to-number parsers
 * (lib/kstrtox.c), implemented in kh_params.c: base 0 takes 0x (hex) and 0
 * (octal) prefixes, an optional sign where the type has one, one trailing
 * newline; -EINVAL for anything else, -ERANGE when it does not fit.
 */
#ifndef _KH_LINUX_KSTRTOX_H
#define _KH_LINUX_KSTRTOX_H

#include <linux/types.h>

int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtos16(const char *s, unsigned int base, s16 *res);
int kstrtou8(const char *s, unsigned int base, u8 *res);
int kstrtobool(const char *s, bool *res);

#endif
