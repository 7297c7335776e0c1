// SPDX-License-Identifier: GPL-2.0
/*
 * Attempts refused before load_module().  finit_module(2) and init_module(2)
 * check the caller (may_init_module(): CAP_SYS_MODULE, modules_disabled),
 * read the image (kernel_read_file(), or a copy from user memory), let the
 * security modules judge it (security_kernel_read_file() and _post_read_file(),
 * security_kernel_load_data() and _post_load_data()) and decompress it
 * (module_decompress()) before load_module() sees it.  A refusal there
 * leaves no trace in the loader.
 *
 * The syscall's probe notes the task at entry; the probes on those steps
 * add what they see to its note; load_module() entry drops the note (the
 * attempt is recorded there).  A note that ends in an error is published as
 * an ordinary record, decided by mv_decide_preload(): at the failed read or
 * decompression itself (the syscall returns that errno, and since 6.5 the
 * callers waiting on the same file are woken after it: they find it and
 * share it), otherwise at the syscall's return.
 *
 * Handlers run with preemption disabled: no sleeping, no allocation; each
 * only touches the note of the task it runs in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <asm/syscall.h>

#include <modverify/decide.h>

#include "modverify.h"

struct mv_preload_note {
	struct task_struct *task;	/* referenced, compared only */
	struct mv_preload seen;
	struct timespec64 wall;
	u64 boot_ns;
	unsigned long taint;
	unsigned int flags;
};

static struct mv_preload_note *notes;
static unsigned int nr_notes;

/* Room for a note per task in the syscall, followers waiting included. */
int mv_preload_init(unsigned int count)
{
	notes = kcalloc(count, sizeof(*notes), GFP_KERNEL);
	if (!notes)
		return -ENOMEM;
	nr_notes = count;
	return 0;
}

/* Only once no probe can fire. */
void mv_preload_exit(void)
{
	unsigned int i;

	for (i = 0; notes && i < nr_notes; i++)
		if (notes[i].task)
			put_task_struct(notes[i].task);
	kfree(notes);
	notes = NULL;
	nr_notes = 0;
}

/* Process context: release the notes of tasks that died in the syscall. */
void mv_preload_reap(void)
{
	unsigned int i;

	for (i = 0; i < nr_notes; i++) {
		struct task_struct *t = READ_ONCE(notes[i].task);

		if (t && (READ_ONCE(t->flags) & PF_EXITING) &&
		    cmpxchg(&notes[i].task, t, NULL) == t)
			put_task_struct(t);
	}
}

static struct mv_preload_note *note_current(void)
{
	unsigned int i;

	for (i = 0; i < nr_notes; i++)
		if (READ_ONCE(notes[i].task) == current)
			return &notes[i];
	return NULL;
}

/* From the note's own task, whose reference is never the last. */
static void note_release(struct mv_preload_note *n)
{
	smp_store_release(&n->task, NULL);
	put_task_struct(current);
}

/* load_module() was entered, or a follower's record was made: no more. */
void mv_preload_drop(void)
{
	struct mv_preload_note *n = note_current();

	if (n)
		note_release(n);
}

/* The current task read its module file itself (it did not wait on another). */
bool mv_preload_read_seen(void)
{
	struct mv_preload_note *n = note_current();

	return n && n->seen.read_seen;
}

/*
 * may_init_module() refuses with -EPERM when !capable(CAP_SYS_MODULE), then
 * when modules_disabled is set.  modules_disabled is a private global (not
 * exported; a sysctl's value has no in-kernel accessor that does not sleep),
 * so it is not read.  The credentials are: capable() in the initial user
 * namespace passes, by commoncap's rule, when they belong to that namespace
 * and hold CAP_SYS_MODULE in their effective set; then the -EPERM was
 * modules_disabled's.  (An LSM whose own capable() hook denies
 * CAP_SYS_MODULE also passes this test; its denial is in the audit log.)
 */
static bool cred_has_sys_module(void)
{
	const struct cred *cred = current_cred();

	return cred->user_ns == &init_user_ns &&
	       cap_raised(cred->cap_effective, CAP_SYS_MODULE);
}

static bool steps_probed(bool init_module)
{
	if (init_module)
		return mv_probe_attached("security_kernel_load_data") &&
		       mv_probe_attached("security_kernel_post_load_data");
	return mv_probe_attached("kernel_read_file") &&
	       mv_probe_attached("security_kernel_read_file") &&
	       mv_probe_attached("security_kernel_post_read_file");
}

/* Publish @n's attempt, which ended in @err, and release the note. */
static void publish(struct mv_preload_note *n, int err)
{
	struct mv_attempt *a = mv_attempt_begin();
	enum mv_preload_step at;
	struct mv_record *rec;

	if (!a) {
		note_release(n);
		return;
	}
	rec = a->rec;
	rec->wall = n->wall;
	rec->boot_ns = n->boot_ns;
	rec->pid = task_tgid_nr(current);
	strscpy(rec->comm, current->comm, sizeof(rec->comm));
	rec->flags = n->flags;
	rec->taint_before = n->taint;
	rec->taint_after = mv_taint_snapshot();
	rec->sig_enforced = is_module_sig_enforced();
	rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	strscpy(rec->vermagic_kernel, mv_kernel_vermagic(), sizeof(rec->vermagic_kernel));
	/* Since 6.5: the file, for callers waiting on this one's result. */
	rec->file_key = mv_file_take();
	n->seen.capable = cred_has_sys_module();
	n->seen.steps_probed = steps_probed(n->seen.init_module);
	rec->state = MV_STATE_RETURNED;
	rec->result = err;
	rec->before_load = true;
	rec->decided_by = mv_decide_preload(&n->seen, err, &at);
	rec->refused_at = at;
	rec->lsm = rec->decided_by == MV_DECIDED_LSM ? n->seen.lsm : MV_LSM_NONE;
	note_release(n);
	mv_attempt_end(a);
}

/* Note the current task at a module-loading syscall's entry. */
static int syscall_entry(bool init_module)
{
	struct mv_preload_note *n = note_current();
	unsigned long args[6];
	unsigned int i;

	/* A note left by a missed return is reused. */
	for (i = 0; !n && i < nr_notes; i++) {
		if (!cmpxchg(&notes[i].task, NULL, current)) {
			get_task_struct(current);
			n = &notes[i];
		}
	}
	if (!n)
		return 1;	/* no room: this call is not followed */
	memset(&n->seen, 0, sizeof(n->seen));
	n->seen.init_module = init_module;
	ktime_get_real_ts64(&n->wall);
	n->boot_ns = local_clock();
	n->taint = mv_taint_snapshot();
	syscall_get_arguments(current, current_pt_regs(), args);
	n->flags = init_module ? 0 : (unsigned int)args[2];
	return 0;
}

/* finit_module(int fd, const char __user *uargs, int flags) */
int mv_preload_syscall_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return syscall_entry(false);
}
NOKPROBE_SYMBOL(mv_preload_syscall_entry);

/* init_module(void __user *umod, unsigned long len, const char __user *uargs) */
int mv_preload_init_module_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return syscall_entry(true);
}
NOKPROBE_SYMBOL(mv_preload_init_module_entry);

/* A note still there: load_module() was not entered. */
int mv_preload_syscall_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_preload_note *n = note_current();
	long ret = regs_return_value(regs);

	if (!n)
		return 0;
	if (ret < 0)
		publish(n, ret);
	else
		note_release(n);
	return 0;
}
NOKPROBE_SYMBOL(mv_preload_syscall_return);

/* Entry of a step: arm its return only inside a noted syscall. */
int mv_preload_noted(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return note_current() ? 0 : 1;
}
NOKPROBE_SYMBOL(mv_preload_noted);

/* An entry handler marking in the task's note that a step ran. */
#define MV_PRELOAD_SEEN(name, field)						\
int name(struct kretprobe_instance *ri, struct pt_regs *regs)			\
{										\
	struct mv_preload_note *n = note_current();				\
										\
	if (!n)									\
		return 1;							\
	n->seen.field = true;							\
	return 0;								\
}										\
NOKPROBE_SYMBOL(name)

/* A return handler calling @fn(regs, @what). */
#define MV_PRELOAD_RETURN(name, fn, what)					\
int name(struct kretprobe_instance *ri, struct pt_regs *regs)			\
{										\
	fn(regs, what);								\
	return 0;								\
}										\
NOKPROBE_SYMBOL(name)

/*
 * kernel_read_file(struct file *file, loff_t offset, void **buf,
 *		    size_t buf_size, size_t *file_size, enum kernel_read_file_id id)
 */
MV_PRELOAD_SEEN(mv_preload_read_entry, read_seen);

/* The syscall returns kernel_read_file()'s error as it is. */
int mv_preload_read_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_preload_note *n = note_current();
	long ret = regs_return_value(regs);

	if (!n)
		return 0;
	n->seen.read_returned = true;
	n->seen.read_result = ret;
	if (ret < 0)
		publish(n, ret);
	return 0;
}
NOKPROBE_SYMBOL(mv_preload_read_return);

/* security_kernel_load_data(enum kernel_load_data_id id, bool contents) */
MV_PRELOAD_SEEN(mv_preload_load_data_entry, load_data_seen);

/* The first security hook that refused (the others did not run after it). */
static void hook_return(struct pt_regs *regs, enum mv_preload_step step)
{
	struct mv_preload_note *n = note_current();

	if (n && regs_return_value(regs) && n->seen.hook == MV_PRELOAD_NONE)
		n->seen.hook = step;
}

MV_PRELOAD_RETURN(mv_preload_read_hook_return, hook_return, MV_PRELOAD_READ_HOOK);
MV_PRELOAD_RETURN(mv_preload_post_read_hook_return, hook_return, MV_PRELOAD_POST_READ_HOOK);
MV_PRELOAD_RETURN(mv_preload_load_hook_return, hook_return, MV_PRELOAD_LOAD_HOOK);
MV_PRELOAD_RETURN(mv_preload_post_load_hook_return, hook_return, MV_PRELOAD_POST_LOAD_HOOK);

/* module_decompress(struct load_info *info, const void *buf, size_t size) */
MV_PRELOAD_SEEN(mv_preload_decompress_entry, decompress_seen);

/* The syscall returns module_decompress()'s error as it is. */
int mv_preload_decompress_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mv_preload_note *n = note_current();
	int err = (int)regs_return_value(regs);

	if (n && err)
		publish(n, err);
	return 0;
}
NOKPROBE_SYMBOL(mv_preload_decompress_return);

/*
 * A security module's own hook on reading a module: the first to refuse
 * stopped the chain (call_int_hook() returns the first error), so it is
 * the one that decided.
 */
static void lsm_return(struct pt_regs *regs, enum mv_lsm lsm)
{
	struct mv_preload_note *n = note_current();

	if (n && regs_return_value(regs) && n->seen.lsm == MV_LSM_NONE)
		n->seen.lsm = lsm;
}

MV_PRELOAD_RETURN(mv_preload_ima_return, lsm_return, MV_LSM_IMA);
MV_PRELOAD_RETURN(mv_preload_selinux_return, lsm_return, MV_LSM_SELINUX);
MV_PRELOAD_RETURN(mv_preload_loadpin_return, lsm_return, MV_LSM_LOADPIN);
MV_PRELOAD_RETURN(mv_preload_ipe_return, lsm_return, MV_LSM_IPE);
