// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/modverify/:
 *   last     the record of the latest load attempt (empty before the first)
 *   history  the most recent records, oldest first, in the same format
 *   stats    attempts per deciding check and per errno since modverify loaded
 *   status   what modverify attached, and how it is doing
 * All read-only (0400), so they stay readable under lockdown.  Each open
 * formats a snapshot: reads never see a half-updated record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/utsname.h>

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

/* Records copied out of the ring, back to back, each 8-byte aligned. */
struct mv_copy {
	u8 *buf;
	size_t used;
	size_t text;		/* bound on their formatted size */
};

static void copy_record(const struct mv_record *rec, size_t size, void *arg)
{
	struct mv_copy *c = arg;

	memcpy(c->buf + c->used, rec, size);
	c->used += ALIGN(size, 8);
	c->text += mv_record_text_bound(rec);
}

static int records_open(struct file *file, bool newest_only)
{
	struct mv_copy c = { .buf = kvmalloc(mv_history_bytes(), GFP_KERNEL) };
	struct mv_text *t;
	unsigned int i, n;
	size_t off = 0;

	if (!c.buf)
		return -ENOMEM;
	n = mv_history_copy(newest_only, copy_record, &c);
	t = kvmalloc(sizeof(*t) + c.text + 1, GFP_KERNEL);
	if (!t) {
		kvfree(c.buf);
		return -ENOMEM;
	}
	t->len = 0;
	for (i = 0; i < n; i++) {
		const struct mv_record *rec = (const void *)(c.buf + off);

		t->len += mv_record_format(rec, t->buf + t->len, c.text + 1 - t->len);
		off += ALIGN(mv_record_bytes(rec), 8);
	}
	kvfree(c.buf);
	file->private_data = t;
	return 0;
}

static int last_open(struct inode *inode, struct file *file)
{
	return records_open(file, true) ?: nonseekable_open(inode, file);
}

static int history_open(struct inode *inode, struct file *file)
{
	return records_open(file, false) ?: nonseekable_open(inode, file);
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

MV_TEXT_FOPS(last);
MV_TEXT_FOPS(history);
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
	return 0;
}

void mv_debugfs_exit(void)
{
	debugfs_remove_recursive(dir);
}
