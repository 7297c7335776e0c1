// SPDX-License-Identifier: GPL-2.0
/*
 * mv_missing - a test module importing ten symbols nobody exports: more
 * than a record lists (8), as a module whose dependency is not loaded.
 */
#include <linux/init.h>
#include <linux/module.h>

#define MV_MISSING(n) void mv_missing_##n(void)
MV_MISSING(0); MV_MISSING(1); MV_MISSING(2); MV_MISSING(3); MV_MISSING(4);
MV_MISSING(5); MV_MISSING(6); MV_MISSING(7); MV_MISSING(8); MV_MISSING(9);

static int __init mv_missing_init(void)
{
	mv_missing_0(); mv_missing_1(); mv_missing_2(); mv_missing_3(); mv_missing_4();
	mv_missing_5(); mv_missing_6(); mv_missing_7(); mv_missing_8(); mv_missing_9();
	return 0;
}

module_init(mv_missing_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module importing ten symbols nobody exports");
