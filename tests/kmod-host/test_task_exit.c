// SPDX-License-Identifier: GPL-2.0
/*
 * Defect 3: a task that dies inside load_module() (an oops in the module's
 * init) never runs the return probe.  Its attempt must still be published,
 * its slot and task reference given back, and an attempt that hangs in its
 * init must be visible while it runs (attempt.c, history.c, record.c).
 * The "kernel" here is the calling test: it plays load_module()'s probes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/sched.h>

#include "kt.h"

#define SLOTS 4

/* The newest listed record, copied out; its entry id, 0 if none. */
static u64 newest(struct mv_record *out)
{
	u64 seq, from = 1, found = 0;

	while ((seq = mv_history_copy_next(from, ~0ULL, out))) {
		found = seq;
		from = seq + 1;
	}
	if (found)
		mv_history_copy_next(found, found, out);
	return found;
}

/* How many listed records are for @module. */
static unsigned int listed(const char *module, struct mv_record *out)
{
	u64 seq, from = 1;
	unsigned int n = 0;

	while ((seq = mv_history_copy_next(from, ~0ULL, out))) {
		n += !strcmp(out->module, module);
		from = seq + 1;
	}
	return n;
}

/* load_module() entry up to do_init_module() entry, as the probes do it. */
static struct mv_attempt *load_to_init(struct task_struct *t, const char *module)
{
	struct mv_attempt *a;

	kh_set_current(t);
	a = mv_attempt_begin();
	if (a) {
		strscpy(a->rec->module, module, MODULE_NAME_LEN);
		a->rec->vermagic_in_module = true;
		mv_attempt_add_stage(a, MV_STAGE_DO_INIT_MODULE);
		a->rec->init_seen = true;
		mv_attempt_publish_running(a);
	}
	kh_set_current(NULL);
	return a;
}

/* The hung init is listed as running; its return replaces that record. */
static void running_then_returned(struct mv_record *out)
{
	struct task_struct t = { .pid = 10 };
	struct mv_stats before, after;
	struct mv_attempt *a;
	u64 running, final;
	bool shown, ok;
	unsigned int n;

	mv_history_stats(&before);
	a = load_to_init(&t, "hangs");
	if (!a) {
		kh_check("defect3-running-published", false, "no slot");
		return;
	}
	running = newest(out);
	shown = !strcmp(out->module, "hangs") && out->state == MV_STATE_RUNNING &&
		kt_record_has_line(out, "state: running") && kt_record_has_line(out, "result: -") &&
		kt_record_has_line(out, "seq: -") && kt_record_has_line(out, "end: -") &&
		kt_record_has_line(out, "init_result: running") && kt_record_has_line(out, "decided_by: pending");
	kh_check("defect3-running-published", shown,
		 "while the init runs the newest record is '%s' state %u", out->module, out->state);
	kh_check("defect3-task-reference", t.usage == 1,
		 "the owner of a slot has %d references from modverify, want 1", t.usage);

	/* do_init_module() and load_module() return. */
	kh_set_current(&t);
	a->rec->init_returned = true;
	a->rec->state = MV_STATE_RETURNED;
	mv_decide(a->rec);
	mv_attempt_end(a);
	kh_set_current(NULL);
	mv_history_stats(&after);
	final = newest(out);
	ok = final > running && out->seq == before.records + 1 &&
	     out->state == MV_STATE_RETURNED && out->decided_by == MV_DECIDED_LOADED;
	n = listed("hangs", out);
	kh_check("defect3-running-replaced",
		 ok && n == 1 && after.records == before.records + 1 && t.usage == 0,
		 "after the return: seq %llu (want %llu), %u records listed for it, "
		 "%llu attempts counted, %d references left", (unsigned long long)out->seq,
		 (unsigned long long)before.records + 1, n,
		 (unsigned long long)(after.records - before.records), t.usage);
}

/* Records published while the init ran: the running one is no longer listed. */
static void superseded_after_others(struct mv_record *out)
{
	struct task_struct slow = { .pid = 13 }, fast = { .pid = 14 };
	struct mv_attempt *a, *b;
	unsigned int n;
	u64 final;

	a = load_to_init(&slow, "slowinit");
	kh_set_current(&fast);
	b = mv_attempt_begin();
	if (b) {
		strscpy(b->rec->module, "fast", MODULE_NAME_LEN);
		mv_attempt_end(b);
	}
	kh_set_current(&slow);
	if (a) {
		a->rec->state = MV_STATE_RETURNED;
		mv_attempt_end(a);
	}
	kh_set_current(NULL);
	final = newest(out);
	n = listed("slowinit", out);
	kh_check("defect3-running-superseded", a && b && n == 1 && final,
		 "the attempt that published a running record, then another attempt's, is "
		 "listed %u times", n);
}

/* An init that oopses: the task exits inside load_module(). */
static void died_in_init(struct mv_record *out)
{
	struct task_struct dead = { .pid = 11 }, next = { .pid = 12 };
	struct mv_attempt *a, *b;
	struct mv_stats st;
	u64 running;
	bool ok;

	a = load_to_init(&dead, "oopses");
	running = newest(out);
	dead.flags |= PF_EXITING;
	/* The next load notices the dead owner; the reaper runs later. */
	kh_set_current(&next);
	b = mv_attempt_begin();
	kh_set_current(NULL);
	kh_check("defect3-reap-scheduled", a && b && kh_run_work() == 1,
		 "a load after the task died did not schedule the reaper");
	newest(out);
	mv_history_stats(&st);
	ok = !strcmp(out->module, "oopses") && out->state == MV_STATE_TASK_EXITED &&
	     out->decided_by == MV_DECIDED_INIT && running && out->seq == st.records &&
	     kt_record_has_line(out, "state: task_exited") && kt_record_has_line(out, "result: -") &&
	     kt_record_has_line(out, "init_result: -");
	kh_check("defect3-task-exit-published", ok && listed("oopses", out) == 1,
		 "the newest record is not the dead task's, task_exited, decided by init, "
		 "numbered as the latest attempt, listed once");
	kh_check("defect3-dead-reference-dropped", dead.usage == 0,
		 "the dead task still has %d references from modverify", dead.usage);
	if (b) {
		kh_set_current(&next);
		mv_attempt_abandon(b);
		kh_set_current(NULL);
	}
}

/*
 * More deaths than slots: with the slots kept by dead tasks every later
 * attempt was dropped.  Now the load that finds them all dead is dropped
 * (there was no room) and every one after the reaper ran is recorded.
 */
static void more_deaths_than_slots(struct mv_record *out)
{
	struct task_struct dead[SLOTS + 2], next = { .pid = 99 };
	struct mv_stats before, after;
	struct mv_attempt *a;
	unsigned int i, exited = 0;
	u64 seq, from;
	bool recorded;

	mv_history_stats(&before);
	from = mv_history_published() + 1;
	memset(dead, 0, sizeof(dead));
	for (i = 0; i < SLOTS + 2; i++) {
		dead[i].pid = 20 + i;
		kh_set_current(&dead[i]);
		a = mv_attempt_begin();	/* dies before its init */
		if (a)
			snprintf(a->rec->module, MODULE_NAME_LEN, "dies%u", i);
		dead[i].flags |= PF_EXITING;
		kh_set_current(NULL);
		kh_run_work();
	}
	kh_set_current(&next);
	a = mv_attempt_begin();
	recorded = a;
	if (a)
		mv_attempt_end(a);
	kh_set_current(NULL);
	mv_history_stats(&after);
	while ((seq = mv_history_copy_next(from, ~0ULL, out))) {
		exited += out->state == MV_STATE_TASK_EXITED && out->decided_by == MV_DECIDED_UNKNOWN;
		from = seq + 1;
	}
	kh_check("defect3-slots-reclaimed",
		 recorded && after.dropped - before.dropped <= 1 && exited >= SLOTS,
		 "after %u tasks died in load_module(): next attempt %s, %llu dropped, "
		 "%u published as task_exited", SLOTS + 2, recorded ? "recorded" : "dropped",
		 (unsigned long long)(after.dropped - before.dropped), exited);
	for (i = 0; i < SLOTS + 2; i++)
		if (dead[i].usage)
			break;
	kh_check("defect3-dead-references-dropped", i == SLOTS + 2,
		 "dead task %u still has %d references", i, i < SLOTS + 2 ? dead[i].usage : 0);
}

/* A finit_module() note left by a task that died before load_module(). */
static void dead_file_note(void)
{
	struct task_struct dead = { .pid = 30 };

	kh_set_current(&dead);
	mv_file_note(1234);
	kh_set_current(NULL);
	dead.flags |= PF_EXITING;
	mv_attempts_reap();
	kh_check("defect3-dead-note-dropped", dead.usage == 0 && !mv_file_take(),
		 "a dead task's file note keeps %d references", dead.usage);
}

void test_task_exit(void)
{
	struct mv_record *out = malloc(sizeof(*out));

	if (!out)
		abort();
	if (mv_history_init(8)) {
		kh_check("history-init", false, "mv_history_init failed");
		free(out);
		return;
	}
	running_then_returned(out);
	superseded_after_others(out);
	died_in_init(out);
	more_deaths_than_slots(out);
	dead_file_note();
	mv_history_exit();
	free(out);
}
