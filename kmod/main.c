// SPDX-License-Identifier: GPL-2.0
/*
 * modverify: make every module-loader verification decision visible.
 *
 * Probes the kernel's module loader (load_module() and the checks it runs)
 * and publishes a record of each load attempt, with the values the kernel
 * compared, in /sys/kernel/debug/modverify/last.  See docs/record-format.md.
 *
 * usage: insmod modverify.ko [max_inflight=N] [history=N] [log=none|refused|all]
 *                            [skip_probes=fn,fn]
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "modverify.h"

static unsigned int max_inflight = 16;
module_param(max_inflight, uint, 0444);
MODULE_PARM_DESC(max_inflight,
		 "load attempts recorded at the same time (1-256, default 16); more are counted as dropped");

static unsigned int history = 32;
module_param(history, uint, 0444);
MODULE_PARM_DESC(history, "records kept in the history file (1-4096, default 32)");

static char *log_mode = "none";
module_param_named(log, log_mode, charp, 0444);
MODULE_PARM_DESC(log, "one kernel log line per attempt: none (default), refused, all");

static char *skip_probes = "";
module_param(skip_probes, charp, 0444);
MODULE_PARM_DESC(skip_probes,
		 "comma-separated loader functions not to probe, to exercise the derived paths");

static int __init modverify_init(void)
{
	int err;

	if (!max_inflight || max_inflight > 256) {
		pr_err("max_inflight=%u out of range 1-256\n", max_inflight);
		return -EINVAL;
	}
	if (!history || history > 4096) {
		pr_err("history=%u out of range 1-4096\n", history);
		return -EINVAL;
	}
	if (mv_klog_init(log_mode)) {
		pr_err("log=%s is not none, refused or all\n", log_mode);
		return -EINVAL;
	}
	mv_load_info_init();
	mv_vermagic_init();
	err = mv_attempts_init(max_inflight);
	if (err)
		return err;
	/* As many syscalls followed before load_module() as file notes. */
	err = mv_preload_init(2 * max_inflight);
	if (err)
		goto out_attempts;
	err = mv_history_init(history);
	if (err)
		goto out_preload;
	err = mv_debugfs_init();
	if (err)
		goto out_history;
	/* One kretprobe instance per slot, plus room for attempts we drop. */
	err = mv_probes_register(skip_probes, max_inflight * 2);
	if (err)
		goto out_debugfs;
	return 0;

out_debugfs:
	mv_debugfs_exit();
out_history:
	mv_history_exit();
out_preload:
	mv_preload_exit();
out_attempts:
	mv_attempts_exit();
	return err;
}

static void __exit modverify_exit(void)
{
	/* Probes first: once they are gone no handler touches our memory. */
	mv_attempts_stop();
	mv_probes_unregister();
	mv_debugfs_exit();
	/* Before the history: the reaper publishes into it. */
	mv_attempts_exit();
	mv_preload_exit();
	mv_history_exit();
}

module_init(modverify_init);
module_exit(modverify_exit);

MODULE_DESCRIPTION("Record every module loader verification decision in debugfs");
MODULE_AUTHOR("modverify developers");
MODULE_LICENSE("GPL");
