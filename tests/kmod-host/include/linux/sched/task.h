/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: task references are counted in task_struct.usage. */
#ifndef _KH_LINUX_SCHED_TASK_H
#define _KH_LINUX_SCHED_TASK_H

#include <linux/sched.h>

static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	__atomic_add_fetch(&t->usage, 1, __ATOMIC_SEQ_CST);
	return t;
}

static inline void put_task_struct(struct task_struct *t)
{
	__atomic_sub_fetch(&t->usage, 1, __ATOMIC_SEQ_CST);
}

#endif
