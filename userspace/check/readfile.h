/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole regular file, of bounded size, into memory. */
#ifndef MODVERIFY_READFILE_H
#define MODVERIFY_READFILE_H

#include <stddef.h>

#include "error.h"

/*
 * *data is malloc()ed, *len bytes plus a NUL after them.  Returns 0, or -1
 * with a sentence naming path in err.
 */
int mv_read_file(const char *path, size_t max, unsigned char **data,
		 size_t *len, struct mv_error *err);

#endif /* MODVERIFY_READFILE_H */
