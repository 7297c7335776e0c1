// SPDX-License-Identifier: GPL-2.0
/*
 * mv_exporter - a test module that exports a symbol, as an out-of-tree
 * stack exports its own (its CRC is in this module's CRC table).
 */
#include <linux/init.h>
#include <linux/module.h>

int mv_export_fn(int x)
{
	return x + 1;
}
EXPORT_SYMBOL_GPL(mv_export_fn);

static int __init mv_exporter_init(void)
{
	return 0;
}

static void __exit mv_exporter_exit(void)
{
}

module_init(mv_exporter_init);
module_exit(mv_exporter_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module exporting mv_export_fn");
