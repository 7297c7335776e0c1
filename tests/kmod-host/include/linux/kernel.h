/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: what kmod takes from include/linux/kernel.h and the
 * headers it pulls in: min/max, ARRAY_SIZE, ALIGN, BIT, the printk family
 * (into a capture buffer, kh_log) and the kernel's printf family, which
 * goes through kh_vsnprintf() for the %pe and %pE extensions.
 */
#ifndef _KH_LINUX_KERNEL_H
#define _KH_LINUX_KERNEL_H

#include <assert.h>	/* static_assert */
#include <stdarg.h>
#include <stdio.h>

#include <linux/errno.h>
#include <linux/panic.h>
#include <linux/string.h>
#include <linux/types.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define BIT(nr)			(1UL << (nr))
#define NSEC_PER_SEC		1000000000LL
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __maybe_unused		__attribute__((unused))

#define min(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(t, a, b)	({ t _a = (a); t _b = (b); _a < _b ? _a : _b; })
#define max_t(t, a, b)	({ t _a = (a); t _b = (b); _a > _b ? _a : _b; })

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

__printf(3, 0) int kh_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int kh_snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int kh_vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int kh_scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(2, 3) void kh_printk(int level, const char *fmt, ...);

#undef snprintf
#undef vsnprintf
#define snprintf(...)	kh_snprintf(__VA_ARGS__)
#define vsnprintf(...)	kh_vsnprintf(__VA_ARGS__)
#define scnprintf(...)	kh_scnprintf(__VA_ARGS__)
#define vscnprintf(...)	kh_vscnprintf(__VA_ARGS__)

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...)	kh_printk(3, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	kh_printk(4, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	kh_printk(5, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	kh_printk(6, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { if (0) kh_printk(7, pr_fmt(fmt), ##__VA_ARGS__); } while (0)

#endif
