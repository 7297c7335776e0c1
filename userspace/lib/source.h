/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a record comes from: the modverify debugfs file, a saved file, or
 * standard input.  A failure comes with a sentence that says what is wrong
 * and, when there is one, the command that fixes it.
 */
#ifndef MODVERIFY_SOURCE_H
#define MODVERIFY_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include <modverify/record.h>	/* MV_DEBUGFS_DIR, MV_FILE_LAST, ... */

#include "error.h"

/* Where debugfs is mounted; the files are <root>/MV_DEBUGFS_DIR/MV_FILE_*. */
#define MV_DEBUGFS_ROOT		"/sys/kernel/debug"

/* Largest input read: a history of many records; each is at most 1 MiB. */
#define MV_INPUT_MAX_BYTES	(16 * 1024 * 1024)
/* Overrides MV_DEBUGFS_ROOT, for tests and unusual mount points. */
#define MV_DEBUGFS_ENV		"MODVERIFY_DEBUGFS"

struct mv_source {
	const char *path;	/* file to read; "-" is standard input */
	const char *name;	/* for messages: the path or "<stdin>" */
	bool debugfs;		/* path is the debugfs file: explain failures */
	const char *debugfs_root;
	const char *debugfs_file;	/* MV_FILE_LAST, _HISTORY or _STREAM */
	char path_buf[4096];
};

/*
 * Set up a source: file NULL means the debugfs file debugfs_file
 * (MV_FILE_LAST or MV_FILE_HISTORY).
 */
void mv_source_init(struct mv_source *src, const char *file,
		    const char *debugfs_file);

/*
 * Read the whole source into a malloc()ed buffer (NUL-terminated, *len
 * bytes).  Input beyond MV_INPUT_MAX_BYTES is refused, not cut.
 */
int mv_source_read(const struct mv_source *src, char **text, size_t *len,
		   struct mv_error *err);

/* Fill err with why open() of the source failed with open_errno. */
void mv_source_explain_open(const struct mv_source *src, int open_errno,
			    struct mv_error *err);

/* Why the debugfs file could not be opened; split out to be testable. */
struct mv_debugfs_state {
	int open_errno;		/* errno of open() */
	bool mounted;		/* debugfs is mounted at the root */
	bool dir_exists;	/* <root>/modverify exists */
	bool is_root;		/* the caller's effective uid is 0 */
};

/* Fill err with what is wrong and, when there is one, its fix. */
void mv_explain_debugfs(const char *root, const char *file,
			const struct mv_debugfs_state *state,
			struct mv_error *err);

#endif /* MODVERIFY_SOURCE_H */
