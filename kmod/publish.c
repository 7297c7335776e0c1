// SPDX-License-Identifier: GPL-2.0
/*
 * Publishing finished records.  The record of the latest attempt is swapped
 * in by pointer, so a probe handler never copies a whole record; readers
 * copy it out under the lock, in process context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/vmalloc.h>

#include "modverify.h"

static DEFINE_SPINLOCK(publish_lock);
static struct mv_record *last;		/* NULL until the first attempt ends */
static struct mv_record *spare;		/* handed to the slot that publishes */
static atomic64_t seq = ATOMIC64_INIT(0);
static atomic64_t published = ATOMIC64_INIT(0);
static atomic64_t dropped = ATOMIC64_INIT(0);

int mv_publish_init(void)
{
	spare = vmalloc(sizeof(*spare));
	return spare ? 0 : -ENOMEM;
}

void mv_publish_exit(void)
{
	vfree(last);
	vfree(spare);
	last = NULL;
	spare = NULL;
}

u64 mv_next_seq(void)
{
	return atomic64_inc_return(&seq);
}

u64 mv_records_published(void)
{
	return atomic64_read(&published);
}

u64 mv_records_dropped(void)
{
	return atomic64_read(&dropped);
}

void mv_record_dropped(void)
{
	atomic64_inc(&dropped);
}

/**
 * mv_publish() - make @rec the latest record
 * @rec: a finished record, owned by the caller
 *
 * Return: a record buffer the caller now owns in exchange.
 */
struct mv_record *mv_publish(struct mv_record *rec)
{
	struct mv_record *old;
	unsigned long irqflags;

	spin_lock_irqsave(&publish_lock, irqflags);
	old = last ? last : spare;
	if (!last)
		spare = NULL;
	last = rec;
	spin_unlock_irqrestore(&publish_lock, irqflags);
	atomic64_inc(&published);
	return old;
}

/* Copy the latest record into @dst; false if there is none yet. */
bool mv_snapshot_last(struct mv_record *dst)
{
	unsigned long irqflags;
	bool have;

	spin_lock_irqsave(&publish_lock, irqflags);
	have = last != NULL;
	if (have)
		memcpy(dst, last, offsetof(struct mv_record, crcs) +
		       last->n_crcs * sizeof(last->crcs[0]));
	spin_unlock_irqrestore(&publish_lock, irqflags);
	return have;
}
