// SPDX-License-Identifier: GPL-2.0
/*
 * mv_oops - a test module whose init oopses: it writes through a NULL
 * pointer, so the loading task dies inside load_module() and never returns
 * from it.  Only for QEMU guests with kernel.panic_on_oops=0 (test-crash.sh).
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init mv_oops_init(void)
{
	/* The kernel builds with -fno-delete-null-pointer-checks: this store is kept. */
	*(volatile int *)NULL = 1;
	return 0;
}

module_init(mv_oops_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify test module whose init oopses");
