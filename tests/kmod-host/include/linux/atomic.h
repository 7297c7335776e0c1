/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: atomic64_t and the barriers kmod uses, as C11/GCC atomics. */
#ifndef _KH_LINUX_ATOMIC_H
#define _KH_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct {
	long long counter;
} atomic64_t;

#define ATOMIC64_INIT(i)	{ (i) }
#define atomic64_read(v)	__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic64_inc(v)		((void)__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_RELAXED))
#define atomic64_inc_return(v)	__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)

#define cmpxchg(p, old, new)	__sync_val_compare_and_swap(p, old, new)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)

#endif
