// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/modverify/:
 *   last     the record of the latest load attempt (empty before the first)
 *   history  the most recent records, oldest first, in the same format
 *   stats    attempts per deciding check and per errno since modverify loaded
 *   status   what modverify attached, and how it is doing
 *   stream   every final record as it is published (stream.c)
 * All read-only (0400), so they stay readable under lockdown.  Each open
 * formats a snapshot: reads never see a half-updated record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "modverify.h"

static struct dentry *dir;

struct mv_text {
	size_t len;
	char buf[];
};

static ssize_t text_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	struct mv_text *t = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, t->buf, t->len);
}

static int text_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

/**
 * struct mv_reader - an open "last" or "history" file
 * @next: the seq of the next record to format
 * @end: the newest seq when the file was opened: the snapshot's end
 * @rec: one record, copied out of the ring
 * @len: bytes of formatted text in @text
 * @pos: bytes of @text already read
 * @text: the formatted record (mv_record_text_max() bytes)
 *
 * Records are copied and formatted one at a time as they are read, so an
 * open costs one record's memory and the ring's lock is held for one
 * record's copy at a time.  A reader sees the records that were in the
 * history when it opened the file, each whole; those dropped from the
 * ring before they were read are not shown.
 */
struct mv_reader {
	u64 next, end;
	struct mv_record *rec;
	size_t len, pos;
	char text[];
};

static ssize_t records_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct mv_reader *r = file->private_data;
	size_t done = 0;

	while (done < count) {
		size_t n;
		u64 seq;

		if (r->pos == r->len) {
			if (r->next > r->end)
				break;
			seq = mv_history_copy_next(r->next, r->end, r->rec);
			if (!seq)
				break;
			r->next = seq + 1;
			r->len = mv_record_format(r->rec, r->text, mv_record_text_max());
			r->pos = 0;
		}
		n = min(count - done, r->len - r->pos);
		if (copy_to_user(ubuf + done, r->text + r->pos, n))
			return done ? done : -EFAULT;
		r->pos += n;
		done += n;
	}
	*ppos += done;
	return done;
}

static int records_release(struct inode *inode, struct file *file)
{
	struct mv_reader *r = file->private_data;

	vfree(r->rec);
	kvfree(r);
	return 0;
}

static int records_open(struct inode *inode, struct file *file, bool newest_only)
{
	struct mv_reader *r = kvzalloc(sizeof(*r) + mv_record_text_max(), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->rec = vmalloc(sizeof(*r->rec));
	if (!r->rec) {
		kvfree(r);
		return -ENOMEM;
	}
	mv_attempts_reap();	/* a crashed attempt is shown, not left running */
	r->end = mv_history_published();
	r->next = newest_only ? r->end : 1;
	if (!r->end)
		r->next = 1;	/* nothing yet: r->next > r->end */
	file->private_data = r;
	return nonseekable_open(inode, file);
}

static int last_open(struct inode *inode, struct file *file)
{
	return records_open(inode, file, true);
}

static int history_open(struct inode *inode, struct file *file)
{
	return records_open(inode, file, false);
}

static int stats_open(struct inode *inode, struct file *file)
{
	size_t size = 8192;
	struct mv_text *t = kvmalloc(sizeof(*t) + size, GFP_KERNEL);
	struct mv_stats *st = kvmalloc(sizeof(*st), GFP_KERNEL);
	unsigned int i;

	if (!t || !st) {
		kvfree(t);
		kvfree(st);
		return -ENOMEM;
	}
	mv_attempts_reap();
	mv_history_stats(st);
	t->len = scnprintf(t->buf, size, "attempts: %llu\nrecords_dropped: %llu\n",
			   st->records, st->dropped);
	for (i = 0; i < MV_DECIDED_COUNT; i++)
		t->len += scnprintf(t->buf + t->len, size - t->len,
				    "decided_by: %s\t%llu\n",
				    mv_decider_name(i), st->by_decider[i]);
	for (i = 0; i <= MV_MAX_ERRNO; i++) {
		if (!st->by_errno[i])
			continue;
		t->len += scnprintf(t->buf + t->len, size - t->len,
				    "errno: %s%u\t%llu\n", i == MV_MAX_ERRNO ? ">=" : "",
				    i, st->by_errno[i]);
	}
	kvfree(st);
	file->private_data = t;
	return nonseekable_open(inode, file);
}

static int status_open(struct inode *inode, struct file *file)
{
	size_t size = 4096;
	struct mv_text *t = kvmalloc(sizeof(*t) + size, GFP_KERNEL);
	struct mv_stats *st = kvmalloc(sizeof(*st), GFP_KERNEL);

	if (!t || !st) {
		kvfree(t);
		kvfree(st);
		return -ENOMEM;
	}
	mv_attempts_reap();
	mv_history_stats(st);
	t->len = scnprintf(t->buf, size,
			   "modverify_status: %d\nkernel: %s\nload_info_btf: %s (%s)\n",
			   MV_RECORD_VERSION, init_utsname()->release,
			   mv_load_info_release(),
			   mv_load_info_usable() ? "in use" : "not this kernel");
	t->len += mv_probes_status(t->buf + t->len, size - t->len);
	t->len += scnprintf(t->buf + t->len, size - t->len,
			    "records: %llu\nrecords_dropped: %llu\nhistory_bytes: %zu\n",
			    st->records, st->dropped, mv_history_bytes());
	kvfree(st);
	file->private_data = t;
	return nonseekable_open(inode, file);
}

#define MV_TEXT_FOPS(name)					\
	static const struct file_operations name##_fops = {	\
		.owner		= THIS_MODULE,			\
		.open		= name##_open,			\
		.read		= text_read,			\
		.release	= text_release,			\
	}

#define MV_RECORDS_FOPS(name)					\
	static const struct file_operations name##_fops = {	\
		.owner		= THIS_MODULE,			\
		.open		= name##_open,			\
		.read		= records_read,			\
		.release	= records_release,		\
	}

MV_RECORDS_FOPS(last);
MV_RECORDS_FOPS(history);
MV_TEXT_FOPS(stats);
MV_TEXT_FOPS(status);

int mv_debugfs_init(void)
{
	dir = debugfs_create_dir(MV_DEBUGFS_DIR, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_file(MV_FILE_LAST, 0400, dir, NULL, &last_fops);
	debugfs_create_file(MV_FILE_HISTORY, 0400, dir, NULL, &history_fops);
	debugfs_create_file(MV_FILE_STATS, 0400, dir, NULL, &stats_fops);
	debugfs_create_file(MV_FILE_STATUS, 0400, dir, NULL, &status_fops);
	debugfs_create_file(MV_FILE_STREAM, 0400, dir, NULL, &mv_stream_fops);
	return 0;
}

void mv_debugfs_exit(void)
{
	mv_stream_close();
	debugfs_remove_recursive(dir);
}
