/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: struct module with the members kmod reads, laid out as on
 * x86-64 up to name (state, list, name at offset 24), and padded to
 * KH_STRUCT_MODULE_SIZE bytes: the size a 6.4+ kernel compares with the
 * module's .gnu.linkonce.this_module.
 */
#ifndef _KH_LINUX_MODULE_H
#define _KH_LINUX_MODULE_H

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/types.h>

#define MODULE_NAME_LEN (64 - sizeof(unsigned long))
#define KH_STRUCT_MODULE_SIZE 1024

struct module {
	int state;
	struct {
		void *next, *prev;
	} list;
	char name[MODULE_NAME_LEN];
	unsigned long taints;
	char rest[KH_STRUCT_MODULE_SIZE - 24 - 56 - 8];
};

#define THIS_MODULE ((struct module *)0)

#endif
