// SPDX-License-Identifier: GPL-2.0
/*
 * mv_imports - a test module importing about a dozen kernel functions:
 * loaded with force, each is a forced check, more than a record lists (8).
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

static int __init mv_imports_init(void)
{
	char buf[16], *copy;
	unsigned int u = 0;
	int i = 0;

	copy = kstrdup("12", GFP_KERNEL);
	if (copy && !kstrtoint(copy, 0, &i) && !kstrtouint(copy, 0, &u))
		i += u;
	kfree(copy);
	snprintf(buf, sizeof(buf), "%llu", simple_strtoul("7", NULL, 0) + memparse("1k", NULL));
	msleep(1);
	pr_info("mv_imports: %s %d %u %lld %u\n", buf, i, jiffies_to_msecs(10),
		(long long)ktime_to_ns(ktime_get()), get_random_u32() | 1);
	return 0;
}

static void __exit mv_imports_exit(void)
{
}

module_init(mv_imports_init);
module_exit(mv_imports_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module importing a dozen kernel functions");
