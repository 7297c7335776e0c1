// SPDX-License-Identifier: GPL-2.0
/*
 * mv_decoy: a module with functions named like loader functions that a
 * kernel without MODVERSIONS does not have (as dm_mod's static
 * check_version() is on some builds); noipa keeps their names unchanged
 * (no .constprop clones).  modverify must not probe them.
 */
#include <linux/module.h>

static noinline __attribute__((__noipa__)) int check_version(int x)
{
	return x + 1;
}

static noinline __attribute__((__noipa__)) int same_magic(int x)
{
	return x * 2;
}

static int __init mv_decoy_init(void)
{
	return check_version(0) + same_magic(0) == 1 ? 0 : -EINVAL;
}

static void __exit mv_decoy_exit(void)
{
}

module_init(mv_decoy_init);
module_exit(mv_decoy_exit);
MODULE_DESCRIPTION("modverify test: module functions named like loader functions");
MODULE_LICENSE("GPL");
