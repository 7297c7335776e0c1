// SPDX-License-Identifier: GPL-2.0
/* The history ring (history.c) and the slots' locks (attempt.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

#define POISON 0xa5

struct seen {
	u64 seq[64];
	char module[64][MODULE_NAME_LEN];
	unsigned int n;
	bool bad_copy;
};

/*
 * Whether @out holds a whole record and nothing past it: the records here
 * have zeroed CRC pairs, and @out was poisoned before the copy.
 */
static bool copied_exactly(const struct mv_record *out)
{
	const u8 *p = (const u8 *)out;
	size_t i, size = mv_record_bytes(out);

	if (size > sizeof(*out))
		return false;
	for (i = offsetof(struct mv_record, crcs); i < size; i++)
		if (p[i])
			return false;
	return size == sizeof(*out) || p[size] == POISON;
}

/*
 * Every record in the history, oldest first, one mv_history_copy_next()
 * call each, as a reader of the history file takes them.  history.c reads
 * each record's seq in place in the ring: one that is not 8-byte aligned is
 * a UBSan alignment error, which the unit builds do not recover from.
 */
static void collect(struct seen *s)
{
	struct mv_record *out = malloc(sizeof(*out));
	u64 seq, from = 1;

	if (!out)
		abort();
	s->n = 0;
	s->bad_copy = false;
	for (;;) {
		memset(out, POISON, sizeof(*out));
		seq = mv_history_copy_next(from, ~0ULL, out);
		if (!seq)
			break;
		if (out->seq != seq || !copied_exactly(out))
			s->bad_copy = true;
		if (s->n < 64) {
			s->seq[s->n] = seq;
			strscpy(s->module[s->n++], out->module, MODULE_NAME_LEN);
		}
		from = seq + 1;
	}
	free(out);
}

static struct mv_record *record(unsigned int n_crcs)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));

	if (!rec)
		abort();
	rec->n_crcs = n_crcs;
	rec->result = -ENOEXEC;
	rec->decided_by = MV_DECIDED_VERMAGIC;
	return rec;
}

static void ring(void)
{
	struct mv_record *out = calloc(1, sizeof(*out));
	u64 base = mv_history_published(), before, leader = 0, newest;
	struct seen s;
	bool numbered = true, ok = true, found, later;
	unsigned int i;

	for (i = 1; i <= 40; i++) {
		struct mv_record *rec = record((i * 7) % 13);

		/* 38 and 39 lead a finit_module() of file 77, 40 follows 39 */
		if (i >= 38)
			rec->file_key = 77;
		if (i == 40)
			rec->shared_with = base + 39;
		mv_history_add(rec, 0);
		if (rec->seq != base + i)
			numbered = false;
		free(rec);
	}
	kh_check("history-seq-at-publication", numbered && mv_history_published() == base + 40,
		 "40 records added after seq %llu: published %llu",
		 (unsigned long long)base, (unsigned long long)mv_history_published());
	collect(&s);
	/* Defect 10: records 8-byte aligned (fixed in a563ab2: must pass). */
	kh_check("defect10-history-aligned", !s.bad_copy,
		 "a record copied out with another seq, or not as its fixed part and its CRCs");
	for (i = 0; i < s.n; i++)
		if (s.seq[i] != base + 40 - s.n + 1 + i)
			ok = false;
	kh_check("history-keeps-newest-in-order",
		 ok && s.n >= 1 && s.n <= 4 && s.seq[s.n - 1] == base + 40,
		 "%u records, last seq %llu", s.n, s.n ? (unsigned long long)s.seq[s.n - 1] : 0ULL);
	newest = mv_history_published();
	kh_check("history-newest-only",
		 mv_history_copy_next(newest, newest, out) == base + 40 && out->seq == base + 40,
		 "seq %llu copied for the newest, %llu", (unsigned long long)out->seq,
		 (unsigned long long)newest);

	/* finit_module() followers: the newest leader's record after @after. */
	before = mv_history_published();
	found = mv_history_find_file(77, base, out);
	if (found)
		leader = out->seq;
	later = mv_history_find_file(77, base + 39, out) || mv_history_find_file(77, before, out) ||
		mv_history_find_file(78, base, out);
	kh_check("history-find-file", found && leader == base + 39 && !later,
		 "found %d seq %llu (want %llu: 40 is a follower), one past it or another file %d",
		 found, (unsigned long long)leader, (unsigned long long)base + 39, later);
	free(out);
}

/*
 * Defect 10: seq was taken at load_module() entry, the history is in
 * completion order; a reader that follows seq (the journal export) skips
 * an attempt that began first and finished last.  Two attempts, the first
 * finishing after the second: the history must list them in publication
 * order, with increasing seq.
 */
static void seq_order(void)
{
	struct mv_attempt *first, *second;
	struct task_struct t1 = { .pid = 1 }, t2 = { .pid = 2 };
	struct seen s;

	kh_set_current(&t1);
	first = mv_attempt_begin();
	kh_set_current(&t2);
	second = mv_attempt_begin();
	if (!first || !second) {
		kh_check("defect10-seq-publication-order", false, "no attempt slots");
		if (second)
			mv_attempt_abandon(second);
		kh_set_current(&t1);
		if (first)
			mv_attempt_abandon(first);
		kh_set_current(NULL);
		return;
	}
	strscpy(first->rec->module, "first", MODULE_NAME_LEN);
	strscpy(second->rec->module, "second", MODULE_NAME_LEN);
	mv_attempt_end(second);
	kh_set_current(&t1);
	mv_attempt_end(first);
	kh_set_current(NULL);
	collect(&s);
	kh_check("defect10-seq-publication-order",
		 s.n >= 2 && !strcmp(s.module[s.n - 2], "second") &&
		 !strcmp(s.module[s.n - 1], "first") && s.seq[s.n - 1] > s.seq[s.n - 2],
		 "begun first then second, ended second then first: history lists '%s' seq %llu "
		 "then '%s' seq %llu", s.n >= 2 ? s.module[s.n - 2] : "",
		 s.n >= 2 ? (unsigned long long)s.seq[s.n - 2] : 0ULL,
		 s.n >= 1 ? s.module[s.n - 1] : "", s.n >= 1 ? (unsigned long long)s.seq[s.n - 1] : 0ULL);
}

/*
 * An idempotent finit_module() follower that enters after its leader
 * published the record, before the leader woke it (CI, 7.2, two CPUs: one
 * attempt of 400 had no record): it must still find the leader's record.
 */
static void follower_window(void)
{
	struct task_struct t1 = { .pid = 11 }, t2 = { .pid = 12 };
	struct mv_record *out = calloc(1, sizeof(*out));
	const unsigned long key = 4242;
	struct mv_attempt *a;
	bool lcounted, fcounted, ncounted, found = false;
	u64 fsince, nsince, published;
	unsigned long fkey = 0;

	kh_set_current(&t1);		/* the leader enters, and loads */
	mv_file_note(key);
	mv_file_enter(key, mv_history_published(), &lcounted);
	a = mv_attempt_begin();
	if (a) {
		a->rec->file_key = mv_file_take();
		strscpy(a->rec->module, "leader", MODULE_NAME_LEN);
		mv_attempt_end(a);
	}
	kh_set_current(&t2);		/* the follower enters: published already */
	mv_file_note(key);
	fsince = mv_file_enter(key, mv_history_published(), &fcounted);
	kh_set_current(&t1);		/* the leader returns */
	if (lcounted)
		mv_file_leave(key);
	kh_set_current(&t2);		/* the follower returns */
	fkey = mv_file_take();
	if (fkey == key)
		found = mv_history_find_file(key, fsince, out) && !strcmp(out->module, "leader");
	if (fcounted)
		mv_file_leave(key);
	kh_set_current(NULL);
	kh_check("follower-after-leader-published", a && lcounted && fcounted && found,
		 "attempt %d, counted %d %d, follower's note %lu, leader's record found %d",
		 a != NULL, lcounted, fcounted, fkey, found);

	/* All returned: the next caller is counted from its own entry. */
	published = mv_history_published();
	nsince = mv_file_enter(key, published, &ncounted);
	if (ncounted)
		mv_file_leave(key);
	kh_check("file-load-ends-with-its-callers", ncounted && nsince == published,
		 "since %llu, published %llu", (unsigned long long)nsince,
		 (unsigned long long)published);
	free(out);
}

/* Each task finds its own slot, and only it. */
static void slots(void)
{
	struct task_struct t = { .pid = 3 };
	struct mv_attempt *a, *b, *c;

	kh_set_current(&t);
	a = mv_attempt_begin();
	b = mv_attempt_current();
	kh_set_current(NULL);
	c = mv_attempt_begin();
	kh_check("attempt-slot-per-task", a && a == b && c && c != a &&
		 mv_attempt_current() == c, "a %p b %p c %p", (void *)a, (void *)b, (void *)c);
	if (c)
		mv_attempt_abandon(c);
	kh_set_current(&t);
	if (a)
		mv_attempt_abandon(a);
	kh_set_current(NULL);
}

void test_history(void)
{
	unsigned long before = kh_sleeping_locks;

	if (mv_history_init(4)) {
		kh_check("history-init", false, "mv_history_init failed");
		return;
	}
	ring();
	seq_order();
	follower_window();
	slots();
	/* Defect 1: probe handlers take no sleeping lock (fixed in 4b852ae). */
	kh_check("defect1-raw-spinlocks", kh_sleeping_locks == before,
		 "%lu spinlock_t acquisitions (an rt_mutex on PREEMPT_RT)",
		 kh_sleeping_locks - before);
	mv_history_exit();
}
