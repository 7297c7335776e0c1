/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: a task is a struct the tests create; `current` is the
 * calling thread's (kh_set_current()).  @usage counts the references
 * get_task_struct() takes, so tests can check they are all dropped; a test
 * sets PF_EXITING in @flags to make a task die.
 */
#ifndef _KH_LINUX_SCHED_H
#define _KH_LINUX_SCHED_H

#define TASK_COMM_LEN 16
#define PF_EXITING 0x00000004

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned int flags;
	int usage;
};

struct task_struct *kh_current(void);
#define current kh_current()

#endif
