// SPDX-License-Identifier: GPL-2.0
/*
 * Per-attempt state.  load_module() may run in several tasks at once (udev
 * loads dozens of modules in parallel at boot); each attempt is owned by the
 * task that runs it, and every probe handler finds its attempt by `current`.
 * Slots and their records are allocated once, at module load, because probe
 * handlers run with preemption disabled and must not sleep or allocate much.
 *
 * A slot holds a reference to its task.  A task that dies inside
 * load_module() (an oops in the module's init) never runs the return probe:
 * its slot is reaped once the exit is seen (mv_attempts_reap()), its record
 * published then, and the reference keeps its task_struct from being
 * reused by a new task that would find the dead one's slot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "modverify.h"

static struct mv_attempt *slots;
static unsigned int nr_slots;
static unsigned int last_found;	/* a hint for mv_attempt_current() */
static bool stopping;		/* see mv_attempts_stop() */
/* Raw: taken in probe handlers, which must not sleep even on PREEMPT_RT. */
static DEFINE_RAW_SPINLOCK(slots_lock);

/*
 * The file an idempotent finit_module() call is loading, per task, from
 * its entry until load_module() takes it (see mv_file_note()).
 */
struct mv_file_note {
	struct task_struct *task;	/* referenced, compared only */
	unsigned long key;
};
static struct mv_file_note *file_notes;
static unsigned int nr_file_notes;

/*
 * The files in finit_module() now, each with the history's newest id when
 * the first of the callers still in it entered (see mv_file_enter()).
 */
struct mv_file_load {
	unsigned long key;
	u64 since;
	unsigned int users;	/* 0: a free entry */
};
static struct mv_file_load *file_loads;	/* nr_file_notes of them */
static DEFINE_RAW_SPINLOCK(file_loads_lock);

static void reap_work_fn(struct work_struct *work);
static DECLARE_WORK(reap_work, reap_work_fn);
static DEFINE_MUTEX(reap_mutex);	/* one reaper at a time */

static const char * const stage_names[MV_STAGE_COUNT] = {
	[MV_STAGE_MODULE_SIG_CHECK]		= "module_sig_check",
	[MV_STAGE_CHECK_MODSTRUCT_VERSION]	= "check_modstruct_version",
	[MV_STAGE_EARLY_MOD_CHECK]		= "early_mod_check",
	[MV_STAGE_CHECK_MODINFO]		= "check_modinfo",
	[MV_STAGE_MOD_VERIFY_SIG]		= "mod_verify_sig",
	[MV_STAGE_SAME_MAGIC]			= "same_magic",
	[MV_STAGE_TRY_TO_FORCE_LOAD]		= "try_to_force_load",
	[MV_STAGE_CHECK_VERSION]		= "check_version",
	[MV_STAGE_DUPLICATE_CHECK]		= "module_patient_check_exists",
	[MV_STAGE_RESOLVE_SYMBOL]		= "resolve_symbol",
	[MV_STAGE_APPLY_RELOCATE_ADD]		= "apply_relocate_add",
	[MV_STAGE_BTF_MODULE_NOTIFY]		= "btf_module_notify",
	[MV_STAGE_DO_INIT_MODULE]		= "do_init_module",
};

const char *mv_stage_name(enum mv_stage stage)
{
	return stage < MV_STAGE_COUNT ? stage_names[stage] : "?";
}

int mv_attempts_init(unsigned int count)
{
	unsigned int i;

	slots = kvcalloc(count, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	nr_slots = count;
	/* Followers wait in finit_module() too: room for twice the slots. */
	file_notes = kcalloc(2 * count, sizeof(*file_notes), GFP_KERNEL);
	if (!file_notes) {
		mv_attempts_exit();
		return -ENOMEM;
	}
	nr_file_notes = 2 * count;
	file_loads = kcalloc(nr_file_notes, sizeof(*file_loads), GFP_KERNEL);
	if (!file_loads) {
		mv_attempts_exit();
		return -ENOMEM;
	}
	for (i = 0; i < count; i++) {
		slots[i].rec = vmalloc(sizeof(*slots[i].rec));
		if (!slots[i].rec) {
			mv_attempts_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * mv_attempts_stop() - let handlers find no attempt any more
 *
 * Called before the probes are unregistered.  load_module's return probe
 * goes first; an attempt in flight then never ends, and its slot keeps
 * naming its task.  When that task exits, a new task may get its
 * task_struct, load a module while the other probes are still being
 * unregistered, and find the slot: its __versions index points into an
 * image that was freed.  From here on, handlers see no slot at all.
 */
void mv_attempts_stop(void)
{
	WRITE_ONCE(stopping, true);
}

/*
 * Only called once no probe can fire and no debugfs file is open: tasks
 * still in load_module() then never touch their slot again.
 */
void mv_attempts_exit(void)
{
	unsigned int i;

	cancel_work_sync(&reap_work);
	for (i = 0; slots && i < nr_slots; i++) {
		if (slots[i].task)
			put_task_struct(slots[i].task);
		vfree(slots[i].rec);
	}
	for (i = 0; file_notes && i < nr_file_notes; i++)
		if (file_notes[i].task)
			put_task_struct(file_notes[i].task);
	kvfree(slots);
	slots = NULL;
	nr_slots = 0;
	kfree(file_notes);
	file_notes = NULL;
	kfree(file_loads);
	file_loads = NULL;
	nr_file_notes = 0;
}

/**
 * mv_file_note() - the current task is in finit_module() for file @key
 * @key: the file's inode, compared only
 *
 * Since 6.5 concurrent finit_module() calls on one file share a single
 * load_module(): the first caller runs it, the others wait for its result.
 * load_module() takes the note (mv_file_take()); a note still there when
 * finit_module() returns marks a caller that never ran it.
 *
 * Return: false if there was no room (the call is then not followed).
 */
bool mv_file_note(unsigned long key)
{
	unsigned int i;

	if (READ_ONCE(stopping))
		return false;
	for (i = 0; i < nr_file_notes; i++) {
		if (!cmpxchg(&file_notes[i].task, NULL, current)) {
			get_task_struct(current);
			WRITE_ONCE(file_notes[i].key, key);
			return true;
		}
	}
	return false;
}

/* Remove the current task's note. Return: its key, or 0 if it had none. */
unsigned long mv_file_take(void)
{
	unsigned long key;
	unsigned int i;

	for (i = 0; i < nr_file_notes; i++) {
		if (READ_ONCE(file_notes[i].task) == current) {
			key = READ_ONCE(file_notes[i].key);
			smp_store_release(&file_notes[i].task, NULL);
			put_task_struct(current);	/* never the last reference */
			return key;
		}
	}
	return 0;
}

/**
 * mv_file_enter() - a task entered finit_module() for file @key
 * @key: the file's inode, compared only
 * @published: mv_history_published() now
 * @counted: set if the call was counted (then mv_file_leave() must follow)
 *
 * A follower waits for a leader that entered before it, and that leader
 * may publish its record before the follower enters: the follower must
 * look for records newer than the leader's entry, not its own.  The
 * callers in finit_module() for one file at once are counted together
 * from the first one's entry to the last one's return.
 *
 * Return: the history id the leader's record is newer than: @published,
 * or the one noted when the first caller still in finit_module() for
 * @key entered.
 */
u64 mv_file_enter(unsigned long key, u64 published, bool *counted)
{
	struct mv_file_load *l, *free = NULL;
	unsigned long irqflags;
	u64 since = published;
	unsigned int i;

	*counted = false;
	raw_spin_lock_irqsave(&file_loads_lock, irqflags);
	for (i = 0; i < nr_file_notes; i++) {
		l = &file_loads[i];
		if (l->users && l->key == key) {
			l->users++;
			since = l->since;
			*counted = true;
			goto out;
		}
		if (!l->users && !free)
			free = l;
	}
	if (free) {
		free->key = key;
		free->since = published;
		free->users = 1;
		*counted = true;
	}
out:
	raw_spin_unlock_irqrestore(&file_loads_lock, irqflags);
	return since;
}

/* A task counted by mv_file_enter() for file @key left finit_module(). */
void mv_file_leave(unsigned long key)
{
	unsigned long irqflags;
	unsigned int i;

	raw_spin_lock_irqsave(&file_loads_lock, irqflags);
	for (i = 0; i < nr_file_notes; i++) {
		if (file_loads[i].users && file_loads[i].key == key) {
			file_loads[i].users--;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&file_loads_lock, irqflags);
}

/* A task that is exiting is not coming back to load_module(). */
static bool task_exiting(const struct task_struct *t)
{
	return READ_ONCE(t->flags) & PF_EXITING;
}

/**
 * mv_attempt_begin() - claim a slot for the current task's load attempt
 *
 * A slot whose task is exiting is handed to the reaper (a work item: the
 * handlers here cannot drop a task reference, which may free the task).
 *
 * Return: the slot, its record reset, or NULL when every slot is busy (the
 * attempt is then counted as dropped and not recorded).
 */
struct mv_attempt *mv_attempt_begin(void)
{
	struct mv_attempt *a = NULL;
	unsigned long irqflags;
	bool reap = false;
	unsigned int i;

	if (READ_ONCE(stopping))
		return NULL;
	raw_spin_lock_irqsave(&slots_lock, irqflags);
	for (i = 0; i < nr_slots; i++) {
		struct task_struct *t = READ_ONCE(slots[i].task);

		if (t) {
			reap |= task_exiting(t);
		} else if (!a) {
			a = &slots[i];
			get_task_struct(current);
			WRITE_ONCE(a->task, current);
		}
	}
	raw_spin_unlock_irqrestore(&slots_lock, irqflags);
	if (reap)
		schedule_work(&reap_work);
	if (!a) {
		mv_record_dropped();
		return NULL;
	}

	a->published = 0;
	a->info = NULL;
	a->hdr = NULL;
	a->vermagic_at = NULL;
	a->indexed = false;
	a->versindex = -1;
	a->imports.count = 0;
	a->imports.cursor = 0;
	a->imports.passed = 0;
	a->imports.last = NULL;
	a->vers.valid = false;
	a->vers.count = 0;
	/* The crcs array is not cleared: n_crcs says how much of it is valid. */
	memset(a->rec, 0, offsetof(struct mv_record, crcs));
	return a;
}

/*
 * Lock-free: only the owning task ever stores itself into a slot's task
 * (the reaper stores NULL only into a dead task's).
 * The slot found last is tried first: a load's probes fire in a burst
 * (one check_version() per import) from the same task.
 */
struct mv_attempt *mv_attempt_current(void)
{
	unsigned int i, hint = READ_ONCE(last_found);

	if (READ_ONCE(stopping))
		return NULL;
	if (hint < nr_slots && READ_ONCE(slots[hint].task) == current)
		return &slots[hint];
	for (i = 0; i < nr_slots; i++) {
		if (READ_ONCE(slots[i].task) == current) {
			WRITE_ONCE(last_found, i);
			return &slots[i];
		}
	}
	return NULL;
}

/* Give the slot back, from its own task (whose reference is never the last). */
static void release(struct mv_attempt *a)
{
	/* Every write to the slot is done before another task can claim it. */
	smp_store_release(&a->task, NULL);
	put_task_struct(current);
}

/* Give the slot back without publishing its record. */
void mv_attempt_abandon(struct mv_attempt *a)
{
	release(a);
}

/* load_module() returned: publish the final record, in place of a running one. */
void mv_attempt_end(struct mv_attempt *a)
{
	mv_history_add(a->rec, a->published);
	release(a);
}

/**
 * mv_attempt_publish_running() - publish what is known as the module's init starts
 * @a: the attempt
 *
 * Every check has passed; the init may hang or oops, and then load_module()
 * does not return (soon, or ever).  The record is published now, "running",
 * and replaced when it does.
 */
void mv_attempt_publish_running(struct mv_attempt *a)
{
	a->rec->state = MV_STATE_RUNNING;
	a->rec->taint_after = mv_taint_snapshot();
	mv_decide(a->rec);
	a->published = mv_history_add(a->rec, 0);
}

/**
 * mv_attempts_reap() - publish the attempts whose task exited in load_module()
 *
 * Such an attempt's record is completed with what is known (the result is
 * not), published in place of its running record if it had one, and its
 * slot and task reference released; so are file notes left by tasks that
 * died in finit_module().  Process context: a reference dropped here may
 * be the task's last.  Runs when a load finds such a slot and when a
 * debugfs file is opened, so a reader sees the attempt that crashed.
 */
void mv_attempts_reap(void)
{
	unsigned int i;

	mutex_lock(&reap_mutex);
	for (i = 0; i < nr_slots; i++) {
		struct mv_attempt *a = &slots[i];
		struct task_struct *t = smp_load_acquire(&a->task);

		if (!t || !task_exiting(t))
			continue;
		a->rec->state = MV_STATE_TASK_EXITED;
		a->rec->taint_after = mv_taint_snapshot();
		mv_decide(a->rec);
		mv_history_add(a->rec, a->published);
		smp_store_release(&a->task, NULL);
		put_task_struct(t);
	}
	for (i = 0; i < nr_file_notes; i++) {
		struct task_struct *t = READ_ONCE(file_notes[i].task);

		if (t && task_exiting(t) && cmpxchg(&file_notes[i].task, t, NULL) == t)
			put_task_struct(t);
	}
	mv_preload_reap();
	mutex_unlock(&reap_mutex);
}

static void reap_work_fn(struct work_struct *work)
{
	mv_attempts_reap();
}

void mv_attempt_add_stage(struct mv_attempt *a, enum mv_stage stage)
{
	struct mv_record *rec = a->rec;

	if (rec->n_stages && rec->stages[rec->n_stages - 1].stage == stage) {
		rec->stages[rec->n_stages - 1].count++;
		return;
	}
	if (rec->n_stages == MV_MAX_STAGES) {
		rec->stages_truncated = true;
		return;
	}
	rec->stages[rec->n_stages].stage = stage;
	rec->stages[rec->n_stages].count = 1;
	rec->n_stages++;
}

/*
 * A comparison past MV_MAX_CRCS (mv_attempt_crc_done()): matches are
 * dropped (counted in crc_omitted) and a non-match takes the place of the
 * latest listed match, so mismatches are kept and the order stays the
 * kernel's.  Return: where @crc is listed now, or NULL if it could not be.
 */
struct mv_crc *mv_attempt_crc_overflow(struct mv_attempt *a, struct mv_crc *crc)
{
	struct mv_record *rec = a->rec;
	int i;

	rec->crc_omitted++;
	if (crc->verdict == MV_CRC_MATCH)
		return NULL;
	for (i = MV_MAX_CRCS - 1; i >= 0; i--) {
		if (rec->crcs[i].verdict == MV_CRC_MATCH) {
			memmove(&rec->crcs[i], &rec->crcs[i + 1],
				(MV_MAX_CRCS - 1 - i) * sizeof(*crc));
			rec->crcs[MV_MAX_CRCS - 1] = *crc;
			return &rec->crcs[MV_MAX_CRCS - 1];
		}
	}
	/* Every listed pair is a non-match: this one cannot be listed. */
	return NULL;
}

static void add_unresolved(struct mv_record *rec, const char *name)
{
	if (rec->n_unresolved < MV_MAX_UNRESOLVED)
		strscpy(rec->unresolved[rec->n_unresolved++], name, MV_SYM_LEN);
	rec->unresolved_total++;
}

/*
 * Walk the symbol table from the cursor to the undefined symbol whose name
 * is @symname (the kernel's pointer into the string table).  Return its
 * entry, or NULL if @symname is none ahead (module_layout is not an
 * import).  The strong imports passed over on the way were not resolved:
 * they are counted, and listed if @list.  Each entry is visited at most
 * twice in a load.
 */
static const Elf64_Sym *import_walk(struct mv_attempt *a, const char *symname,
				    bool list)
{
	struct mv_imports *im = &a->imports;
	unsigned int i;

	if (!im->count)
		return NULL;
	if (symname == im->last)
		return im->last_sym;	/* resolve_symbol_wait() tried again */
	if (symname < im->strtab || symname >= im->strtab + im->str_terminated)
		return NULL;
	for (i = im->cursor; i < im->nsyms; i++)
		if (mv_import_is(im, i, symname))
			break;
	if (i == im->nsyms)
		return NULL;
	for (; im->cursor < i; im->cursor++) {
		const Elf64_Sym *passed = &im->syms[im->cursor];

		if (!mv_import_strong(im, passed))
			continue;
		im->passed++;
		if (list)
			add_unresolved(a->rec, im->strtab + passed->st_name);
	}
	return mv_import_reached(im, i, symname);
}

/**
 * mv_attempt_unresolved() - resolve_symbol() found no usable export
 * @a: the attempt
 * @symname: the kernel's pointer to the name, in the image's string table
 *
 * A weak import without an exporter is not an error: only the module's
 * strong imports count, when they are known.
 */
void mv_attempt_unresolved(struct mv_attempt *a, const char *symname)
{
	const Elf64_Sym *sym = import_walk(a, symname, false);

	if (a->imports.count ? sym && mv_import_strong(&a->imports, sym) :
			       !mv_import_ignored(symname))
		add_unresolved(a->rec, symname);
}

/* mv_attempt_import_seen(), when @symname is not the entry at the cursor. */
void mv_attempt_import_walk(struct mv_attempt *a, const char *symname)
{
	import_walk(a, symname, true);
}

/*
 * At load_module() return (when imports are followed by check_version()
 * rather than resolve_symbol()): if symbol resolution failed, the imports after
 * the last one seen were not resolved either (simplify_symbols() goes on
 * through all of them).  Only their copied names can be read now.
 */
void mv_attempt_imports_end(struct mv_attempt *a)
{
	struct mv_imports *im = &a->imports;
	unsigned int i, first_tail;

	if (a->rec->result != -ENOENT || !im->count ||
	    mv_imports_source != MV_IMPORTS_BY_CHECK_VERSION)
		return;
	first_tail = mv_imports_first_tail(im);
	for (i = im->passed; i < im->count; i++) {
		if (i >= first_tail)
			add_unresolved(a->rec, im->tail[i - first_tail]);
		else
			a->rec->unresolved_total++;	/* not nameable any more */
	}
}
