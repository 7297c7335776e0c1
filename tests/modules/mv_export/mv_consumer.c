// SPDX-License-Identifier: GPL-2.0
/*
 * mv_consumer - a test module importing mv_exporter's mv_export_fn; the
 * tests change its CRC of it, as if built against another build of the
 * exporter.
 */
#include <linux/init.h>
#include <linux/module.h>

int mv_export_fn(int x);

static int __init mv_consumer_init(void)
{
	pr_info("mv_consumer: %d\n", mv_export_fn(1));
	return 0;
}

static void __exit mv_consumer_exit(void)
{
}

module_init(mv_consumer_init);
module_exit(mv_consumer_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module importing mv_export_fn");
