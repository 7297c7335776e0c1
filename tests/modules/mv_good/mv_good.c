// SPDX-License-Identifier: GPL-2.0
/*
 * mv_good - a test module that loads cleanly.  It imports a few ordinary
 * vmlinux symbols, so that its __versions table has entries besides
 * module_layout for the loader to check.
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/utsname.h>

static int __init mv_good_init(void)
{
	char release[sizeof(init_uts_ns.name.release)];

	strscpy(release, init_uts_ns.name.release, sizeof(release));
	pr_info("mv_good: loaded on %s at jiffies %lu\n", release, jiffies);
	return 0;
}

static void __exit mv_good_exit(void)
{
	pr_info("mv_good: unloaded\n");
}

module_init(mv_good_init);
module_exit(mv_good_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module that loads cleanly");
