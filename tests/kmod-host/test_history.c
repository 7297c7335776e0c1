// SPDX-License-Identifier: GPL-2.0
/* The history ring (history.c) and the slots' locks (attempt.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

struct seen {
	u64 seq[64];
	unsigned int n;
	bool misaligned, bad_size;
};

static void collect(const struct mv_record *rec, size_t size, void *arg)
{
	struct seen *s = arg;

	if ((uintptr_t)rec % 8)
		s->misaligned = true;
	if (size != mv_record_bytes(rec))
		s->bad_size = true;
	if (s->n < 64)
		s->seq[s->n++] = rec->seq;
}

static struct mv_record *record(u64 seq, unsigned int n_crcs)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));

	if (!rec)
		abort();
	rec->seq = seq;
	rec->n_crcs = n_crcs;
	rec->result = -ENOEXEC;
	rec->decided_by = MV_DECIDED_VERMAGIC;
	return rec;
}

static void ring(void)
{
	struct seen s = { .n = 0 };
	struct mv_record *out = calloc(1, sizeof(*out));
	bool ok = true, found;
	u64 before;
	unsigned int i;

	for (i = 1; i <= 40; i++) {
		struct mv_record *rec = record(i, (i * 7) % 13);

		if (i == 39)
			rec->file_key = 77;
		mv_history_add(rec);
		free(rec);
	}
	mv_history_copy(false, collect, &s);
	/* Defect 10: records 8-byte aligned (fixed in a563ab2: must pass). */
	kh_check("defect10-history-aligned", !s.misaligned && !s.bad_size,
		 "misaligned %d, size mismatch %d", s.misaligned, s.bad_size);
	for (i = 0; i < s.n; i++)
		if (s.seq[i] != 40 - s.n + 1 + i)
			ok = false;
	kh_check("history-keeps-newest-in-order", ok && s.n >= 1 && s.n <= 4 && s.seq[s.n - 1] == 40,
		 "%u records, last seq %llu", s.n, s.n ? (unsigned long long)s.seq[s.n - 1] : 0ULL);
	s.n = 0;
	mv_history_copy(true, collect, &s);
	kh_check("history-newest-only", s.n == 1 && s.seq[0] == 40, "%u records", s.n);

	before = mv_history_published();
	found = mv_history_find_file(77, 0, out);
	kh_check("history-find-file", found && out->seq == 39 && !mv_history_find_file(77, before, out),
		 "found %d seq %llu", found, (unsigned long long)out->seq);
	free(out);
}

/*
 * Defect 10: seq is taken at load_module() entry, the history is in
 * completion order; a reader that follows seq (the journal export) skips
 * an attempt that began first and finished last.  Two attempts, the first
 * (seq 1) finishing after the second (seq 2): the history must list them
 * in seq order.
 */
static void seq_order(void)
{
	struct mv_attempt *first, *second;
	struct task_struct t1 = { .pid = 1 }, t2 = { .pid = 2 };
	struct seen s = { .n = 0 };

	kh_set_current(&t1);
	first = mv_attempt_begin();
	if (first)
		first->rec->seq = mv_next_seq();
	kh_set_current(&t2);
	second = mv_attempt_begin();
	if (second)
		second->rec->seq = mv_next_seq();
	if (!first || !second) {
		kh_check("defect10-seq-publication-order", false, "no attempt slots");
		kh_set_current(NULL);
		return;
	}
	mv_attempt_end(second);
	kh_set_current(&t1);
	mv_attempt_end(first);
	kh_set_current(NULL);
	mv_history_copy(false, collect, &s);
	kh_check("defect10-seq-publication-order",
		 s.n >= 2 && s.seq[s.n - 1] > s.seq[s.n - 2],
		 "history lists seq %llu then %llu", (unsigned long long)s.seq[s.n - 2],
		 (unsigned long long)s.seq[s.n - 1]);
}

/* A task that holds a slot gets it back, another gets another. */
static void slots(void)
{
	struct task_struct t = { .pid = 3 };
	struct mv_attempt *a, *b, *c;

	kh_set_current(&t);
	a = mv_attempt_begin();
	b = mv_attempt_begin();		/* the same task: its leftover slot */
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
	slots();
	/* Defect 1: probe handlers take no sleeping lock (fixed in 4b852ae). */
	kh_check("defect1-raw-spinlocks", kh_sleeping_locks == before,
		 "%lu spinlock_t acquisitions (an rt_mutex on PREEMPT_RT)",
		 kh_sleeping_locks - before);
	mv_history_exit();
}
