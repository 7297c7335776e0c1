// SPDX-License-Identifier: GPL-2.0
/* Reading a whole regular file of bounded size (readfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readfile.h"

int mv_read_file(const char *path, size_t max, unsigned char **data,
		 size_t *len, struct mv_error *err)
{
	struct stat st;
	int saved = 0;
	size_t n;
	FILE *f;

	*data = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f) {
		saved = errno;
		mv_error_set(err, NULL, "cannot open %s: %s", path, strerror(errno));
		errno = saved;
		return -1;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		mv_error_set(err, NULL, "%s is not a regular file", path);
		saved = EINVAL;
	} else if ((unsigned long long)st.st_size > max) {
		mv_error_set(err, NULL, "%s is larger than %zu bytes", path, max);
		saved = EFBIG;
	} else if (!(*data = malloc((size_t)st.st_size + 1))) {
		mv_error_set(err, NULL, "out of memory reading %s", path);
		saved = ENOMEM;
	} else {
		/* one byte more than the size, to notice a file that grew */
		n = fread(*data, 1, (size_t)st.st_size + 1, f);
		if (ferror(f) || n != (size_t)st.st_size) {
			saved = ferror(f) ? errno : EAGAIN;
			mv_error_set(err, NULL, "cannot read %s: %s", path,
				     ferror(f) ? strerror(errno) :
				     "its size changed while reading");
		} else {
			(*data)[n] = '\0';
			*len = n;
		}
	}
	fclose(f);
	if (saved) {
		free(*data);
		*data = NULL;
		errno = saved;
		return -1;
	}
	return 0;
}
