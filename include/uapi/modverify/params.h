/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Module parameter names as the kernel's parse_args() compares them, for
 * both backends' naming of a refused parameter: the kernel module
 * (kmod/params.c) and `modverify watch` (userspace/lib/kparam.c).  Plain C
 * that compiles both in the kernel and in C11 userspace.
 */
#ifndef _UAPI_MODVERIFY_PARAMS_H
#define _UAPI_MODVERIFY_PARAMS_H

#ifndef __KERNEL__
#include <stdbool.h>
#endif

/* kernel/params.c parameq(): '-' and '_' are the same in parameter names. */
static inline bool mv_param_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

#endif /* _UAPI_MODVERIFY_PARAMS_H */
