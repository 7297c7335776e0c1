/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A module file as the loader gets it: read whole, then decompressed if
 * it is compressed (decompress.h), so that a module can be checked
 * whichever way it is shipped.
 */
#ifndef MODVERIFY_MODULE_FILE_H
#define MODVERIFY_MODULE_FILE_H

#include <stddef.h>

#include "decompress.h"
#include "error.h"

/* Largest module accepted, compressed or not: debug builds reach ~1 GiB. */
#define MV_MODULE_MAX_BYTES	((size_t)1 << 30)

struct mv_module_file {
	unsigned char *data;
	size_t len;			/* decompressed size */
	enum mv_compression compression;
};

/* Returns 0, or -1 with a sentence naming path in err. */
int mv_module_file_read(const char *path, size_t max,
			struct mv_module_file *file, struct mv_error *err);
void mv_module_file_free(struct mv_module_file *file);

#endif /* MODVERIFY_MODULE_FILE_H */
