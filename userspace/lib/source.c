// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a record source (source.h), and telling why the debugfs file
 * cannot be read: not mounted, not root, lockdown, module not loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "source.h"

#define DEBUGFS_MAGIC	0x64626720	/* include/uapi/linux/magic.h */

void mv_source_init(struct mv_source *src, const char *file,
		    const char *debugfs_file)
{
	const char *root = getenv(MV_DEBUGFS_ENV);

	memset(src, 0, sizeof(*src));
	src->debugfs_root = root && *root ? root : MV_DEBUGFS_ROOT;
	src->debugfs_file = debugfs_file;
	if (file) {
		src->path = file;
		src->name = strcmp(file, "-") == 0 ? "<stdin>" : file;
		return;
	}
	snprintf(src->path_buf, sizeof(src->path_buf), "%s/%s/%s",
		 src->debugfs_root, MV_DEBUGFS_DIR, debugfs_file);
	src->path = src->path_buf;
	src->name = src->path_buf;
	src->debugfs = true;
}

void mv_explain_debugfs(const char *root, const char *file,
			const struct mv_debugfs_state *state,
			struct mv_error *err)
{
	int e = state->open_errno;

	if ((e == EACCES || e == EPERM) && !state->is_root) {
		mv_error_set(err, "sudo modverify",
			     "cannot read %s/%s/%s: %s (debugfs is readable by root only); run it as root: sudo modverify",
			     root, MV_DEBUGFS_DIR, file, strerror(e));
	} else if (e == EPERM || e == EACCES) {
		mv_error_set(err, NULL,
			     "cannot read %s/%s/%s: %s, although running as root: kernel lockdown in confidentiality mode closes debugfs (see kernel_lockdown(7)), or a security module denies it",
			     root, MV_DEBUGFS_DIR, file, strerror(e));
	} else if (e == ENOENT && !state->mounted) {
		char fix[sizeof(err->fix)];

		snprintf(fix, sizeof(fix), "mount -t debugfs none %s", root);
		mv_error_set(err, fix, "debugfs is not mounted on %s; mount it: %s",
			     root, fix);
	} else if (e == ENOENT && !state->dir_exists) {
		mv_error_set(err, "insmod modverify.ko",
			     "the modverify kernel module is not loaded (no %s/%s); load it: insmod modverify.ko (modprobe modverify where it is installed), or record the next loads without it: modverify watch",
			     root, MV_DEBUGFS_DIR);
	} else if (e == ENOENT && strcmp(file, MV_FILE_STREAM) == 0) {
		mv_error_set(err, NULL,
			     "%s/%s has no '%s' file: the loaded modverify.ko is older than this reader and cannot be followed; load this version's modverify.ko (modverify and modverify --history still read the one loaded)",
			     root, MV_DEBUGFS_DIR, file);
	} else if (e == ENOENT) {
		mv_error_set(err, NULL,
			     "%s/%s has no '%s' file: the loaded modverify.ko is of another version than this reader",
			     root, MV_DEBUGFS_DIR, file);
	} else {
		mv_error_set(err, NULL, "cannot read %s/%s/%s: %s", root,
			     MV_DEBUGFS_DIR, file, strerror(e));
	}
}

void mv_source_explain_open(const struct mv_source *src, int open_errno,
			    struct mv_error *err)
{
	struct mv_debugfs_state state = {
		.open_errno = open_errno,
		.is_root = geteuid() == 0,
	};
	char dir[4200];
	struct statfs fs;
	struct stat st;

	if (!src->debugfs) {
		mv_error_set(err, NULL, "cannot open %s: %s", src->name,
			     strerror(open_errno));
		return;
	}
	state.mounted = statfs(src->debugfs_root, &fs) == 0 &&
			fs.f_type == DEBUGFS_MAGIC;
	snprintf(dir, sizeof(dir), "%s/%s", src->debugfs_root, MV_DEBUGFS_DIR);
	state.dir_exists = stat(dir, &st) == 0;
	mv_explain_debugfs(src->debugfs_root, src->debugfs_file, &state, err);
}

int mv_source_read(const struct mv_source *src, char **text, size_t *len,
		   struct mv_error *err)
{
	size_t size = 0, capacity = 0;
	char *buf = NULL;
	int fd;

	*text = NULL;
	*len = 0;
	if (strcmp(src->path, "-") == 0 && !src->debugfs) {
		fd = STDIN_FILENO;
	} else {
		fd = open(src->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			mv_source_explain_open(src, errno, err);
			return -1;
		}
	}

	for (;;) {
		ssize_t n;

		if (size == capacity) {
			char *grown;

			/* one byte beyond the limit tells "too big" from "full" */
			capacity = capacity ? capacity * 2 : 16384;
			if (capacity > MV_INPUT_MAX_BYTES + 1)
				capacity = MV_INPUT_MAX_BYTES + 1;
			grown = realloc(buf, capacity + 1);
			if (!grown) {
				mv_error_set(err, NULL, "out of memory");
				goto fail;
			}
			buf = grown;
		}
		n = read(fd, buf + size, capacity - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			mv_error_set(err, NULL, "cannot read %s: %s", src->name,
				     strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		size += (size_t)n;
		if (size > MV_INPUT_MAX_BYTES) {
			mv_error_set(err, NULL,
				     "%s is larger than %d bytes (16 MiB): too big for modverify records, is it the right file?",
				     src->name, MV_INPUT_MAX_BYTES);
			goto fail;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (!buf)
		buf = malloc(1);
	if (!buf) {
		mv_error_set(err, NULL, "out of memory");
		return -1;
	}
	buf[size] = '\0';
	*text = buf;
	*len = size;
	return 0;

fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return -1;
}
