/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: a mutex is a pthread mutex. */
#ifndef _KH_LINUX_MUTEX_H
#define _KH_LINUX_MUTEX_H

#include <pthread.h>

struct mutex {
	pthread_mutex_t m;
};

#define DEFINE_MUTEX(x)		struct mutex x = { PTHREAD_MUTEX_INITIALIZER }
#define mutex_lock(l)		pthread_mutex_lock(&(l)->m)
#define mutex_unlock(l)		pthread_mutex_unlock(&(l)->m)

#endif
