/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole regular file, of bounded size, into memory. */
#ifndef MODVERIFY_READFILE_H
#define MODVERIFY_READFILE_H

#include <stddef.h>

/*
 * *data is malloc()ed, *len bytes plus a NUL after them.  Returns 0, or -1
 * with a sentence naming path in err (errno is kept for the caller).
 */
int mv_read_file(const char *path, size_t max, unsigned char **data,
		 size_t *len, char *err, size_t err_size);

#endif /* MODVERIFY_READFILE_H */
