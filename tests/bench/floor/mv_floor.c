// SPDX-License-Identifier: GPL-2.0
/*
 * mv_floor - the benchmark's floor: the probes modverify puts on the module
 * loader (kmod/probes.c: the same functions, kprobe or kretprobe as there,
 * the same kretprobe instance count), with handlers that do nothing but
 * arm the return probe where modverify's do on a clean load.  What a load
 * costs with it loaded is what the probing mechanism itself costs; the
 * difference to modverify is what modverify's handlers cost.
 *
 * Two counters in /sys/kernel/debug/mv_floor/ (load_module, check_version
 * entries) let the benchmark check that the probes fired once per load
 * and once per import.  Each attached probe is named in the kernel log.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static atomic_t loads, crc_checks;
static struct dentry *dir;

/* An entry handler that arms the return probe, and a return handler. */
static int nothing(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(nothing);

/* modverify's check_version entry skips the return unless a CRC is unknown. */
static int check_version_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&crc_checks);
	return 1;
}
NOKPROBE_SYMBOL(check_version_entry);

static int load_module_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&loads);
	return 0;
}
NOKPROBE_SYMBOL(load_module_entry);

/* modverify's arms the return only for MODULE_STATE_COMING. */
static int btf_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return regs_get_kernel_argument(regs, 1) != MODULE_STATE_COMING;
}
NOKPROBE_SYMBOL(btf_entry);

/* modverify's arms it only inside btf_module_notify() (a BTF complaint). */
static int skip_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 1;
}
NOKPROBE_SYMBOL(skip_return);

static int stage_pre(struct kprobe *kp, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(stage_pre);

#define FLOOR_KRETPROBE(sym, entry) \
	{ .kp.symbol_name = #sym, .entry_handler = entry, .handler = nothing }

/* kmod/probes.c's table, in its order; resolve_symbol is not there because
 * modverify skips it when check_version is attached.
 */
static struct kretprobe rets[] = {
	FLOOR_KRETPROBE(module_sig_check, nothing),
	FLOOR_KRETPROBE(mod_verify_sig, nothing),
	FLOOR_KRETPROBE(same_magic, nothing),
	FLOOR_KRETPROBE(try_to_force_load, nothing),
	FLOOR_KRETPROBE(check_version, check_version_entry),
	/* Once per relocation section; modverify's arms the return. */
	FLOOR_KRETPROBE(apply_relocate_add, nothing),
	FLOOR_KRETPROBE(btf_module_notify, btf_entry),
	FLOOR_KRETPROBE(bpf_verifier_vlog, skip_return),
	/* modverify's arm the return inside a load, where they run. */
	FLOOR_KRETPROBE(parse_args, nothing),
	FLOOR_KRETPROBE(do_init_module, nothing),
	/* The steps before load_module() (kmod/preload.c). */
	FLOOR_KRETPROBE(ima_read_file, nothing),
	FLOOR_KRETPROBE(ima_post_read_file, nothing),
	FLOOR_KRETPROBE(ima_load_data, nothing),
	FLOOR_KRETPROBE(ima_post_load_data, nothing),
	FLOOR_KRETPROBE(selinux_kernel_read_file, nothing),
	FLOOR_KRETPROBE(selinux_kernel_load_data, nothing),
	FLOOR_KRETPROBE(loadpin_read_file, nothing),
	FLOOR_KRETPROBE(loadpin_load_data, nothing),
	FLOOR_KRETPROBE(ipe_kernel_read_file, nothing),
	FLOOR_KRETPROBE(ipe_kernel_load_data, nothing),
	FLOOR_KRETPROBE(security_kernel_read_file, nothing),
	FLOOR_KRETPROBE(security_kernel_post_read_file, nothing),
	FLOOR_KRETPROBE(security_kernel_load_data, nothing),
	FLOOR_KRETPROBE(security_kernel_post_load_data, nothing),
	FLOOR_KRETPROBE(kernel_read_file, nothing),
	FLOOR_KRETPROBE(module_decompress, nothing),
	FLOOR_KRETPROBE(__x64_sys_finit_module, nothing),
	FLOOR_KRETPROBE(__x64_sys_init_module, nothing),
	FLOOR_KRETPROBE(idempotent_init_module, nothing),
	FLOOR_KRETPROBE(load_module, load_module_entry),
};

static struct kprobe kps[] = {
	{ .symbol_name = "check_modstruct_version", .pre_handler = stage_pre },
	{ .symbol_name = "early_mod_check", .pre_handler = stage_pre },
	{ .symbol_name = "check_modinfo", .pre_handler = stage_pre },
	{ .symbol_name = "module_patient_check_exists", .pre_handler = stage_pre },
};

static bool ret_on[ARRAY_SIZE(rets)], kp_on[ARRAY_SIZE(kps)];

static void floor_unregister(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rets); i++)
		if (ret_on[i])
			unregister_kretprobe(&rets[i]);
	for (i = 0; i < ARRAY_SIZE(kps); i++)
		if (kp_on[i])
			unregister_kprobe(&kps[i]);
}

/* A function this kernel inlined or lacks (-ENOENT) is skipped, as modverify does. */
static int floor_check(int err, const char *kind, const char *sym, bool *on)
{
	if (err == -ENOENT)
		return 0;
	if (err) {
		pr_err("%s %s: %d\n", kind, sym, err);
		return err;
	}
	*on = true;
	pr_info("attached %s %s\n", kind, sym);
	return 0;
}

static int __init mv_floor_init(void)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(rets) && !err; i++) {
		rets[i].maxactive = 32;	/* modverify: max_inflight (16) * 2 */
		err = floor_check(register_kretprobe(&rets[i]), "kretprobe",
				  rets[i].kp.symbol_name, &ret_on[i]);
	}
	for (i = 0; i < ARRAY_SIZE(kps) && !err; i++)
		err = floor_check(register_kprobe(&kps[i]), "kprobe",
				  kps[i].symbol_name, &kp_on[i]);
	if (err) {
		floor_unregister();
		return err;
	}
	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_atomic_t("load_module", 0444, dir, &loads);
	debugfs_create_atomic_t("check_version", 0444, dir, &crc_checks);
	return 0;
}

static void __exit mv_floor_exit(void)
{
	floor_unregister();
	debugfs_remove(dir);
}

module_init(mv_floor_init);
module_exit(mv_floor_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modverify benchmark floor: modverify's loader probes, empty handlers");
