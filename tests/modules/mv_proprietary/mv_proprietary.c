// SPDX-License-Identifier: GPL-2.0
/*
 * mv_proprietary - a module that loads and taints the kernel: its licence
 * is not GPL-compatible (P) and it is marked as a test module (N).  modverify
 * itself already adds O and E, so these are the taints a test can see added.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init mv_proprietary_init(void)
{
	pr_info("mv_proprietary: loaded\n");
	return 0;
}

static void __exit mv_proprietary_exit(void)
{
}

module_init(mv_proprietary_init);
module_exit(mv_proprietary_exit);

MODULE_LICENSE("Proprietary");
MODULE_INFO(test, "Y");
MODULE_DESCRIPTION("modverify test module whose load taints the kernel P and N");
