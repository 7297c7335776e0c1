/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: locks are pthread mutexes.  raw_spinlock_t is what probe
 * handlers may take (it never sleeps, even on PREEMPT_RT); spinlock_t is a
 * sleeping rt_mutex on PREEMPT_RT, so every time one is taken it is counted
 * in kh_sleeping_locks, which the defect1 test checks stays 0.
 */
#ifndef _KH_LINUX_SPINLOCK_H
#define _KH_LINUX_SPINLOCK_H

#include <pthread.h>

extern unsigned long kh_sleeping_locks;

typedef struct {
	pthread_mutex_t m;
} raw_spinlock_t;

typedef struct {
	pthread_mutex_t m;
} spinlock_t;

#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = { PTHREAD_MUTEX_INITIALIZER }
#define DEFINE_SPINLOCK(x)	spinlock_t x = { PTHREAD_MUTEX_INITIALIZER }

#define raw_spin_lock_irqsave(l, flags) \
	do { (flags) = 0; pthread_mutex_lock(&(l)->m); } while (0)
#define raw_spin_unlock_irqrestore(l, flags) \
	do { (void)(flags); pthread_mutex_unlock(&(l)->m); } while (0)
#define raw_spin_lock(l)	pthread_mutex_lock(&(l)->m)
#define raw_spin_unlock(l)	pthread_mutex_unlock(&(l)->m)

#define spin_lock_irqsave(l, flags) \
	do { (flags) = 0; kh_sleeping_locks++; pthread_mutex_lock(&(l)->m); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { (void)(flags); pthread_mutex_unlock(&(l)->m); } while (0)
#define spin_lock(l)	do { kh_sleeping_locks++; pthread_mutex_lock(&(l)->m); } while (0)
#define spin_unlock(l)	pthread_mutex_unlock(&(l)->m)

#endif
