// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/modverify/stream: every final record, in seq order, as
 * it is published, like trace_pipe but per reader and non-destructive.
 *
 * Each open keeps its own position: the first read returns the newest
 * record (or blocks until there is one), later reads block until a newer
 * one is published; poll() says when one is.  lseek(fd, N, SEEK_SET)
 * before reading starts at seq N instead (1: the oldest still kept).  A
 * reader that fell behind the history gets "lost: N" on a line of its own
 * before the next record: N records left the ring unread.  Running records
 * are not streamed: their attempt's final record is.
 *
 * Records are published from probe handlers, where a wait queue (a
 * sleeping lock on PREEMPT_RT) cannot be woken: an irq_work wakes the
 * readers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "modverify.h"

#define MV_LOST_TEXT	32	/* "lost: N\n" */

/**
 * struct mv_stream - an open stream file
 * @next: the seq of the next record to deliver
 * @rec: one record, copied out of the ring
 * @len: bytes of text in @text
 * @pos: bytes of @text already read
 * @text: a "lost:" line and a formatted record
 */
struct mv_stream {
	u64 next;
	struct mv_record *rec;
	size_t len, pos;
	char text[];
};

static DECLARE_WAIT_QUEUE_HEAD(readers);

static void wake_readers(struct irq_work *work)
{
	wake_up_interruptible_all(&readers);
}
static DEFINE_IRQ_WORK(wake_work, wake_readers);

/* A final record was published (any context). */
void mv_stream_wake(void)
{
	irq_work_queue(&wake_work);
}

/*
 * At unload, once no probe can publish: no wake-up may still be queued.
 * No reader can be waiting: an open stream holds the module (fops.owner).
 */
void mv_stream_close(void)
{
	irq_work_sync(&wake_work);
}

static bool has_next(const struct mv_stream *s)
{
	return mv_history_last_seq() >= s->next;
}

/* Format the next record into @s->text. Return: false if there is none. */
static bool fill(struct mv_stream *s)
{
	size_t room = mv_record_text_max() + MV_LOST_TEXT;
	u64 seq = mv_history_copy_seq(s->next, s->rec);

	if (!seq)
		return false;
	s->len = 0;
	if (seq > s->next)
		s->len = scnprintf(s->text, room, "%s: %llu\n", MV_KEY_LOST, seq - s->next);
	s->len += mv_record_format(s->rec, s->text + s->len, room - s->len);
	s->pos = 0;
	s->next = seq + 1;
	return true;
}

static ssize_t records_stream_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct mv_stream *s = file->private_data;
	size_t n;

	while (s->pos == s->len) {
		if (fill(s))
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(readers, has_next(s)))
			return -ERESTARTSYS;
	}
	n = min(count, s->len - s->pos);
	if (copy_to_user(ubuf, s->text + s->pos, n))
		return -EFAULT;
	s->pos += n;
	return n;
}

static __poll_t records_stream_poll(struct file *file, poll_table *wait)
{
	struct mv_stream *s = file->private_data;

	poll_wait(file, &readers, wait);
	return s->pos < s->len || has_next(s) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* SEEK_SET N: deliver from seq N on (0 and 1: the oldest kept). */
static loff_t records_stream_llseek(struct file *file, loff_t offset, int whence)
{
	struct mv_stream *s = file->private_data;

	if (whence != SEEK_SET || offset < 0)
		return -EINVAL;
	s->next = max_t(u64, offset, 1);
	s->len = 0;
	s->pos = 0;
	return offset;
}

static int records_stream_open(struct inode *inode, struct file *file)
{
	struct mv_stream *s = kvzalloc(sizeof(*s) + mv_record_text_max() + MV_LOST_TEXT,
				       GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->rec = vmalloc(sizeof(*s->rec));
	if (!s->rec) {
		kvfree(s);
		return -ENOMEM;
	}
	mv_attempts_reap();
	s->next = max_t(u64, mv_history_last_seq(), 1);
	file->private_data = s;
	return 0;
}

static int records_stream_release(struct inode *inode, struct file *file)
{
	struct mv_stream *s = file->private_data;

	vfree(s->rec);
	kvfree(s);
	return 0;
}

const struct file_operations mv_stream_fops = {
	.owner		= THIS_MODULE,
	.open		= records_stream_open,
	.read		= records_stream_read,
	.poll		= records_stream_poll,
	.llseek		= records_stream_llseek,
	.release	= records_stream_release,
};
