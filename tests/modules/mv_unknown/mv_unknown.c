// SPDX-License-Identifier: GPL-2.0
/*
 * mv_unknown - a test module that imports a symbol no kernel exports, so
 * that the loader refuses it with "Unknown symbol".
 */
#include <linux/init.h>
#include <linux/module.h>

extern void mv_no_such_symbol(void);

static int __init mv_unknown_init(void)
{
	mv_no_such_symbol();
	return 0;
}

module_init(mv_unknown_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module importing a symbol nobody exports");
