/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: schedule_work() only marks the work pending; a test runs
 * it with kh_run_work(), as the kernel's worker would later, in process
 * context.
 */
#ifndef _KH_LINUX_WORKQUEUE_H
#define _KH_LINUX_WORKQUEUE_H

#include <stdbool.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bool pending;
};

#define DECLARE_WORK(n, f)	struct work_struct n = { .func = (f) }

bool schedule_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);

#endif
