// SPDX-License-Identifier: GPL-2.0
/*
 * mv_ftrace_floor - the benchmark's floor for a cheaper mechanism than
 * kprobes: plain ftrace callbacks (one ftrace_ops per group, with a filter
 * on the loader functions modverify probes) that do nothing but count.
 * Entry only: 6.1 offers modules no cheap return hook (fprobe is not
 * built in Debian's 6.1, rethook and the function-graph tracer are not
 * exported), so this is the lower bound of an ftrace-based observer; BPF
 * fexit is the return-capable mechanism of the same family.
 *
 * Counters in /sys/kernel/debug/mv_ftrace_floor/ (load_module,
 * check_version entries) let the benchmark check every hit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/string.h>

static atomic_t loads, crc_checks;
static struct dentry *dir;

static void count_load(unsigned long ip, unsigned long parent_ip,
		       struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	atomic_inc(&loads);
}

static void count_crc(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	atomic_inc(&crc_checks);
}

static void nothing(unsigned long ip, unsigned long parent_ip,
		    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

static struct ftrace_ops ops[] = {
	{ .func = count_load },
	{ .func = count_crc },
	{ .func = nothing },
};

/* kmod/probes.c's functions; the first two are required. */
static const char * const targets[][9] = {
	{ "load_module" },
	{ "check_version" },
	{ "module_sig_check", "mod_verify_sig", "same_magic", "try_to_force_load",
	  "apply_relocate_add", "btf_module_notify", "bpf_verifier_vlog", "do_init_module",
	  "idempotent_init_module" },
};

static const char * const more_targets[] = {
	"check_modstruct_version", "early_mod_check", "check_modinfo",
	"module_patient_check_exists", "parse_args",
	/* the steps before load_module() (kmod/preload.c) */
	"ima_read_file", "ima_post_read_file", "ima_load_data", "ima_post_load_data",
	"selinux_kernel_read_file", "selinux_kernel_load_data",
	"loadpin_read_file", "loadpin_load_data",
	"ipe_kernel_read_file", "ipe_kernel_load_data",
	"security_kernel_read_file", "security_kernel_post_read_file",
	"security_kernel_load_data", "security_kernel_post_load_data",
	"kernel_read_file", "module_decompress",
	"__x64_sys_finit_module", "__x64_sys_init_module",
};

static bool registered[ARRAY_SIZE(ops)];

static void unregister_all(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (registered[i])
			unregister_ftrace_function(&ops[i]);
}

/* Add @name to @op's filter; a function this kernel inlined or lacks fails. */
static bool add_target(struct ftrace_ops *op, const char *name)
{
	char buf[KSYM_NAME_LEN];

	strscpy(buf, name, sizeof(buf));
	if (ftrace_set_filter(op, buf, strlen(buf), 0))
		return false;
	pr_info("traced %s\n", name);
	return true;
}

static int __init mv_ftrace_floor_init(void)
{
	unsigned int i, j, n;
	int err;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		n = 0;
		for (j = 0; j < ARRAY_SIZE(targets[i]) && targets[i][j]; j++)
			n += add_target(&ops[i], targets[i][j]);
		for (j = 0; i == 2 && j < ARRAY_SIZE(more_targets); j++)
			n += add_target(&ops[i], more_targets[j]);
		if (!n || (i < 2 && n != 1)) {
			pr_err("cannot trace %s\n", targets[i][0]);
			err = -ENOENT;
			goto out;
		}
		err = register_ftrace_function(&ops[i]);
		if (err)
			goto out;
		registered[i] = true;
	}
	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_atomic_t("load_module", 0444, dir, &loads);
	debugfs_create_atomic_t("check_version", 0444, dir, &crc_checks);
	return 0;
out:
	unregister_all();
	return err;
}

static void __exit mv_ftrace_floor_exit(void)
{
	unregister_all();
	debugfs_remove(dir);
}

module_init(mv_ftrace_floor_init);
module_exit(mv_ftrace_floor_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify benchmark floor: ftrace callbacks on the loader, no handlers");
