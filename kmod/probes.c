// SPDX-License-Identifier: GPL-2.0
/*
 * The probes on the module loader.  Each one is attached if the running
 * kernel has the function out of line; a handler that decodes arguments is
 * not attached when the kernel's BTF lists the function with other
 * parameter names than the ones it decodes (names only: a function absent
 * from the BTF is attached unchecked).  A probe that cannot attach is
 * reported in the status file and the rest keep working (the record then
 * says what was derived).
 *
 * Handlers run with preemption disabled: no sleeping, no allocation.  They
 * only touch the attempt of the task they run in (attempt.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf_verifier.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/notifier.h>
#include <uapi/linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "modverify.h"
#include "loader_btf.h"

enum mv_probe_state {
	MV_PROBE_ATTACHED,
	MV_PROBE_NOT_PRESENT,	/* inlined or absent: register returned ENOENT */
	MV_PROBE_FAILED,
	MV_PROBE_SKIPPED,	/* skip_probes= */
	MV_PROBE_PROTOTYPE,	/* BTF prototype differs from what we decode */
	MV_PROBE_CLONE,		/* only a compiler clone: recorded as a stage */
	MV_PROBE_NOT_NEEDED,	/* another probe gives what it would */
	MV_PROBE_IN_MODULE,	/* the name is only a module's function */
};

static const char * const state_names[] = {
	[MV_PROBE_ATTACHED]	= "attached",
	[MV_PROBE_NOT_PRESENT]	= "not_present",
	[MV_PROBE_FAILED]	= "failed",
	[MV_PROBE_SKIPPED]	= "skipped",
	[MV_PROBE_PROTOTYPE]	= "prototype_mismatch",
	[MV_PROBE_CLONE]	= "clone_stage_only",
	[MV_PROBE_NOT_NEEDED]	= "not_needed",
	[MV_PROBE_IN_MODULE]	= "only_in_module",
};

/*
 * Names GCC gives the copies it makes of a function it specialised
 * (constant propagation, scalar replacement of aggregates, partial
 * inlining).  A clone may have dropped or reordered parameters, and the
 * BTF describes only the original: its arguments are never decoded, but
 * its entry still shows that the loader got there.
 */
static const char * const clone_suffixes[] = { ".constprop.0", ".isra.0", ".part.0" };

static struct mv_attempt *attempt_at(enum mv_stage stage)
{
	struct mv_attempt *a = mv_attempt_current();

	if (a)
		mv_attempt_add_stage(a, stage);
	return a;
}

/* load_module(struct load_info *info, const char __user *uargs, int flags) */
static int load_module_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_begin();
	struct mv_record *rec;
	const void *hdr;
	unsigned long len;

	mv_preload_drop();	/* the syscall got here: not refused before */
	if (!a) {
		/*
		 * Dropped (counted once): this task still led its
		 * finit_module(), so idem_return() must not take it for a
		 * follower and count it again.
		 */
		mv_file_take();
		return 1;	/* no slot: the return handler is not run */
	}
	rec = a->rec;
	a->info = (const void *)regs_get_kernel_argument(regs, 0);
	rec->file_key = mv_file_take();	/* this task leads its finit_module() */
	ktime_get_real_ts64(&rec->wall);
	rec->boot_ns = local_clock();
	rec->pid = task_tgid_nr(current);
	strscpy(rec->comm, current->comm, sizeof(rec->comm));
	rec->flags = (unsigned int)regs_get_kernel_argument(regs, 2);
	rec->taint_before = mv_taint_snapshot();
	rec->sig_enforced = is_module_sig_enforced();
	rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	strscpy(rec->vermagic_kernel, mv_kernel_vermagic(),
		sizeof(rec->vermagic_kernel));
	if (mv_load_info_image(a->info, &hdr, &len))
		mv_image_parse(a, hdr, len);
	else
		strscpy(rec->image_defect, "not read (no load_info layout for this kernel)",
			sizeof(rec->image_defect));
	if (rec->flags & MODULE_INIT_IGNORE_MODVERSIONS)
		rec->has_crcs = false;
	return 0;
}
NOKPROBE_SYMBOL(load_module_entry);

static int load_module_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();

	if (!a)
		return 0;
	a->rec->state = MV_STATE_RETURNED;
	a->rec->result = (int)regs_return_value(regs);
	a->rec->taint_after = mv_taint_snapshot();
	mv_attempt_imports_end(a);
	mv_decide(a->rec);
	mv_attempt_end(a);
	return 0;
}
NOKPROBE_SYMBOL(load_module_return);

/* module_sig_check(struct load_info *info, int flags) */
static int sig_check_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return attempt_at(MV_STAGE_MODULE_SIG_CHECK) ? 0 : 1;
}
NOKPROBE_SYMBOL(sig_check_entry);

static int sig_check_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();
	bool sig_ok = false;

	if (!a)
		return 0;
	a->rec->sig_check_seen = true;
	a->rec->sig_check_result = (int)regs_return_value(regs);
	mv_load_info_sig_ok(a->info, &sig_ok);
	a->rec->sig_verified = sig_ok;
	return 0;
}
NOKPROBE_SYMBOL(sig_check_return);

/*
 * check_version(const struct load_info *info, const char *symname,
 *		 struct module *mod, const s32 *crc)
 *
 * The verdict follows from the two CRCs the kernel is about to compare, by
 * the kernel's own rule, so the return is only needed when the module's
 * CRC is not known: when it has none for the symbol (upstream accepts that
 * with a warning, Debian's kernels refuse it), or when its version table
 * could not be read (the kernel's verdict is then all there is).  The
 * entry handler arms the return for those cases only (returning 1 skips
 * the return probe: the hot path stays entry-only).
 */
struct check_version_data {
	struct mv_crc *listed;	/* the comparison, where it is listed */
};

static int check_version_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct check_version_data *d = (struct check_version_data *)ri->data;
	struct mv_attempt *a = attempt_at(MV_STAGE_CHECK_VERSION);
	const char *symname = (const char *)regs_get_kernel_argument(regs, 1);
	const s32 *crcp = (const s32 *)regs_get_kernel_argument(regs, 3);
	struct mv_crc *c;
	const char *name;
	ssize_t len;

	if (!a)
		return 1;
	mv_image_index(a);
	mv_attempt_import_seen(a, symname);	/* it found an exporter */
	c = mv_attempt_crc_slot(a);
	/*
	 * symname is the kernel's own, NUL-terminated string (from the
	 * module's symbol table, checked by the ELF validation), which
	 * check_version() is about to strcmp(): a plain strscpy() is safe,
	 * and much cheaper than a byte-wise nofault copy on this hot path.
	 * The copy is what is looked up, unless it was cut.
	 */
	len = strscpy(c->symbol, symname, sizeof(c->symbol));
	name = c->symbol;
	if (len < 0) {
		name = symname;
		len = strlen(symname);
	}
	/* Set before the first check_version(), constant after it. */
	if (a->versindex < 0) {
		unsigned int v = 1;

		mv_load_info_versindex((const void *)regs_get_kernel_argument(regs, 0), &v);
		a->versindex = v;
	}
	c->has_module_crc = false;
	c->has_kernel_crc = crcp != NULL;
	if (crcp)
		c->kernel_crc = mv_kernel_crc(crcp);
	if (!c->has_kernel_crc) {
		c->verdict = MV_CRC_NO_KERNEL_CRC;
	} else if (!a->versindex) {
		c->verdict = MV_CRC_FORCED;	/* try_to_force_load() may refuse */
		/*
		 * IGNORE_MODVERSIONS hides the image's __versions from the
		 * kernel, not from the index: show the CRC the force passed.
		 */
		c->has_module_crc = a->vers.valid &&
				    mv_versions_lookup(&a->vers, name, len, &c->module_crc);
	} else if (!a->vers.valid) {
		c->verdict = MV_CRC_UNREAD;
	} else if (mv_versions_lookup(&a->vers, name, len, &c->module_crc)) {
		c->has_module_crc = true;
		c->verdict = mv_crc_matches(c->module_crc, c->kernel_crc) ?
			     MV_CRC_MATCH : MV_CRC_MISMATCH;
	} else {
		c->verdict = MV_CRC_MISSING;
	}
	if (c->has_module_crc && !mv_crc_matches(c->module_crc, c->kernel_crc))
		mv_exporter_note(a->rec, c->symbol, crcp);
	d->listed = mv_attempt_crc_done(a, c);
	return (c->verdict == MV_CRC_MISSING || c->verdict == MV_CRC_UNREAD) &&
	       d->listed ? 0 : 1;
}
NOKPROBE_SYMBOL(check_version_entry);

static int check_version_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct check_version_data *d = (struct check_version_data *)ri->data;

	bool ok = regs_return_value(regs);

	/* Nothing ran in this task since the entry: d->listed still holds it. */
	if (!mv_attempt_current())
		return 0;
	if (d->listed->verdict == MV_CRC_UNREAD)
		d->listed->verdict = ok ? MV_CRC_UNREAD_ACCEPTED : MV_CRC_UNREAD_REFUSED;
	else if (!ok)
		d->listed->verdict = MV_CRC_MISSING_REFUSED;
	return 0;
}
NOKPROBE_SYMBOL(check_version_return);

/* mod_verify_sig(const void *mod, struct load_info *info) */
static int verify_sig_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return attempt_at(MV_STAGE_MOD_VERIFY_SIG) ? 0 : 1;
}
NOKPROBE_SYMBOL(verify_sig_entry);

static int verify_sig_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();

	if (!a)
		return 0;
	a->rec->sig_verify_seen = true;
	a->rec->sig_verify_result = (int)regs_return_value(regs);
	return 0;
}
NOKPROBE_SYMBOL(verify_sig_return);

/*
 * same_magic(const char *amagic, const char *bmagic, bool has_crcs)
 *
 * The strings are copied byte by byte without trusting them (mv_copy_kstr()),
 * which costs more than the rest of a clean load's handlers: each is copied
 * only when the record does not hold it yet.  amagic is the module's
 * vermagic= value in the image: where it is the one the parse copied whole
 * (a->vermagic_at: same bytes, same cut), the record has it.  bmagic is
 * the kernel's constant vermagic[] in rodata: once a copy of it at that
 * address equals mv_kernel_vermagic(), which load_module's entry put in
 * the record, the address alone says so.
 */
static const char *kernel_magic_seen;	/* bmagic that matched mv_kernel_vermagic() */

static int same_magic_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = attempt_at(MV_STAGE_SAME_MAGIC);
	const char *amagic = (const char *)regs_get_kernel_argument(regs, 0);
	const char *bmagic = (const char *)regs_get_kernel_argument(regs, 1);
	struct mv_record *rec;

	if (!a)
		return 1;
	rec = a->rec;
	if (!amagic || amagic != a->vermagic_at)
		mv_copy_kstr(rec->vermagic_module, amagic, sizeof(rec->vermagic_module));
	if (!bmagic || bmagic != READ_ONCE(kernel_magic_seen)) {
		mv_copy_kstr(rec->vermagic_kernel, bmagic, sizeof(rec->vermagic_kernel));
		if (bmagic && !strcmp(rec->vermagic_kernel, mv_kernel_vermagic()))
			WRITE_ONCE(kernel_magic_seen, bmagic);
	}
	rec->vermagic_in_module = true;
	rec->has_crcs = regs_get_kernel_argument(regs, 2) & 1;
	return 0;
}
NOKPROBE_SYMBOL(same_magic_entry);

static int same_magic_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();

	if (!a)
		return 0;
	a->rec->vermagic_observed = true;
	a->rec->vermagic_verdict = regs_return_value(regs) & 1 ?
				   MV_VERMAGIC_MATCH : MV_VERMAGIC_MISMATCH;
	return 0;
}
NOKPROBE_SYMBOL(same_magic_return);

/* try_to_force_load(struct module *mod, const char *reason) */
struct force_data {
	unsigned int index;	/* into rec->forced, or MV_MAX_FORCED */
};

static int force_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct force_data *d = (struct force_data *)ri->data;
	struct mv_attempt *a = attempt_at(MV_STAGE_TRY_TO_FORCE_LOAD);
	struct mv_record *rec;

	if (!a)
		return 1;
	rec = a->rec;
	d->index = rec->n_forced;
	rec->forced_total++;
	if (rec->n_forced < MV_MAX_FORCED)
		mv_copy_kstr(rec->forced[rec->n_forced++].reason,
			  (const char *)regs_get_kernel_argument(regs, 1),
			  MV_SYM_LEN);
	return 0;
}
NOKPROBE_SYMBOL(force_entry);

static int force_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct force_data *d = (struct force_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();
	struct mv_forced *f;
	struct mv_record *rec;
	int i;

	if (!a || d->index >= MV_MAX_FORCED)
		return 0;
	rec = a->rec;
	f = &rec->forced[d->index];
	f->ok = (int)regs_return_value(regs) == 0;
	if (!strcmp(f->reason, "bad vermagic")) {
		rec->vermagic_forced_seen = true;
		rec->vermagic_verdict = f->ok ? MV_VERMAGIC_FORCED :
					MV_VERMAGIC_FORCE_REFUSED;
		return 0;
	}
	/* The check_version() entry that asked for this force is the latest. */
	for (i = rec->n_crcs - 1; i >= 0; i--) {
		if (!strcmp(rec->crcs[i].symbol, f->reason)) {
			if (!f->ok && rec->crcs[i].verdict == MV_CRC_FORCED)
				rec->crcs[i].verdict = MV_CRC_FORCE_REFUSED;
			break;
		}
	}
	return 0;
}
NOKPROBE_SYMBOL(force_return);

/* do_init_module(struct module *mod) */
static int init_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = attempt_at(MV_STAGE_DO_INIT_MODULE);
	struct module *mod = (struct module *)regs_get_kernel_argument(regs, 0);
	unsigned long taints = 0;

	if (!a)
		return 1;
	a->rec->init_seen = true;
	/* mod is freed by do_init_module() if init fails: read it now. */
	if (!get_kernel_nofault(taints, &mod->taints)) {
		a->rec->module_taints = taints;
		a->rec->module_taints_read = true;
	}
	mv_attempt_publish_running(a);
	return 0;
}
NOKPROBE_SYMBOL(init_entry);

static int init_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();

	if (!a)
		return 0;
	a->rec->init_returned = true;
	a->rec->init_result = (int)regs_return_value(regs);
	return 0;
}
NOKPROBE_SYMBOL(init_return);

/*
 * resolve_symbol(struct module *mod, const struct load_info *info,
 *		  const char *name, char ownername[])
 *
 * Probed only where check_version() is not (CONFIG_MODVERSIONS=n): then the
 * imports resolve_symbol() found no usable export for are named here.
 * NULL is "not exported"; -EBUSY makes resolve_symbol_wait() try again.
 */
struct resolve_data {
	const char *name;
};

static int resolve_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct resolve_data *d = (struct resolve_data *)ri->data;
	struct mv_attempt *a = attempt_at(MV_STAGE_RESOLVE_SYMBOL);

	if (!a)
		return 1;
	mv_image_index(a);
	d->name = (const char *)regs_get_kernel_argument(regs, 2);
	return 0;
}
NOKPROBE_SYMBOL(resolve_entry);

static int resolve_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct resolve_data *d = (struct resolve_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();
	const void *sym = (const void *)regs_return_value(regs);

	if (a && (!sym || (IS_ERR(sym) && PTR_ERR(sym) != -EBUSY)))
		mv_attempt_unresolved(a, d->name);
	return 0;
}
NOKPROBE_SYMBOL(resolve_return);

/*
 * apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
 *		      unsigned int symindex, unsigned int relsec, struct module *me)
 *
 * Called once per relocation section; a failure ends the load (-ENOEXEC on
 * x86-64), and only then is the refused entry looked for (reloc.c).
 */
struct reloc_data {
	const Elf64_Shdr *sechdrs;
	const char *strtab;
	unsigned int symindex, relsec;
};

static int reloc_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct reloc_data *d = (struct reloc_data *)ri->data;

	if (!attempt_at(MV_STAGE_APPLY_RELOCATE_ADD))
		return 1;
	d->sechdrs = (const Elf64_Shdr *)regs_get_kernel_argument(regs, 0);
	d->strtab = (const char *)regs_get_kernel_argument(regs, 1);
	d->symindex = (unsigned int)regs_get_kernel_argument(regs, 2);
	d->relsec = (unsigned int)regs_get_kernel_argument(regs, 3);
	return 0;
}
NOKPROBE_SYMBOL(reloc_entry);

static int reloc_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct reloc_data *d = (struct reloc_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();

	if (a && regs_return_value(regs))
		mv_reloc_explain(a, d->sechdrs, d->strtab, d->symindex, d->relsec);
	return 0;
}
NOKPROBE_SYMBOL(reloc_return);

/*
 * btf_module_notify(struct notifier_block *nb, unsigned long op, void *module)
 *
 * At MODULE_STATE_COMING it parses the module's .BTF against vmlinux's;
 * without CONFIG_MODULE_ALLOW_BTF_MISMATCH a failure refuses the module
 * (notifier_from_errno()), with it the failure is only logged.
 */
static int btf_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct module *mod = (struct module *)regs_get_kernel_argument(regs, 2);
	struct mv_attempt *a;
	unsigned long taints;
	unsigned int size = 0;

	if (regs_get_kernel_argument(regs, 1) != MODULE_STATE_COMING)
		return 1;
	a = attempt_at(MV_STAGE_BTF_MODULE_NOTIFY);
	if (!a)
		return 1;
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	if (get_kernel_nofault(size, &mod->btf_data_size))
		size = 0;
#endif
	a->rec->btf_state = size ? MV_BTF_OK : MV_BTF_ABSENT;
	/* Its taints are final here; a BTF refusal comes after them. */
	if (!get_kernel_nofault(taints, &mod->taints)) {
		a->rec->module_taints = taints;
		a->rec->module_taints_read = true;
	}
	a->in_btf_notify = true;
	return 0;
}
NOKPROBE_SYMBOL(btf_entry);

static int btf_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_attempt *a = mv_attempt_current();
	int err;

	if (!a)
		return 0;
	a->in_btf_notify = false;
	err = notifier_to_errno((int)regs_return_value(regs));
	if (err) {
		a->rec->btf_state = MV_BTF_INVALID;
		a->rec->btf_err = err;
	} else if (a->rec->btf_log[0]) {
		/* The verifier complained, and the kernel let it pass. */
		a->rec->btf_state = MV_BTF_MISMATCH_ALLOWED;
	}
	return 0;
}
NOKPROBE_SYMBOL(btf_return);

/*
 * bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt,
 *		     va_list args)
 *
 * The BTF verifier reports each complaint through here; for the kernel's
 * own parses (BPF_LOG_KERNEL) the formatted line is in log->kbuf when it
 * returns.  Only lines logged inside btf_module_notify() of a recorded
 * attempt are kept: the last one is what the verifier stopped on.
 */
struct vlog_data {
	const struct bpf_verifier_log *log;
};

static int vlog_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vlog_data *d = (struct vlog_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();

	if (!a || !a->in_btf_notify)
		return 1;
	d->log = (const struct bpf_verifier_log *)regs_get_kernel_argument(regs, 0);
	return 0;
}
NOKPROBE_SYMBOL(vlog_entry);

static int vlog_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vlog_data *d = (struct vlog_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();
	char line[MV_BTF_LOG_LEN];
	size_t i, len = 0;
	u32 level;

	if (!a || get_kernel_nofault(level, &d->log->level) || level != BPF_LOG_KERNEL)
		return 0;
	mv_copy_kstr(line, d->log->kbuf, sizeof(line));
	/* Text from the module's BTF: printable ASCII only, no quote. */
	for (i = 0; line[i]; i++) {
		if (line[i] == '\n')
			break;
		if (line[i] < ' ' || line[i] > '~' || line[i] == '\'' || line[i] == '\\')
			line[i] = '?';
		if (line[i] != ' ')
			len = i + 1;
	}
	line[len] = '\0';
	if (len)
		strscpy(a->rec->btf_log, line, sizeof(a->rec->btf_log));
	return 0;
}
NOKPROBE_SYMBOL(vlog_return);

/*
 * parse_args(const char *doing, char *args, const struct kernel_param *params,
 *	      unsigned num, s16 min_level, s16 max_level, void *arg,
 *	      int (*unknown)(...))
 *
 * Called by load_module() once, on the module's copy of the parameters,
 * which it splits in place: they are copied at entry.  An error return
 * ends the load with that errno (params.c names the parameter).
 */
struct params_data {
	const struct kernel_param *params;
	unsigned int num;
};

static int params_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct params_data *d = (struct params_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();
	const char *args = (const char *)regs_get_kernel_argument(regs, 1);
	struct mv_record *rec;

	if (!a)
		return 1;
	rec = a->rec;
	rec->params_seen = true;
	mv_copy_kstr(rec->params, args, sizeof(rec->params));
	rec->params_cut = strlen(rec->params) == sizeof(rec->params) - 1;
	d->params = (const struct kernel_param *)regs_get_kernel_argument(regs, 2);
	d->num = (unsigned int)regs_get_kernel_argument(regs, 3);
	return 0;
}
NOKPROBE_SYMBOL(params_entry);

static int params_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct params_data *d = (struct params_data *)ri->data;
	struct mv_attempt *a = mv_attempt_current();
	const void *ret = (const void *)regs_return_value(regs);
	struct mv_record *rec;

	if (!a || !IS_ERR(ret))
		return 0;
	rec = a->rec;
	rec->params_err = PTR_ERR(ret);
	mv_param_rejected(rec->params, rec->params_cut, d->params, d->num,
			  rec->params_err, rec->param_rejected,
			  sizeof(rec->param_rejected));
	return 0;
}
NOKPROBE_SYMBOL(params_return);

/*
 * idempotent_init_module(struct file *f, const char __user *uargs, int flags)
 *
 * 6.5+: concurrent finit_module() calls on one file share one load_module().
 * A caller that did not run it (its file note was not taken) got the
 * result of the one that did: it is recorded as a copy of that attempt's
 * record, with its own identity and result, and shared_with naming it.
 */
struct idem_data {
	unsigned long key;
	u64 since;		/* the leader's record is newer: mv_file_enter() */
	unsigned long taint;
	int flags;
	bool counted;		/* by mv_file_enter() */
};

static int idem_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct idem_data *d = (struct idem_data *)ri->data;
	const struct file *f = (const struct file *)regs_get_kernel_argument(regs, 0);
	struct inode *inode;

	if (!f || get_kernel_nofault(inode, &f->f_inode) || !inode)
		return 1;
	d->key = (unsigned long)inode;
	d->taint = mv_taint_snapshot();
	d->flags = (int)regs_get_kernel_argument(regs, 2);
	if (!mv_file_note(d->key))
		return 1;
	d->since = mv_file_enter(d->key, mv_history_published(), &d->counted);
	return 0;
}
NOKPROBE_SYMBOL(idem_entry);

static int idem_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct idem_data *d = (struct idem_data *)ri->data;
	struct mv_attempt *a;
	struct mv_record *rec;
	u64 leader;

	if (d->counted)
		mv_file_leave(d->key);
	/* It led, and was refused before load_module(): see preload.c. */
	if (mv_preload_read_seen())
		return 0;
	if (!mv_file_take())
		return 0;	/* load_module() took the note: this task led */
	mv_preload_drop();	/* a follower: recorded here, or not at all */
	a = mv_attempt_begin();
	if (!a)
		return 0;
	rec = a->rec;
	if (!mv_history_find_file(d->key, d->since, rec)) {
		/* No recorded leader: refused before load_module(). */
		mv_attempt_abandon(a);
		return 0;
	}
	leader = rec->seq;
	rec->shared_with = leader;
	ktime_get_real_ts64(&rec->wall);
	rec->boot_ns = local_clock();
	rec->pid = task_tgid_nr(current);
	strscpy(rec->comm, current->comm, sizeof(rec->comm));
	rec->flags = d->flags;
	rec->result = (int)regs_return_value(regs);
	rec->taint_before = d->taint;
	rec->taint_after = mv_taint_snapshot();
	mv_attempt_end(a);
	return 0;
}
NOKPROBE_SYMBOL(idem_return);

/* Loader functions recorded only as stages: their arguments are not needed. */
static int stage_pre(struct kprobe *kp, struct pt_regs *regs);

/**
 * struct mv_probe - one loader function modverify probes
 * @symbol: the function
 * @args: the parameters its handlers decode, by position (NULL: none)
 * @btf_args: the parameter names in this kernel's BTF, or NULL if absent
 * @stage: the stage recorded at entry (MV_STAGE_COUNT: none); stage-only
 *	probes and clones record nothing else
 * @fallback_for: a probe this one replaces: it is not registered when that
 *	one is attached (registered earlier in the table), or NULL
 * @kp: the kprobe, for stage-only probes and clones
 * @ret: kretprobe (entry and return) if @ret.handler is set, else @kp
 * @state: what registering it gave (enum mv_probe_state)
 * @err: register_k*probe()'s error, for the status file
 * @clone: the clone attached, if any
 */
struct mv_probe {
	const char *symbol;
	const char *args;
	const char *btf_args;
	enum mv_stage stage;
	const char *fallback_for;
	struct kprobe kp;
	struct kretprobe ret;
	enum mv_probe_state state;
	int err;
	char clone[KSYM_NAME_LEN];
};

#ifndef MV_BTF_FUNC_check_modinfo
#define MV_BTF_FUNC_check_modinfo NULL
#endif
#ifndef MV_BTF_FUNC_early_mod_check
#define MV_BTF_FUNC_early_mod_check NULL
#endif
#ifndef MV_BTF_FUNC_check_modstruct_version
#define MV_BTF_FUNC_check_modstruct_version NULL
#endif
#ifndef MV_BTF_FUNC_check_version
#define MV_BTF_FUNC_check_version NULL
#endif
#ifndef MV_BTF_FUNC_same_magic
#define MV_BTF_FUNC_same_magic NULL
#endif
#ifndef MV_BTF_FUNC_try_to_force_load
#define MV_BTF_FUNC_try_to_force_load NULL
#endif
#ifndef MV_BTF_FUNC_module_sig_check
#define MV_BTF_FUNC_module_sig_check NULL
#endif
#ifndef MV_BTF_FUNC_do_init_module
#define MV_BTF_FUNC_do_init_module NULL
#endif
#ifndef MV_BTF_FUNC_mod_verify_sig
#define MV_BTF_FUNC_mod_verify_sig NULL
#endif
#ifndef MV_BTF_FUNC_load_module
#define MV_BTF_FUNC_load_module NULL
#endif
#ifndef MV_BTF_FUNC_apply_relocate_add
#define MV_BTF_FUNC_apply_relocate_add NULL
#endif
#ifndef MV_BTF_FUNC_module_patient_check_exists
#define MV_BTF_FUNC_module_patient_check_exists NULL
#endif
#ifndef MV_BTF_FUNC_resolve_symbol
#define MV_BTF_FUNC_resolve_symbol NULL
#endif
#ifndef MV_BTF_FUNC_btf_module_notify
#define MV_BTF_FUNC_btf_module_notify NULL
#endif
#ifndef MV_BTF_FUNC_bpf_verifier_vlog
#define MV_BTF_FUNC_bpf_verifier_vlog NULL
#endif
#ifndef MV_BTF_FUNC_parse_args
#define MV_BTF_FUNC_parse_args NULL
#endif
#ifndef MV_BTF_FUNC_idempotent_init_module
#define MV_BTF_FUNC_idempotent_init_module NULL
#endif

/* The optional last arguments set more members, e.g. .fallback_for. */
#define MV_KRETPROBE(sym, decoded, entry, ret_fn, size, stg, ...)	\
	{ .symbol = #sym, .args = decoded, .btf_args = MV_BTF_FUNC_##sym,	\
	  .stage = stg,							\
	  .ret = { .entry_handler = entry, .handler = ret_fn, .data_size = size }, \
	  __VA_ARGS__ }
/* A step before load_module() (preload.c): no argument decoded, no stage. */
#define MV_PRELOAD_PROBE(name, entry, ret_fn)				\
	{ .symbol = name, .stage = MV_STAGE_COUNT,			\
	  .ret = { .entry_handler = entry, .handler = ret_fn } }
#define MV_KPROBE(sym, pre, stg)					\
	{ .symbol = #sym, .btf_args = MV_BTF_FUNC_##sym, .stage = stg,	\
	  .kp = { .pre_handler = pre } }

/*
 * load_module comes last: it is registered last, so an attempt is only
 * begun once every other probe is in place.
 */
static struct mv_probe probes[] = {
	MV_KRETPROBE(module_sig_check, "info,flags",
		     sig_check_entry, sig_check_return, 0,
		     MV_STAGE_MODULE_SIG_CHECK),
	MV_KRETPROBE(mod_verify_sig, "mod,info",
		     verify_sig_entry, verify_sig_return, 0,
		     MV_STAGE_MOD_VERIFY_SIG),
	MV_KPROBE(check_modstruct_version, stage_pre, MV_STAGE_CHECK_MODSTRUCT_VERSION),
	MV_KPROBE(early_mod_check, stage_pre, MV_STAGE_EARLY_MOD_CHECK),
	MV_KPROBE(check_modinfo, stage_pre, MV_STAGE_CHECK_MODINFO),
	MV_KRETPROBE(same_magic, "amagic,bmagic,has_crcs",
		     same_magic_entry, same_magic_return, 0,
		     MV_STAGE_SAME_MAGIC),
	MV_KRETPROBE(try_to_force_load, "mod,reason",
		     force_entry, force_return,
		     sizeof(struct force_data), MV_STAGE_TRY_TO_FORCE_LOAD),
	MV_KRETPROBE(check_version, "info,symname,mod,crc",
		     check_version_entry, check_version_return,
		     sizeof(struct check_version_data), MV_STAGE_CHECK_VERSION),
	MV_KPROBE(module_patient_check_exists, stage_pre, MV_STAGE_DUPLICATE_CHECK),
	/* After check_version: registered only if that one is not attached. */
	MV_KRETPROBE(resolve_symbol, "mod,info,name,ownername",
		     resolve_entry, resolve_return,
		     sizeof(struct resolve_data), MV_STAGE_RESOLVE_SYMBOL,
		     .fallback_for = "check_version"),
	MV_KRETPROBE(apply_relocate_add, "sechdrs,strtab,symindex,relsec,me",
		     reloc_entry, reloc_return,
		     sizeof(struct reloc_data), MV_STAGE_APPLY_RELOCATE_ADD),
	MV_KRETPROBE(btf_module_notify, "nb,op,module",
		     btf_entry, btf_return, 0,
		     MV_STAGE_BTF_MODULE_NOTIFY),
	MV_KRETPROBE(bpf_verifier_vlog, "log,fmt,args",
		     vlog_entry, vlog_return,
		     sizeof(struct vlog_data), MV_STAGE_COUNT),
	MV_KRETPROBE(parse_args,
		     "doing,args,params,num,min_level,max_level,arg,unknown",
		     params_entry, params_return,
		     sizeof(struct params_data), MV_STAGE_COUNT),
	MV_KRETPROBE(do_init_module, "mod",
		     init_entry, init_return, 0, MV_STAGE_DO_INIT_MODULE),
	/*
	 * Refusals before load_module() (preload.c): each security module's
	 * own hook names it; then the security hooks, the read, the
	 * decompression, and last the syscalls, which note the task.
	 */
	MV_PRELOAD_PROBE("ima_read_file", mv_preload_noted, mv_preload_ima_return),
	MV_PRELOAD_PROBE("ima_post_read_file", mv_preload_noted, mv_preload_ima_return),
	MV_PRELOAD_PROBE("ima_load_data", mv_preload_noted, mv_preload_ima_return),
	MV_PRELOAD_PROBE("ima_post_load_data", mv_preload_noted, mv_preload_ima_return),
	MV_PRELOAD_PROBE("selinux_kernel_read_file", mv_preload_noted,
			 mv_preload_selinux_return),
	MV_PRELOAD_PROBE("selinux_kernel_load_data", mv_preload_noted,
			 mv_preload_selinux_return),
	MV_PRELOAD_PROBE("loadpin_read_file", mv_preload_noted, mv_preload_loadpin_return),
	MV_PRELOAD_PROBE("loadpin_load_data", mv_preload_noted, mv_preload_loadpin_return),
	MV_PRELOAD_PROBE("ipe_kernel_read_file", mv_preload_noted, mv_preload_ipe_return),
	MV_PRELOAD_PROBE("ipe_kernel_load_data", mv_preload_noted, mv_preload_ipe_return),
	MV_PRELOAD_PROBE("security_kernel_read_file", mv_preload_noted,
			 mv_preload_read_hook_return),
	MV_PRELOAD_PROBE("security_kernel_post_read_file", mv_preload_noted,
			 mv_preload_post_read_hook_return),
	MV_PRELOAD_PROBE("security_kernel_load_data", mv_preload_load_data_entry,
			 mv_preload_load_hook_return),
	MV_PRELOAD_PROBE("security_kernel_post_load_data", mv_preload_noted,
			 mv_preload_post_load_hook_return),
	MV_PRELOAD_PROBE("kernel_read_file", mv_preload_read_entry, mv_preload_read_return),
	MV_PRELOAD_PROBE("module_decompress", mv_preload_decompress_entry,
			 mv_preload_decompress_return),
	MV_PRELOAD_PROBE(MV_SYSCALL_SYMBOL("finit_module"), mv_preload_syscall_entry,
			 mv_preload_syscall_return),
	MV_PRELOAD_PROBE(MV_SYSCALL_SYMBOL("init_module"), mv_preload_init_module_entry,
			 mv_preload_syscall_return),
	/* Before load_module: a leader's note must be there when it starts. */
	MV_KRETPROBE(idempotent_init_module, "f,uargs,flags",
		     idem_entry, idem_return,
		     sizeof(struct idem_data), MV_STAGE_COUNT),
	/* No clone of load_module will do: an attempt starts from its arguments. */
	MV_KRETPROBE(load_module, "info,uargs,flags",
		     load_module_entry, load_module_return, 0, MV_STAGE_COUNT),
};

static int stage_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct mv_probe *p = container_of(kp, struct mv_probe, kp);

	if (p->stage < MV_STAGE_COUNT)
		attempt_at(p->stage);
	return 0;
}
NOKPROBE_SYMBOL(stage_pre);

/*
 * kprobes resolve a name with kallsyms_lookup_name(), which falls back to
 * modules' symbols: a module's static function may have the name of a
 * loader function this kernel does not have (dm_mod's check_version() on
 * a kernel without MODVERSIONS).  Probes are registered disabled, and
 * armed only once their address is known to be the kernel's own.
 */
static bool in_module(const struct kprobe *kp)
{
	char where[KSYM_SYMBOL_LEN];

	sprint_symbol(where, (unsigned long)kp->addr);
	return strchr(where, '[');	/* "name+0x0/0x40 [module]" */
}

/* Register @kp disabled; arm it if it is in the kernel proper. */
static int register_kernel_kprobe(struct kprobe *kp)
{
	int err;

	kp->flags = KPROBE_FLAG_DISABLED;
	err = register_kprobe(kp);
	if (err)
		return err;
	err = in_module(kp) ? -EXDEV : enable_kprobe(kp);
	if (err)
		unregister_kprobe(kp);
	return err;
}

/* Attach a stage-only kprobe to a clone of @p's function, if there is one. */
static int attach_clone(struct mv_probe *p)
{
	unsigned int i;

	if (p->stage >= MV_STAGE_COUNT)
		return -ENOENT;
	for (i = 0; i < ARRAY_SIZE(clone_suffixes); i++) {
		snprintf(p->clone, sizeof(p->clone), "%s%s", p->symbol, clone_suffixes[i]);
		p->kp = (struct kprobe){ .symbol_name = p->clone, .pre_handler = stage_pre };
		if (!register_kernel_kprobe(&p->kp))
			return 0;
	}
	p->clone[0] = '\0';
	return -ENOENT;
}

/* As register_kernel_kprobe(), for a kretprobe. */
static int register_kernel_kretprobe(struct kretprobe *rp)
{
	int err;

	rp->kp.flags = KPROBE_FLAG_DISABLED;
	err = register_kretprobe(rp);
	if (err)
		return err;
	err = in_module(&rp->kp) ? -EXDEV : enable_kretprobe(rp);
	if (err)
		unregister_kretprobe(rp);
	return err;
}

static bool is_kretprobe(const struct mv_probe *p)
{
	return !!p->ret.handler;
}

static bool skipped(const char *skip, const char *symbol)
{
	size_t len = strlen(symbol);
	const char *s = skip;

	while (s && *s) {
		size_t n = strcspn(s, ",");

		if (n == len && !memcmp(s, symbol, len))
			return true;
		s += n;
		s += *s == ',';
	}
	return false;
}

static void register_one(struct mv_probe *p, const char *skip,
			 unsigned int maxactive)
{
	const char *want = p->args;

	if (skipped(skip, p->symbol)) {
		p->state = MV_PROBE_SKIPPED;
		return;
	}
	if (p->fallback_for && mv_probe_attached(p->fallback_for)) {
		p->state = MV_PROBE_NOT_NEEDED;
		return;
	}
	if (want && p->btf_args && strcmp(want, p->btf_args)) {
		p->state = MV_PROBE_PROTOTYPE;
		pr_warn("%s(%s) in BTF, modverify decodes (%s): not probing it\n",
			p->symbol, p->btf_args, want);
		return;
	}
	if (is_kretprobe(p)) {
		p->ret.kp.symbol_name = p->symbol;
		p->ret.maxactive = maxactive;
		p->err = register_kernel_kretprobe(&p->ret);
	} else {
		p->kp.symbol_name = p->symbol;
		p->err = register_kernel_kprobe(&p->kp);
	}
	if (!p->err)
		p->state = MV_PROBE_ATTACHED;
	else if (p->err == -EXDEV && !attach_clone(p))
		p->state = MV_PROBE_CLONE;
	else if (p->err == -EXDEV)
		p->state = MV_PROBE_IN_MODULE;
	else if (p->err != -ENOENT)
		p->state = MV_PROBE_FAILED;
	else if (!attach_clone(p))
		p->state = MV_PROBE_CLONE;
	else
		p->state = MV_PROBE_NOT_PRESENT;
}

enum mv_imports_source mv_imports_source;

static struct mv_probe *find_probe(const char *symbol)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (!strcmp(probes[i].symbol, symbol))
			return &probes[i];
	return NULL;
}

bool mv_probe_attached(const char *symbol)
{
	const struct mv_probe *p = find_probe(symbol);

	return p && p->state == MV_PROBE_ATTACHED;
}

/**
 * mv_probes_register() - attach every probe the running kernel allows
 * @skip: comma-separated functions not to probe (testing the fallbacks)
 * @maxactive: concurrent instances per kretprobe
 *
 * Return: 0, or -ENOENT if load_module itself cannot be probed (without it
 * there are no attempts to record).
 */
int mv_probes_register(const char *skip, unsigned int maxactive)
{
	struct mv_probe *lm = &probes[ARRAY_SIZE(probes) - 1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		register_one(&probes[i], skip, maxactive);
	if (mv_probe_attached("check_version"))
		mv_imports_source = MV_IMPORTS_BY_CHECK_VERSION;
	else if (mv_probe_attached("resolve_symbol"))
		mv_imports_source = MV_IMPORTS_BY_RESOLVE_SYMBOL;
	else
		mv_imports_source = MV_IMPORTS_UNTRACKED;
	if (lm->state == MV_PROBE_ATTACHED)
		return 0;
	pr_err("cannot probe load_module (%s, %d): nothing to record\n",
	       state_names[lm->state], lm->err);
	mv_probes_unregister();
	return lm->err ? lm->err : -ENOENT;
}

/*
 * Once mv_attempts_stop() has run, handlers find no attempt: the probes can
 * go in any order, in two batches (one RCU grace period each, not one per
 * probe).
 */
void mv_probes_unregister(void)
{
	struct kretprobe *rps[ARRAY_SIZE(probes)];
	struct kprobe *kps[ARRAY_SIZE(probes)];
	unsigned int i, nr = 0, nk = 0;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		struct mv_probe *p = &probes[i];

		if (p->state == MV_PROBE_CLONE ||
		    (p->state == MV_PROBE_ATTACHED && !is_kretprobe(p)))
			kps[nk++] = &p->kp;
		else if (p->state == MV_PROBE_ATTACHED)
			rps[nr++] = &p->ret;
		else
			continue;
		p->state = MV_PROBE_NOT_PRESENT;
	}
	if (nr)
		unregister_kretprobes(rps, nr);
	if (nk)
		unregister_kprobes(kps, nk);
}

/* One "probe:" line per probe for the status file. */
size_t mv_probes_status(char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		const struct mv_probe *p = &probes[i];

		len += scnprintf(buf + len, size - len, "probe: %s\t%s\t%s",
				 p->symbol,
				 is_kretprobe(p) && p->state != MV_PROBE_CLONE ? "kretprobe" : "kprobe",
				 state_names[p->state]);
		if (p->state == MV_PROBE_FAILED || p->state == MV_PROBE_NOT_PRESENT ||
		    p->state == MV_PROBE_IN_MODULE)
			len += scnprintf(buf + len, size - len, " (%d)", p->err);
		if (p->state == MV_PROBE_CLONE)
			len += scnprintf(buf + len, size - len, " (%s)", p->clone);
		if (p->state == MV_PROBE_ATTACHED) {
			unsigned long missed = is_kretprobe(p) ?
				p->ret.nmissed + p->ret.kp.nmissed : p->kp.nmissed;

			len += scnprintf(buf + len, size - len, "\tnmissed=%lu", missed);
		}
		len += scnprintf(buf + len, size - len, "\n");
	}
	return len;
}
