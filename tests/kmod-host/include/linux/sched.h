/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: a task is a struct the tests create; `current` is the
 * calling thread's (kh_set_current()).
 */
#ifndef _KH_LINUX_SCHED_H
#define _KH_LINUX_SCHED_H

#define TASK_COMM_LEN 16

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
};

struct task_struct *kh_current(void);
#define current kh_current()

#endif
