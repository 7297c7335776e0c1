// SPDX-License-Identifier: GPL-2.0
/*
 * mv_slow - a test module whose init takes a while (delay_ms, default 3 s),
 * so that several loads of the same file overlap: from 6.5 on the kernel
 * runs one load_module() for them all and the others share its result.
 * With hold=1 the init waits instead until hold is written 0 through
 * /sys/module/<name>/parameters/hold (delay_ms at most): the test decides
 * when a load that is in flight ends.
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/module.h>

static unsigned int delay_ms = 3000;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "how long init sleeps, in milliseconds (with hold: at most)");

static bool hold;
module_param(hold, bool, 0644);
MODULE_PARM_DESC(hold, "init waits until this is set to 0 (sysfs), for delay_ms at most");

static int __init mv_slow_init(void)
{
	unsigned int waited = 0;

	pr_info("mv_slow: init sleeps %u ms\n", delay_ms);
	if (!READ_ONCE(hold))
		msleep(delay_ms);
	for (; READ_ONCE(hold) && waited < delay_ms; waited += 20)
		msleep(20);
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
