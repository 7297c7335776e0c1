// SPDX-License-Identifier: GPL-2.0
/*
 * mv_slow - a test module whose init takes a while (delay_ms, default 3 s),
 * so that several loads of the same file overlap: from 6.5 on the kernel
 * runs one load_module() for them all and the others share its result.
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/module.h>

static unsigned int delay_ms = 3000;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "how long init sleeps, in milliseconds");

static int __init mv_slow_init(void)
{
	pr_info("mv_slow: init sleeps %u ms\n", delay_ms);
	msleep(delay_ms);
	pr_info("mv_slow: init done\n");
	return 0;
}

static void __exit mv_slow_exit(void)
{
}

module_init(mv_slow_init);
module_exit(mv_slow_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module whose init sleeps, for overlapping loads");
