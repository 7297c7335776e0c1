/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module files below a directory (/lib/modules/REL and the like): every
 * .ko, .ko.xz, .ko.zst and .ko.gz, without following symbolic links (the
 * build link), each read, decompressed and parsed, then handed over.
 */
#ifndef MODVERIFY_MODULEDIR_H
#define MODVERIFY_MODULEDIR_H

#include <stddef.h>

#include "elfmod.h"

/* Called for each module that parses; non-zero stops the walk. */
typedef int (*mv_moduledir_fn)(const char *path, const struct mv_elfmod *m,
			       void *ctx);

/*
 * Walk dir.  Returns how many modules were handed to fn, -1 (with err) if
 * dir cannot be read; *unreadable counts the files that are not modules
 * the reader can parse.  Not reentrant.
 */
long mv_moduledir_walk(const char *dir, mv_moduledir_fn fn, void *ctx,
		       size_t *unreadable, struct mv_error *err);

#endif /* MODVERIFY_MODULEDIR_H */
