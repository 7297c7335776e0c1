/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: check_add_overflow() is the compiler builtin, as upstream. */
#ifndef _KH_LINUX_OVERFLOW_H
#define _KH_LINUX_OVERFLOW_H

#include <linux/types.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

#endif
