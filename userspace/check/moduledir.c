// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a modules directory (moduledir.h) with nftw(), which needs
 * _XOPEN_SOURCE.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>

#include "array.h"
#include "module_file.h"
#include "moduledir.h"

/* nftw() takes no context: the walk in progress. */
static struct walk {
	mv_moduledir_fn fn;
	void *ctx;
	long modules;
	size_t unreadable;
} *walk;

static bool is_module_name(const char *path)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(path), i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strlen(suffixes[i]);

		if (len > n && strcmp(path + len - n, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int walk_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	struct mv_module_file file;
	struct mv_error err;
	struct mv_elfmod m;
	int stop = 0;

	(void)st;
	(void)ftw;
	if (flag != FTW_F || !is_module_name(path))
		return 0;
	if (mv_module_file_read(path, MV_MODULE_MAX_BYTES, &file, &err)) {
		walk->unreadable++;
		return 0;
	}
	if (mv_elfmod_parse(&m, file.data, file.len, &err)) {
		walk->unreadable++;
	} else {
		walk->modules++;
		stop = walk->fn(path, &m, walk->ctx);
		mv_elfmod_free(&m);
	}
	mv_module_file_free(&file);
	return stop;
}

long mv_moduledir_walk(const char *dir, mv_moduledir_fn fn, void *ctx,
		       size_t *unreadable, struct mv_error *err)
{
	struct walk w = { .fn = fn, .ctx = ctx };

	walk = &w;
	if (nftw(dir, walk_one, 16, FTW_PHYS) == -1) {
		mv_error_set(err, NULL, "cannot read %s: %s", dir, strerror(errno));
		walk = NULL;
		return -1;
	}
	walk = NULL;
	*unreadable = w.unreadable;
	return w.modules;
}
