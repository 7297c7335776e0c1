/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: the kernel's fixed-size types, from <stdint.h>. */
#ifndef _KH_LINUX_TYPES_H
#define _KH_LINUX_TYPES_H

/* The uapi header (__u32, ...): glibc's own headers may include it too. */
#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as asm-generic/int-ll64.h */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

struct timespec64 {
	long long tv_sec;
	long tv_nsec;
};

#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))

#endif
