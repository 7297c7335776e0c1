/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host: what the tests see of the shims (kh.c), and the reporting
 * helpers shared by the unit tests.  Test lines are "PASS: kmod-host/NAME"
 * or "FAIL: kmod-host/NAME: why", as in tests/host/run.sh.
 */
#ifndef _KH_H
#define _KH_H

#include <stdbool.h>
#include <stddef.h>

struct task_struct;

/* Bytes examined by the counted string functions (<linux/string.h>). */
extern unsigned long long kh_work;
/* spinlock_t (not raw) acquisitions: sleeping locks on PREEMPT_RT. */
extern unsigned long kh_sleeping_locks;
/* The kernel's taint mask, as test_taint() reads it. */
extern unsigned long kh_tainted_mask;

/* Everything pr_err() and friends printed since kh_log_reset(). */
const char *kh_log(void);
void kh_log_reset(void);

/* The calling thread's `current`; NULL restores its own task. */
void kh_set_current(struct task_struct *t);

/* mv_stream_wake() calls: one per final record published. */
extern unsigned long kh_stream_wakes;

/* Run the work items scheduled since the last call. Return: how many. */
unsigned int kh_run_work(void);

/* Stand-ins for probes.c: which probes are attached (NULL-terminated). */
void kh_set_attached(const char *const *symbols);

/* The build's configuration, for test names: e.g. "k6.1-mv". */
extern const char kh_config[];

/* Reporting. */
void kh_check(const char *name, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kh_failures(void);

#endif
