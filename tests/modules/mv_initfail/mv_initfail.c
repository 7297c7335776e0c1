// SPDX-License-Identifier: GPL-2.0
/*
 * mv_initfail - a test module that passes every loader check, then fails
 * in its init function, so that the load fails with ENODEV.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init mv_initfail_init(void)
{
	pr_info("mv_initfail: failing init with -ENODEV\n");
	return -ENODEV;
}

module_init(mv_initfail_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module whose init fails with -ENODEV");
