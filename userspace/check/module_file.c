// SPDX-License-Identifier: GPL-2.0
/* Reading a module file, compressed or not (module_file.h). */
#include <stdlib.h>
#include <string.h>

#include "module_file.h"
#include "readfile.h"

int mv_module_file_read(const char *path, size_t max,
			struct mv_module_file *file, struct mv_error *err)
{
	struct mv_error why;
	unsigned char *plain;
	size_t plain_len;

	memset(file, 0, sizeof(*file));
	if (mv_read_file(path, max, &file->data, &file->len, err))
		return -1;
	file->file_len = file->len;
	file->compression = mv_compression_detect(file->data, file->len);
	if (file->compression == MV_COMPRESSION_NONE)
		return 0;
	if (mv_decompress(file->compression, file->data, file->len, max,
			  &plain, &plain_len, &why)) {
		mv_module_file_free(file);
		return mv_error_set(err, NULL, "%s: %s", path, why.message);
	}
	free(file->data);
	file->data = plain;
	file->len = plain_len;
	return 0;
}

void mv_module_file_free(struct mv_module_file *file)
{
	free(file->data);
	memset(file, 0, sizeof(*file));
}
