// SPDX-License-Identifier: GPL-2.0
/* Reading a module file, compressed or not (module_file.h). */
#include <stdlib.h>
#include <string.h>

#include "module_file.h"

int mv_module_file_read(const char *path, size_t max,
			struct mv_module_file *file, struct mv_error *err)
{
	memset(file, 0, sizeof(*file));
	return mv_read_decompressed(path, max, &file->data, &file->len,
				    &file->compression, err);
}

void mv_module_file_free(struct mv_module_file *file)
{
	free(file->data);
	memset(file, 0, sizeof(*file));
}
