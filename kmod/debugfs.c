// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/modverify/: "last", the record of the latest load
 * attempt, and "status", what modverify could attach and how it is doing.
 * Both are read-only (0400), so they stay readable under lockdown.  Each
 * open formats a snapshot; reads then never see a half-updated record.
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

static int last_open(struct inode *inode, struct file *file)
{
	size_t size = mv_record_max_text();
	struct mv_record *rec;
	struct mv_text *t;

	rec = kvmalloc(sizeof(*rec), GFP_KERNEL);
	t = kvmalloc(sizeof(*t) + size, GFP_KERNEL);
	if (!rec || !t) {
		kvfree(rec);
		kvfree(t);
		return -ENOMEM;
	}
	/* No attempt yet: an empty file. */
	t->len = mv_snapshot_last(rec) ? mv_record_format(rec, t->buf, size) : 0;
	kvfree(rec);
	file->private_data = t;
	return nonseekable_open(inode, file);
}

static int status_open(struct inode *inode, struct file *file)
{
	size_t size = 4096;
	struct mv_text *t = kvmalloc(sizeof(*t) + size, GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->len = scnprintf(t->buf, size,
			   "modverify_status: %d\nkernel: %s\nload_info_btf: %s (%s)\n",
			   MV_RECORD_VERSION, init_utsname()->release,
			   mv_load_info_release(),
			   mv_load_info_usable() ? "in use" : "not this kernel");
	t->len += mv_probes_status(t->buf + t->len, size - t->len);
	t->len += scnprintf(t->buf + t->len, size - t->len,
			    "records: %llu\nrecords_dropped: %llu\n",
			    mv_records_published(), mv_records_dropped());
	file->private_data = t;
	return nonseekable_open(inode, file);
}

static const struct file_operations last_fops = {
	.owner		= THIS_MODULE,
	.open		= last_open,
	.read		= text_read,
	.release	= text_release,
	.llseek		= no_llseek,
};

static const struct file_operations status_fops = {
	.owner		= THIS_MODULE,
	.open		= status_open,
	.read		= text_read,
	.release	= text_release,
	.llseek		= no_llseek,
};

int mv_debugfs_init(void)
{
	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_file("last", 0400, dir, NULL, &last_fops);
	debugfs_create_file("status", 0400, dir, NULL, &status_fops);
	return 0;
}

void mv_debugfs_exit(void)
{
	debugfs_remove_recursive(dir);
}
