// SPDX-License-Identifier: GPL-2.0
/*
 * The history of published records: a byte ring holding the most recent
 * records back to back, newest last ("last" is the newest one).  A record
 * is stored as its fixed part plus only the CRC pairs it has, so a small
 * module's record costs a few KiB and the biggest fits as well.  Appending
 * is a memcpy under a spinlock, cheap enough for the loader's return probe;
 * formatting as text happens when a reader opens the file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/vmalloc.h>

#include "modverify.h"

/**
 * struct mv_entry - header of one record in the ring
 * @size: bytes of the record that follow (a prefix of struct mv_record)
 * @superseded: the attempt's final record replaced this "running" one (see
 *	MV_STATES): it is skipped, and dropped in turn
 * @id: the entry's number, from 1 in the order of publication; the ring
 *	is in @id order.  Internal: records show their seq, which only final
 *	records have, so that seq counts attempts without gaps.
 *
 * 16 bytes, so that the record that follows is 8-byte aligned.
 */
struct mv_entry {
	u32 size;
	u32 superseded;
	u64 id;
};

/* Raw: taken in probe handlers, which must not sleep even on PREEMPT_RT. */
static DEFINE_RAW_SPINLOCK(ring_lock);
static u8 *ring;
static size_t ring_size;
static size_t head, tail;	/* next write, oldest entry */
static size_t wrap_at;		/* where the newest lap ends, when wrapped */
static unsigned int count, max_count;	/* entries; records kept */
static unsigned int live;		/* entries not superseded */
static size_t newest;		/* offset of the newest entry, if count */
static u64 last_id;		/* the newest entry's id */

static atomic64_t seq = ATOMIC64_INIT(0);	/* final records published */
static atomic64_t dropped = ATOMIC64_INIT(0);
static atomic64_t by_decider[MV_DECIDED_COUNT];
static atomic64_t by_errno[MV_MAX_ERRNO + 1];

static size_t entry_bytes(size_t size)
{
	return ALIGN(sizeof(struct mv_entry) + size, 8);
}

/* The entry after the one at @off, in ring order.  Lock held. */
static size_t next_entry(size_t off)
{
	off += entry_bytes(((const struct mv_entry *)(ring + off))->size);
	return off == wrap_at ? 0 : off;
}

/* Every entry, oldest first; @off and @n are the cursor.  Lock held. */
#define for_each_entry(e, off, n)					\
	for ((off) = tail, (n) = 0;					\
	     (n) < count && ((e) = (void *)(ring + (off)), true);	\
	     (off) = next_entry(off), (n)++)

/**
 * mv_history_init() - allocate the ring
 * @records: most records kept
 *
 * The ring is sized for @records records of a typical size, and never less
 * than one record of the largest size.
 */
int mv_history_init(unsigned int records)
{
	size_t typical = offsetof(struct mv_record, crcs) + 64 * sizeof(struct mv_crc);

	max_count = records;
	head = tail = wrap_at = 0;	/* empty, also when initialised again */
	count = live = 0;
	ring_size = max(records * entry_bytes(typical),
			entry_bytes(sizeof(struct mv_record)));
	ring = vmalloc(ring_size);
	return ring ? 0 : -ENOMEM;
}

void mv_history_exit(void)
{
	vfree(ring);
	ring = NULL;
}

size_t mv_history_bytes(void)
{
	return ring_size;
}

void mv_record_dropped(void)
{
	atomic64_inc(&dropped);
}

static void drop_oldest(void)
{
	const struct mv_entry *e = (const struct mv_entry *)(ring + tail);

	if (!e->superseded)
		live--;
	tail += entry_bytes(e->size);
	if (tail == wrap_at) {
		tail = 0;
		wrap_at = 0;
	}
	count--;
	if (!count) {
		head = 0;
		tail = 0;
		wrap_at = 0;
	}
}

/* Make room for @need contiguous bytes at head, dropping the oldest. */
static void make_room(size_t need)
{
	for (;;) {
		if (!count)
			return;		/* the ring is empty: head == 0 */
		if (head > tail || (head == tail && !wrap_at)) {
			/* [tail, head) used: room after head, or wrap to 0. */
			if (ring_size - head >= need)
				return;
			if (tail >= need) {
				wrap_at = head;
				head = 0;
				return;
			}
		} else if (tail - head >= need) {
			return;		/* wrapped: room between head and tail */
		}
		drop_oldest();
	}
}

/* The entry numbered @id, or NULL if it left the ring.  Lock held. */
static struct mv_entry *find_entry(u64 id)
{
	struct mv_entry *e;
	unsigned int n;
	size_t off;

	for_each_entry(e, off, n)
		if (e->id == id)
			return e;
	return NULL;
}

/* Number a final record (seq) and count it.  Lock held. */
static void number(struct mv_record *rec)
{
	if (rec->state == MV_STATE_RUNNING) {
		rec->seq = 0;
		return;
	}
	rec->seq = atomic64_inc_return(&seq);
	atomic64_inc(&by_decider[rec->decided_by]);
	if (rec->state == MV_STATE_RETURNED)
		atomic64_inc(&by_errno[min_t(unsigned int, -rec->result, MV_MAX_ERRNO)]);
}

/**
 * mv_history_add() - store a record
 * @rec: the record; its seq is set if it is final, then it is copied (the
 *	caller keeps it)
 * @supersedes: the id of this attempt's "running" record, or 0
 *
 * Final records are numbered (seq) as they are published, under the ring's
 * lock, so the history's order is the order of seq: a reader that has seen
 * seq N has seen every final record before it.  A running record has no
 * seq; the final one takes its place in the history, as the newest entry.
 *
 * Return: the entry's id, for @supersedes.
 */
u64 mv_history_add(struct mv_record *rec, u64 supersedes)
{
	size_t size = mv_record_bytes(rec);
	unsigned long irqflags;
	struct mv_entry *e;
	u64 id;

	raw_spin_lock_irqsave(&ring_lock, irqflags);
	id = ++last_id;
	e = supersedes && count ? (struct mv_entry *)(ring + newest) : NULL;
	if (e && e->id == supersedes && e->size == size) {
		/* Nothing was published since: replace it where it is. */
		number(rec);
		e->id = id;
		memcpy(e + 1, rec, size);
		goto out;
	}
	e = supersedes ? find_entry(supersedes) : NULL;
	if (e && !e->superseded) {
		e->superseded = 1;
		live--;
	}
	while (live >= max_count)
		drop_oldest();
	make_room(entry_bytes(size));
	number(rec);
	e = (struct mv_entry *)(ring + head);
	e->size = size;
	e->superseded = 0;
	e->id = id;
	memcpy(e + 1, rec, size);
	newest = head;
	head += entry_bytes(size);
	count++;
	live++;
out:
	raw_spin_unlock_irqrestore(&ring_lock, irqflags);
	if (rec->seq) {
		mv_stream_wake();
		mv_klog(rec);
	}
	return id;
}

/**
 * mv_history_copy_next() - copy out the oldest listed record from entry @from on
 * @from: lowest entry id wanted
 * @to: highest entry id wanted
 * @out: where the record is copied (room for a whole struct mv_record)
 *
 * One record per call, so the lock (which the loader's return probe takes
 * too) is held for one record's copy, never for the whole history.
 *
 * Return: the id of the entry copied, or 0 if none is left in range.
 */
u64 mv_history_copy_next(u64 from, u64 to, struct mv_record *out)
{
	const struct mv_entry *e;
	unsigned long irqflags;
	unsigned int n;
	u64 found = 0;
	size_t off;

	raw_spin_lock_irqsave(&ring_lock, irqflags);
	for_each_entry(e, off, n) {
		if (e->id > to)
			break;
		if (e->id >= from && !e->superseded) {
			memcpy(out, e + 1, e->size);
			found = e->id;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&ring_lock, irqflags);
	return found;
}

/**
 * mv_history_copy_seq() - copy out the oldest final record numbered @from or later
 * @from: lowest seq wanted
 * @out: where the record is copied
 *
 * Return: its seq, or 0 if there is none (yet).
 */
u64 mv_history_copy_seq(u64 from, struct mv_record *out)
{
	const struct mv_entry *e;
	unsigned long irqflags;
	unsigned int n;
	u64 found = 0;
	size_t off;

	raw_spin_lock_irqsave(&ring_lock, irqflags);
	for_each_entry(e, off, n) {
		const struct mv_record *rec = (const struct mv_record *)(e + 1);

		if (!e->superseded && rec->seq >= from) {
			memcpy(out, rec, e->size);
			found = rec->seq;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&ring_lock, irqflags);
	return found;
}

/* The seq of the newest final record, 0 before the first. */
u64 mv_history_last_seq(void)
{
	return atomic64_read(&seq);
}

/* The newest entry's id: compare with mv_history_find_file()'s @after. */
u64 mv_history_published(void)
{
	unsigned long irqflags;
	u64 id;

	raw_spin_lock_irqsave(&ring_lock, irqflags);
	id = last_id;
	raw_spin_unlock_irqrestore(&ring_lock, irqflags);
	return id;
}

/**
 * mv_history_find_file() - the newest leader's record for file @key
 * @key: the file's inode, as noted at finit_module() entry
 * @after: only entries newer than this mv_history_published() value
 * @out: where the record is copied
 *
 * Return: true if one was found and copied.
 */
bool mv_history_find_file(unsigned long key, u64 after, struct mv_record *out)
{
	const struct mv_entry *e, *found = NULL;
	unsigned long irqflags;
	unsigned int n;
	size_t off;

	raw_spin_lock_irqsave(&ring_lock, irqflags);
	for_each_entry(e, off, n) {
		const struct mv_record *rec = (const struct mv_record *)(e + 1);

		if (e->id > after && rec->file_key == key && !rec->shared_with &&
		    !e->superseded && rec->state != MV_STATE_RUNNING)
			found = e;
	}
	if (found)
		memcpy(out, found + 1, found->size);
	raw_spin_unlock_irqrestore(&ring_lock, irqflags);
	return found;
}

/* Counters for the stats file. */
void mv_history_stats(struct mv_stats *st)
{
	unsigned int i;

	st->records = atomic64_read(&seq);
	st->dropped = atomic64_read(&dropped);
	for (i = 0; i < MV_DECIDED_COUNT; i++)
		st->by_decider[i] = atomic64_read(&by_decider[i]);
	for (i = 0; i <= MV_MAX_ERRNO; i++)
		st->by_errno[i] = atomic64_read(&by_errno[i]);
}
